import { randomUUID } from 'node:crypto';
import {
  type ImportKind,
  type ImportMapping,
  type ImportPreview,
  MULTI_COLUMN_TARGETS,
  type PreviewImportBody,
  type PreviewRow,
} from '../../contract/imports.ts';
import type { Actor } from '../access/actor.ts';
import { bulkReader } from '../db/bulk-session.ts';
import type { Database } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { findExistingMatches } from './batch-sql.ts';
import { findVisibleImport, type ImportRow } from './import-dto.ts';
import { mappingProblems, normaliseRow, planColumns } from './normalise-row.ts';
import { type BatchRow, planBatch } from './plan-batch.ts';
import { readRecords, UnreadableFileError } from './read-file.ts';
import { optionsOf } from './run-import.ts';
import { uploadPath } from './store-upload.ts';

export const PREVIEW_ROWS = 20;

/** Refuses a mapping that does not fit the file or the kind of import, naming each problem. */
export function assertMappingFits(headers: string[], mapping: ImportMapping, kind: ImportKind): void {
  const problems = mappingProblems(headers, mapping, kind, MULTI_COLUMN_TARGETS);
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      `The mapping does not fit this file: ${problems.map((p) => p.message).join(' ')}`,
      { fields: problems },
    );
  }
}

export function assertFileAvailable(row: ImportRow): void {
  if (row.status === 'completed') {
    throw new AppError(
      'conflict',
      'This import is complete; its file is no longer kept. Upload the file again.',
    );
  }
}

/**
 * The first rows as they would be saved — values, errors, the existing record each matches and
 * by which key, and what would happen — without changing anything.
 */
export async function previewImport(
  database: Database,
  uploadDir: string,
  actor: Actor,
  id: string,
  body: PreviewImportBody,
): Promise<ImportPreview> {
  const row = await findVisibleImport(database.db, actor, id);
  assertFileAvailable(row);
  assertMappingFits(row.headers, body.mapping, row.kind);
  const columns = planColumns(row.headers, body.mapping);

  const read: { rowNumber: number; values: BatchRow['values']; errors: PreviewRow['errors'] }[] = [];
  try {
    const records = readRecords(
      uploadPath(uploadDir, row.workspaceId, row.id, row.fileFormat),
      { format: row.fileFormat, delimiter: optionsOf(row).delimiter },
      { committedRows: 0, committedBytes: 0 },
    );
    for await (const record of records) {
      const normalised = normaliseRow(record.cells, columns, row.kind);
      if (normalised.empty) continue;
      read.push({ rowNumber: record.rowNumber, values: normalised.values, errors: normalised.errors });
      if (read.length >= PREVIEW_ROWS) break;
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new AppError('unprocessable', error.message);
    throw error;
  }

  const valid = read.filter((r) => r.errors.length === 0);
  const existing = await findExistingMatches(
    bulkReader(database),
    {
      workspaceId: row.workspaceId,
      kind: row.kind,
      visibleUserIds: actor.scope === 'all' ? null : actor.visibleUserIds,
      callListId: null,
    },
    valid,
  );
  const plan = planBatch(valid, existing, { kind: row.kind, dedupe: body.dedupe, newId: randomUUID });
  const planned = new Map(plan.rows.map((p) => [p.rowNumber, p]));
  const none = { action: 'none' as const, match: null };
  return {
    rows: read.map((r): PreviewRow => {
      const p = planned.get(r.rowNumber);
      if (!p)
        return {
          row: r.rowNumber,
          values: r.values,
          errors: r.errors,
          action: null,
          company: none,
          contact: none,
        };
      const headerOf = columns.headerOf as Record<string, string | undefined>;
      return {
        row: r.rowNumber,
        values: r.values,
        errors: p.error
          ? [{ field: headerOf[p.error.field] ?? p.error.field, message: p.error.message }]
          : [],
        action: p.action,
        company: { action: p.company.action, match: p.company.match },
        contact: { action: p.contact.action, match: p.contact.match },
      };
    }),
  };
}
