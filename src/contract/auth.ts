import { z } from 'zod';
import { Id, IsoDateTime, Locale } from './common.ts';

export const ROLE_VALUES = [
  'admin',
  'head',
  'team_lead',
  'sdr',
  'sales',
  'bizdev',
  'am',
  'pm',
  'finance',
] as const;
export const RoleSchema = z.enum(ROLE_VALUES);

export const LoginBody = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(200),
});

export const Me = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  locale: Locale,
  tier: z.number().int().nullable(),
  gradeId: Id.nullable(),
  permissions: z.array(z.string()),
  scope: z.enum(['all', 'team', 'own']),
  workspace: z.object({
    id: Id,
    name: z.string(),
    defaultCurrency: z.string(),
    defaultLocale: Locale,
    timeZone: z.string(),
  }),
});

export const UpdateMeBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  locale: Locale.optional(),
});

export const CreateApiTokenBody = z.object({ name: z.string().trim().min(1).max(100) });
export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  tokenPrefix: z.string(),
  createdAt: IsoDateTime,
  lastUsedAt: IsoDateTime.nullable(),
  revokedAt: IsoDateTime.nullable(),
});
export const CreatedApiToken = ApiToken.extend({
  /** Shown once; only its hash is stored. */
  token: z.string(),
});
