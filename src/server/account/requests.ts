import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import type { ClientRequest, CreateRequestBody, RequestActionBody } from '../../contract/account.ts';
import type { Actor } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { contacts } from '../contacts/schema.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, versionConflict } from '../http/errors.ts';
import { findAccountCompany, findAccountRecord } from './account-access.ts';
import { loadAccountSettings } from './account-settings.ts';
import { applyRequestAction, type RequestAction } from './request-flow.ts';
import { clientRequests } from './schema.ts';

type Row = typeof clientRequests.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toClientRequest(row: Row): ClientRequest {
  return {
    id: row.id,
    companyId: row.companyId,
    title: row.title,
    source: row.source,
    originalText: row.originalText,
    attachmentName: row.attachmentName,
    specification: row.specification,
    estimateHours: row.estimateHours === null ? null : Number(row.estimateHours),
    estimateCostMinor: row.estimateCostMinor,
    currency: row.currency.trim(),
    status: row.status,
    rank: row.rank,
    approvedByContactId: row.approvedByContactId,
    approvedByName: row.approvedByName,
    approvedAt: iso(row.approvedAt),
    overrideReason: row.overrideReason,
    startedAt: iso(row.startedAt),
    deliveredAt: iso(row.deliveredAt),
    acceptedAt: iso(row.acceptedAt),
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

const FINISHED = ['accepted', 'cancelled'] as const;

/** A new request goes to the end of the client's backlog. */
export async function createRequest(
  db: Db,
  actor: Actor,
  companyId: string,
  input: CreateRequestBody,
): Promise<ClientRequest> {
  return db.transaction(async (tx) => {
    const company = await findAccountCompany(tx, actor, companyId, { forUpdate: true });
    const settings = await loadAccountSettings(tx, actor.workspaceId);
    const [last] = (
      await tx.execute<{ rank: number | null }>(sql`
        select max(rank) as rank from client_requests where workspace_id = ${actor.workspaceId} and company_id = ${company.id}`)
    ).rows;
    const [row] = await tx
      .insert(clientRequests)
      .values({
        workspaceId: actor.workspaceId,
        companyId: company.id,
        title: input.title,
        source: input.source ?? (input.attachmentName ? 'attachment' : 'text'),
        originalText: input.originalText ?? '',
        attachmentName: input.attachmentName || null,
        currency: settings.currency,
        rank: Number(last?.rank ?? 0) + 1,
        createdBy: actor.userId,
      })
      .returning();
    const request = toClientRequest(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'client_request', request.id),
      action: 'create',
      after: request,
    });
    return request;
  });
}

/** The client's backlog in the agreed order: open requests by rank, then finished ones. */
export async function listRequests(
  db: DbOrTx,
  actor: Actor,
  companyId: string,
): Promise<{ items: ClientRequest[] }> {
  const company = await findAccountCompany(db, actor, companyId);
  const rows = await db
    .select()
    .from(clientRequests)
    .where(and(eq(clientRequests.workspaceId, actor.workspaceId), eq(clientRequests.companyId, company.id)))
    .orderBy(
      sql`case when ${clientRequests.status} in ('accepted', 'cancelled') then 1 else 0 end`,
      asc(clientRequests.rank),
      asc(clientRequests.createdAt),
    )
    .limit(1000);
  return { items: rows.map(toClientRequest) };
}

async function findRequest(db: DbOrTx, actor: Actor, id: string, forUpdate = false) {
  return findAccountRecord(db, actor, 'Request', async () => {
    const query = db
      .select()
      .from(clientRequests)
      .where(and(eq(clientRequests.workspaceId, actor.workspaceId), eq(clientRequests.id, id)));
    const [row] = forUpdate ? await query.for('update') : await query;
    return row;
  });
}

export async function getRequest(db: DbOrTx, actor: Actor, id: string): Promise<ClientRequest> {
  return toClientRequest((await findRequest(db, actor, id)).record);
}

/**
 * Moves a request one step (request-flow.ts decides whether it may): specification, estimate,
 * the client's approval (who and when), start — before approval only with a reason, which is
 * recorded — delivery, acceptance, rework, cancel.
 */
