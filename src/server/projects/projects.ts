import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { Project } from '../../contract/sales-flow.ts';
import type { Actor } from '../access/actor.ts';
import { companyWithinScope, ownedWithinScope } from '../access/scope.ts';
import { companies } from '../companies/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import { projects } from './schema.ts';

type Row = typeof projects.$inferSelect;

export function toProject(row: Row, companyName: string): Project {
  return {
    id: row.id,
    name: row.name,
    companyId: row.companyId,
    companyName,
    dealId: row.dealId,
    pmId: row.pmId,
    amId: row.amId,
    status: row.status,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

/** PMs see their projects (DOMAIN.md §7); anyone who sees the client sees its projects. */
export function projectWithinScope(actor: Actor) {
  if (actor.scope === 'all') return undefined;
  return or(
    ownedWithinScope(actor, projects.pmId, projects.amId),
    companyWithinScope(actor, projects.companyId),
  );
}

export function selectProjects(db: DbOrTx) {
  return db
    .select({ project: projects, companyName: companies.name })
    .from(projects)
    .innerJoin(
      companies,
      and(eq(companies.workspaceId, projects.workspaceId), eq(companies.id, projects.companyId)),
    );
}

export async function findVisibleProject(db: DbOrTx, actor: Actor, id: string) {
  const [row] = await selectProjects(db).where(
    and(eq(projects.workspaceId, actor.workspaceId), eq(projects.id, id), projectWithinScope(actor)),
  );
  if (!row) throw notFound('Project');
  return row;
}

export async function listProjects(
  db: DbOrTx,
  actor: Actor,
  query: { companyId?: string; userId?: string; status?: Row['status'] },
) {
  const rows = await selectProjects(db)
    .where(
      and(
        eq(projects.workspaceId, actor.workspaceId),
        projectWithinScope(actor),
        query.companyId ? eq(projects.companyId, query.companyId) : undefined,
        query.userId ? or(eq(projects.pmId, query.userId), eq(projects.amId, query.userId)) : undefined,
        query.status ? eq(projects.status, query.status) : undefined,
      ),
    )
    .orderBy(desc(projects.createdAt))
    .limit(500);
  return rows.map((row) => toProject(row.project, row.companyName));
}

/** Opens a project for a client with its PM + AM pair (one person may hold both on a small one). */
export async function openProject(
  tx: DbOrTx,
  input: {
    workspaceId: string;
    name: string;
    companyId: string;
    dealId?: string | null;
    pmId?: string | null;
    amId?: string | null;
    status?: Row['status'];
    startsOn?: string | null;
    endsOn?: string | null;
  },
): Promise<Row> {
  const [row] = await tx
    .insert(projects)
    .values({ ...input, startsOn: input.startsOn ?? sql`current_date` })
    .returning();
  return row!;
}
