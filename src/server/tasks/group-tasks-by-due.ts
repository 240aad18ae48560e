/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/**
 * "My tasks": overdue (due before now), today (due later today, in the workspace's time zone),
 * upcoming (later, or with no due date — those last). Each group is ordered by due time.
 */
export function groupTasksByDue<T extends { dueAt: Date | null }>(
  tasks: readonly T[],
  now: Date,
  timeZone: string,
): { overdue: T[]; today: T[]; upcoming: T[] } {
  const today = localDate(now, timeZone);
  const byDue = [...tasks].sort((a, b) => {
    if (a.dueAt === null) return b.dueAt === null ? 0 : 1;
    if (b.dueAt === null) return -1;
    return a.dueAt.getTime() - b.dueAt.getTime();
  });
  const groups = { overdue: [] as T[], today: [] as T[], upcoming: [] as T[] };
  for (const task of byDue) {
    if (task.dueAt === null) groups.upcoming.push(task);
    else if (task.dueAt.getTime() < now.getTime()) groups.overdue.push(task);
    else if (localDate(task.dueAt, timeZone) === today) groups.today.push(task);
    else groups.upcoming.push(task);
  }
  return groups;
}
