import { and, arrayContains, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Company, ListCompaniesQuery } from '../../contract/companies.ts';
import type { Actor } from '../access/actor.ts';
import { companyRowWithinScope } from '../access/scope.ts';
import type { DbOrTx } from '../db/client.ts';
import { afterCursor, orderBy, parseSort, toPage } from '../http/keyset.ts';
import { matchesSearch, withSearchPlan } from '../http/search.ts';
import { toCompany } from './company-dto.ts';
import { companies } from './schema.ts';

const SORTABLE = {
  name: { column: companies.name },
  createdAt: { column: companies.createdAt },
  updatedAt: { column: companies.updatedAt },
};

/** The filter part of a company list, shared by the list endpoint and exports. */
export function companyFilter(actor: Actor, query: Omit<ListCompaniesQuery, 'limit' | 'cursor' | 'sort'>) {
  return and(
    eq(companies.workspaceId, actor.workspaceId),
    companyRowWithinScope(actor, companies.ownerId, companies.id),
    query.archived ? isNotNull(companies.archivedAt) : isNull(companies.archivedAt),
    query.status ? eq(companies.status, query.status) : undefined,
    query.ownerId ? eq(companies.ownerId, query.ownerId) : undefined,
    query.leadSourceId ? eq(companies.leadSourceId, query.leadSourceId) : undefined,
    query.industry ? eq(companies.industry, query.industry) : undefined,
    query.region ? eq(companies.region, query.region) : undefined,
    query.size ? eq(companies.size, query.size) : undefined,
    query.taxId ? eq(companies.taxId, query.taxId) : undefined,
    query.domain ? eq(companies.domain, query.domain.toLowerCase()) : undefined,
    query.tags && query.tags.length > 0 ? arrayContains(companies.tags, query.tags) : undefined,
    matchesSearch(sql`${companies}.search`, query.q),
  );
}

export async function listCompanies(
  db: DbOrTx,
  actor: Actor,
  query: ListCompaniesQuery,
): Promise<{ items: Company[]; nextCursor: string | null }> {
  const sort = parseSort(query.sort, SORTABLE, 'name');
  const rows = await withSearchPlan(db, query.q, (tx) =>
    tx
      .select()
      .from(companies)
      .where(and(companyFilter(actor, query), afterCursor(sort, companies.id, query.cursor)))
      .orderBy(...orderBy(sort, companies.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, sort, (row) => row[sort.key as keyof typeof SORTABLE], toCompany);
}
