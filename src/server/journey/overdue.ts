const DAY_MS = 24 * 60 * 60 * 1000;

/** When a touchpoint should be done: entered + its expected duration in days. */
export function touchpointDueAt(enteredAt: Date, expectedDays: number): Date {
  return new Date(enteredAt.getTime() + expectedDays * DAY_MS);
}

/** A touchpoint is overdue when it was entered, is not done, and its expected duration has passed. */
export function isTouchpointOverdue(
  entry: { enteredAt: Date | null; doneAt: Date | null; expectedDays: number },
  now: Date,
): boolean {
  if (!entry.enteredAt || entry.doneAt) return false;
  return touchpointDueAt(entry.enteredAt, entry.expectedDays).getTime() < now.getTime();
}
