import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';

/**
 * Reading the files people import: CSV (`,`, `;` or tab; UTF-8 with or without a BOM — a
 * Windows-1251 file is converted to UTF-8 when it is uploaded) and XLSX (the first sheet), both
 * streamed, so a file of any size is read in constant memory.
 */

export type FileFormat = 'csv' | 'xlsx';

export interface FileLayout {
  format: FileFormat;
  /** CSV only. */
  delimiter: string | null;
  headers: string[];
  /** The first rows after the header. */
  sample: string[][];
}

export interface FileRecord {
  /** 1-based index among the rows after the header: what `committed_rows` counts. */
  index: number;
  /** The row's number as a spreadsheet shows it (the header is row 1). */
  rowNumber: number;
  cells: string[];
  /** Bytes of the file read once this row is done (CSV: exactly where the next row starts). */
  endOffset: number;
}

/** A file that cannot be read as CSV or XLSX; the message says what to do about it. */
export class UnreadableFileError extends Error {}

const SAMPLE_ROWS = 5;
/** A single CSV row larger than this is a quote left open, not data: stop instead of reading on. */
const MAX_RECORD_BYTES = 1024 * 1024;

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** XLSX is a zip (PK♥♦); the old binary .xls and anything with NUL bytes is not CSV either. */
export async function detectFormat(path: string, fileName: string): Promise<FileFormat> {
  const head = await readHead(path, 8192);
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (head.length >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) {
    throw new UnreadableFileError(
      'This is an old Excel .xls file. Save it as .xlsx (Excel Workbook) or CSV UTF-8 and upload it again.',
    );
  }
  if (/\.xlsx$/i.test(fileName)) {
    throw new UnreadableFileError('The file is named .xlsx but is not an Excel workbook; it may be damaged.');
  }
  if (head.includes(0)) {
    throw new UnreadableFileError('This is not a CSV or XLSX file. Export the list as CSV UTF-8 or XLSX.');
  }
  return 'csv';
}

