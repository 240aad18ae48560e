import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  DedupeMode,
  IMPORT_TARGETS,
  type Import,
  ImportKind,
  type ImportMapping,
  type ImportPreview,
} from '../contract/imports.ts';
import { type Actor, loadActor } from '../server/access/actor.ts';
import type { Role } from '../server/access/roles.ts';
import type { Config } from '../server/config.ts';
import type { Database } from '../server/db/client.ts';
import { errorReport } from '../server/imports/error-report.ts';
import { findVisibleImport, toImport } from '../server/imports/import-dto.ts';
import { ImportRunner } from '../server/imports/import-runner.ts';
import { previewImport } from '../server/imports/preview-import.ts';
import type { ImportProgress } from '../server/imports/run-import.ts';
import { resumeImport, startImport } from '../server/imports/start-import.ts';
import { uploadImport } from '../server/imports/upload-import.ts';
import { leadSources } from '../server/lead-sources/schema.ts';
import { users } from '../server/users/schema.ts';
import { asCliError, CliError, parse, resolveWorkspace } from './commands.ts';

/**
 * `tandem import FILE --kind companies|contacts|call_list`: the same upload, mapping, preview and
 * batched run as the web app's import page, with progress on standard error. Ctrl-C stops after
 * the batch being written; `--resume ID` continues from there.
 */

const ImportOptions = z.object({
  kind: ImportKind.optional(),
  as: z.email('must be an e-mail address').optional(),
  workspaceId: z.uuid().optional(),
  dedupe: DedupeMode.default('merge'),
  map: z.array(z.string()).default([]),
  source: z.string().trim().max(100).optional(),
  leadSource: z.string().trim().min(1).optional(),
  listName: z.string().trim().min(1).max(200).optional(),
  callers: z.string().optional(),
  distribution: z.enum(['round_robin', 'region']).default('round_robin'),
  script: z.string().optional(),
  dryRun: z.boolean().default(false),
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
  errors: z.string().optional(),
  resume: z.uuid('must be an import id').optional(),
});
type ImportOptions = z.infer<typeof ImportOptions>;

export interface ImportIo {
  log: (line: string) => void;
  /** A progress line; `final` is the last one of a run. */
  progress: (line: string, final: boolean) => void;
  /** Aborting stops the run after the batch being written (Ctrl-C). */
  signal?: AbortSignal;
}

const number = (n: number) => n.toLocaleString('en-US');
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `Header=target` pairs (`Header=-` leaves the column out) applied over the suggested mapping. */
export function applyMappingOverrides(
  headers: readonly string[],
  suggested: ImportMapping,
  overrides: readonly string[],
): ImportMapping {
  const mapping: ImportMapping = { ...suggested };
  for (const pair of overrides) {
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw new CliError(`--map "${pair}": write it as "Column header=field".`);
    const header = pair.slice(0, at).trim();
    const target = pair.slice(at + 1).trim();
    if (!headers.includes(header))
      throw new CliError(
        `--map "${pair}": the file has no column "${header}". Its columns: ${headers.join(', ')}.`,
      );
    if (target === '-' || target === '') mapping[header] = null;
    else if ((IMPORT_TARGETS as readonly string[]).includes(target))
      mapping[header] = target as ImportMapping[string];
    else
      throw new CliError(
        `--map "${pair}": "${target}" is not a field; use one of ${IMPORT_TARGETS.join(', ')} or -.`,
      );
  }
  return mapping;
}

/** The person the import runs as: `--as`, else the workspace's first admin. Needs crm:import. */
async function resolveActor(
  database: Database,
  workspaceId: string,
  email: string | undefined,
): Promise<Actor> {
  const found = await database.db
    .select({ id: users.id, email: users.email, roles: users.roles, workspaceId: users.workspaceId })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, workspaceId),
        eq(users.active, true),
        email ? eq(sql`lower(${users.email})`, email.toLowerCase()) : sql`'admin' = ANY(${users.roles})`,
      ),
    )
    .orderBy(asc(users.createdAt))
    .limit(1);
  const user = found[0];
  if (!user)
    throw new CliError(
      email
        ? `No active person ${email} in this workspace.`
        : 'The workspace has no active admin; name one with --as.',
    );
  const actor = await loadActor(database, { workspaceId, id: user.id, roles: user.roles as Role[] });
  if (!actor.permissions.has('crm:import'))
    throw new CliError(`${user.email} may not import (needs the admin, head, team_lead or sdr role).`);
  return actor;
}

