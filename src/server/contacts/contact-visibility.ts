import { and, eq, or } from 'drizzle-orm';
import type { Contact } from '../../contract/contacts.ts';
import type { Actor } from '../access/actor.ts';
import { companyWithinScope, ownedWithinScope } from '../access/scope.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import { contacts } from './schema.ts';

/** A contact is visible when its owner is within the actor's scope or its company is visible. */
export function contactWithinScope(actor: Actor) {
  if (actor.scope === 'all') return undefined;
  return or(ownedWithinScope(actor, contacts.ownerId), companyWithinScope(actor, contacts.companyId));
}

export async function findVisibleContact(
  db: DbOrTx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<typeof contacts.$inferSelect> {
  const query = db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, id), contactWithinScope(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Contact');
  return row;
}

export function toContact(row: typeof contacts.$inferSelect): Contact {
  return {
    id: row.id,
    companyId: row.companyId,
    name: row.name,
    position: row.position,
    emails: row.emails,
    phones: row.phones,
    isDecisionMaker: row.isDecisionMaker,
    decisionRole: row.decisionRole,
    ownerId: row.ownerId,
    customFields: row.customFields as Contact['customFields'],
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
