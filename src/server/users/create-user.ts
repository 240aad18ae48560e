import { sql } from 'drizzle-orm';
import type { Role } from '../access/roles.ts';
import { hashPassword } from '../auth/secrets.ts';
import type { DbOrTx } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError } from '../http/errors.ts';
import { userCareerHistory, users } from './schema.ts';

export interface NewUser {
  workspaceId: string;
  email: string;
  name: string;
  password?: string;
  roles: Role[];
  locale?: 'ru' | 'en';
  tier?: 1 | 2 | 3 | null;
  gradeId?: string | null;
  createdBy?: string | null;
}

export const emailTaken = (email: string) =>
  new AppError('conflict', `A user with the e-mail ${email} already exists.`, {
    fields: [{ field: 'email', message: 'Already used. Each person signs in with their own e-mail.' }],
  });

/** Creates a person; their first tier and grade open their career history. */
export async function createUser(tx: DbOrTx, input: NewUser): Promise<typeof users.$inferSelect> {
  const existing = await tx
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${input.email.toLowerCase()}`)
    .limit(1);
  if (existing.length > 0) throw emailTaken(input.email);
  try {
    const [user] = await tx
      .insert(users)
      .values({
        workspaceId: input.workspaceId,
        email: input.email,
        name: input.name,
        passwordHash: input.password ? await hashPassword(input.password) : null,
        roles: input.roles,
        locale: input.locale ?? 'ru',
        tier: input.tier ?? null,
        gradeId: input.gradeId ?? null,
      })
      .returning();
    if (input.tier != null || input.gradeId != null) {
      await tx.insert(userCareerHistory).values({
        workspaceId: input.workspaceId,
        userId: user!.id,
        tier: input.tier ?? null,
        gradeId: input.gradeId ?? null,
        changedBy: input.createdBy ?? null,
        note: 'joined',
      });
    }
    return user!;
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(input.email);
    throw error;
  }
}
