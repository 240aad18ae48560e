import { type AnyColumn, and, asc, desc, eq, gt, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from './errors.ts';

/**
 * Keyset pagination: a page is `{ items, nextCursor }`; the cursor carries the last row's sort
 * value and id, so the next page starts right after it with an index range scan, however deep.
 * Rows are ordered by (sort column, id); nulls of a nullable sort column come last.
 */

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
};

export interface Sort {
  key: string;
  column: AnyColumn;
  direction: 'asc' | 'desc';
  nullable: boolean;
}

export interface SortableColumn {
  column: AnyColumn;
  nullable?: boolean;
}

/** `sort=name` or `sort=-createdAt`; unknown keys are refused with the list of allowed ones. */
export function parseSort(
  param: string | undefined,
  allowed: Record<string, SortableColumn>,
  fallback: string,
): Sort {
  const raw = param ?? fallback;
  const direction = raw.startsWith('-') ? 'desc' : 'asc';
  const key = raw.replace(/^[-+]/, '');
  const entry = allowed[key];
  if (!entry) {
    const options = Object.keys(allowed).join(', ');
    throw new AppError('validation_failed', `Cannot sort by "${key}".`, {
      fields: [{ field: 'sort', message: `Use one of: ${options} (prefix with - for descending).` }],
    });
  }
  return { key, column: entry.column, direction, nullable: entry.nullable ?? false };
}

type CursorValue = string | number | boolean | null;

export function encodeCursor(sort: Sort, value: unknown, id: string): string {
  const normalised: CursorValue = value instanceof Date ? value.toISOString() : (value as CursorValue);
  return Buffer.from(JSON.stringify([sort.key, normalised, id])).toString('base64url');
}

function decodeCursor(sort: Sort, cursor: string): { value: CursorValue; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === sort.key &&
      typeof parsed[2] === 'string'
    ) {
      return { value: parsed[1] as CursorValue, id: parsed[2] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'The cursor is not valid for this list and sort order.', {
    fields: [{ field: 'cursor', message: 'Start again from the first page (omit cursor).' }],
  });
}

/** The WHERE part that starts the page after the cursor; undefined on the first page. */
export function afterCursor(sort: Sort, idColumn: AnyColumn, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const { value, id } = decodeCursor(sort, cursor);
  const beyond = sort.direction === 'asc' ? gt : lt;
  if (value === null) {
    // Already in the trailing nulls: only later ids among the nulls remain.
    return and(isNull(sort.column), beyond(idColumn, id));
  }
  return or(
    beyond(sort.column, value),
    and(eq(sort.column, value), beyond(idColumn, id)),
    sort.nullable ? isNull(sort.column) : undefined,
  );
}

export function orderBy(sort: Sort, idColumn: AnyColumn): SQL[] {
  const by = sort.direction === 'asc' ? asc : desc;
  const order = [by(sort.column), by(idColumn)];
  // false sorts before true, so rows with a value come first and the nulls trail.
  return sort.nullable ? [asc(sql`${sort.column} is null`), ...order] : order;
}

/**
 * Fetch `limit + 1` rows with `afterCursor` and `orderBy`, then hand them here: the extra row only
 * tells whether a next page exists.
 */
export function toPage<Row extends { id: string }, Item>(
  rows: Row[],
  limit: number,
  sort: Sort,
  sortValue: (row: Row) => unknown,
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor: hasMore && last ? encodeCursor(sort, sortValue(last), last.id) : null,
  };
}

/**
 * Logs read newest first (imports, notifications, webhook deliveries): the cursor is the last
 * row's (created at, id), and the next page is what was created before it.
 */
export const newestFirst = {
  orderBy: (createdAt: AnyColumn, id: AnyColumn) => [desc(createdAt), desc(id)],

  /** The condition for rows after the cursor (none without one); a bad cursor is a 400 on `cursor`. */
  after(cursor: string | undefined, createdAt: AnyColumn, id: AnyColumn): SQL | undefined {
    if (!cursor) return undefined;
    let last: { createdAt: Date; id: string };
    try {
      const [time, lastId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
        string,
        string,
      ];
      last = { createdAt: new Date(time), id: lastId };
      if (Number.isNaN(last.createdAt.getTime()) || !z.uuid().safeParse(last.id).success)
        throw new Error('bad');
    } catch {
      throw new AppError('validation_failed', 'The cursor is not valid for this list.', {
        fields: [{ field: 'cursor', message: 'Start again from the first page (omit cursor).' }],
      });
    }
    return or(lt(createdAt, last.createdAt), and(eq(createdAt, last.createdAt), lt(id, last.id)));
  },

  /** `{ items, nextCursor }` from `limit + 1` rows read. */
  page<Row extends { createdAt: Date; id: string }, Item>(
    rows: Row[],
    limit: number,
    toItem: (row: Row) => Item,
  ) {
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toItem),
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString('base64url')
          : null,
    };
  },
};
