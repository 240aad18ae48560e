import { and, asc, eq } from 'drizzle-orm';
import pg from 'pg';
import type { Role } from '../src/server/access/roles.ts';
import { hashPassword } from '../src/server/auth/secrets.ts';
import { connectPostgres, type Database } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { leadSources } from '../src/server/lead-sources/schema.ts';
import { pipelines, stages } from '../src/server/pipelines/schema.ts';
import { teamMembers, teams } from '../src/server/teams/schema.ts';
import { users } from '../src/server/users/schema.ts';
import { createWorkspace } from '../src/server/workspaces/create-workspace.ts';
import { copyRows, type TableLoad } from './copy.ts';
import type { CopyValue } from './copy-text.ts';
import { databaseUrl } from './options.ts';
import { ADMIN_EMAIL, BENCH_PASSWORD, staff } from './people.ts';
import {
  ACTIVITY_COLUMNS,
  activityRow,
  COMPANY_COLUMNS,
  CONTACT_COLUMNS,
  companyRow,
  contactRow,
  DEAL_COLUMNS,
  dealRow,
  type GenerationPlan,
  type OwnerRole,
  type StageKind,
  stageWeights,
} from './rows.ts';

export interface GenerationReport {
  /** When the data was generated (a --skip-generate run reports the generation it reuses). */
  generatedAt: string;
  tables: TableLoad[];
  /** Rebuilding secondary indexes and re-adding foreign keys after the load. */
  indexSeconds: number;
  vacuumSeconds: number;
  totalSeconds: number;
}

const BULK_TABLES = ['companies', 'contacts', 'deals', 'activities'] as const;

const seconds = (since: number) => (performance.now() - since) / 1000;

export async function recreateDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

/** The workspace, its 200 people and teams; returns what the row generators need. */
export async function createPeople(
  database: Database,
  counts: GenerationPlan['counts'],
): Promise<GenerationPlan> {
  const { db } = database;
  const { workspaceId } = await createWorkspace(db, {
    name: 'Bench workspace',
    locale: 'ru',
    admin: { email: ADMIN_EMAIL, password: BENCH_PASSWORD, name: 'Администратор' },
  });
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const people = await db
    .insert(users)
    .values(staff().map((person) => ({ workspaceId, passwordHash, locale: 'ru' as const, ...person })))
    .returning({ id: users.id, roles: users.roles });
  const byRole = (role: Role) => people.filter((person) => person.roles.includes(role));

  // Each team lead leads a team of AMs and salespeople, dealt out in turn.
  const leads = byRole('team_lead');
  const createdTeams = await db
    .insert(teams)
    .values(leads.map((lead, n) => ({ workspaceId, name: `Команда ${n + 1}`, leadUserId: lead.id })))
    .returning({ id: teams.id });
  const members = [...byRole('am'), ...byRole('sales')];
  await db.insert(teamMembers).values(
    members.map((member, n) => ({
      workspaceId,
      teamId: createdTeams[n % createdTeams.length]!.id,
      userId: member.id,
    })),
  );

  const sources = await db
    .select({ id: leadSources.id })
    .from(leadSources)
    .where(eq(leadSources.workspaceId, workspaceId));
  const [pipeline] = await db
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.isDefault, true)));
  if (!pipeline) throw new Error('The new workspace has no default pipeline');
  const pipelineStages = await db
    .select({ id: stages.id, kind: stages.kind })
    .from(stages)
    .where(and(eq(stages.workspaceId, workspaceId), eq(stages.pipelineId, pipeline.id)))
    .orderBy(asc(stages.position));

  const ids = (role: OwnerRole) => byRole(role).map((person) => person.id);
  return {
    workspaceId,
    now: new Date(),
    counts,
    owners: { am: ids('am'), sales: ids('sales'), sdr: ids('sdr'), bizdev: ids('bizdev') },
    leadSourceIds: sources.map((source) => source.id),
    pipelineId: pipeline.id,
    stages: pipelineStages.map((stage) => ({ id: stage.id, kind: stage.kind as StageKind })),
  };
}

type RowMaker = (index: number, plan: GenerationPlan, weights: number[]) => CopyValue[];

export interface DeferredSchema {
  indexes: { name: string; definition: string }[];
  foreignKeys: { table: string; name: string; definition: string }[];
}

/**
 * Secondary indexes and foreign keys of the bulk tables, exactly as the migrations made them.
 * They are dropped for the load and rebuilt after it (what pg_restore does): building an index
 * once is much faster than maintaining it row by row, and re-adding a foreign key has PostgreSQL
 * validate every reference in one pass.
 */
