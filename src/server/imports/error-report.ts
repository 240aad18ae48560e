import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { and, asc, eq, gt, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import type { ImportRow } from './import-dto.ts';
import { importRowErrors } from './schema.ts';

const PAGE = 1000;

/**
 * The row-by-row error report of an import as CSV (UTF-8 with BOM, so Excel reads Cyrillic):
 * the row number, the column, what is wrong, then the row as it was in the file. Streamed in
 * pages, so a file with a million bad rows is no different.
 */
export function errorReport(db: DbOrTx, row: ImportRow): Readable {
  const columns = ['row', 'field', 'message', ...row.headers];
  const csv = stringify({ header: true, columns, bom: true });
  void (async () => {
    try {
      let after: { rowNumber: number; field: string } | null = null;
      for (;;) {
        const page: (typeof importRowErrors.$inferSelect)[] = await db
          .select()
          .from(importRowErrors)
          .where(
            and(
              eq(importRowErrors.workspaceId, row.workspaceId),
              eq(importRowErrors.importId, row.id),
              after
                ? or(
                    gt(importRowErrors.rowNumber, after.rowNumber),
                    and(
                      eq(importRowErrors.rowNumber, after.rowNumber),
                      gt(importRowErrors.field, after.field),
                    ),
                  )
                : undefined,
            ),
          )
          .orderBy(asc(importRowErrors.rowNumber), asc(importRowErrors.field))
          .limit(PAGE);
        for (const error of page) {
          const raw = (error.raw ?? {}) as Record<string, unknown>;
          const line = [
            error.rowNumber,
            error.field,
            error.message,
            ...row.headers.map((header) => String(raw[header] ?? '')),
          ];
          if (!csv.write(line)) await new Promise((resolve) => csv.once('drain', resolve));
        }
        if (page.length < PAGE) break;
        const last = page.at(-1)!;
        after = { rowNumber: last.rowNumber, field: last.field };
      }
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  })();
  return csv;
}
