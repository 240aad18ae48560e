import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Contact, ListContactsQuery } from '../../contract/contacts.ts';
import type { Actor } from '../access/actor.ts';
import type { DbOrTx } from '../db/client.ts';
import { afterCursor, orderBy, parseSort, toPage } from '../http/keyset.ts';
import { matchesSearch, withSearchPlan } from '../http/search.ts';
import { contactWithinScope, toContact } from './contact-visibility.ts';
import { normalisePhone } from './normalise-phone.ts';
import { contacts } from './schema.ts';

const SORTABLE = {
  name: { column: contacts.name },
  createdAt: { column: contacts.createdAt },
  updatedAt: { column: contacts.updatedAt },
};

/** A contact with this phone or e-mail, found through contact_keys' btree (migration 0006). */
const hasKey = (kind: 'phone' | 'email', key: string) =>
  sql`${contacts.id} IN (SELECT k.contact_id FROM contact_keys k
        WHERE k.workspace_id = ${contacts.workspaceId} AND k.kind = ${kind} AND k.key = ${key})`;

export function contactFilter(actor: Actor, query: Omit<ListContactsQuery, 'limit' | 'cursor' | 'sort'>) {
  const phone = query.phone ? (normalisePhone(query.phone) ?? query.phone) : undefined;
  return and(
    eq(contacts.workspaceId, actor.workspaceId),
    contactWithinScope(actor),
    query.archived ? isNotNull(contacts.archivedAt) : isNull(contacts.archivedAt),
    query.companyId ? eq(contacts.companyId, query.companyId) : undefined,
    query.ownerId ? eq(contacts.ownerId, query.ownerId) : undefined,
    query.isDecisionMaker !== undefined ? eq(contacts.isDecisionMaker, query.isDecisionMaker) : undefined,
    query.decisionRole ? eq(contacts.decisionRole, query.decisionRole) : undefined,
    query.email ? hasKey('email', query.email.trim().toLowerCase()) : undefined,
    phone ? hasKey('phone', phone) : undefined,
    matchesSearch(sql`${contacts}.search`, query.q),
  );
}

export async function listContacts(
  db: DbOrTx,
  actor: Actor,
  query: ListContactsQuery,
): Promise<{ items: Contact[]; nextCursor: string | null }> {
  const sort = parseSort(query.sort, SORTABLE, 'name');
  const rows = await withSearchPlan(db, query.q, (tx) =>
    tx
      .select()
      .from(contacts)
      .where(and(contactFilter(actor, query), afterCursor(sort, contacts.id, query.cursor)))
      .orderBy(...orderBy(sort, contacts.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, sort, (row) => row[sort.key as keyof typeof SORTABLE], toContact);
}
