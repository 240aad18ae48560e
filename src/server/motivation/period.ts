/** Months as YYYY-MM; their first day and the first day of the next one. */
export function periodStart(period: string): string {
  return `${period}-01`;
}

export function nextPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

export function periodOf(date: string): string {
  return date.slice(0, 7);
}

/** SQL array literal of uuids, for `= any(${uuidArray(ids)}::uuid[])`. */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}
