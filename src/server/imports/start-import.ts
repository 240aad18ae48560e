import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Import, ImportMapping, StartImportBody } from '../../contract/imports.ts';
import type { Actor } from '../access/actor.ts';
import { callLists } from '../call-queues/schema.ts';
import type { Db } from '../db/client.ts';
import { assertReferencesExist } from '../db/references.ts';
import { AppError } from '../http/errors.ts';
import { leadSources } from '../lead-sources/schema.ts';
import { users } from '../users/schema.ts';
import { findVisibleImport, type ImportRow, isStale, STALE_AFTER_MS, toImport } from './import-dto.ts';
import type { ImportRunner } from './import-runner.ts';
import { assertFileAvailable, assertMappingFits } from './preview-import.ts';
import { type ImportOptions, optionsOf } from './run-import.ts';
import { importMappings, imports } from './schema.ts';

const onlyMapped = (mapping: ImportMapping) =>
  Object.fromEntries(Object.entries(mapping).filter(([, target]) => target)) as Record<string, string>;

async function checkStartInput(db: Db, actor: Actor, row: ImportRow, body: StartImportBody): Promise<void> {
  assertMappingFits(row.headers, body.mapping, row.kind);
  if (row.kind === 'call_list' && !body.callList) {
    throw new AppError('validation_failed', 'A call list import needs the list: its name and callers.', {
      fields: [{ field: 'callList', message: 'Give the list a name and choose its callers.' }],
    });
  }
  if (row.kind !== 'call_list' && body.callList) {
    throw new AppError('validation_failed', 'Only a call list import makes a call list.', {
      fields: [{ field: 'callList', message: `Leave it out of a ${row.kind} import.` }],
    });
  }
  await assertReferencesExist(db, actor.workspaceId, [
    { field: 'leadSourceId', table: leadSources, id: body.leadSourceId, what: 'lead source' },
    {
      field: 'callList.leadSourceId',
      table: leadSources,
      id: body.callList?.leadSourceId,
      what: 'lead source',
    },
  ]);
  if (body.callList) {
    const ids = body.callList.callerIds;
    const found = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.workspaceId, actor.workspaceId), inArray(users.id, ids), eq(users.active, true)));
    const active = new Set(found.map((user) => user.id));
    const missing = ids.flatMap((id, index) =>
      active.has(id)
        ? []
        : [{ field: `callList.callerIds.${index}`, message: 'No such active person in this workspace.' }],
    );
    if (missing.length > 0) {
      throw new AppError('unprocessable', 'Some callers are not active people of this workspace.', {
        fields: missing,
      });
    }
  }
}

/**
 * Starts an uploaded import: remembers its mapping for the source, creates the call list, claims
 * the import (so it runs once) and hands it to the runner. Answers at once; the run goes on in
 * the background and `GET /imports/:id` shows how far it is.
 */
export async function startImport(
  db: Db,
  runner: ImportRunner,
  actor: Actor,
  id: string,
  body: StartImportBody,
): Promise<Import> {
  const current = await findVisibleImport(db, actor, id);
  if (current.status !== 'uploaded') {
    throw new AppError(
      'conflict',
      current.status === 'running'
        ? 'This import is already running.'
        : 'This import has already run. Resume it if it stopped, or upload the file again.',
    );
  }
  assertFileAvailable(current);
  await checkStartInput(db, actor, current, body);
  const sourceKey = body.sourceKey ?? current.sourceKey;
  const mapping = onlyMapped(body.mapping);

  const row = await db.transaction(async (tx) => {
    let callListId: string | null = null;
    if (body.callList) {
      const [list] = await tx
        .insert(callLists)
        .values({
          workspaceId: actor.workspaceId,
          name: body.callList.name,
          leadSourceId: body.callList.leadSourceId ?? body.leadSourceId ?? null,
          distribution: body.callList.distribution,
          callerIds: body.callList.callerIds,
          script: body.callList.script ?? '',
          importId: current.id,
          createdBy: actor.userId,
        })
        .returning({ id: callLists.id });
      callListId = list!.id;
    }
    const options: ImportOptions = {
      ...optionsOf(current),
      startedBy: actor.userId,
      leadSourceId: body.leadSourceId ?? null,
      ...(body.callList
        ? { callList: { distribution: body.callList.distribution, callerIds: body.callList.callerIds } }
        : {}),
    };
    const [claimed] = await tx
      .update(imports)
      .set({
        status: 'running',
        mapping,
        dedupe: body.dedupe,
        sourceKey,
        options: options as unknown as Record<string, unknown>,
        callListId,
        startedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(
        and(eq(imports.workspaceId, actor.workspaceId), eq(imports.id, id), eq(imports.status, 'uploaded')),
      )
      .returning();
    if (!claimed) throw new AppError('conflict', 'This import was started a moment ago by someone else.');
    await tx
      .insert(importMappings)
      .values({ workspaceId: actor.workspaceId, kind: current.kind, sourceKey, mapping })
      .onConflictDoUpdate({
        target: [importMappings.workspaceId, importMappings.kind, importMappings.sourceKey],
        set: { mapping, updatedAt: sql`now()` },
      });
    return claimed;
  });
  runner.launch(row.workspaceId, row.id);
  return toImport(row);
}

/**
 * Continues an import that stopped (failed, interrupted, or left running by a process that died)
 * from its committed rows; what was committed is not written again.
 */
export async function resumeImport(
  db: Db,
  runner: ImportRunner,
  actor: Actor,
  id: string,
  options: { singleProcess: boolean },
): Promise<Import> {
  const current = await findVisibleImport(db, actor, id);
  const deadRun =
    current.status === 'running' &&
    !runner.isRunning(current.id) &&
    (options.singleProcess || isStale(current, new Date()));
  if (current.status !== 'failed' && current.status !== 'interrupted' && !deadRun) {
    throw new AppError(
      'conflict',
      current.status === 'running'
        ? 'This import is running.'
        : current.status === 'completed'
          ? 'This import is complete.'
          : 'This import has not started yet: start it instead.',
    );
  }
  const [claimed] = await db
    .update(imports)
    .set({
      status: 'running',
      failure: null,
      finishedAt: null,
      options: { ...optionsOf(current), startedBy: actor.userId } as unknown as Record<string, unknown>,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(imports.workspaceId, actor.workspaceId),
        eq(imports.id, id),
        eq(imports.status, current.status),
        // A running import is claimed only while it still looks dead, so two resumes cannot both win.
        current.status === 'running' && !options.singleProcess
          ? sql`${imports.updatedAt} < now() - make_interval(secs => ${STALE_AFTER_MS / 1000})`
          : undefined,
      ),
    )
    .returning();
  if (!claimed || runner.isRunning(claimed.id))
    throw new AppError('conflict', 'This import was resumed a moment ago by someone else.');
  runner.launch(claimed.workspaceId, claimed.id);
  return toImport(claimed);
}
