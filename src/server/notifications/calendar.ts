import ical, { ICalCalendarMethod } from 'ical-generator';

export interface CalendarItem {
  id: string;
  title: string;
  start: Date;
  minutes: number;
  description: string;
  url: string | null;
}

/**
 * A person's calendar as iCalendar text (RFC 5545), for a calendar app to subscribe to: each item
 * an event with a stable UID, so an edited task moves in the calendar instead of doubling.
 */
export function calendarOf(name: string, items: readonly CalendarItem[], now: Date): string {
  const calendar = ical({
    name,
    prodId: { company: 'Tandem', product: 'Tandem CRM' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 15 * 60,
  });
  for (const item of items) {
    calendar.createEvent({
      id: `${item.id}@tandem`,
      stamp: now,
      start: item.start,
      end: new Date(item.start.getTime() + item.minutes * 60_000),
      summary: item.title,
      description: item.description,
      url: item.url ?? undefined,
    });
  }
  return calendar.toString();
}
