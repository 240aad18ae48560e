import { handBackEndedAbsences } from './absences/routes.ts';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { acquireDataDirLock, DataDirLockedError } from './db/data-dir-lock.ts';
import { migrate } from './db/migrate.ts';
import { fillCurrentOwnerPeriods } from './kpis/figures.ts';
import { runMoneyRobots } from './money/money-robots.ts';
import { sendDailyDigests } from './notifications/send-digests.ts';
import { startPeriodic } from './periodic.ts';
import { runRobotPass } from './robots/run-robots.ts';
import { deliverDueWebhooks } from './webhooks/deliver.ts';
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

  const jobs = [
    // Work covered during an absence goes back to its person once the absence is over.
    startPeriodic('hand-back', 10 * 60 * 1000, () => handBackEndedAbsences(database.db), app.log),
    // Webhook deliveries written by changes (the outbox), posted and retried.
    startPeriodic('webhooks', 5 * 1000, () => deliverDueWebhooks(database), app.log),
    // Money robots: this month's invoices of recurring contracts, reminders of overdue invoices.
    // With several processes, a PostgreSQL advisory lock lets one of them run each pass.
    startPeriodic(
      'money robots',
      10 * 60 * 1000,
      () => runMoneyRobots(database, new Date(), app.log),
      app.log,
    ),
    // KPI dashboards' per-owner NRR, churn and cadence facts for the running and just-closed month
    // and quarter, counted ahead of the day's first dashboard (decision 013 §7).
    startPeriodic('kpi periods', 10 * 60 * 1000, () => fillCurrentOwnerPeriods(database.db), app.log),
    // The daily e-mail digest, from 08:00 in each workspace's time zone, once a day per person.
    startPeriodic(
      'digests',
      15 * 60 * 1000,
      () => sendDailyDigests(database, { appUrl: config.PUBLIC_URL ?? null }),
      app.log,
    ),
  ];
  // Robot passes (docs/account-work.md): with several processes, one runs each pass.
  if (config.ROBOTS_INTERVAL_MINUTES > 0) {
    jobs.push(
      startPeriodic(
        'robots',
        config.ROBOTS_INTERVAL_MINUTES * 60 * 1000,
        async () => {
          const result = await runRobotPass(database, { trigger: 'schedule' });
          if (result.ran) app.log.info({ byRule: result.byRule, ms: result.durationMs }, 'robot pass');
        },
        app.log,
      ),
    );
  }

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    for (const job of jobs) job.stop();
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
