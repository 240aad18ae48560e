import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { and, asc, eq, isNull } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { ROLES, type Role } from '../server/access/roles.ts';
import { companies } from '../server/companies/schema.ts';
import type { Database } from '../server/db/client.ts';
import { AppError } from '../server/http/errors.ts';
import { leadSources } from '../server/lead-sources/schema.ts';
import { createUser } from '../server/users/create-user.ts';
import { users } from '../server/users/schema.ts';
import { createWorkspace } from '../server/workspaces/create-workspace.ts';
import { workspaces } from '../server/workspaces/schema.ts';

/** A command's failure that the user can fix; printed as one line, exit code 1. */
export class CliError extends Error {}

export function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(
      `--${String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** AppError from a use case (e-mail taken…) becomes a one-line CLI error. */
export async function asCliError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message);
    throw error;
  }
}

const InitOptions = z.object({
  workspace: z.string().trim().min(1, 'is required'),
  email: z.email('must be an e-mail address'),
  password: z.string().min(8, 'must be at least 8 characters'),
  name: z.string().trim().min(1).optional(),
  locale: z.enum(['ru', 'en']).default('ru'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter code such as RUB')
    .default('RUB'),
  timeZone: z.string().default('Europe/Moscow'),
});

export async function initCommand(
  database: Database,
  raw: unknown,
  log: (line: string) => void,
): Promise<void> {
  const options = parse(InitOptions, raw);
  const { workspaceId } = await asCliError(() =>
    createWorkspace(database.db, {
      name: options.workspace,
      locale: options.locale,
      currency: options.currency,
      timeZone: options.timeZone,
      admin: { email: options.email, password: options.password, name: options.name },
    }),
  );
  log(`Created workspace "${options.workspace}" (${workspaceId}) with admin ${options.email}.`);
}

const UserAddOptions = z.object({
  email: z.email('must be an e-mail address'),
  name: z.string().trim().min(1, 'is required'),
  roles: z
    .string()
    .transform((value) => value.split(',').map((role) => role.trim()))
    .pipe(z.array(z.enum(ROLES, { message: `must be among ${ROLES.join(', ')}` })).min(1)),
  password: z.string().min(8, 'must be at least 8 characters').optional(),
  tier: z.coerce.number().int().min(1).max(3).optional(),
  workspaceId: z.uuid().optional(),
});

/** The workspace a command acts on: the one given, or the only one there is. */
export async function resolveWorkspace(database: Database, workspaceId: string | undefined): Promise<string> {
  const all = await database.db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces);
  if (workspaceId) {
    if (!all.some((w) => w.id === workspaceId)) throw new CliError(`No workspace ${workspaceId}.`);
    return workspaceId;
  }
  if (all.length === 1) return all[0]!.id;
  if (all.length === 0) throw new CliError('There is no workspace yet. Run `tandem init` first.');
  throw new CliError(
    `There are ${all.length} workspaces; choose one with --workspace-id:\n${all.map((w) => `  ${w.id}  ${w.name}`).join('\n')}`,
  );
}

export async function userAddCommand(
  database: Database,
  raw: unknown,
  log: (line: string) => void,
): Promise<void> {
  const options = parse(UserAddOptions, raw);
  const workspaceId = await resolveWorkspace(database, options.workspaceId);
  const user = await asCliError(() =>
    createUser(database.db, {
      workspaceId,
      email: options.email,
      name: options.name,
      password: options.password,
      roles: options.roles as Role[],
      tier: options.tier as 1 | 2 | 3 | undefined,
    }),
  );
  log(
    `Added ${user.name} <${user.email}> as ${user.roles.join(', ')}${options.password ? '' : ' (no password yet: an admin sets one)'}.`,
  );
}

const ExportOptions = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  out: z.string().optional(),
  workspaceId: z.uuid().optional(),
});

export const COMPANY_EXPORT_COLUMNS = [
  'id',
  'name',
  'legal_name',
  'tax_id',
  'domain',
  'industry',
  'region',
  'size',
  'status',
  'tags',
  'lead_source',
  'owner_email',
  'created_at',
] as const;

/** Every non-archived company of the workspace, as CSV (UTF-8 with BOM, for Excel) or XLSX. */
export async function exportCompaniesCommand(
  database: Database,
  raw: unknown,
  stdout: Writable,
  log: (line: string) => void,
): Promise<number> {
  const options = parse(ExportOptions, raw);
  if (options.format === 'xlsx' && !options.out) throw new CliError('--out FILE is required for xlsx.');
  const workspaceId = await resolveWorkspace(database, options.workspaceId);
  const rows = await database.db
    .select({ company: companies, ownerEmail: users.email, leadSource: leadSources.name })
    .from(companies)
    .leftJoin(users, and(eq(users.workspaceId, companies.workspaceId), eq(users.id, companies.ownerId)))
    .leftJoin(
      leadSources,
      and(eq(leadSources.workspaceId, companies.workspaceId), eq(leadSources.id, companies.leadSourceId)),
    )
    .where(and(eq(companies.workspaceId, workspaceId), isNull(companies.archivedAt)))
    .orderBy(asc(companies.name), asc(companies.id));
  const records = rows.map(({ company, ownerEmail, leadSource }) => [
    company.id,
    company.name,
    company.legalName ?? '',
    company.taxId ?? '',
    company.domain ?? '',
    company.industry ?? '',
    company.region ?? '',
    company.size ?? '',
    company.status,
    company.tags.join(';'),
    leadSource ?? '',
    ownerEmail ?? '',
    company.createdAt.toISOString(),
  ]);

  if (options.format === 'xlsx') {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Companies');
    sheet.addRow([...COMPANY_EXPORT_COLUMNS]);
    sheet.getRow(1).font = { bold: true };
    sheet.addRows(records);
    await workbook.xlsx.writeFile(options.out!);
  } else {
    const target = options.out ? createWriteStream(options.out) : stdout;
    const csv = stringify({ header: true, columns: [...COMPANY_EXPORT_COLUMNS], bom: true });
    const done = new Promise<void>((resolve, reject) => {
      csv.on('error', reject);
      if (options.out) target.on('finish', resolve).on('error', reject);
      else csv.on('end', resolve);
    });
    csv.pipe(target, { end: Boolean(options.out) });
    for (const record of records) csv.write(record);
    csv.end();
    await done;
  }
  if (options.out) log(`Exported ${records.length} companies to ${options.out}.`);
  return records.length;
}
