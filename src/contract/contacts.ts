import { z } from 'zod';
import { CustomFieldValues, Id, IsoDateTime, PageQuery, pageOf, QueryBoolean, Version } from './common.ts';

export const DECISION_ROLES = ['decision_maker', 'influencer', 'user', 'accountant'] as const;

export const Contact = z.object({
  id: Id,
  companyId: Id.nullable(),
  name: z.string(),
  position: z.string().nullable(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  isDecisionMaker: z.boolean(),
  decisionRole: z.enum(DECISION_ROLES).nullable(),
  ownerId: Id.nullable(),
  customFields: CustomFieldValues,
  archivedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Contact = z.infer<typeof Contact>;

export const Emails = z
  .array(z.email('must be an e-mail address').trim().toLowerCase().max(320))
  .max(20)
  .transform((emails) => [...new Set(emails)]);

/** Phones as typed; the server normalises them to E.164 (+79161234567) and names any it cannot read. */
export const Phones = z.array(z.string().trim().min(3).max(40)).max(20);

export const CreateContactBody = z.object({
  name: z.string().trim().min(1, 'is required').max(300),
  position: z.string().trim().max(200).nullable().optional(),
  companyId: Id.nullable().optional(),
  emails: Emails.optional(),
  phones: Phones.optional(),
  isDecisionMaker: z.boolean().optional(),
  decisionRole: z.enum(DECISION_ROLES).nullable().optional(),
  ownerId: Id.nullable().optional(),
  customFields: CustomFieldValues.optional(),
});
export type CreateContactBody = z.infer<typeof CreateContactBody>;
export const UpdateContactBody = CreateContactBody.partial().extend({ version: Version });
export type UpdateContactBody = z.infer<typeof UpdateContactBody>;

export const ListContactsQuery = z.object({
  ...PageQuery,
  companyId: Id.optional(),
  ownerId: Id.optional(),
  isDecisionMaker: QueryBoolean.optional(),
  decisionRole: z.enum(DECISION_ROLES).optional(),
  email: z.string().max(320).optional(),
  phone: z.string().max(40).optional(),
  archived: QueryBoolean.optional(),
});
export type ListContactsQuery = z.infer<typeof ListContactsQuery>;
export const ContactPage = pageOf(Contact);
