import { Command } from 'commander';
import { type Config, loadConfig } from '../server/config.ts';
import { type Database, openDatabase } from '../server/db/client.ts';
import { acquireDataDirLock } from '../server/db/data-dir-lock.ts';
import { migrate } from '../server/db/migrate.ts';
import { CliError, exportCompaniesCommand, initCommand, userAddCommand } from './commands.ts';
import { loadDemo } from './demo.ts';
import { importCommand } from './import-command.ts';

const log = (line: string) => console.log(line);

/** Opens the database as the server would (DATABASE_URL or PGlite in DATA_DIR), migrated, for one command. */
async function withDatabase(work: (database: Database, config: Config) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const release = config.DATABASE_URL ? () => undefined : acquireDataDirLock(config.DATA_DIR);
  const database = await openDatabase(config);
  try {
    await migrate(database);
    await work(database, config);
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

/** Progress on standard error: one line rewritten in a terminal, a line every few seconds in a log. */
function progressPrinter(): (line: string, final: boolean) => void {
  let lastLogged = 0;
  return (line, final) => {
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
    } else if (final || Date.now() - lastLogged > 5000) {
      lastLogged = Date.now();
      process.stderr.write(`${line}\n`);
    }
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

program
  .command('import')
  .description(
    'Import companies, contacts or a call list from a CSV or XLSX file: mapping, preview, de-duplication, batches with progress. ' +
      'Ctrl-C stops after the batch being written; --resume continues.',
  )
  .argument('[file]', 'the CSV or XLSX file')
  .option('--kind <kind>', 'companies, contacts or call_list')
  .option(
    '--dedupe <mode>',
    'a row matching an existing record (tax id, domain, phone, e-mail): merge, skip or create',
    'merge',
  )
  .option(
    '--map <Header=field>',
    'map a column to a field (name, legalName, taxId, domain, industry, region, size, tags, contactName, position, email, phone) or "-" to leave it out; repeatable',
    collect,
    [],
  )
  .option('--source <key>', 'where the file comes from; its mapping is remembered under this key')
  .option('--lead-source <name|id>', 'lead source of the new companies')
  .option('--list-name <name>', 'call list: its name')
  .option('--callers <emails>', 'call list: the callers, comma-separated e-mails')
  .option('--distribution <how>', 'call list: round_robin or region', 'round_robin')
  .option('--script <file>', 'call list: a text file with the call script')
  .option('--as <email>', 'the person the import runs as (default: the first admin)')
  .option('--workspace-id <id>', 'needed when there are several workspaces')
  .option('--idempotency-key <key>', 'the same key again creates nothing twice')
  .option('--errors <file>', 'where to write the row-by-row error report (default FILE.errors.csv)')
  .option('--dry-run', 'show the mapping and the first rows as they would be saved; save nothing')
  .option('--resume <import-id>', 'continue an interrupted or failed import')
  .action((file: string | undefined, options) =>
    withDatabase(async (database, config) => {
      const controller = new AbortController();
      process.once('SIGINT', () => {
        console.error('\nStopping after the batch being written…');
        controller.abort();
      });
      const result = await importCommand(database, config, file, options, {
        log,
        progress: progressPrinter(),
        signal: controller.signal,
      });
      if (result.status === 'failed' || result.status === 'interrupted') process.exitCode = 1;
    }),
  );

program.parseAsync().catch((error: unknown) => {
  const known =
    error instanceof CliError ||
    (error instanceof Error && /already running|Invalid configuration/.test(error.message));
  console.error(known ? `tandem: ${(error as Error).message}` : error);
  process.exit(1);
});