/** True when the start of the file is valid UTF-8 (a sequence cut at the end of the sample is fine). */
export function looksLikeUtf8(sample: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The delimiter used most in the first line, outside quotes: `;` (Russian Excel), `,` or tab. */
export function detectDelimiter(firstLine: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/** Unique, non-empty headers: a blank one becomes "Column 3", a repeated one "Phone (2)". */
export function uniqueHeaders(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((value, index) => {
    const base = value.trim() || `Column ${index + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

function csvParser(delimiter: string, fromStart: boolean) {
  return parse({
    delimiter,
    bom: fromStart,
    info: true,
    relax_column_count: true,
    // ООО "Ромашка" without doubled quotes is how people type it; a quoted field left open still fails.
    relax_quotes: true,
    max_record_size: MAX_RECORD_BYTES,
    skip_empty_lines: false,
  });
}

function describeCsvError(error: unknown): UnreadableFileError {
  if (error instanceof CsvError) {
    const where = (error as CsvError & { lines?: number }).lines;
    const reason =
      error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_MAX_RECORD_SIZE'
        ? 'a quoted value is never closed'
        : error.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? 'a closing quote is followed by more text in the same value'
          : error.message;
    return new UnreadableFileError(
      `The CSV file cannot be read${where ? ` at line ${where}` : ''}: ${reason}. Fix the quotes there, or export the file again.`,
    );
  }
  return new UnreadableFileError(`The CSV file cannot be read: ${(error as Error).message}`);
}

/** Text of an XLSX cell as a person sees it: numbers without exponent, dates as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(Math.round(value)).toString() : String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

/** Counts the bytes a stream has passed on, for progress through an XLSX file. */
function countingStream(source: Readable): { stream: PassThrough; bytes: () => number } {
  let bytes = 0;
  const stream = new PassThrough();
  source.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  source.on('error', (error) => stream.destroy(error));
  source.pipe(stream);
  return { stream, bytes: () => bytes };
}

async function* xlsxRows(
  path: string,
): AsyncGenerator<{ rowNumber: number; cells: string[]; bytes: number }, void, undefined> {
  const file = createReadStream(path);
  const counted = countingStream(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(counted.stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
        yield { rowNumber: row.number, cells, bytes: counted.bytes() };
      }
      return; // the first sheet only
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(
      `The XLSX file cannot be read: ${(error as Error).message}. Open it in Excel, save it again and upload the copy.`,
    );
  } finally {
    file.destroy();
  }
}

/** The format, headers and first rows of an uploaded file. */
export async function inspectFile(path: string, fileName: string): Promise<FileLayout> {
  const format = await detectFormat(path, fileName);
  if (format === 'xlsx') {
    let headers: string[] | null = null;
    const sample: string[][] = [];
    for await (const row of xlsxRows(path)) {
      if (!headers) headers = uniqueHeaders(row.cells);
      else sample.push(row.cells);
      if (sample.length >= SAMPLE_ROWS) break;
    }
    if (!headers || headers.length === 0) {
      throw new UnreadableFileError(
        'The first sheet of the workbook is empty: put the headers in its first row.',
      );
    }
    return { format, delimiter: null, headers, sample };
  }
  const head = (await readHead(path, 64 * 1024)).toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.trim())
    throw new UnreadableFileError('The file is empty or its first line is blank: put the headers there.');
  const delimiter = detectDelimiter(firstLine);
  let headers: string[] | null = null;
  const sample: string[][] = [];
  for await (const record of readCsv(path, delimiter, 0, 0)) {
    if (record.index === 0) headers = uniqueHeaders(record.cells);
    else if (record.cells.some((cell) => cell.trim() !== '')) sample.push(record.cells);
    if (sample.length >= SAMPLE_ROWS) break;
  }
  return { format, delimiter, headers: headers ?? [], sample };
}

type ParsedRecord = { record: string[]; info: { bytes: number } };

/**
 * Records of a CSV stream, in order, with every record parsed before an error handed out before
 * the error is thrown (a stream's own async iterator drops what it had buffered when it fails).
 * The file is paused while enough records wait, so memory stays flat.
 */
async function* parsedRecords(
  path: string,
  delimiter: string,
  fromOffset: number,
): AsyncGenerator<ParsedRecord> {
  const file = createReadStream(path, { start: fromOffset, highWaterMark: 256 * 1024 });
  const parser = csvParser(delimiter, fromOffset === 0);
  const queue: ParsedRecord[] = [];
  let head = 0;
  let failure: unknown = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  parser.on('data', (record: ParsedRecord) => {
    queue.push(record);
    if (queue.length - head > 20_000) file.pause();
    notify();
  });
  parser.on('error', (error) => {
    failure ??= error;
    file.destroy();
    notify();
  });
  parser.on('end', () => {
    ended = true;
    notify();
  });
  file.on('data', (chunk) => parser.write(chunk));
  file.on('end', () => parser.end());
  file.on('error', (error) => {
    failure ??= error;
    notify();
  });
  try {
    for (;;) {
      if (head < queue.length) {
        const record = queue[head]!;
        queue[head] = undefined as unknown as ParsedRecord;
        head++;
        if (head > 10_000 && head * 2 > queue.length) {
          queue.splice(0, head);
          head = 0;
        }
        if (file.isPaused() && queue.length - head < 5_000) file.resume();
        yield record;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    file.destroy();
    parser.destroy();
  }
}

/** CSV records from a byte offset; index 0 is the header when reading from the start. */
async function* readCsv(
  path: string,
  delimiter: string,
  fromOffset: number,
  fromIndex: number,
): AsyncGenerator<FileRecord, void, undefined> {
  let index = fromIndex;
  try {
    for await (const { record, info } of parsedRecords(path, delimiter, fromOffset)) {
      yield { index, rowNumber: index + 1, cells: record, endOffset: fromOffset + info.bytes };
      index++;
    }
  } catch (error) {
    throw describeCsvError(error);
  }
}

/**
 * The rows after the header, from `committedRows` on. CSV resumes at `committedBytes` directly;
 * XLSX, a zip, is read from the start and the committed rows are passed over.
 */
export async function* readRecords(
  path: string,
  layout: Pick<FileLayout, 'format' | 'delimiter'>,
  resumeFrom: { committedRows: number; committedBytes: number },
): AsyncGenerator<FileRecord, void, undefined> {
  if (layout.format === 'csv') {
    const fromStart = resumeFrom.committedRows === 0 || resumeFrom.committedBytes === 0;
    const records = fromStart
      ? readCsv(path, layout.delimiter ?? ',', 0, 0)
      : readCsv(path, layout.delimiter ?? ',', resumeFrom.committedBytes, resumeFrom.committedRows + 1);
    for await (const record of records) {
      if (record.index === 0) continue; // the header
      if (record.index <= resumeFrom.committedRows) continue;
      yield record;
    }
    return;
  }
  let index = -1;
  for await (const row of xlsxRows(path)) {
    index++;
    if (index === 0 || index <= resumeFrom.committedRows) continue;
    yield { index, rowNumber: row.rowNumber, cells: row.cells, endOffset: row.bytes };
  }
}
