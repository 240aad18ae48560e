/**
 * Hundredths typed by people — percent with two decimals (→ basis points) and money with kopecks
 * (→ minor units) — parsed from the text, never through floating point.
 */
export function parseHundredths(text: string): number | null {
  const clean = text.replace(/\s/g, '').replace(',', '.');
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(clean);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function formatHundredths(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const rest = abs % 100;
  return `${sign}${Math.floor(abs / 100)}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`;
}

/** The current month as YYYY-MM in the browser's clock. */
export function thisMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}
