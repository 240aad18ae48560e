import type { ImportKind } from '../../contract/imports.ts';
import type { BulkSession } from '../db/bulk-session.ts';
import { type CopyValue, copyLine } from '../db/copy-text.ts';
import {
  type BatchPlan,
  type BatchRow,
  type CompanyRef,
  type ContactRef,
  type ExistingMatches,
  emptyMatches,
  type NewContact,
} from './plan-batch.ts';
import { timeOrderedId } from './time-ordered-id.ts';

/**
 * The set-based SQL of one batch: a handful of statements per batch whatever its size — one
 * index lookup per kind of key for the existing matches (`= ANY($1)` on btree indexes, contacts'
 * phones and e-mails through contact_keys), COPY for every new row, one UPDATE … FROM unnest()
 * per kind of merged record.
 */

export interface MatchContext {
  workspaceId: string;
  kind: ImportKind;
  /** The people whose records the importer sees; null when they see all (names in a preview). */
  visibleUserIds: string[] | null;
  /** The call list being filled, to leave out companies already queued in it. */
  callListId: string | null;
}

type Query = Pick<BulkSession, 'query'>;

interface CompanyRow {
  id: string;
  name: string;
  region: string | null;
  owner_id: string | null;
  tax_id: string | null;
  domain: string | null;
  key: string;
}

interface ContactRow {
  id: string;
  name: string;
  company_id: string | null;
  owner_id: string | null;
  key: string;
}

const unique = <T>(values: Iterable<T>) => [...new Set(values)];

