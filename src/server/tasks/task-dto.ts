import { type SQL, sql } from 'drizzle-orm';
import type { Task } from '../../contract/tasks.ts';
import type { tasks } from './schema.ts';

type Row = typeof tasks.$inferSelect;

/** A task as the API, the audit log and webhooks show it. */
export function toTask(row: Row): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    dueAt: row.dueAt?.toISOString() ?? null,
    assigneeId: row.assigneeId,
    creatorId: row.creatorId,
    companyId: row.companyId,
    contactId: row.contactId,
    dealId: row.dealId,
    priority: row.priority,
    status: row.status,
    completedAt: row.completedAt?.toISOString() ?? null,
    origin: row.origin,
    coveringForId: row.coveringForId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** A timestamp as JavaScript's toISOString() writes it (milliseconds, UTC, `Z`), or null. */
const isoTime = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * toTask() in SQL, over the task columns of `alias` (a table or a CTE returning tasks' columns):
 * for statements that create many tasks at once (robot passes). A test holds the two equal.
 */
export function taskJson(alias: string): SQL {
  const c = (column: string) => `${alias}.${column}`;
  return sql.raw(`jsonb_build_object(
    'id', ${c('id')}, 'title', ${c('title')}, 'description', ${c('description')},
    'dueAt', ${isoTime(c('due_at'))}, 'assigneeId', ${c('assignee_id')}, 'creatorId', ${c('creator_id')},
    'companyId', ${c('company_id')}, 'contactId', ${c('contact_id')}, 'dealId', ${c('deal_id')},
    'priority', ${c('priority')}, 'status', ${c('status')}, 'completedAt', ${isoTime(c('completed_at'))},
    'origin', ${c('origin')}, 'coveringForId', ${c('covering_for_id')},
    'createdAt', ${isoTime(c('created_at'))}, 'updatedAt', ${isoTime(c('updated_at'))}, 'version', ${c('version')})`);
}
