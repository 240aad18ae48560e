import { z } from 'zod';

/** Shared building blocks of request and response schemas, used by the server and the web app. */

export const Id = z.uuid();
export const IsoDateTime = z.iso.datetime({ offset: true });
export const IsoDate = z.iso.date();
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as RUB, USD or EUR');
/** Money is an integer number of minor units (kopecks, cents). */
export const MinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const Version = z.number().int().min(1);

export const LOCALES = ['ru', 'en'] as const;
export const Locale = z.enum(LOCALES);

/** Query-string booleans: ?archived=true */
export const QueryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Query-string lists: ?tags=a,b or ?tags=a&tags=b */
export const QueryList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(',')).map((v) => v.trim()).filter(Boolean),
  );

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  sort: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const FieldError = z.object({ field: z.string(), message: z.string() });
export const ProblemBody = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(FieldError),
});

/** Custom field values keyed by the definition's key. */
export const CustomFieldValues = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);