export async function findExistingMatches(
  session: Query,
  context: MatchContext,
  rows: readonly BatchRow[],
): Promise<ExistingMatches> {
  const matches = emptyMatches();
  const { workspaceId } = context;
  const visible = (ownerId: string | null) =>
    context.visibleUserIds === null || (ownerId !== null && context.visibleUserIds.includes(ownerId));
  const toCompany = (row: CompanyRow): CompanyRef => ({
    id: row.id,
    name: row.name,
    region: row.region,
    visible: visible(row.owner_id),
    taxId: row.tax_id,
    domain: row.domain,
  });

  const taxIds = unique(rows.flatMap((row) => (row.values.taxId ? [row.values.taxId] : [])));
  const domains = unique(rows.flatMap((row) => (row.values.domain ? [row.values.domain] : [])));
  const names =
    context.kind === 'contacts'
      ? unique(rows.flatMap((row) => (row.values.name ? [row.values.name] : [])))
      : [];
  const phones = unique(rows.flatMap((row) => row.values.phones));
  const emails = unique(rows.flatMap((row) => row.values.emails));

  const companyQuery = (column: string) =>
    `SELECT DISTINCT ON (${column}) id, name, region, owner_id, tax_id, domain, ${column} AS key FROM companies
     WHERE workspace_id = $1 AND ${column} = ANY($2::text[]) ORDER BY ${column}, created_at, id`;
  // contact_keys (migration 0006) holds each contact's phones and e-mails in a btree.
  const contactQuery = (kind: 'phone' | 'email') =>
    `SELECT c.id, c.name, c.company_id, c.owner_id, k.key FROM contact_keys k
     JOIN contacts c ON c.workspace_id = k.workspace_id AND c.id = k.contact_id
     WHERE k.workspace_id = $1 AND k.kind = '${kind}' AND k.key = ANY($2::text[])
     ORDER BY c.created_at, c.id`;

  if (taxIds.length > 0) {
    for (const row of await session.query<CompanyRow>(companyQuery('tax_id'), [workspaceId, taxIds]))
      matches.companiesByTaxId.set(row.key, toCompany(row));
  }
  if (domains.length > 0) {
    for (const row of await session.query<CompanyRow>(companyQuery('domain'), [workspaceId, domains]))
      matches.companiesByDomain.set(row.key, toCompany(row));
  }
  if (names.length > 0) {
    for (const row of await session.query<CompanyRow>(companyQuery('name'), [workspaceId, names]))
      matches.companiesByName.set(row.key, toCompany(row));
  }
  const contactCompanyIds = new Set<string>();
  const collectContacts = (target: Map<string, ContactRef[]>, found: ContactRow[]) => {
    for (const row of found) {
      const list = target.get(row.key) ?? [];
      list.push({ id: row.id, name: row.name, companyId: row.company_id, visible: visible(row.owner_id) });
      target.set(row.key, list);
      if (row.company_id) contactCompanyIds.add(row.company_id);
    }
  };
  if (phones.length > 0)
    collectContacts(
      matches.contactsByPhone,
      await session.query<ContactRow>(contactQuery('phone'), [workspaceId, phones]),
    );
  if (emails.length > 0)
    collectContacts(
      matches.contactsByEmail,
      await session.query<ContactRow>(contactQuery('email'), [workspaceId, emails]),
    );
  if (contactCompanyIds.size > 0) {
    const found = await session.query<CompanyRow>(
      `SELECT id, name, region, owner_id, tax_id, domain, id::text AS key FROM companies WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [workspaceId, [...contactCompanyIds]],
    );
    for (const row of found) matches.companiesById.set(row.id, toCompany(row));
    // A contact's own visibility follows its company's too.
    for (const list of [...matches.contactsByPhone.values(), ...matches.contactsByEmail.values()]) {
      for (const contact of list) {
        if (!contact.visible && contact.companyId && matches.companiesById.get(contact.companyId)?.visible)
          contact.visible = true;
      }
    }
  }
  if (context.callListId) {
    const candidates = unique(
      [
        ...matches.companiesByTaxId.values(),
        ...matches.companiesByDomain.values(),
        ...matches.companiesById.values(),
      ].map((company) => company.id),
    );
    if (candidates.length > 0) {
      const queued = await session.query<{ company_id: string }>(
        `SELECT company_id FROM call_queue_items WHERE workspace_id = $1 AND call_list_id = $2 AND company_id = ANY($3::uuid[])`,
        [workspaceId, context.callListId, candidates],
      );
      for (const row of queued) matches.queuedCompanyIds.add(row.company_id);
    }
  }
  return matches;
}

export interface BatchWrite {
  workspaceId: string;
  importId: string;
  /** The person running the import: owner of what it creates outside call lists. */
  userId: string;
  leadSourceId: string | null;
  callListId: string | null;
  /** The caller of each queue entry of the plan, in order. */
  assignees: string[];
  firstPosition: number;
  errors: { rowNumber: number; field: string; message: string; raw: Record<string, string> }[];
  /** Rows read in this batch (empty ones included) and where the file was after the last. */
  rowsRead: number;
  endOffset: number;
}

const SEPARATOR = '\u001f';
const joined = (values: readonly string[]) => values.join(SEPARATOR);
const COMPANY_COLUMNS = [
  'workspace_id',
  'id',
  'name',
  'legal_name',
  'tax_id',
  'domain',
  'industry',
  'region',
  'size',
  'tags',
  'lead_source_id',
  'owner_id',
] as const;
const CONTACT_COLUMNS = [
  'workspace_id',
  'id',
  'company_id',
  'name',
  'position',
  'emails',
  'phones',
  'owner_id',
] as const;
const QUEUE_COLUMNS = [
  'workspace_id',
  'id',
  'call_list_id',
  'company_id',
  'contact_id',
  'assignee_id',
  'position',
] as const;
const ERROR_COLUMNS = ['workspace_id', 'import_id', 'row_number', 'field', 'message', 'raw'] as const;

function encode(rows: Iterable<CopyValue[]>): string {
  let text = '';
  for (const row of rows) text += copyLine(row);
  return text;
}

/**
 * Writes a planned batch and moves the import's committed row count, in the caller's transaction,
 * in two parts. `held` names records an earlier batch creates and has not committed yet (decision
 * 016): what refers to them (a contact of such a company, a queue entry for it) and every merge
 * wait for `rest`, which the caller runs once that batch has committed; `first` writes the rest.
 */
export function batchWriter(
  session: BulkSession,
  plan: BatchPlan,
  write: BatchWrite,
  held: ReadonlySet<string> = new Set(),
): { first: () => Promise<void>; rest: () => Promise<void> } {
  const { workspaceId } = write;
  // New companies in a call list belong to the caller they are queued for, so an SDR sees them.
  const ownerOfNewCompany = new Map<string, string>();
  const callerOfCompany = new Map<string, string>();
  plan.queue.forEach((entry, index) => {
    callerOfCompany.set(entry.companyId, write.assignees[index]!);
    if (entry.newCompany) ownerOfNewCompany.set(entry.companyId, write.assignees[index]!);
  });
  // Written in name order: five indexes of companies and contacts are keyed by name, and at a
  // million rows inserting 10,000 names in order costs some 20 % less than in file order, the
  // index pages being visited one after another instead of at random (decision 016). Ids are
  // time-ordered, so the indexes keyed by id still get their new entries at their right edge.
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const newCompanies = [...plan.newCompanies].sort(byName);
  const waiting = new Set(held);
  const contactsNow: NewContact[] = [];
  const contactsLater: NewContact[] = [];
  for (const contact of [...plan.newContacts].sort(byName)) {
    if (contact.companyId && held.has(contact.companyId)) {
      contactsLater.push(contact);
      waiting.add(contact.id);
    } else contactsNow.push(contact);
  }
  const queueNow: number[] = [];
  const queueLater: number[] = [];
  plan.queue.forEach((entry, index) => {
    if (waiting.has(entry.companyId) || (entry.contactId && waiting.has(entry.contactId)))
      queueLater.push(index);
    else queueNow.push(index);
  });

  const copyContacts = (contacts: readonly NewContact[]) =>
    session.copy(
      'contacts',
      CONTACT_COLUMNS,
      encode(
        contacts.map((contact) => [
          workspaceId,
          contact.id,
          contact.companyId,
          contact.name,
          contact.position,
          contact.emails,
          contact.phones,
          (contact.companyId && callerOfCompany.get(contact.companyId)) || write.userId,
        ]),
      ),
    );
  const copyQueue = async (indexes: readonly number[]) => {
    if (!write.callListId || indexes.length === 0) return;
    await session.copy(
      'call_queue_items',
      QUEUE_COLUMNS,
      encode(
        indexes.map((index) => {
          const entry = plan.queue[index]!;
          return [
            workspaceId,
            timeOrderedId(),
            write.callListId,
            entry.companyId,
            entry.contactId,
            write.assignees[index]!,
            write.firstPosition + index,
          ];
        }),
      ),
    );
  };

  return {
    async first() {
      await session.copy(
        'companies',
        COMPANY_COLUMNS,
        encode(
          newCompanies.map((company) => [
            workspaceId,
            company.id,
            company.name,
            company.legalName,
            company.taxId,
            company.domain,
            company.industry,
            company.region,
            company.size,
            company.tags,
            write.leadSourceId,
            ownerOfNewCompany.get(company.id) ?? write.userId,
          ]),
        ),
      );
      await copyContacts(contactsNow);
      await copyQueue(queueNow);
    },
    async rest() {
      await copyContacts(contactsLater);
      await writeMerges(session, plan, workspaceId);
      await copyQueue(queueLater);
      await finishBatch(session, plan, write);
    },
  };
}

/** Writes a planned batch in one go (nothing held), in the caller's transaction. */
export async function writeBatch(session: BulkSession, plan: BatchPlan, write: BatchWrite): Promise<void> {
  const writer = batchWriter(session, plan, write);
  await writer.first();
  await writer.rest();
}

async function writeMerges(session: BulkSession, plan: BatchPlan, workspaceId: string): Promise<void> {
  if (plan.companyPatches.length > 0) {
    const p = plan.companyPatches;
    await session.query(
      `UPDATE companies c SET
         legal_name = coalesce(c.legal_name, u.legal_name),
         tax_id = coalesce(c.tax_id, u.tax_id),
         domain = coalesce(c.domain, u.domain),
         industry = coalesce(c.industry, u.industry),
         region = coalesce(c.region, u.region),
         size = coalesce(c.size, u.size),
         tags = c.tags || ARRAY(SELECT t FROM unnest(string_to_array(nullif(u.tags, ''), $9)) AS t WHERE t <> ALL (c.tags)),
         updated_at = now(),
         version = c.version + 1
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $10::text[])
         AS u(id, legal_name, tax_id, domain, industry, region, size, tags)
       WHERE c.workspace_id = $1 AND c.id = u.id`,
      [
        workspaceId,
        p.map((x) => x.id),
        p.map((x) => x.legalName),
        p.map((x) => x.taxId),
        p.map((x) => x.domain),
        p.map((x) => x.industry),
        p.map((x) => x.region),
        p.map((x) => x.size),
        SEPARATOR,
        p.map((x) => joined(x.tags)),
      ],
    );
  }
  if (plan.contactPatches.length > 0) {
    const p = plan.contactPatches;
    await session.query(
      `UPDATE contacts c SET
         company_id = coalesce(c.company_id, u.company_id),
         position = coalesce(c.position, u.position),
         emails = c.emails || ARRAY(SELECT e FROM unnest(string_to_array(nullif(u.emails, ''), $7)) AS e WHERE e <> ALL (c.emails)),
         phones = c.phones || ARRAY(SELECT t FROM unnest(string_to_array(nullif(u.phones, ''), $7)) AS t WHERE t <> ALL (c.phones)),
         updated_at = now(),
         version = c.version + 1
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[])
         AS u(id, company_id, position, emails, phones)
       WHERE c.workspace_id = $1 AND c.id = u.id`,
      [
        workspaceId,
        p.map((x) => x.id),
        p.map((x) => x.companyId),
        p.map((x) => x.position),
        p.map((x) => joined(x.emails)),
        p.map((x) => joined(x.phones)),
        SEPARATOR,
      ],
    );
  }
}

/** The batch's row errors, and the import's committed rows, byte offset and counts. */
async function finishBatch(session: BulkSession, plan: BatchPlan, write: BatchWrite): Promise<void> {
  const { workspaceId } = write;
  // One line per row and field (the key of import_row_errors); several problems in one field are joined.
  const errors = new Map<string, BatchWrite['errors'][number]>();
  for (const error of write.errors) {
    const key = `${error.rowNumber}\u0000${error.field}`;
    const earlier = errors.get(key);
    if (earlier) earlier.message = `${earlier.message} ${error.message}`;
    else errors.set(key, { ...error });
  }
  await session.copy(
    'import_row_errors',
    ERROR_COLUMNS,
    encode(
      [...errors.values()].map((error) => [
        workspaceId,
        write.importId,
        error.rowNumber,
        error.field,
        error.message,
        JSON.stringify(error.raw),
      ]),
    ),
  );

  const rowsWithErrors = new Set(write.errors.map((error) => error.rowNumber)).size;
  await session.query(
    `UPDATE imports SET
       committed_rows = committed_rows + $3,
       bytes_committed = $4,
       created_count = created_count + $5,
       merged_count = merged_count + $6,
       skipped_count = skipped_count + $7,
       error_count = error_count + $8,
       updated_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [
      workspaceId,
      write.importId,
      write.rowsRead,
      write.endOffset,
      plan.counts.created,
      plan.counts.merged,
      plan.counts.skipped,
      rowsWithErrors,
    ],
  );
}