async function resolveLeadSource(database: Database, workspaceId: string, value: string | undefined) {
  if (!value) return undefined;
  const isId = z.uuid().safeParse(value).success;
  const [found] = await database.db
    .select({ id: leadSources.id })
    .from(leadSources)
    .where(
      and(
        eq(leadSources.workspaceId, workspaceId),
        isId ? or(eq(leadSources.id, value), eq(leadSources.name, value)) : eq(leadSources.name, value),
      ),
    );
  if (!found) throw new CliError(`--lead-source: no lead source "${value}" in this workspace.`);
  return found.id;
}

async function resolveCallers(database: Database, workspaceId: string, list: string | undefined) {
  const emails = (list ?? '')
    .split(',')
    .map((email) => email.trim().toLowerCase())
    .filter(Boolean);
  if (emails.length === 0)
    throw new CliError('--callers: a call list needs the e-mails of its callers, comma-separated.');
  const found = await database.db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, workspaceId),
        eq(users.active, true),
        inArray(sql`lower(${users.email})`, emails),
      ),
    );
  const byEmail = new Map(found.map((user) => [user.email.toLowerCase(), user.id]));
  const missing = emails.filter((email) => !byEmail.has(email));
  if (missing.length > 0)
    throw new CliError(`--callers: no active person ${missing.join(', ')} in this workspace.`);
  return emails.map((email) => byEmail.get(email)!);
}

export function describeProgress(progress: ImportProgress): string {
  const share = progress.fileSize > 0 ? Math.min(1, progress.bytesCommitted / progress.fileSize) : 0;
  const rate = progress.seconds > 0 ? Math.round(progress.rowsThisRun / progress.seconds) : 0;
  const { created, merged, skipped, errors } = progress.counts;
  return (
    `${(share * 100).toFixed(1).padStart(5)} %  ${number(progress.committedRows)} rows  ${number(rate)} rows/s  ` +
    `created ${number(created)} · merged ${number(merged)} · skipped ${number(skipped)} · errors ${number(errors)}`
  );
}

function printPreview(preview: ImportPreview, log: (line: string) => void): void {
  log(`First ${preview.rows.length} rows as they would be saved:`);
  for (const row of preview.rows) {
    const name = row.values.name ?? row.values.contactName ?? '';
    const match = row.company.match ?? row.contact.match;
    const matched = match
      ? ` (matches ${match.name ?? (match.row ? `row ${match.row}` : 'a record')} by ${match.by})`
      : '';
    const what =
      row.errors.length > 0
        ? `error: ${row.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`
        : `${row.action}${matched}`;
    log(`  row ${String(row.row).padStart(4)}  ${name.slice(0, 40).padEnd(40)}  ${what}`);
  }
}

function summary(result: Import, seconds: number): string {
  const { created, merged, skipped, errors } = result.counts;
  const rate = seconds > 0 ? ` (${number(Math.round(result.committedRows / seconds))} rows/s)` : '';
  return (
    `${number(result.committedRows)} rows in ${seconds.toFixed(1)} s${rate}: ${number(created)} created, ` +
    `${number(merged)} merged, ${number(skipped)} skipped, ${number(errors)} rows with errors.`
  );
}

export async function importCommand(
  database: Database,
  config: Pick<Config, 'UPLOAD_DIR' | 'IMPORT_MAX_MB' | 'IMPORT_BATCH_ROWS'>,
  file: string | undefined,
  raw: unknown,
  io: ImportIo,
): Promise<Import> {
  const options = parse(ImportOptions, raw);
  const workspaceId = await resolveWorkspace(database, options.workspaceId);
  const actor = await resolveActor(database, workspaceId, options.as);
  const started = performance.now();
  let lastShown = 0;
  const runner = new ImportRunner(
    database,
    {
      uploadDir: config.UPLOAD_DIR,
      batchRows: config.IMPORT_BATCH_ROWS ?? (database.kind === 'pglite' ? 2_000 : 10_000),
      onProgress: (progress) => {
        if (performance.now() - lastShown < 250) return;
        lastShown = performance.now();
        io.progress(describeProgress(progress), false);
      },
    },
    {
      info: () => undefined,
      error: (object) => io.log(`error: ${String((object as { err?: Error }).err?.message ?? object)}`),
    },
  );
  const stop = () => void runner.stopAll();
  io.signal?.addEventListener('abort', stop);
  try {
    const begun = options.resume
      ? await asCliError(() =>
          resumeImport(database.db, runner, actor, options.resume!, {
            singleProcess: database.kind === 'pglite',
          }),
        )
      : await uploadAndStart(database, config, runner, actor, file, options, io);
    if (begun.status === 'uploaded') return begun;
    if (options.resume)
      io.log(`Resuming ${begun.fileName} after ${number(begun.committedRows)} committed rows.`);
    await runner.settled(begun.id);
    const result = toImport(await findVisibleImport(database.db, actor, begun.id));
    const seconds = (performance.now() - started) / 1000;
    io.progress(
      `${(result.progress * 100).toFixed(1).padStart(5)} %  ${number(result.committedRows)} rows`,
      true,
    );
    if (result.status === 'completed') io.log(`Imported ${summary(result, seconds)}`);
    else if (result.status === 'interrupted')
      io.log(
        `Interrupted after ${number(result.committedRows)} rows (all of them saved). Continue with: tandem import --resume ${result.id}`,
      );
    else
      io.log(
        `Import failed: ${result.failure ?? 'unknown error'}\nContinue with: tandem import --resume ${result.id}`,
      );
    if (result.counts.errors > 0) {
      const out = options.errors ?? `${file ?? result.fileName}.errors.csv`;
      const row = await findVisibleImport(database.db, actor, result.id);
      await pipeline(errorReport(database.db, row), createWriteStream(out));
      io.log(`Row-by-row error report: ${out}`);
    }
    if (result.callListId)
      io.log('The call list is dealt out to its callers; each finds it in their call queue.');
    return result;
  } finally {
    io.signal?.removeEventListener('abort', stop);
  }
}

