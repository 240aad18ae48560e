import { z } from 'zod';
import { FieldError, Id, IsoDateTime, pageOf } from './common.ts';

/** Imports of companies, contacts and call lists from CSV or XLSX files (issue 4). */

export const IMPORT_KINDS = ['companies', 'contacts', 'call_list'] as const;
export const ImportKind = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof ImportKind>;

export const DEDUPE_MODES = ['merge', 'skip', 'create'] as const;
export const DedupeMode = z.enum(DEDUPE_MODES);
export type DedupeMode = z.infer<typeof DedupeMode>;

export const IMPORT_STATUSES = ['uploaded', 'running', 'completed', 'failed', 'interrupted'] as const;

/** The Tandem fields a file column can be mapped to: the company's, then its contact's. */
export const COMPANY_TARGETS = [
  'name',
  'legalName',
  'taxId',
  'domain',
  'industry',
  'region',
  'size',
  'tags',
] as const;
export const CONTACT_TARGETS = ['contactName', 'position', 'email', 'phone'] as const;
export const IMPORT_TARGETS = [...COMPANY_TARGETS, ...CONTACT_TARGETS] as const;
export const ImportTarget = z.enum(IMPORT_TARGETS);
export type ImportTarget = z.infer<typeof ImportTarget>;
/** Targets that several columns may feed (their values are combined); the others take one column. */
export const MULTI_COLUMN_TARGETS: readonly ImportTarget[] = ['tags', 'email', 'phone'];

/** File header → Tandem field; a header that is absent or null is not imported. */
export const ImportMapping = z.record(z.string().max(200), ImportTarget.nullable());
export type ImportMapping = z.infer<typeof ImportMapping>;

export const UploadImportQuery = z.object({
  kind: ImportKind,
  fileName: z.string().trim().min(1, 'is required').max(255),
  /** Where the file comes from (a lead source, a vendor): its mapping is remembered under this key. */
  sourceKey: z.string().trim().max(100).optional(),
});
export type UploadImportQuery = z.infer<typeof UploadImportQuery>;

export const ImportCounts = z.object({
  created: z.number().int(),
  merged: z.number().int(),
  skipped: z.number().int(),
  errors: z.number().int(),
});

export const Import = z.object({
  id: Id,
  kind: ImportKind,
  fileName: z.string(),
  fileFormat: z.enum(['csv', 'xlsx']),
  fileSize: z.number().int(),
  sourceKey: z.string(),
  headers: z.array(z.string()),
  mapping: ImportMapping,
  dedupe: DedupeMode,
  status: z.enum(IMPORT_STATUSES),
  /** True when the import stopped before the end and `POST …/resume` continues it. */
  resumable: z.boolean(),
  /** Rows of the file (after the header) committed so far; a resumed import continues after them. */
  committedRows: z.number().int(),
  /** Known once the whole file has been read. */
  totalRows: z.number().int().nullable(),
  /** Share of the file read and committed, 0–1 (by bytes, so known before the row count is). */
  progress: z.number().min(0).max(1),
  counts: ImportCounts,
  callListId: Id.nullable(),
  failure: z.string().nullable(),
  createdBy: Id.nullable(),
  createdAt: IsoDateTime,
  startedAt: IsoDateTime.nullable(),
  finishedAt: IsoDateTime.nullable(),
  updatedAt: IsoDateTime,
});
export type Import = z.infer<typeof Import>;

export const UploadedImport = Import.extend({
  /** The mapping remembered for this kind and source key, or one guessed from the headers. */
  suggestedMapping: ImportMapping,
  mappingSource: z.enum(['remembered', 'guessed']),
  /** The first rows of the file as text, for a person checking the mapping. */
  sample: z.array(z.array(z.string())),
  delimiter: z.string().nullable(),
});
export type UploadedImport = z.infer<typeof UploadedImport>;

export const ImportPage = pageOf(Import);
export const ListImportsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

const callerIds = z.array(Id).min(1, 'choose at least one caller').max(200);

export const CallListOptions = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  distribution: z.enum(['round_robin', 'region']).default('round_robin'),
  callerIds: callerIds.transform((ids) => [...new Set(ids)]),
  leadSourceId: Id.nullable().optional(),
  script: z.string().max(20_000).optional(),
});
export type CallListOptions = z.infer<typeof CallListOptions>;

export const PreviewImportBody = z.object({
  mapping: ImportMapping,
  dedupe: DedupeMode.default('merge'),
  sourceKey: z.string().trim().max(100).optional(),
});
export type PreviewImportBody = z.infer<typeof PreviewImportBody>;

export const StartImportBody = PreviewImportBody.extend({
  /** The lead source given to new companies (a call list's own lead source wins). */
  leadSourceId: Id.nullable().optional(),
  callList: CallListOptions.optional(),
});
export type StartImportBody = z.infer<typeof StartImportBody>;

export const MATCH_KEYS = ['taxId', 'domain', 'phone', 'email', 'name'] as const;
export const ROW_ACTIONS = ['create', 'merge', 'skip'] as const;

export const ImportMatch = z.object({
  /** The existing record; null when the match is an earlier row of the same file. */
  id: Id.nullable(),
  /** Its name, when the person may see it. */
  name: z.string().nullable(),
  by: z.enum(MATCH_KEYS),
  /** The earlier row of the file this one repeats. */
  row: z.number().int().nullable(),
});
export type ImportMatch = z.infer<typeof ImportMatch>;

const RecordPlan = z.object({
  action: z.enum([...ROW_ACTIONS, 'link', 'none']),
  match: ImportMatch.nullable(),
});

export const ImportRowValues = z.object({
  name: z.string().nullable(),
  legalName: z.string().nullable(),
  taxId: z.string().nullable(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  region: z.string().nullable(),
  size: z.string().nullable(),
  tags: z.array(z.string()),
  contactName: z.string().nullable(),
  position: z.string().nullable(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
});
export type ImportRowValues = z.infer<typeof ImportRowValues>;

export const PreviewRow = z.object({
  /** The row's number in the file as a spreadsheet shows it (the header is row 1). */
  row: z.number().int(),
  values: ImportRowValues,
  errors: z.array(FieldError),
  /** What happens to the row's main record (the company; the contact in a contacts import); null when the row has errors. */
  action: z.enum(ROW_ACTIONS).nullable(),
  company: RecordPlan,
  contact: RecordPlan,
});
export type PreviewRow = z.infer<typeof PreviewRow>;

export const ImportPreview = z.object({ rows: z.array(PreviewRow) });
export type ImportPreview = z.infer<typeof ImportPreview>;