export async function actOnRequest(
  db: Db,
  actor: Actor,
  id: string,
  input: RequestActionBody,
): Promise<ClientRequest> {
  return db.transaction(async (tx) => {
    const { record } = await findRequest(tx, actor, id, true);
    if (record.version !== input.version) throw versionConflict('This request', record.version);
    const before = toClientRequest(record);
    const transition = applyRequestAction(
      {
        status: record.status,
        specification: record.specification,
        estimateHours: before.estimateHours,
        estimateCostMinor: record.estimateCostMinor,
      },
      { ...input } as RequestAction,
    );
    if (!transition.ok) {
      throw new AppError(
        transition.reason === 'wrong_status' ? 'conflict' : 'unprocessable',
        transition.fields[0]?.message ?? 'This step is not possible now.',
        { fields: transition.fields },
      );
    }
    if (input.approvedByContactId) {
      const [contact] = await tx
        .select({ id: contacts.id, name: contacts.name })
        .from(contacts)
        .where(
          and(
            eq(contacts.workspaceId, actor.workspaceId),
            eq(contacts.id, input.approvedByContactId),
            eq(contacts.companyId, record.companyId),
          ),
        );
      if (!contact)
        throw new AppError('unprocessable', 'Not a contact of this client.', {
          fields: [{ field: 'approvedByContactId', message: 'Not a contact of this client.' }],
        });
      input.approvedByName = input.approvedByName || contact.name;
    }
    const changes: Partial<typeof clientRequests.$inferInsert> = { status: transition.status };
    switch (input.action) {
      case 'specify':
        changes.specification = input.specification;
        break;
      case 'estimate':
        changes.estimateHours = input.hours;
        changes.estimateCostMinor = input.costMinor;
        if (input.currency) changes.currency = input.currency;
        break;
      case 'approve':
        changes.approvedByName = input.approvedByName;
        changes.approvedByContactId = input.approvedByContactId ?? null;
        changes.approvedAt = input.approvedAt ? new Date(input.approvedAt) : new Date();
        changes.approvalRecordedBy = actor.userId;
        break;
      case 'start':
        changes.startedAt = new Date();
        if (transition.overridden) {
          changes.overrideReason = input.overrideReason;
          changes.overriddenBy = actor.userId;
        }
        break;
      case 'deliver':
        changes.deliveredAt = new Date();
        break;
      case 'accept':
        changes.acceptedAt = new Date();
        break;
      case 'rework':
        changes.deliveredAt = null;
        break;
    }
    const [row] = await tx
      .update(clientRequests)
      .set({ ...changes, updatedAt: sql`now()`, version: record.version + 1 })
      .where(and(eq(clientRequests.workspaceId, actor.workspaceId), eq(clientRequests.id, id)))
      .returning();
    const after = toClientRequest(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'client_request', id),
      action: input.action === 'start' && transition.overridden ? 'stage_change' : 'update',
      before,
      after: { ...after, action: input.action },
    });
    return after;
  });
}

/**
 * The backlog in the order agreed with the client: the open requests listed first to last. The
 * list must name every open request of the client exactly once.
 */
export async function reorderRequests(
  db: Db,
  actor: Actor,
  companyId: string,
  order: string[],
): Promise<{ items: ClientRequest[] }> {
  await db.transaction(async (tx) => {
    const company = await findAccountCompany(tx, actor, companyId, { forUpdate: true });
    const open = await tx
      .select({ id: clientRequests.id, rank: clientRequests.rank })
      .from(clientRequests)
      .where(
        and(
          eq(clientRequests.workspaceId, actor.workspaceId),
          eq(clientRequests.companyId, company.id),
          notInArray(clientRequests.status, [...FINISHED]),
        ),
      );
    const openIds = new Set(open.map((r) => r.id));
    const unique = new Set(order);
    if (
      unique.size !== order.length ||
      order.length !== openIds.size ||
      order.some((id) => !openIds.has(id))
    ) {
      throw new AppError('unprocessable', "List each of the client's open requests once.", {
        fields: [{ field: 'order', message: "Must name each of the client's open requests exactly once." }],
      });
    }
    for (const [index, id] of order.entries()) {
      await tx
        .update(clientRequests)
        .set({ rank: index + 1, updatedAt: sql`now()`, version: sql`${clientRequests.version} + 1` })
        .where(and(eq(clientRequests.workspaceId, actor.workspaceId), eq(clientRequests.id, id)));
    }
    await recordAudit(tx, {
      ...auditFor(actor, 'company', company.id),
      action: 'update',
      before: { backlog: [...open].sort((a, b) => a.rank - b.rank).map((r) => r.id) },
      after: { backlog: order },
    });
  });
  return listRequests(db, actor, companyId);
}
