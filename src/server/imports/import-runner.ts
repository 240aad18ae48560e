import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { STALE_AFTER_MS } from './import-dto.ts';
import { type RunOptions, runImport } from './run-import.ts';
import { imports } from './schema.ts';

interface Logger {
  error: (object: unknown, message: string) => void;
  info: (object: unknown, message: string) => void;
}

/**
 * Runs imports in the background of the server process, one task per import. Closing the server
 * stops them after the batch being written, leaving them interrupted and resumable.
 */
export class ImportRunner {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(
    private readonly database: Database,
    private readonly settings: Pick<RunOptions, 'uploadDir' | 'batchRows' | 'onProgress'>,
    private readonly log: Logger,
  ) {}

  isRunning(importId: string): boolean {
    return this.running.has(importId);
  }

  /** Starts the run of a claimed import and returns at once. */
  launch(workspaceId: string, importId: string): void {
    const controller = new AbortController();
    const done = runImport(
      this.database,
      { workspaceId, importId },
      {
        ...this.settings,
        signal: controller.signal,
        log: this.log,
      },
    )
      .then((row) => {
        this.log.info(
          { importId, status: row.status, rows: row.committedRows, failure: row.failure ?? undefined },
          'import finished',
        );
      })
      .catch((error: unknown) => {
        this.log.error({ err: error, importId }, 'import stopped by an error');
      })
      .finally(() => {
        this.running.delete(importId);
      });
    this.running.set(importId, { controller, done });
  }

  /** Waits for a run to end (tests, the CLI). */
  async settled(importId: string): Promise<void> {
    await this.running.get(importId)?.done;
  }

  async stopAll(): Promise<void> {
    for (const task of this.running.values()) task.controller.abort();
    await Promise.all([...this.running.values()].map((task) => task.done));
  }

  /**
   * At start-up: imports left running by a process that is gone are marked interrupted. PGlite is
   * one process, so every running import is such; on PostgreSQL, those without a batch committed
   * for a while (another process may be running the rest).
   */
  async markDeadImports(): Promise<number> {
    const dead =
      this.database.kind === 'pglite'
        ? eq(imports.status, 'running')
        : and(eq(imports.status, 'running'), lt(imports.updatedAt, new Date(Date.now() - STALE_AFTER_MS)));
    const rows = await this.database.db
      .update(imports)
      .set({ status: 'interrupted', updatedAt: sql`now()` })
      .where(dead)
      .returning({ id: imports.id });
    return rows.length;
  }
}
