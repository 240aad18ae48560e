import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Lead, Suggestion } from '../../contract/sales-flow.ts';
import { type Actor, can } from '../access/actor.ts';
import { companyWithinScope, ownedWithinScope } from '../access/scope.ts';
import { assignAutomatically } from '../assignments/assign.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { companies } from '../companies/schema.ts';
import { contacts } from '../contacts/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import { users } from '../users/schema.ts';
import { loadSalesFlowSettings } from '../workspaces/sales-flow-settings.ts';
import { type LeadOrigin, leads } from './schema.ts';

type Row = typeof leads.$inferSelect;

export function selectLeads(db: DbOrTx) {
  return db
    .select({
      lead: leads,
      companyName: companies.name,
      contactName: contacts.name,
      handedOverByName: users.name,
    })
    .from(leads)
    .innerJoin(
      companies,
      and(eq(companies.workspaceId, leads.workspaceId), eq(companies.id, leads.companyId)),
    )
    .leftJoin(contacts, and(eq(contacts.workspaceId, leads.workspaceId), eq(contacts.id, leads.contactId)))
    .leftJoin(users, and(eq(users.workspaceId, leads.workspaceId), eq(users.id, leads.handedOverBy)));
}
type Joined = Awaited<ReturnType<ReturnType<typeof selectLeads>['where']>>[number];

export function toLead({ lead, companyName, contactName, handedOverByName }: Joined): Lead {
  return {
    id: lead.id,
    companyId: lead.companyId,
    companyName,
    contactId: lead.contactId,
    contactName,
    origin: lead.origin,
    leadSourceId: lead.leadSourceId,
    note: lead.note,
    handedOverBy: lead.handedOverBy,
    handedOverByName,
    assigneeId: lead.assigneeId,
    coveringForId: lead.coveringForId,
    status: lead.status,
    dealId: lead.dealId,
    rejectReason: lead.rejectReason,
    createdAt: lead.createdAt.toISOString(),
    version: lead.version,
  };
}

/**
 * A lead is seen by its assignee and whoever handed it over (and their leads), by whoever sees
 * its company, and, while nobody has it, by those who hand out work.
 */
export function leadWithinScope(actor: Actor) {
  if (actor.scope === 'all') return undefined;
  return or(
    ownedWithinScope(actor, leads.assigneeId, leads.handedOverBy, leads.coveringForId),
    companyWithinScope(actor, leads.companyId),
    can(actor, 'crm:assign') ? isNull(leads.assigneeId) : undefined,
  );
}

export async function findVisibleLead(db: DbOrTx, actor: Actor, id: string): Promise<Joined> {
  const [row] = await selectLeads(db).where(
    and(eq(leads.workspaceId, actor.workspaceId), eq(leads.id, id), leadWithinScope(actor)),
  );
  if (!row) throw notFound('Lead');
  return row;
}

export async function listLeads(
  db: DbOrTx,
  actor: Actor,
  query: { status?: Row['status']; assignee?: string; origin?: LeadOrigin },
): Promise<Lead[]> {
  const assignee =
    query.assignee === 'me'
      ? eq(leads.assigneeId, actor.userId)
      : query.assignee === 'unassigned'
        ? isNull(leads.assigneeId)
        : query.assignee
          ? eq(leads.assigneeId, query.assignee)
          : undefined;
  const rows = await selectLeads(db)
    .where(
      and(
        eq(leads.workspaceId, actor.workspaceId),
        leadWithinScope(actor),
        assignee,
        query.status ? eq(leads.status, query.status) : undefined,
        query.origin ? eq(leads.origin, query.origin) : undefined,
      ),
    )
    .orderBy(desc(leads.createdAt))
    .limit(500);
  return rows.map(toLead);
}

/**
 * Hands a lead over: a qualified call from tier 1, or a request that came in. A request from an
 * existing client goes to its AM (or whoever covers for them), never to tier 1 or 2 (seed 000);
 * any other lead goes to tier 2 through the assignment engine when the workspace assigns
 * automatically, else it waits, unassigned, in the hand-off inbox.
 */
export async function handOverLead(
  tx: DbOrTx,
  input: {
    workspaceId: string;
    actorUserId: string;
    companyId: string;
    contactId?: string | null;
    origin: LeadOrigin;
    leadSourceId?: string | null;
    note: string;
  },
): Promise<{ lead: Lead; suggestion: Suggestion | null }> {
  const [company] = await tx
    .select({ status: companies.status, ownerId: companies.ownerId, leadSourceId: companies.leadSourceId })
    .from(companies)
    .where(and(eq(companies.workspaceId, input.workspaceId), eq(companies.id, input.companyId)));
  if (!company) throw notFound('Company');
  const existingClient = company.status === 'client' && company.ownerId !== null;
  const [row] = await tx
    .insert(leads)
    .values({
      workspaceId: input.workspaceId,
      companyId: input.companyId,
      contactId: input.contactId ?? null,
      origin: existingClient ? 'client_request' : input.origin,
      leadSourceId: input.leadSourceId === undefined ? company.leadSourceId : input.leadSourceId,
      note: input.note,
      handedOverBy: input.actorUserId,
    })
    .returning();
  const settings = await loadSalesFlowSettings(tx, input.workspaceId);
  let suggestion: Suggestion | null = null;
  if (existingClient || settings.autoAssignOnQualified) {
    const result = await assignAutomatically(tx, {
      workspaceId: input.workspaceId,
      actorUserId: input.actorUserId,
      kind: 'lead',
      recordId: row!.id,
    });
    suggestion = result.suggestion;
    const chosen = result.suggestion.chosen?.userId;
    if (existingClient && chosen && chosen !== company.ownerId) {
      await tx
        .update(leads)
        .set({ coveringForId: company.ownerId })
        .where(and(eq(leads.workspaceId, input.workspaceId), eq(leads.id, row!.id)));
    }
  }
  const [joined] = await selectLeads(tx).where(
    and(eq(leads.workspaceId, input.workspaceId), eq(leads.id, row!.id)),
  );
  const lead = toLead(joined!);
  await recordAudit(tx, {
    ...auditFor({ workspaceId: input.workspaceId, userId: input.actorUserId }, 'lead', lead.id),
    action: 'create',
    after: lead,
  });
  return { lead, suggestion };
}

export async function setLeadStatus(
  tx: DbOrTx,
  actor: Actor,
  current: Joined,
  changes: Partial<Pick<Row, 'status' | 'dealId' | 'rejectReason' | 'assigneeId'>>,
): Promise<Lead> {
  await tx
    .update(leads)
    .set({ ...changes, updatedAt: sql`now()`, version: current.lead.version + 1 })
    .where(and(eq(leads.workspaceId, actor.workspaceId), eq(leads.id, current.lead.id)));
  const after = await findVisibleLead(tx, actor, current.lead.id).catch(async () => {
    const [row] = await selectLeads(tx).where(
      and(eq(leads.workspaceId, actor.workspaceId), eq(leads.id, current.lead.id)),
    );
    return row!;
  });
  const lead = toLead(after);
  await recordAudit(tx, {
    ...auditFor(actor, 'lead', lead.id),
    action: 'update',
    before: toLead(current),
    after: lead,
  });
  return lead;
}
