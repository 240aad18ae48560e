import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { ListCompaniesQuery } from '../../contract/companies.ts';
import { ListContactsQuery } from '../../contract/contacts.ts';
import { ListDealsQuery } from '../../contract/deals.ts';
import type { Actor } from '../access/actor.ts';
import { listCompanies } from '../companies/list-companies.ts';
import { listContacts } from '../contacts/list-contacts.ts';
import type { DbOrTx } from '../db/client.ts';
import { listDeals } from '../deals/list-deals.ts';
import { AppError } from '../http/errors.ts';
import type { savedViews } from './schema.ts';

type Row = Record<string, unknown>;
type PageOf = (cursor: string | undefined) => Promise<{ items: Row[]; nextCursor: string | null }>;

export const DEFAULT_COLUMNS = {
  company: ['name', 'legalName', 'taxId', 'domain', 'industry', 'region', 'status', 'tags'],
  contact: ['name', 'position', 'emails', 'phones', 'isDecisionMaker', 'decisionRole'],
  deal: ['title', 'companyName', 'amountMinor', 'currency', 'stageKind', 'expectedCloseDate', 'nextStep'],
} as const;

/**
 * Pages through what a saved view selects, with the viewer's own visibility, so a segment
 * export never holds the whole list in memory and never shows more than the list would.
 */
function pagesOf(db: DbOrTx, actor: Actor, view: typeof savedViews.$inferSelect): PageOf {
  const base = { ...view.filters, sort: view.sort ?? undefined, limit: 500 };
  const parse = <T>(schema: { safeParse: (v: unknown) => { success: boolean; data?: T } }) => {
    const parsed = schema.safeParse(base);
    if (!parsed.success) {
      throw new AppError(
        'unprocessable',
        'The saved view has filters this list no longer understands. Edit the view and save it again.',
      );
    }
    return parsed.data as T;
  };
  switch (view.entity) {
    case 'company': {
      const query = parse<ListCompaniesQuery>(ListCompaniesQuery);
      return (cursor) => listCompanies(db, actor, { ...query, cursor });
    }
    case 'contact': {
      const query = parse<ListContactsQuery>(ListContactsQuery);
      return (cursor) => listContacts(db, actor, { ...query, cursor });
    }
    case 'deal': {
      const query = parse<ListDealsQuery>(ListDealsQuery);
      return (cursor) => listDeals(db, actor, { ...query, cursor });
    }
  }
}

function cell(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number | boolean;
}

async function* rowsOf(
  pageOf: PageOf,
  columns: readonly string[],
): AsyncGenerator<(string | number | boolean)[]> {
  let cursor: string | undefined;
  do {
    const page = await pageOf(cursor);
    for (const item of page.items) yield columns.map((column) => cell(item[column]));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** The segment as CSV (UTF-8 with BOM, so Excel reads Cyrillic) or XLSX, streamed. */
export function exportSegment(
  db: DbOrTx,
  actor: Actor,
  view: typeof savedViews.$inferSelect,
  format: 'csv' | 'xlsx',
): Readable {
  const columns = view.columns.length > 0 ? view.columns : [...DEFAULT_COLUMNS[view.entity]];
  const pageOf = pagesOf(db, actor, view);
  const rows = rowsOf(pageOf, columns);
  if (format === 'csv') {
    const csv = stringify({ header: true, columns, bom: true });
    void (async () => {
      try {
        for await (const row of rows)
          if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve));
        csv.end();
      } catch (error) {
        csv.destroy(error as Error);
      }
    })();
    return csv;
  }
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(view.name.slice(0, 31) || 'Export');
  void (async () => {
    try {
      sheet.addRow(columns).commit();
      for await (const row of rows) sheet.addRow(row).commit();
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}
