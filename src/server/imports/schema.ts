import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type ImportKind = 'companies' | 'contacts' | 'call_list';
export type ImportFormat = 'csv' | 'xlsx';
export type DedupeMode = 'merge' | 'skip' | 'create';
export type ImportStatus = 'uploaded' | 'running' | 'completed' | 'failed' | 'interrupted';

export const imports = pgTable(
  'imports',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').$type<ImportKind>().notNull(),
    fileName: text('file_name').notNull(),
    fileFormat: text('file_format').$type<ImportFormat>().notNull(),
    fileSize: bigint('file_size', { mode: 'number' }).notNull(),
    fileSha256: text('file_sha256').notNull(),
    idempotencyKey: text('idempotency_key'),
    sourceKey: text('source_key').notNull().default(''),
    headers: text('headers').array().notNull().default([]),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
    dedupe: text('dedupe').$type<DedupeMode>().notNull().default('skip'),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<ImportStatus>().notNull().default('uploaded'),
    committedRows: integer('committed_rows').notNull().default(0),
    bytesCommitted: bigint('bytes_committed', { mode: 'number' }).notNull().default(0),
    totalRows: integer('total_rows'),
    createdCount: integer('created_count').notNull().default(0),
    mergedCount: integer('merged_count').notNull().default(0),
    skippedCount: integer('skipped_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    callListId: uuid('call_list_id'),
    failure: text('failure'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const importRowErrors = pgTable(
  'import_row_errors',
  {
    workspaceId: uuid('workspace_id').notNull(),
    importId: uuid('import_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    field: text('field').notNull().default(''),
    message: text('message').notNull(),
    raw: jsonb('raw').$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.rowNumber, t.field] })],
);

export const importMappings = pgTable(
  'import_mappings',
  {
    workspaceId: uuid('workspace_id').notNull(),
    kind: text('kind').$type<ImportKind>().notNull(),
    sourceKey: text('source_key').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind, t.sourceKey] })],
);
