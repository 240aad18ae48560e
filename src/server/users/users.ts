import { and, asc, desc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CareerStep,
  CreateUserBody,
  ListUsersQuery,
  UpdateUserBody,
  User,
  UserDetails,
} from '../../contract/people.ts';
import type { Actor } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { sessions } from '../auth/schema.ts';
import { hashPassword } from '../auth/secrets.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { assertReferencesExist } from '../db/references.ts';
import { grades } from '../grades/schema.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { teamMembers, teams } from '../teams/schema.ts';
import { createUser } from './create-user.ts';
import { userCareerHistory, users } from './schema.ts';

type Row = typeof users.$inferSelect;

/** What the API shows of a person: never the password hash. */
export function toUser(row: Row): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    locale: row.locale,
    tier: row.tier,
    gradeId: row.gradeId,
    clientCap: row.clientCap,
    skills: row.skills,
    industries: row.industries,
    region: row.region,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

export async function findUser(db: DbOrTx, workspaceId: string, id: string, forUpdate = false): Promise<Row> {
  const query = db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('User');
  return row;
}

export async function listUsers(db: DbOrTx, actor: Actor, query: z.infer<typeof ListUsersQuery>) {
  const cursor = query.cursor ? decodeNameCursor(query.cursor) : undefined;
  const rows = await db
    .select()
    .from(users)
    .where(
      and(
        eq(users.workspaceId, actor.workspaceId),
        query.role ? sql`${query.role} = any(${users.roles})` : undefined,
        query.tier ? eq(users.tier, query.tier as 1 | 2 | 3) : undefined,
        query.gradeId ? eq(users.gradeId, query.gradeId) : undefined,
        query.active !== undefined ? eq(users.active, query.active) : undefined,
        query.teamId
          ? inArray(
              users.id,
              db
                .select({ id: teamMembers.userId })
                .from(teamMembers)
                .where(
                  and(eq(teamMembers.workspaceId, actor.workspaceId), eq(teamMembers.teamId, query.teamId)),
                ),
            )
          : undefined,
        query.q
          ? or(ilike(users.name, `%${escapeLike(query.q)}%`), ilike(users.email, `%${escapeLike(query.q)}%`))
          : undefined,
        cursor
          ? or(gt(users.name, cursor.name), and(eq(users.name, cursor.name), gt(users.id, cursor.id)))
          : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toUser),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify([last.name, last.id])).toString('base64url')
        : null,
  };
}

function decodeNameCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof name === 'string' && typeof id === 'string') return { name, id };
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', 'The cursor is not valid.', {
    fields: [{ field: 'cursor', message: 'Start again from the first page (omit cursor).' }],
  });
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A person with their teams and managers (the leads of the teams they belong to). */
export async function loadUserDetails(
  db: DbOrTx,
  workspaceId: string,
  id: string,
): Promise<z.infer<typeof UserDetails>> {
  const user = await findUser(db, workspaceId, id);
  const memberOf = await db
    .select({ id: teams.id, name: teams.name, leadUserId: teams.leadUserId, leadName: users.name })
    .from(teamMembers)
    .innerJoin(teams, and(eq(teams.workspaceId, teamMembers.workspaceId), eq(teams.id, teamMembers.teamId)))
    .leftJoin(users, and(eq(users.workspaceId, teams.workspaceId), eq(users.id, teams.leadUserId)))
    .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.userId, id)))
    .orderBy(asc(teams.name));
  const managers = memberOf
    .filter((team) => team.leadUserId && team.leadUserId !== id && team.leadName)
    .map((team) => ({ id: team.leadUserId!, name: team.leadName! }));
  return {
    ...toUser(user),
    teams: memberOf.map(({ id: teamId, name, leadUserId }) => ({ id: teamId, name, leadUserId })),
    managers: [...new Map(managers.map((m) => [m.id, m])).values()],
  };
}

export async function addUser(db: Db, actor: Actor, input: z.infer<typeof CreateUserBody>): Promise<User> {
  return db.transaction(async (tx) => {
    await assertReferencesExist(tx, actor.workspaceId, [
      { field: 'gradeId', table: grades, id: input.gradeId, what: 'grade' },
    ]);
    const created = await createUser(tx, {
      ...input,
      workspaceId: actor.workspaceId,
      createdBy: actor.userId,
    });
    const changes = {
      clientCap: input.clientCap ?? null,
      skills: input.skills ?? [],
      industries: input.industries ?? [],
      region: input.region ?? null,
    };
    const [row] = await tx
      .update(users)
      .set(changes)
      .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, created.id)))
      .returning();
    const user = toUser(row!);
    await recordAudit(tx, { ...auditFor(actor, 'user', user.id), action: 'create', after: user });
    return user;
  });
}