/** Uploads the file, shows the mapping and the preview, and (unless a dry run) starts the run. */
async function uploadAndStart(
  database: Database,
  config: Pick<Config, 'UPLOAD_DIR' | 'IMPORT_MAX_MB'>,
  runner: ImportRunner,
  actor: Actor,
  file: string | undefined,
  options: ImportOptions,
  io: ImportIo,
): Promise<Import> {
  if (!file) throw new CliError('Name the file to import, or continue an import with --resume ID.');
  if (!options.kind) throw new CliError('--kind: choose companies, contacts or call_list.');
  const kind = options.kind;
  const size = await stat(file).then(
    (found) => found.size,
    () => {
      throw new CliError(`Cannot read ${file}.`);
    },
  );
  const leadSourceId = await resolveLeadSource(database, actor.workspaceId, options.leadSource);
  const callerIds =
    kind === 'call_list' ? await resolveCallers(database, actor.workspaceId, options.callers) : [];
  if (kind === 'call_list' && !options.listName) throw new CliError('--list-name: a call list needs a name.');
  const script = options.script ? await readFile(options.script, 'utf8') : undefined;

  io.log(`Uploading ${basename(file)} (${megabytes(size)})…`);
  const { upload, created } = await asCliError(() =>
    uploadImport(
      database.db,
      { uploadDir: config.UPLOAD_DIR, maxBytes: config.IMPORT_MAX_MB * 1024 * 1024 },
      actor,
      {
        query: { kind, fileName: basename(file), sourceKey: options.source },
        body: createReadStream(file),
        idempotencyKey: options.idempotencyKey,
      },
    ),
  );
  if (!created) {
    io.log(
      `This --idempotency-key was used before, for import ${upload.id} (${upload.status}); nothing new is created.`,
    );
    if (upload.status !== 'uploaded') return upload;
  }
  const mapping = applyMappingOverrides(upload.headers, upload.suggestedMapping, options.map);
  const how =
    upload.mappingSource === 'remembered' ? 'remembered for this source' : 'guessed from the headers';
  io.log(`Columns (mapping ${how}; change with --map "Header=field"):`);
  for (const header of upload.headers)
    io.log(`  ${header.padEnd(30)} → ${mapping[header] ?? '(not imported)'}`);

  const preview = await asCliError(() =>
    previewImport(database, config.UPLOAD_DIR, actor, upload.id, {
      mapping,
      dedupe: options.dedupe,
      sourceKey: options.source,
    }),
  );
  printPreview(preview, io.log);
  if (options.dryRun) {
    io.log(`Dry run: nothing saved. The file is kept as import ${upload.id}; start it from the import page.`);
    return upload;
  }
  return asCliError(() =>
    startImport(database.db, runner, actor, upload.id, {
      mapping,
      dedupe: options.dedupe,
      sourceKey: options.source,
      leadSourceId: leadSourceId ?? null,
      ...(kind === 'call_list'
        ? {
            callList: {
              name: options.listName!,
              distribution: options.distribution,
              callerIds,
              leadSourceId: leadSourceId ?? null,
              script,
            },
          }
        : {}),
    }),
  );
}
