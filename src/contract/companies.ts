import { z } from 'zod';
import {
  CustomFieldValues,
  Id,
  IsoDateTime,
  PageQuery,
  pageOf,
  QueryBoolean,
  QueryList,
  Version,
} from './common.ts';

export const COMPANY_STATUSES = ['prospect', 'client', 'former_client'] as const;
export const COMPANY_SIZES = ['micro', 'small', 'medium', 'large', 'enterprise'] as const;

export const Company = z.object({
  id: Id,
  name: z.string(),
  legalName: z.string().nullable(),
  taxId: z.string().nullable(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  region: z.string().nullable(),
  size: z.enum(COMPANY_SIZES).nullable(),
  tags: z.array(z.string()),
  leadSourceId: Id.nullable(),
  status: z.enum(COMPANY_STATUSES),
  ownerId: Id.nullable(),
  customFields: CustomFieldValues,
  archivedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Company = z.infer<typeof Company>;

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** INN: 10 digits for organisations, 12 for individuals; other countries' ids are 5–20 letters and digits. */
export const TaxId = z
  .string()
  .trim()
  .transform((value) => value.replace(/[\s-]/g, ''))
  .pipe(
    z.string().regex(/^[0-9A-Za-z]{5,20}$/, 'must be 5–20 letters and digits, e.g. a 10- or 12-digit INN'),
  );

/** example.com, from whatever was pasted: https://www.Example.com/about → example.com */
export const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) =>
    value
      .replace(/^[a-z]+:\/\//, '')
      .replace(/^www\./, '')
      .replace(/[/?#].*$/, ''),
  )
  .pipe(z.string().regex(/^([a-z0-9\p{L}-]+\.)+[a-z\p{L}]{2,}$/u, 'must be a domain such as example.com'));

export const Tags = z
  .array(z.string().trim().min(1).max(50))
  .max(50)
  .transform((tags) => [...new Set(tags)]);

export const CreateCompanyBody = z.object({
  name: z.string().trim().min(1, 'is required').max(300),
  legalName: optionalText(300),
  taxId: TaxId.nullable().optional(),
  domain: Domain.nullable().optional(),
  industry: optionalText(100),
  region: optionalText(100),
  size: z.enum(COMPANY_SIZES).nullable().optional(),
  tags: Tags.optional(),
  leadSourceId: Id.nullable().optional(),
  status: z.enum(COMPANY_STATUSES).optional(),
  ownerId: Id.nullable().optional(),
  customFields: CustomFieldValues.optional(),
});
export type CreateCompanyBody = z.infer<typeof CreateCompanyBody>;

export const UpdateCompanyBody = CreateCompanyBody.partial().extend({ version: Version });
export type UpdateCompanyBody = z.infer<typeof UpdateCompanyBody>;

export const COMPANY_SORTS = ['name', 'createdAt', 'updatedAt'] as const;

export const ListCompaniesQuery = z.object({
  ...PageQuery,
  status: z.enum(COMPANY_STATUSES).optional(),
  ownerId: Id.optional(),
  leadSourceId: Id.optional(),
  industry: z.string().max(100).optional(),
  region: z.string().max(100).optional(),
  size: z.enum(COMPANY_SIZES).optional(),
  tags: QueryList.optional(),
  taxId: z.string().max(20).optional(),
  domain: z.string().max(200).optional(),
  archived: QueryBoolean.optional(),
});
export type ListCompaniesQuery = z.infer<typeof ListCompaniesQuery>;

export const CompanyPage = pageOf(Company);
