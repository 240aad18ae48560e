import { z } from 'zod';
import { Id, IsoDateTime, PageQuery, pageOf, Version } from './common.ts';

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note'] as const;
export const DIRECTIONS = ['inbound', 'outbound'] as const;

export const Activity = z.object({
  id: Id,
  type: z.enum(ACTIVITY_TYPES),
  direction: z.enum(DIRECTIONS).nullable(),
  subject: z.string(),
  body: z.string(),
  outcome: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
  occurredAt: IsoDateTime,
  companyId: Id.nullable(),
  contactId: Id.nullable(),
  dealId: Id.nullable(),
  authorId: Id.nullable(),
  participantContactIds: z.array(Id),
  participantUserIds: z.array(Id),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Activity = z.infer<typeof Activity>;

export const CreateActivityBody = z
  .object({
    type: z.enum(ACTIVITY_TYPES),
    direction: z.enum(DIRECTIONS).nullable().optional(),
    subject: z.string().trim().max(300).optional(),
    body: z.string().max(20_000).optional(),
    outcome: z.string().trim().max(200).nullable().optional(),
    durationSeconds: z.number().int().min(0).max(86_400).nullable().optional(),
    occurredAt: IsoDateTime.optional(),
    companyId: Id.nullable().optional(),
    contactId: Id.nullable().optional(),
    dealId: Id.nullable().optional(),
    participantContactIds: z.array(Id).max(50).optional(),
    participantUserIds: z.array(Id).max(50).optional(),
  })
  .refine((body) => body.companyId || body.contactId || body.dealId, {
    message: 'link the activity to a company, a contact or a deal',
    path: ['companyId'],
  });
export type CreateActivityBody = z.infer<typeof CreateActivityBody>;

export const UpdateActivityBody = z.object({
  direction: z.enum(DIRECTIONS).nullable().optional(),
  subject: z.string().trim().max(300).optional(),
  body: z.string().max(20_000).optional(),
  outcome: z.string().trim().max(200).nullable().optional(),
  durationSeconds: z.number().int().min(0).max(86_400).nullable().optional(),
  occurredAt: IsoDateTime.optional(),
  participantContactIds: z.array(Id).max(50).optional(),
  participantUserIds: z.array(Id).max(50).optional(),
  version: Version,
});
export type UpdateActivityBody = z.infer<typeof UpdateActivityBody>;

export const ListActivitiesQuery = z.object({
  limit: PageQuery.limit,
  cursor: PageQuery.cursor,
  sort: PageQuery.sort,
  companyId: Id.optional(),
  contactId: Id.optional(),
  dealId: Id.optional(),
  authorId: Id.optional(),
  type: z.enum(ACTIVITY_TYPES).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});
export type ListActivitiesQuery = z.infer<typeof ListActivitiesQuery>;
export const ActivityPage = pageOf(Activity);
