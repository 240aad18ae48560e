import { Command } from 'commander';
import { loadConfig } from '../server/config.ts';
import { type Database, openDatabase } from '../server/db/client.ts';
import { acquireDataDirLock } from '../server/db/data-dir-lock.ts';
import { migrate } from '../server/db/migrate.ts';
import { CliError, exportCompaniesCommand, initCommand, userAddCommand } from './commands.ts';
import { loadDemo } from './demo.ts';

const log = (line: string) => console.log(line);

/** Opens the database as the server would (DATABASE_URL or PGlite in DATA_DIR), migrated, for one command. */
async function withDatabase(work: (database: Database) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const release = config.DATABASE_URL ? () => undefined : acquireDataDirLock(config.DATA_DIR);
  const database = await openDatabase(config);
  try {
    await migrate(database);
    await work(database);
  } finally {
    await database.close();
    release();
  }
}

const program = new Command('tandem')
  .description('Tandem command line: set up workspaces and people, load demo data, export.')
  .showHelpAfterError();

program
  .command('init')
  .description('Create a workspace and its first admin')
  .requiredOption('--workspace <name>', 'workspace (company) name')
  .requiredOption('--email <email>', 'the admin’s e-mail')
  .requiredOption('--password <password>', 'the admin’s password (at least 8 characters)')
  .option('--name <name>', 'the admin’s name')
  .option('--locale <ru|en>', 'language of the defaults and the interface', 'ru')
  .option('--currency <code>', 'default currency', 'RUB')
  .option('--time-zone <zone>', 'IANA time zone', 'Europe/Moscow')
  .action((options) => withDatabase((database) => initCommand(database, options, log)));

program
  .command('demo')
  .description(
    'Load a demo digital agency (25 people, 300 companies, 600 contacts, 200 deals, 6 months of activity) and print its logins. ' +
      'Running it again adds another demo workspace whose e-mails carry +2, +3…',
  )
  .option('--locale <ru|en>', 'Russian (default) or English demo data', 'ru')
  .option('--seed <n>', 'random seed; the same seed gives the same data', '1')
  .action((options: { locale: string; seed: string }) =>
    withDatabase(async (database) => {
      if (options.locale !== 'ru' && options.locale !== 'en')
        throw new CliError('--locale: must be ru or en');
      const seed = Number(options.seed);
      if (!Number.isInteger(seed)) throw new CliError('--seed: must be a whole number');
      const started = Date.now();
      const demo = await loadDemo(database.db, { locale: options.locale, seed });
      log(`Loaded "${demo.workspaceName}" in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
      log(
        `  ${Object.entries(demo.counts)
          .map(([name, n]) => `${n} ${name}`)
          .join(', ')}`,
      );
      log(`Sign in with any of these, password "${demo.password}":`);
      for (const login of demo.logins) log(`  ${login.email.padEnd(36)} ${login.roles.join(', ')}`);
    }),
  );

const user = program.command('user').description('Manage people');
user
  .command('add')
  .description('Add a person to a workspace')
  .requiredOption('--email <email>', 'e-mail')
  .requiredOption('--name <name>', 'name')
  .requiredOption(
    '--roles <roles>',
    'comma-separated: admin, head, team_lead, sdr, sales, bizdev, am, pm, finance',
  )
  .option('--password <password>', 'password (at least 8 characters)')
  .option('--tier <1|2|3>', 'sales tier')
  .option('--workspace-id <id>', 'needed when there are several workspaces')
  .action((options) => withDatabase((database) => userAddCommand(database, options, log)));

program
  .command('export')
  .description('Export records')
  .argument('<what>', 'companies')
  .option('--format <csv|xlsx>', 'file format', 'csv')
  .option('--out <file>', 'write to a file (required for xlsx); CSV goes to standard output otherwise')
  .option('--workspace-id <id>', 'needed when there are several workspaces')
  .action((what: string, options) =>
    withDatabase(async (database) => {
      if (what !== 'companies') throw new CliError(`Cannot export "${what}" yet; try: companies.`);
      await exportCompaniesCommand(database, options, process.stdout, (line) => console.error(line));
    }),
  );

program.parseAsync().catch((error: unknown) => {
  const known =
    error instanceof CliError ||
    (error instanceof Error && /already running|Invalid configuration/.test(error.message));
  console.error(known ? `tandem: ${(error as Error).message}` : error);
  process.exit(1);
});
