import { and, asc, desc } from 'drizzle-orm';
import type { GlobalSearchResult } from '../../contract/knowledge.ts';
import { type Actor, can } from '../access/actor.ts';
import { companyFilter } from '../companies/list-companies.ts';
import { companies } from '../companies/schema.ts';
import { contactFilter } from '../contacts/list-contacts.ts';
import { contacts } from '../contacts/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { selectDeals } from '../deals/deal-dto.ts';
import { dealFilter } from '../deals/list-deals.ts';
import { deals } from '../deals/schema.ts';
import { withSearchPlan } from '../http/search.ts';
import { listArticles } from '../knowledge/articles.ts';

const PER_GROUP = 5;

/**
 * The header's search box: companies, contacts, deals and knowledge-base articles matching `q`,
 * each group through its own list's filter, so it finds exactly what those lists would show the
 * asker (an AM finds their clients, not another AM's).
 */
export async function globalSearch(db: DbOrTx, actor: Actor, q: string): Promise<GlobalSearchResult> {
  const crm = can(actor, 'crm:read');
  const companyRows = crm
    ? await withSearchPlan(db, q, (tx) =>
        tx
          .select({ id: companies.id, name: companies.name, status: companies.status })
          .from(companies)
          .where(companyFilter(actor, { q }))
          .orderBy(asc(companies.name))
          .limit(PER_GROUP),
      )
    : [];
  const contactRows = crm
    ? await withSearchPlan(db, q, (tx) =>
        tx
          .select({ id: contacts.id, name: contacts.name, companyId: contacts.companyId })
          .from(contacts)
          .where(contactFilter(actor, { q }))
          .orderBy(asc(contacts.name))
          .limit(PER_GROUP),
      )
    : [];
  const dealRows = crm
    ? await withSearchPlan(db, q, (tx) =>
        selectDeals(tx)
          .where(and(dealFilter(actor, { q })))
          .orderBy(desc(deals.updatedAt))
          .limit(PER_GROUP),
      )
    : [];
  const articleRows = can(actor, 'knowledge:read')
    ? (await listArticles(db, actor, { q, limit: PER_GROUP })).items
    : [];
  return {
    companies: companyRows,
    contacts: contactRows,
    deals: dealRows.map((row) => ({
      id: row.deal.id,
      title: row.deal.title,
      companyId: row.deal.companyId,
      companyName: row.companyName,
    })),
    articles: articleRows.map((row) => ({
      id: row.id,
      title: row.title,
      kind: row.kind,
      snippet: row.snippet,
    })),
  };
}
