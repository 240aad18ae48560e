import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Scheme, SchemeBody } from '../../contract/motivation.ts';
import { type Actor, can } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { users } from '../users/schema.ts';
import { motivationSchemes } from './schema.ts';

type SchemeRow = typeof motivationSchemes.$inferSelect;

/**
 * The scheme that applies to a person among those valid in a month: one assigned to them by name
 * wins over one assigned to a role of theirs; among equals, the latest version (valid_from), then
 * the newest.
 */
export function schemeForUser<
  T extends Pick<SchemeRow, 'assignedUserIds' | 'assignedRoles' | 'validFrom' | 'createdAt'>,
>(schemes: T[], person: { id: string; roles: readonly string[] }): T | null {
  const newest = (list: T[]) =>
    list.sort((a, b) =>
      a.validFrom === b.validFrom
        ? b.createdAt.getTime() - a.createdAt.getTime()
        : a.validFrom < b.validFrom
          ? 1
          : -1,
    )[0] ?? null;
  const named = schemes.filter((s) => s.assignedUserIds.includes(person.id));
  if (named.length > 0) return newest(named);
  return newest(schemes.filter((s) => s.assignedRoles.some((role) => person.roles.includes(role))));
}

export function toScheme(row: SchemeRow): Scheme {
  return {
    id: row.id,
    familyId: row.familyId,
    name: row.name,
    currency: row.currency,
    validFrom: row.validFrom,
    validTo: row.validTo,
    rules: row.rules,
    coefficients: row.coefficients,
    planMetric: row.planMetric,
    bonusCapMinor: row.bonusCapMinor,
    assignedUserIds: row.assignedUserIds,
    assignedRoles: row.assignedRoles,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Managers and approvers see every scheme; anyone else the schemes that apply to them. */
export async function listSchemes(db: DbOrTx, actor: Actor): Promise<Scheme[]> {
  const rows = await db
    .select()
    .from(motivationSchemes)
    .where(
      and(eq(motivationSchemes.workspaceId, actor.workspaceId), sql`${motivationSchemes.archivedAt} is null`),
    )
    .orderBy(asc(motivationSchemes.name), desc(motivationSchemes.validFrom));
  if (can(actor, 'motivation:manage') || can(actor, 'payouts:approve')) return rows.map(toScheme);
  return rows
    .filter(
      (row) =>
        row.assignedUserIds.includes(actor.userId) ||
        row.assignedRoles.some((r) => actor.roles.includes(r as never)),
    )
    .map(toScheme);
}

async function findScheme(db: DbOrTx, actor: Actor, id: string, forUpdate = false): Promise<SchemeRow> {
  const query = db
    .select()
    .from(motivationSchemes)
    .where(and(eq(motivationSchemes.workspaceId, actor.workspaceId), eq(motivationSchemes.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row || row.archivedAt) throw notFound('Scheme');
  return row;
}

export async function getScheme(db: DbOrTx, actor: Actor, id: string): Promise<Scheme> {
  const row = await findScheme(db, actor, id);
  const visible =
    can(actor, 'motivation:manage') ||
    can(actor, 'payouts:approve') ||
    row.assignedUserIds.includes(actor.userId) ||
    row.assignedRoles.some((r) => actor.roles.includes(r as never));
  if (!visible) throw notFound('Scheme');
  return toScheme(row);
}

/** People named in an assignment must be of this workspace. */
async function checkAssignees(db: DbOrTx, actor: Actor, userIds: string[]) {
  if (userIds.length === 0) return;
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, actor.workspaceId),
        sql`${users.id} = any(${`{${userIds.join(',')}}`}::uuid[])`,
      ),
    );
  const known = new Set(found.map((r) => r.id));
  const missing = userIds.findIndex((id) => !known.has(id));
  if (missing >= 0) {
    throw new AppError('unprocessable', 'No such person in this workspace', {
      fields: [{ field: `assignedUserIds.${missing}`, message: 'no such person in this workspace' }],
    });
  }
}

/** Rules a scheme can run: the plan metric is needed for coefficients to mean anything. */
function checkRules(body: Pick<SchemeBody, 'coefficients' | 'planMetric'>) {
  if (body.coefficients.length > 0 && !body.planMetric) {
    throw new AppError('unprocessable', 'Coefficients need the plan metric they are measured against', {
      fields: [{ field: 'planMetric', message: 'required when coefficients are given' }],
    });
  }
}

export async function createScheme(db: Db, actor: Actor, body: SchemeBody): Promise<Scheme> {
  checkRules(body);
  return db.transaction(async (tx) => {
    await checkAssignees(tx, actor, body.assignedUserIds);
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(motivationSchemes)
      .values({
        workspaceId: actor.workspaceId,
        id,
        familyId: id,
        name: body.name,
        currency: body.currency,
        validFrom: body.validFrom,
        validTo: body.validTo,
        rules: body.rules,
        coefficients: body.coefficients,
        planMetric: body.planMetric,
        bonusCapMinor: body.bonusCapMinor,
        assignedUserIds: body.assignedUserIds,
        assignedRoles: body.assignedRoles,
        createdBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, {
      ...auditFor(actor, 'motivation_scheme', id),
      action: 'create',
      after: toScheme(row!),
    });
    return toScheme(row!);
  });
}

/** Is a version already behind an approved or locked statement? Then its rules are history. */
async function usedByFrozen(db: DbOrTx, workspaceId: string, schemeId: string): Promise<boolean> {
  const result = await db.execute(
    sql`select 1 from payout_statements where workspace_id = ${workspaceId} and scheme_id = ${schemeId} and status <> 'draft' limit 1`,
  );
  return result.rows.length > 0;
}

export async function updateScheme(
  db: Db,
  actor: Actor,
  id: string,
  patch: {
    version: number;
    name?: string;
    validTo?: string | null;
    assignedUserIds?: string[];
    assignedRoles?: string[];
    rules?: SchemeBody['rules'];
    coefficients?: SchemeBody['coefficients'];
    planMetric?: SchemeBody['planMetric'];
    bonusCapMinor?: number | null;
  },
): Promise<Scheme> {
  return db.transaction(async (tx) => {
    const before = await findScheme(tx, actor, id, true);
    if (before.version !== patch.version) throw versionConflict('Scheme', before.version);
    const changesRules =
      patch.rules !== undefined ||
      patch.coefficients !== undefined ||
      patch.planMetric !== undefined ||
      patch.bonusCapMinor !== undefined;
    if (changesRules && (await usedByFrozen(tx, actor.workspaceId, id))) {
      throw new AppError(
        'conflict',
        'Approved or locked statements were computed with this version; start a new version from a later month instead',
      );
    }
    if (patch.validTo && patch.validTo < before.validFrom) {
      throw new AppError('unprocessable', 'The end is before the start', {
        fields: [{ field: 'validTo', message: 'must not be before validFrom' }],
      });
    }
    checkRules({
      coefficients: patch.coefficients ?? before.coefficients,
      planMetric: patch.planMetric === undefined ? before.planMetric : patch.planMetric,
    });
    if (patch.assignedUserIds) await checkAssignees(tx, actor, patch.assignedUserIds);
    const { version: _v, ...changes } = patch;
    const [row] = await tx
      .update(motivationSchemes)
      .set({ ...changes, updatedAt: sql`now()`, version: before.version + 1 })
      .where(and(eq(motivationSchemes.workspaceId, actor.workspaceId), eq(motivationSchemes.id, id)))
      .returning();
    await recordAudit(tx, {
      ...auditFor(actor, 'motivation_scheme', id),
      action: 'update',
      before: toScheme(before),
      after: toScheme(row!),
    });
    return toScheme(row!);
  });
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A new version from a month on: the current version ends the day before, the new one takes its
 * place (and its end) with changed rules. Statements already computed keep their version.
 */
export async function createSchemeVersion(
  db: Db,
  actor: Actor,
  id: string,
  body: {
    version: number;
    validFrom: string;
    rules?: SchemeBody['rules'];
    coefficients?: SchemeBody['coefficients'];
    planMetric?: SchemeBody['planMetric'];
    bonusCapMinor?: number | null;
  },
): Promise<Scheme> {
  return db.transaction(async (tx) => {
    const current = await findScheme(tx, actor, id, true);
    if (current.version !== body.version) throw versionConflict('Scheme', current.version);
    if (body.validFrom <= current.validFrom || (current.validTo && body.validFrom > current.validTo)) {
      throw new AppError(
        'unprocessable',
        'A new version starts inside the current one, after its first month',
        {
          fields: [
            {
              field: 'validFrom',
              message: `must be after ${current.validFrom}${current.validTo ? ` and by ${current.validTo}` : ''}`,
            },
          ],
        },
      );
    }
    const next = {
      rules: body.rules ?? current.rules,
      coefficients: body.coefficients ?? current.coefficients,
      planMetric: body.planMetric === undefined ? current.planMetric : body.planMetric,
      bonusCapMinor: body.bonusCapMinor === undefined ? current.bonusCapMinor : body.bonusCapMinor,
    };
    checkRules(next);
    const [closed] = await tx
      .update(motivationSchemes)
      .set({ validTo: dayBefore(body.validFrom), updatedAt: sql`now()`, version: current.version + 1 })
      .where(and(eq(motivationSchemes.workspaceId, actor.workspaceId), eq(motivationSchemes.id, id)))
      .returning();
    const [row] = await tx
      .insert(motivationSchemes)
      .values({
        workspaceId: actor.workspaceId,
        familyId: current.familyId,
        name: current.name,
        currency: current.currency,
        validFrom: body.validFrom,
        validTo: current.validTo,
        ...next,
        assignedUserIds: current.assignedUserIds,
        assignedRoles: current.assignedRoles,
        createdBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, {
      ...auditFor(actor, 'motivation_scheme', id),
      action: 'update',
      before: { validTo: current.validTo },
      after: { validTo: closed!.validTo, nextVersionId: row!.id },
    });
    await recordAudit(tx, {
      ...auditFor(actor, 'motivation_scheme', row!.id),
      action: 'create',
      after: toScheme(row!),
    });
    return toScheme(row!);
  });
}

export async function archiveScheme(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findScheme(tx, actor, id, true);
    await tx
      .update(motivationSchemes)
      .set({ archivedAt: sql`now()`, updatedAt: sql`now()`, version: before.version + 1 })
      .where(and(eq(motivationSchemes.workspaceId, actor.workspaceId), eq(motivationSchemes.id, id)));
    await recordAudit(tx, {
      ...auditFor(actor, 'motivation_scheme', id),
      action: 'archive',
      before: toScheme(before),
    });
  });
}
