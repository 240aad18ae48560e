import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

/**
 * One SQL dialect, two engines: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise.
 * Both are exposed through the same Drizzle query builder; the PGlite database is typed as the
 * node-postgres one because the builder API they share is identical (see docs/decisions/002).
 */
export type Db = NodePgDatabase;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
export type DatabaseKind = 'pglite' | 'postgresql';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Runs a script of one or more statements without parameters (migrations, DDL). */
  execScript(sql: string): Promise<void>;
  /**
   * Runs `work` on one dedicated connection, for session state such as advisory locks.
   * `query` runs one statement with positional parameters and returns its rows.
   */
  withSession<T>(work: (query: SessionQuery) => Promise<T>): Promise<T>;
  /**
   * Runs one hot statement without the query builder. On PostgreSQL a `name` makes it a named
   * prepared statement: parsed and planned once per connection, then only bound and executed.
   */
  run<Row>(statement: { name: string; text: string }, params: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
  /** The underlying driver object, for COPY and other driver-level work. */
  driver: PGlite | pg.Pool;
}

// int8 and numeric arrive as strings from node-postgres; Drizzle's bigint({ mode: 'number' }) maps them.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type SessionQuery = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export function connectPostgres(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 20 });
  // An idle connection that the server closes (a restart, a failover, pg_terminate_backend) is
  // reported on the pool; without a listener node-postgres would crash the process. The pool
  // drops that connection and opens a new one when it is next needed.
  pool.on('error', (error) => {
    if (process.env.NODE_ENV !== 'test')
      console.warn(`PostgreSQL closed an idle connection: ${error.message}`);
  });
  return {
    db: drizzlePg(pool),
    kind: 'postgresql',
    driver: pool,
    async execScript(script) {
      await pool.query(script);
    },
    async withSession(work) {
      const client = await pool.connect();
      try {
        return await work(async (text, params) => (await client.query(text, params)).rows);
      } finally {
        client.release();
      }
    },
    async run<Row>(statement: { name: string; text: string }, params: unknown[]) {
      return (await pool.query({ name: statement.name, text: statement.text, values: params })).rows as Row[];
    },
    async close() {
      await pool.end();
    },
  };
}

export function wrapPglite(client: PGlite): Database {
  return {
    db: drizzlePglite(client) as unknown as Db,
    kind: 'pglite',
    driver: client,
    async execScript(script) {
      await client.exec(script);
    },
    async withSession(work) {
      return work(async (text, params) => {
        if (params === undefined || params.length === 0) {
          const results = await client.exec(text);
          return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
        }
        return (await client.query<Record<string, unknown>>(text, params)).rows;
      });
    },
    async run<Row>(statement: { name: string; text: string }, params: unknown[]) {
      return (await client.query<Row>(statement.text, params)).rows;
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

export async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir });
  return wrapPglite(client);
}

export async function openDatabase(config: {
  DATABASE_URL?: string;
  DATA_DIR: string;
  DATABASE_POOL_SIZE?: number;
}): Promise<Database> {
  if (config.DATABASE_URL) return connectPostgres(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
  return openPglite(config.DATA_DIR);
}
