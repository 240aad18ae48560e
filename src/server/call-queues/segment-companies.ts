import { and, asc, desc, eq, inArray, or } from 'drizzle-orm';
import { ListCompaniesQuery } from '../../contract/companies.ts';
import { CALL_LIST_SOURCES, type CreateCallListBody } from '../../contract/sales-flow.ts';
import type { Actor } from '../access/actor.ts';
import { companyRowWithinScope } from '../access/scope.ts';
import { companyFilter } from '../companies/list-companies.ts';
import { companies } from '../companies/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { AppError, invalidField, notFound } from '../http/errors.ts';
import { savedViews } from '../saved-views/schema.ts';

/** A call list built from a segment holds at most this many companies. */
export const MAX_SEGMENT_COMPANIES = 50_000;

const SORTABLE = { name: companies.name, createdAt: companies.createdAt, updatedAt: companies.updatedAt };

export interface SegmentCompany {
  id: string;
  region: string | null;
}

/**
 * The companies a new call list calls, from exactly one source: the chosen ids (in the order
 * given), a saved view of companies, or the companies list's filters. A view and filters are read
 * the way the list and the segment export read them (`companyFilter`), so the list holds exactly
 * the companies the person building it sees, in the view's sort.
 */
export async function segmentCompanies(
  db: DbOrTx,
  actor: Actor,
  body: Pick<CreateCallListBody, 'companyIds' | 'savedViewId' | 'filters'>,
): Promise<SegmentCompany[]> {
  const given = CALL_LIST_SOURCES.filter((source) => body[source] !== undefined);
  if (given.length !== 1) {
    const message =
      given.length === 0
        ? 'Choose the companies to call: a selection, a saved view or the list’s filters.'
        : 'Give only one of the selection, the saved view or the filters.';
    throw new AppError('unprocessable', message, {
      fields: (given.length === 0 ? CALL_LIST_SOURCES : given).map((field) => ({ field, message })),
    });
  }

  if (body.companyIds) {
    const found = await db
      .select({ id: companies.id, region: companies.region })
      .from(companies)
      .where(
        and(
          eq(companies.workspaceId, actor.workspaceId),
          inArray(companies.id, body.companyIds),
          companyRowWithinScope(actor, companies.ownerId, companies.id),
        ),
      );
    const byId = new Map(found.map((company) => [company.id, company]));
    const rows = [...new Set(body.companyIds)].map((id) => byId.get(id)).filter((row) => row !== undefined);
    // Companies the builder may not see count as missing, as everywhere else.
    if (rows.length === 0) throw invalidField('companyIds', 'None of these companies exists.');
    return rows;
  }

  let field: 'savedViewId' | 'filters' = 'filters';
  let filters: Record<string, unknown> = body.filters ?? {};
  let sort: string | null = null;
  if (body.savedViewId) {
    field = 'savedViewId';
    const [view] = await db
      .select()
      .from(savedViews)
      .where(
        and(
          eq(savedViews.workspaceId, actor.workspaceId),
          eq(savedViews.id, body.savedViewId),
          or(eq(savedViews.ownerId, actor.userId), eq(savedViews.shared, true)),
        ),
      );
    if (!view) throw notFound('Saved view');
    if (view.entity !== 'company')
      throw invalidField(field, 'Choose a saved view of companies: a call list calls companies.');
    filters = view.filters;
    sort = view.sort;
  }
  const parsed = ListCompaniesQuery.safeParse({ ...filters, limit: 1 });
  if (!parsed.success) {
    throw invalidField(
      field,
      field === 'savedViewId'
        ? 'The saved view has filters the companies list no longer understands. Edit the view and save it again.'
        : 'These filters are not filters of the companies list.',
    );
  }
  const key = (sort ?? 'name').replace(/^[-+]/, '') as keyof typeof SORTABLE;
  const column = SORTABLE[key] ?? companies.name;
  const direction = sort?.startsWith('-') ? desc : asc;
  const rows = await db
    .select({ id: companies.id, region: companies.region })
    .from(companies)
    .where(companyFilter(actor, parsed.data))
    .orderBy(direction(column), direction(companies.id))
    .limit(MAX_SEGMENT_COMPANIES + 1);
  if (rows.length === 0) throw invalidField(field, 'This segment has no companies you can see.');
  if (rows.length > MAX_SEGMENT_COMPANIES) {
    throw invalidField(
      field,
      `This segment has more than ${MAX_SEGMENT_COMPANIES.toLocaleString('en')} companies. Narrow its filters and try again.`,
    );
  }
  return rows;
}
