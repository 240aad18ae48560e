/**
 * PostgreSQL COPY text format: one line per row, columns separated by tabs, `\N` for NULL,
 * and backslash escapes for backslash, tab, newline and carriage return inside values.
 */

export type CopyValue = string | number | boolean | Date | null | readonly string[];

export function escapeCopyText(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (char) => {
    if (char === '\\') return '\\\\';
    if (char === '\t') return '\\t';
    if (char === '\n') return '\\n';
    return '\\r';
  });
}

/** An array literal such as {"vip","ключевой"}; every element is quoted. */
export function arrayLiteral(items: readonly string[]): string {
  const quoted = items.map((item) => `"${item.replace(/[\\"]/g, (char) => `\\${char}`)}"`);
  return `{${quoted.join(',')}}`;
}

export function copyValue(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return escapeCopyText(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot COPY the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  return escapeCopyText(arrayLiteral(value));
}

/** One row, newline-terminated. */
export function copyLine(values: readonly CopyValue[]): string {
  return `${values.map(copyValue).join('\t')}\n`;
}
