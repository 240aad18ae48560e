import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { ImportKind, ImportMapping, UploadedImport, UploadImportQuery } from '../../contract/imports.ts';
import type { Actor } from '../access/actor.ts';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError } from '../http/errors.ts';
import { applyRememberedMapping, guessMapping } from './guess-mapping.ts';
import { type ImportRow, toImport } from './import-dto.ts';
import { type FileLayout, inspectFile, UnreadableFileError } from './read-file.ts';
import type { ImportOptions } from './run-import.ts';
import { importMappings, imports } from './schema.ts';
import {
  convertToUtf8IfNeeded,
  discardUpload,
  keepUpload,
  receiveUpload,
  uploadPath,
} from './store-upload.ts';

interface UploadSettings {
  uploadDir: string;
  maxBytes: number;
}

/** What an upload answers besides the import: kept in its options so a repeated upload answers the same. */
interface UploadExtras {
  suggestedMapping: ImportMapping;
  mappingSource: 'remembered' | 'guessed';
  sample: string[][];
}

function toUploaded(row: ImportRow): UploadedImport {
  const options = row.options as { upload?: UploadExtras; delimiter?: string | null };
  return {
    ...toImport(row),
    suggestedMapping: options.upload?.suggestedMapping ?? (row.mapping as ImportMapping),
    mappingSource: options.upload?.mappingSource ?? 'guessed',
    sample: options.upload?.sample ?? [],
    delimiter: options.delimiter ?? null,
  };
}

/** The mapping remembered for this kind of import from this source, fitted to the file; else a guess. */
export async function suggestMapping(
  db: Db,
  workspaceId: string,
  kind: ImportKind,
  sourceKey: string,
  headers: string[],
): Promise<{ mapping: ImportMapping; source: 'remembered' | 'guessed' }> {
  const [remembered] = await db
    .select({ mapping: importMappings.mapping })
    .from(importMappings)
    .where(
      and(
        eq(importMappings.workspaceId, workspaceId),
        eq(importMappings.kind, kind),
        eq(importMappings.sourceKey, sourceKey),
      ),
    );
  const fitted = remembered
    ? applyRememberedMapping(remembered.mapping as ImportMapping, headers, kind)
    : null;
  return fitted
    ? { mapping: fitted, source: 'remembered' }
    : { mapping: guessMapping(headers, kind), source: 'guessed' };
}

async function findByIdempotencyKey(
  db: Db,
  workspaceId: string,
  key: string,
): Promise<ImportRow | undefined> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.idempotencyKey, key)));
  return row;
}

function replay(
  existing: ImportRow,
  sha256: string,
  actor: Actor,
): { created: false; upload: UploadedImport } {
  if (existing.fileSha256 !== sha256) {
    throw new AppError(
      'conflict',
      'This Idempotency-Key was already used for a different file. Use a new key for a new upload.',
      { fields: [{ field: 'Idempotency-Key', message: 'Already used for another file.' }] },
    );
  }
  if (actor.scope !== 'all' && (!existing.createdBy || !actor.visibleUserIds.includes(existing.createdBy))) {
    throw new AppError('conflict', 'This Idempotency-Key was already used by someone else. Use a new key.');
  }
  return { created: false, upload: toUploaded(existing) };
}

/**
 * Takes an uploaded file: streams it to disk, reads its format, headers and first rows, and
 * creates the import with a suggested mapping. A repeated upload with the same Idempotency-Key
 * answers the import it made the first time and creates nothing.
 */
export async function uploadImport(
  db: Db,
  settings: UploadSettings,
  actor: Actor,
  input: { query: UploadImportQuery; body: Readable; idempotencyKey?: string },
): Promise<{ created: boolean; upload: UploadedImport }> {
  const { query, idempotencyKey } = input;
  const stored = await receiveUpload(input.body, {
    uploadDir: settings.uploadDir,
    workspaceId: actor.workspaceId,
    maxBytes: settings.maxBytes,
  });
  if (idempotencyKey) {
    const existing = await findByIdempotencyKey(db, actor.workspaceId, idempotencyKey);
    if (existing) {
      await discardUpload(stored.path);
      return replay(existing, stored.sha256, actor);
    }
  }

  let layout: FileLayout;
  let convertedFrom: string | undefined;
  try {
    const isCsv = !/\.xlsx$/i.test(query.fileName);
    if (isCsv && (await convertToUtf8IfNeeded(stored.path))) convertedFrom = 'windows-1251';
    layout = await inspectFile(stored.path, query.fileName);
  } catch (error) {
    await discardUpload(stored.path);
    if (error instanceof UnreadableFileError) {
      throw new AppError('unprocessable', error.message, {
        fields: [{ field: 'file', message: error.message }],
      });
    }
    throw error;
  }
  if (layout.headers.length === 0) {
    await discardUpload(stored.path);
    throw new AppError('unprocessable', 'The file has no header row.', {
      fields: [{ field: 'file', message: 'Put the column names in the first row.' }],
    });
  }

  const sourceKey = query.sourceKey ?? '';
  const suggestion = await suggestMapping(db, actor.workspaceId, query.kind, sourceKey, layout.headers);
  const id = randomUUID();
  const path = uploadPath(settings.uploadDir, actor.workspaceId, id, layout.format);
  await keepUpload(stored.path, path);
  const options: ImportOptions & { upload: UploadExtras } = {
    delimiter: layout.delimiter,
    ...(convertedFrom ? { convertedFrom } : {}),
    upload: { suggestedMapping: suggestion.mapping, mappingSource: suggestion.source, sample: layout.sample },
  };
  try {
    const [row] = await db
      .insert(imports)
      .values({
        workspaceId: actor.workspaceId,
        id,
        kind: query.kind,
        fileName: query.fileName,
        fileFormat: layout.format,
        fileSize: stored.size,
        fileSha256: stored.sha256,
        idempotencyKey: idempotencyKey ?? null,
        sourceKey,
        headers: layout.headers,
        mapping: Object.fromEntries(
          Object.entries(suggestion.mapping).filter(([, target]) => target),
        ) as Record<string, string>,
        options: options as unknown as Record<string, unknown>,
        createdBy: actor.userId,
      })
      .returning();
    return { created: true, upload: toUploaded(row!) };
  } catch (error) {
    await discardUpload(path);
    // Two uploads with one key at the same moment: the second answers the first's import.
    if (idempotencyKey && isUniqueViolation(error)) {
      const existing = await findByIdempotencyKey(db, actor.workspaceId, idempotencyKey);
      if (existing) return replay(existing, stored.sha256, actor);
    }
    throw error;
  }
}
