import {
  COMPANY_TARGETS,
  CONTACT_TARGETS,
  type Import,
  type ImportKind,
  type ImportMapping,
  type ImportTarget,
  MULTI_COLUMN_TARGETS,
  type PreviewRow,
} from '../../contract/imports.ts';

/** Pure helpers of the import page: what a chosen file is, what a mapping lacks, how fast a run goes. */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file's format by its name, or null when it is neither CSV nor XLSX. */
export function fileFormatOf(name: string): 'csv' | 'xlsx' | null {
  if (/\.csv$/i.test(name) || /\.txt$/i.test(name)) return 'csv';
  if (/\.xlsx$/i.test(name)) return 'xlsx';
  return null;
}

export const contentTypeOf = (format: 'csv' | 'xlsx') => (format === 'csv' ? 'text/csv' : XLSX_TYPE);

/** Why a chosen file cannot be sent, as a message key of `imports.file.*`, or null when it can. */
export function fileProblem(file: {
  name: string;
  size: number;
}): 'oldExcel' | 'notCsvOrXlsx' | 'empty' | null {
  if (/\.xls$/i.test(file.name)) return 'oldExcel';
  if (!fileFormatOf(file.name)) return 'notCsvOrXlsx';
  if (file.size === 0) return 'empty';
  return null;
}

/** The Tandem fields a column of this kind of import may feed. */
export function targetsFor(kind: ImportKind): readonly ImportTarget[] {
  return kind === 'contacts'
    ? [...CONTACT_TARGETS, ...COMPANY_TARGETS]
    : [...COMPANY_TARGETS, ...CONTACT_TARGETS];
}

export interface MappingProblem {
  /** A header of the file, or null for the mapping as a whole. */
  header: string | null;
  /** A message key of `imports.mapping.problems.*`. */
  problem: 'nameMissing' | 'contactNameMissing' | 'phoneMissing' | 'usedTwice';
  /** The other header already mapped to the same field (usedTwice). */
  other?: string;
  target?: ImportTarget;
}

/**
 * What keeps a mapping from running, checked before asking the server (which checks the same):
 * a name column (the contact's name for contacts), a phone for a call list, and a field that takes
 * one column mapped from two.
 */
export function mappingProblems(
  headers: readonly string[],
  mapping: ImportMapping,
  kind: ImportKind,
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const used = new Map<ImportTarget, string>();
  for (const header of headers) {
    const target = mapping[header];
    if (!target) continue;
    const earlier = used.get(target);
    if (earlier !== undefined && !MULTI_COLUMN_TARGETS.includes(target)) {
      problems.push({ header, problem: 'usedTwice', other: earlier, target });
    } else if (earlier === undefined) used.set(target, header);
  }
  if (kind === 'contacts') {
    if (!used.has('contactName')) problems.push({ header: null, problem: 'contactNameMissing' });
  } else if (!used.has('name')) problems.push({ header: null, problem: 'nameMissing' });
  if (kind === 'call_list' && !used.has('phone')) problems.push({ header: null, problem: 'phoneMissing' });
  return problems;
}

/** The mapping for every header of the file: the suggestion where there is one, else "skip" (null). */
export function completeMapping(headers: readonly string[], suggested: ImportMapping): ImportMapping {
  return Object.fromEntries(headers.map((header) => [header, suggested[header] ?? null]));
}

/** Rows committed per second since the run started (to the end, or to `now` while it runs). */
export function rowsPerSecond(
  run: Pick<Import, 'committedRows' | 'startedAt' | 'finishedAt' | 'updatedAt' | 'status'>,
  now: Date,
): number | null {
  if (!run.startedAt || run.committedRows === 0) return null;
  const end = run.status === 'running' ? now.getTime() : new Date(run.finishedAt ?? run.updatedAt).getTime();
  const seconds = (end - new Date(run.startedAt).getTime()) / 1000;
  return seconds > 0 ? run.committedRows / seconds : null;
}

/** What the preview's rows would do: created, merged, skipped, with errors. */
export function previewTally(rows: readonly Pick<PreviewRow, 'action' | 'errors'>[]) {
  const tally = { create: 0, merge: 0, skip: 0, errors: 0 };
  for (const row of rows) {
    if (row.errors.length > 0 || row.action === null) tally.errors += 1;
    else tally[row.action] += 1;
  }
  return tally;
}

/** 1536 → "1.5 MB" in the person's language. */
export function formatBytes(bytes: number, locale: string): string {
  const units = locale.startsWith('ru') ? ['Б', 'КБ', 'МБ', 'ГБ'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** A random UUID v4; `crypto.randomUUID` exists only on HTTPS and localhost, this works everywhere. */
export function newIdempotencyKey(
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