export async function deferredSchema(
  client: pg.PoolClient,
  tables: readonly string[] = BULK_TABLES,
): Promise<DeferredSchema> {
  const indexes = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition
       FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
      ORDER BY i.indexname`,
    [tables],
  );
  const foreignKeys = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c
      WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY($1)
      ORDER BY c.conname`,
    [tables],
  );
  return { indexes: indexes.rows, foreignKeys: foreignKeys.rows };
}

/** The report stored by generate() in the database's comment, if any. */
export async function previousGeneration(
  client: pg.Pool,
  database: string,
): Promise<GenerationReport | null> {
  const { rows } = await client.query<{ comment: string | null }>(
    'SELECT shobj_description(oid, $2) AS comment FROM pg_database WHERE datname = $1',
    [database, 'pg_database'],
  );
  const comment = rows[0]?.comment;
  if (!comment) return null;
  try {
    return JSON.parse(comment) as GenerationReport;
  } catch {
    return null;
  }
}

export interface GenerateOptions {
  baseUrl: string;
  database: string;
  deals: number;
  activities: number;
  log?: (line: string) => void;
}

export async function generate(options: GenerateOptions): Promise<GenerationReport> {
  const log = options.log ?? console.log;
  const started = performance.now();
  await recreateDatabase(options.baseUrl, options.database);
  const database = connectPostgres(databaseUrl(options.baseUrl, options.database), { max: 2 });
  try {
    await migrate(database);
    const counts = {
      companies: Math.max(1, Math.round(options.deals / 2)),
      contacts: options.deals,
      deals: options.deals,
      activities: options.activities,
    };
    const plan = await createPeople(database, counts);
    log(`workspace ${plan.workspaceId}: 200 people, ${plan.stages.length} stages`);

    const pool = database.driver as pg.Pool;
    const client = await pool.connect();
    try {
      const deferred = await deferredSchema(client);
      for (const key of deferred.foreignKeys) {
        await client.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${key.name}`);
      }
      for (const index of deferred.indexes) await client.query(`DROP INDEX ${index.name}`);

      const weights = stageWeights(plan.stages);
      const tables: TableLoad[] = [];
      const load = async (table: string, columns: readonly string[], rows: number, row: RowMaker) => {
        const result = await copyRows(client, table, columns, rows, (index) => row(index, plan, weights));
        log(
          `${table.padEnd(10)} ${result.rows.toLocaleString('en')} rows in ${result.seconds.toFixed(1)} s ` +
            `(${Math.round(result.rowsPerSecond).toLocaleString('en')} rows/s)`,
        );
        tables.push(result);
      };
      await load('companies', COMPANY_COLUMNS, counts.companies, companyRow);
      await load('contacts', CONTACT_COLUMNS, counts.contacts, contactRow);
      await load('deals', DEAL_COLUMNS, counts.deals, dealRow);
      await load('activities', ACTIVITY_COLUMNS, counts.activities, activityRow);

      const indexStarted = performance.now();
      await client.query(`SET maintenance_work_mem = '512MB'`);
      for (const index of deferred.indexes) await client.query(index.definition);
      for (const key of deferred.foreignKeys) {
        await client.query(`ALTER TABLE ${key.table} ADD CONSTRAINT ${key.name} ${key.definition}`);
      }
      const after = await deferredSchema(client);
      if (
        after.indexes.length !== deferred.indexes.length ||
        after.foreignKeys.length !== deferred.foreignKeys.length
      ) {
        throw new Error('The rebuilt indexes and foreign keys differ from the migrated ones');
      }
      const indexSeconds = seconds(indexStarted);
      log(
        `${deferred.indexes.length} indexes built and ${deferred.foreignKeys.length} foreign keys ` +
          `validated in ${indexSeconds.toFixed(1)} s`,
      );

      // VACUUM sets the visibility map and hint bits, as autovacuum would in a live database, so
      // the measurement neither pays for first-read hint-bit writes nor races autovacuum; then
      // ANALYZE gives the planner real statistics, and a checkpoint flushes the load.
      const vacuumStarted = performance.now();
      await client.query('VACUUM (ANALYZE)');
      await client.query('CHECKPOINT').catch((error: Error) => log(`CHECKPOINT skipped: ${error.message}`));
      const vacuumSeconds = seconds(vacuumStarted);
      log(`VACUUM (ANALYZE) and CHECKPOINT in ${vacuumSeconds.toFixed(1)} s`);
      const report: GenerationReport = {
        generatedAt: plan.now.toISOString(),
        tables,
        indexSeconds,
        vacuumSeconds,
        totalSeconds: seconds(started),
      };
      // Kept with the database, so a later --skip-generate run can report how it was made.
      const comment = JSON.stringify(report).replace(/'/g, "''");
      await client.query(`COMMENT ON DATABASE ${options.database} IS '${comment}'`);
      return report;
    } finally {
      client.release();
    }
  } finally {
    await database.close();
  }
}
