import { type AnyColumn, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from './actor.ts';

/**
 * The one place where record visibility becomes SQL. Every list and every read goes through
 * these helpers, so that an AM sees their clients, a PM the clients of their projects, a team
 * lead the team's, head and admin all.
 * `undefined` means "no filter" and is ignored by Drizzle's and().
 */
export function ownedWithinScope(actor: Actor, ...ownerColumns: AnyColumn[]): SQL | undefined {
  if (actor.scope === 'all') return undefined;
  return or(...ownerColumns.map((column) => inArray(column, actor.visibleUserIds)));
}

/**
 * The companies a person sees: those owned by someone they see, and the clients they work on as
 * PM of a live project or BizDev of an open deal (Actor.pairedCompanyIds).
 */
export function companyRowWithinScope(
  actor: Actor,
  ownerColumn: AnyColumn,
  idColumn: AnyColumn,
): SQL | undefined {
  if (actor.scope === 'all') return undefined;
  const owned = inArray(ownerColumn, actor.visibleUserIds);
  return actor.pairedCompanyIds.length === 0 ? owned : or(owned, pairedWith(actor, idColumn));
}

/** The company id is one of the actor's paired clients: one array parameter, however many. */
const pairedWith = (actor: Actor, companyIdColumn: AnyColumn) =>
  sql`${companyIdColumn} = any(${`{${actor.pairedCompanyIds.join(',')}}`}::uuid[])`;

/** A record attached to a company is visible when that company is. */
export function companyWithinScope(actor: Actor, companyIdColumn: AnyColumn): SQL | undefined {
  if (actor.scope === 'all') return undefined;
  const owned = sql`exists (select 1 from companies c where c.workspace_id = ${actor.workspaceId} and c.id = ${companyIdColumn} and c.owner_id in ${actor.visibleUserIds})`;
  return actor.pairedCompanyIds.length === 0 ? owned : or(owned, pairedWith(actor, companyIdColumn));
}
