import { and, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { ListCompaniesQuery } from '../src/contract/companies.ts';
import { ListDealsQuery } from '../src/contract/deals.ts';
import type { Actor } from '../src/server/access/actor.ts';
import { ownedWithinScope } from '../src/server/access/scope.ts';
import { companyFilter } from '../src/server/companies/list-companies.ts';
import { companies } from '../src/server/companies/schema.ts';
import { selectDeals } from '../src/server/deals/deal-dto.ts';
import { dealWithinScope } from '../src/server/deals/find-deal.ts';
import { dealFilter } from '../src/server/deals/list-deals.ts';
import { deals } from '../src/server/deals/schema.ts';
import { afterCursor, orderBy, parseSort } from '../src/server/http/keyset.ts';

/**
 * The measured calls. Each request of a scenario has an API path and, as its floor, the SQL
 * statement the room runs for it — built here with Drizzle's toSQL() from the room's own filter,
 * scope, sort and keyset helpers, so the floor is the same statement, not a look-alike.
 * measure.ts checks that both return the same ids before it measures anything.
 */

export interface Statement {
  text: string;
  values: unknown[];
}

export interface Variant {
  path: string;
  sql: Statement;
}

/** `baseline` is the fixed cost of any call: HTTP, the framework and one round trip. */
export type ScenarioKind = 'baseline' | 'list' | 'search' | 'get';
export type Viewer = 'admin' | 'am';

export interface Scenario {
  key: string;
  title: string;
  kind: ScenarioKind;
  as: Viewer;
  /** Request n uses variants[n mod length]: different words, owners or ids in turn. */
  variants: Variant[];
}

/** A query builder with no connection: it only turns queries into SQL text. */
const builder = drizzle.mock();

const API = '/api/v1';

function queryOf(path: string): Record<string, string> {
  return Object.fromEntries(new URL(path, 'http://bench').searchParams);
}

function statement(query: { toSQL(): { sql: string; params: unknown[] } }): Statement {
  const { sql, params } = query.toSQL();
  return { text: sql, values: params };
}

// The sortable columns of list-companies.ts and list-deals.ts (not exported there).
const COMPANY_SORTS = {
  name: { column: companies.name },
  createdAt: { column: companies.createdAt },
  updatedAt: { column: companies.updatedAt },
};
const DEAL_SORTS = {
  createdAt: { column: deals.createdAt },
  updatedAt: { column: deals.updatedAt },
  amountMinor: { column: deals.amountMinor },
  expectedCloseDate: { column: deals.expectedCloseDate, nullable: true },
  title: { column: deals.title },
};

/** GET /companies?… → the statement listCompanies() runs. */
export function companyListVariant(actor: Actor, path: string): Variant {
  const query = ListCompaniesQuery.parse(queryOf(path));
  const sort = parseSort(query.sort, COMPANY_SORTS, 'name');
  const select = builder
    .select()
    .from(companies)
    .where(and(companyFilter(actor, query), afterCursor(sort, companies.id, query.cursor)))
    .orderBy(...orderBy(sort, companies.id))
    .limit(query.limit + 1);
  return { path, sql: statement(select) };
}

/** GET /companies/:id → the statement findVisibleCompany() runs. */
export function companyGetVariant(actor: Actor, id: string): Variant {
  const select = builder
    .select()
    .from(companies)
    .where(
      and(
        eq(companies.workspaceId, actor.workspaceId),
        eq(companies.id, id),
        ownedWithinScope(actor, companies.ownerId),
      ),
    );
  return { path: `${API}/companies/${id}`, sql: statement(select) };
}

/** GET /deals?… → the statement listDeals() runs. */
export function dealListVariant(actor: Actor, path: string): Variant {
  const query = ListDealsQuery.parse(queryOf(path));
  const sort = parseSort(query.sort, DEAL_SORTS, '-updatedAt');
  const select = selectDeals(builder)
    .where(and(dealFilter(actor, query), afterCursor(sort, deals.id, query.cursor)))
    .orderBy(...orderBy(sort, deals.id))
    .limit(query.limit + 1);
  return { path, sql: statement(select) };
}

/** GET /deals/:id → the statement findVisibleDeal() runs. */
export function dealGetVariant(actor: Actor, id: string): Variant {
  const select = selectDeals(builder).where(
    and(eq(deals.workspaceId, actor.workspaceId), eq(deals.id, id), dealWithinScope(actor)),
  );
  return { path: `${API}/deals/${id}`, sql: statement(select) };
}

/** Words people search for: Russian and English, common and rarer, whole and half-typed. */
export const COMPANY_SEARCH_WORDS = ['логистика', 'northwind', 'альфа', 'консалтинг', 'smith', 'строй'];
export const DEAL_SEARCH_WORDS = ['внедрение', 'crm', 'seo', 'redesign', 'поддержка', 'migration'];

export interface ScenarioInputs {
  admin: Actor;
  am: Actor;
  /** The cursor of page 1 of the admin's client list, for the page-2 scenario. */
  companyPage2Cursor: string;
  companyIds: string[];
  dealIds: string[];
  /** Deal owners to filter by, in turn. */
  dealOwnerIds: string[];
}

export const COMPANY_LIST_PATH = `${API}/companies?status=client&sort=name&limit=50`;
const DEAL_OPEN_PATH = `${API}/deals?stageKind=open&sort=-updatedAt&limit=50`;

export function buildScenarios(inputs: ScenarioInputs): Scenario[] {
  const { admin, am } = inputs;
  const search = (word: string) => `q=${encodeURIComponent(word)}`;
  return [
    {
      key: 'http.health',
      title: 'Baseline: GET /api/health (no sign-in; runs select 1)',
      kind: 'baseline',
      as: 'admin',
      variants: [{ path: '/api/health', sql: { text: 'select 1', values: [] } }],
    },
    {
      key: 'companies.list',
      title: 'Companies: clients by name, 50 per page',
      kind: 'list',
      as: 'admin',
      variants: [companyListVariant(admin, COMPANY_LIST_PATH)],
    },
    {
      key: 'companies.list.page2',
      title: 'Companies: the same list, page 2 (keyset cursor)',
      kind: 'list',
      as: 'admin',
      variants: [
        companyListVariant(
          admin,
          `${COMPANY_LIST_PATH}&cursor=${encodeURIComponent(inputs.companyPage2Cursor)}`,
        ),
      ],
    },
    {
      key: 'companies.list.am',
      title: 'Companies: clients by name, as one AM (own records only)',
      kind: 'list',
      as: 'am',
      variants: [companyListVariant(am, COMPANY_LIST_PATH)],
    },
    {
      key: 'companies.search',
      title: 'Companies: full-text search, 50 per page',
      kind: 'search',
      as: 'admin',
      variants: COMPANY_SEARCH_WORDS.map((word) =>
        companyListVariant(admin, `${API}/companies?${search(word)}&limit=50`),
      ),
    },
    {
      key: 'companies.get',
      title: 'Companies: one by id',
      kind: 'get',
      as: 'admin',
      variants: inputs.companyIds.map((id) => companyGetVariant(admin, id)),
    },
    {
      key: 'deals.list.open',
      title: 'Deals: open, last updated first, 50 per page',
      kind: 'list',
      as: 'admin',
      variants: [dealListVariant(admin, DEAL_OPEN_PATH)],
    },
    {
      key: 'deals.list.open.am',
      title: 'Deals: open, last updated first, as one AM',
      kind: 'list',
      as: 'am',
      variants: [dealListVariant(am, DEAL_OPEN_PATH)],
    },
    {
      key: 'deals.list.owner',
      title: "Deals: one owner's, newest first",
      kind: 'list',
      as: 'admin',
      variants: inputs.dealOwnerIds.map((ownerId) =>
        dealListVariant(admin, `${API}/deals?ownerId=${ownerId}&sort=-createdAt`),
      ),
    },
    {
      key: 'deals.search',
      title: 'Deals: full-text search',
      kind: 'search',
      as: 'admin',
      variants: DEAL_SEARCH_WORDS.map((word) => dealListVariant(admin, `${API}/deals?${search(word)}`)),
    },
    {
      key: 'deals.get',
      title: 'Deals: one by id',
      kind: 'get',
      as: 'admin',
      variants: inputs.dealIds.map((id) => dealGetVariant(admin, id)),
    },
  ];
}
