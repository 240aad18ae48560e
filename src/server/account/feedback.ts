import { and, desc, eq, sql } from 'drizzle-orm';
import type { Feedback } from '../../contract/account.ts';
import type { Actor } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { contacts } from '../contacts/schema.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, versionConflict } from '../http/errors.ts';
import { projects } from '../projects/schema.ts';
import { createRobotTask } from '../robots/robot-task.ts';
import { findAccountCompany, findAccountRecord } from './account-access.ts';
import { loadAccountSettings } from './account-settings.ts';
import { clientFeedback } from './schema.ts';

type Row = typeof clientFeedback.$inferSelect;

export function toFeedback(row: Row): Feedback {
  return {
    id: row.id,
    companyId: row.companyId,
    projectId: row.projectId,
    contactId: row.contactId,
    kind: row.kind,
    sentiment: row.sentiment,
    severity: row.severity,
    body: row.body,
    status: row.status,
    resolution: row.resolution,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    receivedAt: row.receivedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

export async function listFeedback(
  db: DbOrTx,
  actor: Actor,
  companyId: string,
): Promise<{ items: Feedback[] }> {
  const company = await findAccountCompany(db, actor, companyId);
  const rows = await db
    .select()
    .from(clientFeedback)
    .where(and(eq(clientFeedback.workspaceId, actor.workspaceId), eq(clientFeedback.companyId, company.id)))
    .orderBy(
      sql`case when ${clientFeedback.status} = 'open' then 0 else 1 end`,
      desc(clientFeedback.receivedAt),
    )
    .limit(500);
  return { items: rows.map(toFeedback) };
}

/**
 * A complaint, claim or review. A critical one escalates at once: a task for each of the
 * workspace's heads (the feedback_escalation robot, logged as its action).
 */
export async function createFeedback(
  db: Db,
  actor: Actor,
  companyId: string,
  input: {
    kind: 'complaint' | 'claim' | 'review';
    sentiment?: 'positive' | 'neutral' | 'negative';
    severity?: 'low' | 'medium' | 'high' | 'critical';
    body: string;
    projectId?: string | null;
    contactId?: string | null;
    receivedAt?: string;
  },
): Promise<Feedback> {
  return db.transaction(async (tx) => {
    const company = await findAccountCompany(tx, actor, companyId);
    const fields: { field: string; message: string }[] = [];
    if (input.projectId) {
      const [project] = await tx
        .select({ id: projects.id })
        .from(projects)
        .where(
          and(
            eq(projects.workspaceId, actor.workspaceId),
            eq(projects.id, input.projectId),
            eq(projects.companyId, company.id),
          ),
        );
      if (!project) fields.push({ field: 'projectId', message: 'Not a project of this client.' });
    }
    if (input.contactId) {
      const [contact] = await tx
        .select({ id: contacts.id })
        .from(contacts)
        .where(
          and(
            eq(contacts.workspaceId, actor.workspaceId),
            eq(contacts.id, input.contactId),
            eq(contacts.companyId, company.id),
          ),
        );
      if (!contact) fields.push({ field: 'contactId', message: 'Not a contact of this client.' });
    }
    if (fields.length > 0) throw new AppError('unprocessable', fields[0]!.message, { fields });
    // A review is positive unless said otherwise; complaints and claims are negative.
    const sentiment = input.sentiment ?? (input.kind === 'review' ? 'positive' : 'negative');
    const [row] = await tx
      .insert(clientFeedback)
      .values({
        workspaceId: actor.workspaceId,
        companyId: company.id,
        projectId: input.projectId ?? null,
        contactId: input.contactId ?? null,
        kind: input.kind,
        sentiment,
        severity: input.severity ?? 'medium',
        body: input.body,
        receivedAt: input.receivedAt ? new Date(input.receivedAt) : new Date(),
        createdBy: actor.userId,
      })
      .returning();
    const feedback = toFeedback(row!);
    if (feedback.severity === 'critical' && feedback.sentiment !== 'positive') {
      const heads = (
        await tx.execute<{ id: string }>(sql`
          select id from users where workspace_id = ${actor.workspaceId} and active and 'head' = any(roles)
          order by name`)
      ).rows;
      const { locale } = await loadAccountSettings(tx, actor.workspaceId);
      const kindRu = { complaint: 'жалоба', claim: 'претензия', review: 'отзыв' }[feedback.kind];
      const reason =
        locale === 'ru'
          ? `Критичная ${kindRu} от клиента «${company.name}»`
          : `Critical ${feedback.kind} from ${company.name}`;
      for (const head of heads) {
        await createRobotTask(tx, {
          ruleKey: 'feedback_escalation',
          causeKey: `feedback:${feedback.id}:${head.id}`,
          reason,
          task: {
            workspaceId: actor.workspaceId,
            title: reason,
            description: feedback.body.slice(0, 2000),
            dueAt: new Date(Date.now() + 24 * 3600 * 1000),
            assigneeId: head.id,
            creatorId: actor.userId,
            companyId: company.id,
            priority: 'urgent',
            origin: 'feedback_escalation',
          },
        });
      }
    }
    await recordAudit(tx, {
      ...auditFor(actor, 'client_feedback', feedback.id),
      action: 'create',
      after: feedback,
    });
    return feedback;
  });
}

export async function resolveFeedback(
  db: Db,
  actor: Actor,
  id: string,
  input: { resolution: string; version: number },
): Promise<Feedback> {
  return db.transaction(async (tx) => {
    const { record } = await findAccountRecord(tx, actor, 'Feedback', async () => {
      const [row] = await tx
        .select()
        .from(clientFeedback)
        .where(and(eq(clientFeedback.workspaceId, actor.workspaceId), eq(clientFeedback.id, id)))
        .for('update');
      return row;
    });
    if (record.version !== input.version) throw versionConflict('This feedback', record.version);
    if (record.status === 'resolved') throw new AppError('conflict', 'Already resolved.');
    const [row] = await tx
      .update(clientFeedback)
      .set({
        status: 'resolved',
        resolution: input.resolution,
        resolvedAt: sql`now()`,
        resolvedBy: actor.userId,
        updatedAt: sql`now()`,
        version: record.version + 1,
      })
      .where(and(eq(clientFeedback.workspaceId, actor.workspaceId), eq(clientFeedback.id, id)))
      .returning();
    const after = toFeedback(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'client_feedback', id),
      action: 'update',
      before: toFeedback(record),
      after,
    });
    return after;
  });
}
