import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { connectPostgres } from '../src/server/db/client.ts';

/**
 * The application under test, in its own process (forked by measure.ts), so the load generator
 * does not share its event loop: the real app from buildApp() on PostgreSQL, silent logs,
 * listening on 127.0.0.1 on a free port. Tells the parent the port, stops when the parent goes.
 */
async function serve(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    WEB_DIST_DIR: '.tmp/bench-no-web',
  });
  if (!config.DATABASE_URL) throw new Error('serve.ts needs DATABASE_URL');
  const database = connectPostgres(config.DATABASE_URL);
  const app = await buildApp({ database, config });
  await app.listen({ host: config.HOST, port: config.PORT });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('The server has no TCP address');
  process.send?.({ port: address.port });
  process.once('disconnect', () => {
    void app
      .close()
      .then(() => database.close())
      .finally(() => process.exit(0));
  });
}

serve().catch((error: unknown) => {
  console.error('bench server failed to start:', error);
  process.exit(1);
});