/** Refuses to leave a workspace without an active admin. */
async function assertAnotherAdminRemains(tx: DbOrTx, workspaceId: string, userId: string): Promise<void> {
  const [other] = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, workspaceId),
        eq(users.active, true),
        sql`'admin' = any(${users.roles})`,
        sql`${users.id} <> ${userId}`,
      ),
    )
    .limit(1);
  if (!other) {
    throw new AppError(
      'conflict',
      'This is the last active admin of the workspace. Make someone else an admin first.',
    );
  }
}

export async function changeUser(
  db: Db,
  actor: Actor,
  id: string,
  input: z.infer<typeof UpdateUserBody>,
): Promise<User> {
  const { version, careerNote, ...changes } = input;
  return db.transaction(async (tx) => {
    const current = await findUser(tx, actor.workspaceId, id, true);
    if (current.version !== version) throw versionConflict('This person', current.version);
    await assertReferencesExist(tx, actor.workspaceId, [
      { field: 'gradeId', table: grades, id: changes.gradeId, what: 'grade' },
    ]);
    if (changes.roles && current.roles.includes('admin') && !changes.roles.includes('admin')) {
      await assertAnotherAdminRemains(tx, actor.workspaceId, id);
    }
    const [row] = await tx
      .update(users)
      .set({ ...changes, updatedAt: sql`now()`, version: current.version + 1 })
      .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, id)))
      .returning();
    const tierChanged = changes.tier !== undefined && changes.tier !== current.tier;
    const gradeChanged = changes.gradeId !== undefined && changes.gradeId !== current.gradeId;
    if (tierChanged || gradeChanged) {
      await tx.insert(userCareerHistory).values({
        workspaceId: actor.workspaceId,
        userId: id,
        tier: row!.tier,
        gradeId: row!.gradeId,
        changedBy: actor.userId,
        note: careerNote ?? '',
      });
    }
    const user = toUser(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'user', id),
      action: 'update',
      before: toUser(current),
      after: user,
    });
    return user;
  });
}

/** Deactivating signs the person out everywhere; their tokens stop working with them. */
export async function setUserActive(db: Db, actor: Actor, id: string, active: boolean): Promise<User> {
  return db.transaction(async (tx) => {
    const current = await findUser(tx, actor.workspaceId, id, true);
    if (!active && current.roles.includes('admin'))
      await assertAnotherAdminRemains(tx, actor.workspaceId, id);
    const [row] = await tx
      .update(users)
      .set({ active, updatedAt: sql`now()`, version: current.version + 1 })
      .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, id)))
      .returning();
    if (!active)
      await tx
        .delete(sessions)
        .where(and(eq(sessions.workspaceId, actor.workspaceId), eq(sessions.userId, id)));
    const user = toUser(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'user', id),
      action: active ? 'restore' : 'archive',
      before: toUser(current),
      after: user,
    });
    return user;
  });
}

export async function setUserPassword(db: Db, actor: Actor, id: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const current = await findUser(tx, actor.workspaceId, id, true);
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()`, version: current.version + 1 })
      .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, id)));
    await tx
      .delete(sessions)
      .where(and(eq(sessions.workspaceId, actor.workspaceId), eq(sessions.userId, id)));
    await recordAudit(tx, {
      ...auditFor(actor, 'user', id),
      action: 'update',
      after: { passwordChanged: true },
    });
  });
}

export async function loadCareer(
  db: DbOrTx,
  workspaceId: string,
  id: string,
): Promise<z.infer<typeof CareerStep>[]> {
  await findUser(db, workspaceId, id);
  const rows = await db
    .select({ step: userCareerHistory, gradeName: grades.name })
    .from(userCareerHistory)
    .leftJoin(
      grades,
      and(eq(grades.workspaceId, userCareerHistory.workspaceId), eq(grades.id, userCareerHistory.gradeId)),
    )
    .where(and(eq(userCareerHistory.workspaceId, workspaceId), eq(userCareerHistory.userId, id)))
    .orderBy(desc(userCareerHistory.changedAt), desc(userCareerHistory.id));
  return rows.map(({ step, gradeName }) => ({
    id: step.id,
    tier: step.tier,
    gradeId: step.gradeId,
    gradeName,
    changedAt: step.changedAt.toISOString(),
    changedBy: step.changedBy,
    note: step.note,
  }));
}
