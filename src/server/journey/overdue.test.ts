import { describe, expect, it } from 'vitest';
import { isTouchpointOverdue, touchpointDueAt } from './overdue.ts';

const entered = new Date('2026-03-30T21:30:00Z');

describe('overdue touchpoints', () => {
  it('is due the expected number of days after it was entered, across a month edge', () => {
    expect(touchpointDueAt(entered, 3).toISOString()).toBe('2026-04-02T21:30:00.000Z');
    expect(touchpointDueAt(entered, 0).toISOString()).toBe(entered.toISOString());
  });

  it('is overdue only after the due moment has passed', () => {
    const entry = { enteredAt: entered, doneAt: null, expectedDays: 3 };
    expect(isTouchpointOverdue(entry, new Date('2026-04-02T21:30:00Z'))).toBe(false);
    expect(isTouchpointOverdue(entry, new Date('2026-04-02T21:30:01Z'))).toBe(true);
  });

  it('is never overdue once done, or before it is entered', () => {
    const late = new Date('2027-01-01T00:00:00Z');
    expect(isTouchpointOverdue({ enteredAt: entered, doneAt: entered, expectedDays: 1 }, late)).toBe(false);
    expect(isTouchpointOverdue({ enteredAt: null, doneAt: null, expectedDays: 1 }, late)).toBe(false);
  });
});
