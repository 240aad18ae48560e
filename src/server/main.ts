import { handBackEndedAbsences } from './absences/routes.ts';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { acquireDataDirLock, DataDirLockedError } from './db/data-dir-lock.ts';
import { migrate } from './db/migrate.ts';
import { runRobotPass } from './robots/run-robots.ts';
import { ensureFirstAdmin } from './workspaces/ensure-first-admin.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const releaseLock = config.DATABASE_URL ? () => undefined : acquireDataDirLock(config.DATA_DIR);
  const database = await openDatabase(config);
  const applied = await migrate(database);
  const app = await buildApp({ database, config });
  if (applied.length > 0) app.log.info({ applied }, 'migrations applied');
  const firstAdmin = await ensureFirstAdmin(database.db, config);
  if (firstAdmin === 'created') app.log.info({ email: config.TANDEM_ADMIN_EMAIL }, 'first admin created');

  // Work covered during an absence goes back to its person once the absence is over.
  const handBack = () =>
    handBackEndedAbsences(database.db).catch((error: unknown) =>
      app.log.error({ error }, 'hand-back failed'),
    );
  await handBack();
  const handBackTimer = setInterval(handBack, 10 * 60 * 1000);
  handBackTimer.unref();

  // Robot passes (docs/account-work.md): with several processes, one runs each pass.
  const robotPass = () =>
    runRobotPass(database, { trigger: 'schedule' })
      .then((result) => {
        if (result.ran) app.log.info({ byRule: result.byRule, ms: result.durationMs }, 'robot pass');
      })
      .catch((error: unknown) => app.log.error({ error }, 'robot pass failed'));
  const robotTimer =
    config.ROBOTS_INTERVAL_MINUTES > 0
      ? setInterval(robotPass, config.ROBOTS_INTERVAL_MINUTES * 60 * 1000)
      : null;
  robotTimer?.unref();

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    clearInterval(handBackTimer);
    if (robotTimer) clearInterval(robotTimer);
    await app.close();
    await database.close();
    releaseLock();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(
    { database: database.kind, dataDir: database.kind === 'pglite' ? config.DATA_DIR : undefined },
    `Tandem is up on http://localhost:${config.PORT}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
  } else {
    console.error('Tandem failed to start:', error);
  }
  process.exit(1);
});
