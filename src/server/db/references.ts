import { and, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { AppError, type FieldError } from '../http/errors.ts';
import type { DbOrTx } from './client.ts';

type WorkspaceTable = PgTable & { workspaceId: PgColumn; id: PgColumn };

export interface Reference {
  /** The request field that carries the id, named in the error. */
  field: string;
  table: WorkspaceTable;
  id: string | null | undefined;
  /** Shown as "No such <what> in this workspace". */
  what: string;
}

/**
 * Refuses, with one 422 naming every bad field, ids that do not exist in the actor's workspace.
 * (A foreign key alone would accept another workspace's ids only if keys did not lead with
 * workspace_id; they do, but this answer names the field instead of failing on a constraint.)
 */
export async function assertReferencesExist(
  db: DbOrTx,
  workspaceId: string,
  references: Reference[],
): Promise<void> {
  const errors: FieldError[] = [];
  for (const reference of references) {
    if (!reference.id) continue;
    const found = await db
      .select({ id: reference.table.id })
      .from(reference.table)
      .where(and(eq(reference.table.workspaceId, workspaceId), eq(reference.table.id, reference.id)))
      .limit(1);
    if (found.length === 0) {
      errors.push({ field: reference.field, message: `No such ${reference.what} in this workspace.` });
    }
  }
  if (errors.length > 0) {
    throw new AppError('unprocessable', errors.map((e) => e.message).join(' '), { fields: errors });
  }
}
