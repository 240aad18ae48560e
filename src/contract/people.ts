import { z } from 'zod';
import { RoleSchema } from './auth.ts';
import { Currency, Id, IsoDateTime, Locale, PageQuery, pageOf, QueryBoolean, Version } from './common.ts';

export const Tier = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  locale: Locale,
  tier: Tier.nullable(),
  gradeId: Id.nullable(),
  clientCap: z.number().int().nullable(),
  skills: z.array(z.string()),
  industries: z.array(z.string()),
  region: z.string().nullable(),
  active: z.boolean(),
  createdAt: IsoDateTime,
  version: Version,
});
export type User = z.infer<typeof User>;

export const UserDetails = User.extend({
  teams: z.array(z.object({ id: Id, name: z.string(), leadUserId: Id.nullable() })),
  managers: z.array(z.object({ id: Id, name: z.string() })),
});

const Labels = z.array(z.string().trim().min(1).max(60)).max(30);

export const CreateUserBody = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(8, 'must be at least 8 characters').max(200).optional(),
  roles: z.array(RoleSchema).min(1, 'give the person at least one role'),
  locale: Locale.optional(),
  tier: Tier.nullable().optional(),
  gradeId: Id.nullable().optional(),
  clientCap: z.number().int().min(0).max(1000).nullable().optional(),
  skills: Labels.optional(),
  industries: Labels.optional(),
  region: z.string().trim().max(100).nullable().optional(),
});
export const UpdateUserBody = CreateUserBody.omit({ password: true, email: true })
  .partial()
  .extend({ version: Version, careerNote: z.string().trim().max(500).optional() });
export const SetPasswordBody = z.object({
  password: z.string().min(8, 'must be at least 8 characters').max(200),
});

export const ListUsersQuery = z.object({
  limit: PageQuery.limit,
  cursor: PageQuery.cursor,
  q: PageQuery.q,
  role: RoleSchema.optional(),
  teamId: Id.optional(),
  tier: z.coerce.number().int().min(1).max(3).optional(),
  gradeId: Id.optional(),
  active: QueryBoolean.optional(),
});
export const UserPage = pageOf(User);

export const CareerStep = z.object({
  id: Id,
  tier: Tier.nullable(),
  gradeId: Id.nullable(),
  gradeName: z.string().nullable(),
  changedAt: IsoDateTime,
  changedBy: Id.nullable(),
  note: z.string(),
});

export const Team = z.object({
  id: Id,
  name: z.string(),
  leadUserId: Id.nullable(),
  memberIds: z.array(Id),
  /** Direct reports of the lead: the members other than the lead. */
  span: z.number().int(),
  /** More than 7 direct reports (seed 001). */
  overloaded: z.boolean(),
  version: Version,
});
export const CreateTeamBody = z.object({
  name: z.string().trim().min(1).max(100),
  leadUserId: Id.nullable().optional(),
  memberIds: z.array(Id).max(500).optional(),
});
export const UpdateTeamBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  leadUserId: Id.nullable().optional(),
  version: Version,
});
export const TeamMembersBody = z.object({ memberIds: z.array(Id).max(500) });

export const Grade = z.object({
  id: Id,
  name: z.string(),
  rank: z.number().int(),
  criteria: z.string(),
  clientCap: z.number().int().nullable(),
  version: Version,
});
export const CreateGradeBody = z.object({
  name: z.string().trim().min(1).max(60),
  rank: z.number().int().min(0).max(100),
  criteria: z.string().max(5000).optional(),
  clientCap: z.number().int().min(0).max(1000).nullable().optional(),
});
export const UpdateGradeBody = CreateGradeBody.partial().extend({ version: Version });

export const TimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/Moscow' },
);

export const Workspace = z.object({
  id: Id,
  name: z.string(),
  defaultCurrency: z.string(),
  defaultLocale: Locale,
  timeZone: z.string(),
  settings: z.record(z.string(), z.unknown()),
});
export const UpdateWorkspaceBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  defaultCurrency: Currency.optional(),
  defaultLocale: Locale.optional(),
  timeZone: TimeZone.optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});
