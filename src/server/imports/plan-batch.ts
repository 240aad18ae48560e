import type { DedupeMode, ImportKind, ImportMatch, ImportRowValues } from '../../contract/imports.ts';
import type { FieldError } from '../http/errors.ts';

/**
 * The de-duplication of one batch, as a pure function: given the batch's valid rows and the
 * existing records that share a key with them (found by one set-based query per key), decide for
 * every row what happens to its company and its contact, and collect what the batch writes.
 *
 * Rules (docs/imports.md):
 * - The row's main record is its company (companies, call lists) or its contact (contacts).
 * - A company is the same as an existing one — or an earlier row's — with the same tax id, else
 *   domain, else one of its contacts' phones, else e-mails. A contact is the same by e-mail, then
 *   phone; a company row's contact is looked for among that company's contacts only. In a contacts
 *   import, the contact's company is matched by tax id, domain, then exact name.
 * - dedupe merge: a matched main record gets the empty fields filled and tags, phones and e-mails
 *   added; skip: the row changes nothing (a call list still queues the company); create: the main
 *   record is always new, except that a tax id is unique in a workspace, so a taken one is an error.
 */

export type MatchKey = ImportMatch['by'];

export interface CompanyRef {
  id: string;
  name: string;
  region: string | null;
  /** May the person importing see it (else its name is not shown in a preview). */
  visible: boolean;
  /** Its tax id and domain as saved (undefined: not known), so a merge's effect on them is known. */
  taxId?: string | null;
  domain?: string | null;
}

export interface ContactRef {
  id: string;
  name: string;
  companyId: string | null;
  visible: boolean;
}

/** Existing records sharing a key with the batch; several contacts may share one phone or e-mail. */
export interface ExistingMatches {
  companiesByTaxId: Map<string, CompanyRef>;
  companiesByDomain: Map<string, CompanyRef>;
  companiesByName: Map<string, CompanyRef>;
  contactsByPhone: Map<string, ContactRef[]>;
  contactsByEmail: Map<string, ContactRef[]>;
  /** Companies reached through a matched contact. */
  companiesById: Map<string, CompanyRef>;
  /** Companies already in the call list being filled. */
  queuedCompanyIds: Set<string>;
}

export function emptyMatches(): ExistingMatches {
  return {
    companiesByTaxId: new Map(),
    companiesByDomain: new Map(),
    companiesByName: new Map(),
    contactsByPhone: new Map(),
    contactsByEmail: new Map(),
    companiesById: new Map(),
    queuedCompanyIds: new Set(),
  };
}

export interface BatchRow {
  rowNumber: number;
  values: ImportRowValues;
}

export type RecordAction = 'create' | 'merge' | 'skip' | 'link' | 'none';
export type RowAction = 'create' | 'merge' | 'skip';

export interface RecordPlan {
  action: RecordAction;
  /** The record the row ends up with (new or existing); null when none. */
  id: string | null;
  match: ImportMatch | null;
}

export interface RowPlan {
  rowNumber: number;
  values: ImportRowValues;
  /** Null when de-duplication refused the row (see `error`). */
  action: RowAction | null;
  error: FieldError | null;
  company: RecordPlan;
  contact: RecordPlan;
}

export interface NewCompany {
  id: string;
  rowNumber: number;
  name: string;
  legalName: string | null;
  taxId: string | null;
  domain: string | null;
  industry: string | null;
  region: string | null;
  size: string | null;
  tags: string[];
}

export type CompanyPatch = Omit<NewCompany, 'name' | 'rowNumber'>;

export interface NewContact {
  id: string;
  rowNumber: number;
  companyId: string | null;
  name: string;
  position: string | null;
  emails: string[];
  phones: string[];
}

export type ContactPatch = Omit<NewContact, 'name' | 'rowNumber'>;

export interface QueueEntry {
  rowNumber: number;
  companyId: string;
  contactId: string | null;
  /** The company's region (the file's, else the existing record's), for distribution by region. */
  region: string | null;
  /** Set when the company is new: it is owned by the caller it is queued for. */
  newCompany: boolean;
}

export interface BatchPlan {
  rows: RowPlan[];
  newCompanies: NewCompany[];
  companyPatches: CompanyPatch[];
  newContacts: NewContact[];
  contactPatches: ContactPatch[];
  queue: QueueEntry[];
  counts: { created: number; merged: number; skipped: number; errors: number };
}

export interface PlanOptions {
  kind: ImportKind;
  dedupe: DedupeMode;
  newId: () => string;
}

/** What a key in this batch led to: an existing record, or one a row of the batch creates. */
interface Target {
  id: string;
  isNew: boolean;
  row: number | null;
  name: string | null;
  region: string | null;
}

const fillText = (current: string | null, incoming: string | null) => current ?? incoming;
const addAll = (into: string[], more: readonly string[]) => {
  for (const item of more) if (!into.includes(item)) into.push(item);
};

function companyKeys(values: ImportRowValues, withContactKeys: boolean): [MatchKey, string][] {
  const keys: [MatchKey, string][] = [];
  if (values.taxId) keys.push(['taxId', values.taxId]);
  if (values.domain) keys.push(['domain', values.domain]);
  if (withContactKeys) {
    for (const phone of values.phones) keys.push(['phone', phone]);
    for (const email of values.emails) keys.push(['email', email]);
  }
  return keys;
}

/** A contact's keys, most telling first. */
function contactKeys(values: ImportRowValues): [MatchKey, string][] {
  return [
    ...values.emails.map((email): [MatchKey, string] => ['email', email]),
    ...values.phones.map((phone): [MatchKey, string] => ['phone', phone]),
  ];
}

const hasContactData = (values: ImportRowValues) =>
  Boolean(values.contactName) || values.phones.length > 0 || values.emails.length > 0;

export function planBatch(
  rows: readonly BatchRow[],
  existing: ExistingMatches,
  options: PlanOptions,
): BatchPlan {
  const { kind, dedupe, newId } = options;
  const plan: BatchPlan = {
    rows: [],
    newCompanies: [],
    companyPatches: [],
    newContacts: [],
    contactPatches: [],
    queue: [],
    counts: { created: 0, merged: 0, skipped: 0, errors: 0 },
  };
  const newCompanies = new Map<string, NewCompany>();
  const newContacts = new Map<string, NewContact>();
  const companyPatches = new Map<string, CompanyPatch>();
  const contactPatches = new Map<string, ContactPatch>();
  /** key → company target, for rows of this batch. */
  const companyRegistry = new Map<string, Target>();
  /** key → contact target; company rows' contacts are keyed within their company. */
  const contactRegistry = new Map<string, Target>();
  const queued = new Set<string>();

  const matchOf = (target: Target, by: MatchKey, visible: boolean): ImportMatch => ({
    id: target.isNew ? null : target.id,
    name: target.isNew || visible ? target.name : null,
    by,
    row: target.row,
  });

  // --- companies -------------------------------------------------------------------------------

  const existingCompany = (ref: CompanyRef): Target => ({
    id: ref.id,
    isNew: false,
    row: null,
    name: ref.name,
    region: ref.region,
  });

  /** The company a row's keys point to: an existing record first, then an earlier row of the batch. */
  function findCompany(
    keys: [MatchKey, string][],
    byName: string | null,
  ): { target: Target; by: MatchKey; visible: boolean } | null {
    for (const [by, key] of keys) {
      const ref =
        by === 'taxId'
          ? existing.companiesByTaxId.get(key)
          : by === 'domain'
            ? existing.companiesByDomain.get(key)
            : companyThroughContacts(by, key);
      if (ref) return { target: existingCompany(ref), by, visible: ref.visible };
      const earlier = companyRegistry.get(`${by}:${key}`);
      if (earlier) return { target: earlier, by, visible: true };
    }
    if (byName) {
      const ref = existing.companiesByName.get(byName);
      if (ref) return { target: existingCompany(ref), by: 'name', visible: ref.visible };
      const earlier = companyRegistry.get(`name:${byName}`);
      if (earlier) return { target: earlier, by: 'name', visible: true };
    }
    return null;
  }

  function companyThroughContacts(by: MatchKey, key: string): CompanyRef | undefined {
    const contacts = (by === 'phone' ? existing.contactsByPhone : existing.contactsByEmail).get(key) ?? [];
    for (const contact of contacts) {
      const company = contact.companyId ? existing.companiesById.get(contact.companyId) : undefined;
      if (company) return company;
    }
    return undefined;
  }

  function registerCompany(keys: [MatchKey, string][], byName: string | null, target: Target): void {
    for (const [by, key] of keys)
      if (!companyRegistry.has(`${by}:${key}`)) companyRegistry.set(`${by}:${key}`, target);
    if (byName && !companyRegistry.has(`name:${byName}`)) companyRegistry.set(`name:${byName}`, target);
  }

  function createCompany(row: BatchRow): Target {
    const { values } = row;
    const company: NewCompany = {
      id: newId(),
      rowNumber: row.rowNumber,
      name: values.name!,
      legalName: values.legalName,
      taxId: values.taxId,
      domain: values.domain,
      industry: values.industry,
      region: values.region,
      size: values.size,
      tags: [...values.tags],
    };
    newCompanies.set(company.id, company);
    return { id: company.id, isNew: true, row: row.rowNumber, name: company.name, region: company.region };
  }

  /** Fills the empty fields of a company (new in this batch or existing) from a row. */
  function mergeCompany(target: Target, values: ImportRowValues): void {
    const fresh = newCompanies.get(target.id);
    const into: CompanyPatch =
      fresh ??
      companyPatches.get(target.id) ??
      (() => {
        const patch: CompanyPatch = {
          id: target.id,
          legalName: null,
          taxId: null,
          domain: null,
          industry: null,
          region: null,
          size: null,
          tags: [],
        };
        companyPatches.set(target.id, patch);
        return patch;
      })();
    into.legalName = fillText(into.legalName, values.legalName);
    into.taxId = fillText(into.taxId, values.taxId);
    into.domain = fillText(into.domain, values.domain);
    into.industry = fillText(into.industry, values.industry);
    into.region = fillText(into.region, values.region);
    into.size = fillText(into.size, values.size);
    addAll(into.tags, values.tags);
  }

  // --- contacts --------------------------------------------------------------------------------

  function createContact(row: BatchRow, companyId: string | null, fallbackName: string | null): Target {
    const { values } = row;
    const contact: NewContact = {
      id: newId(),
      rowNumber: row.rowNumber,
      companyId,
      // A phone without a person's name is the company's main line, named after the company.
      name: values.contactName ?? fallbackName ?? values.emails[0] ?? values.phones[0] ?? '—',
      position: values.position,
      emails: [...values.emails],
      phones: [...values.phones],
    };
    newContacts.set(contact.id, contact);
    return { id: contact.id, isNew: true, row: row.rowNumber, name: contact.name, region: null };
  }

  function mergeContact(target: Target, values: ImportRowValues, companyId: string | null): void {
    const into: ContactPatch =
      newContacts.get(target.id) ??
      contactPatches.get(target.id) ??
      (() => {
        const patch: ContactPatch = {
          id: target.id,
          companyId: null,
          position: null,
          emails: [],
          phones: [],
        };
        contactPatches.set(target.id, patch);
        return patch;
      })();
    into.companyId = into.companyId ?? companyId;
    into.position = fillText(into.position, values.position);
    addAll(into.emails, values.emails);
    addAll(into.phones, values.phones);
  }

  /** The contact a row's e-mails and phones point to; `companyId` limits the search to one company. */
  function findContact(
    values: ImportRowValues,
    companyId: string | null | undefined,
  ): { target: Target; by: MatchKey; visible: boolean } | null {
    const scope = companyId === undefined ? '' : `${companyId}|`;
    for (const [by, key] of contactKeys(values)) {
      const refs = (by === 'email' ? existing.contactsByEmail : existing.contactsByPhone).get(key) ?? [];
      const ref = companyId === undefined ? refs[0] : refs.find((contact) => contact.companyId === companyId);
      if (ref) {
        return {
          target: { id: ref.id, isNew: false, row: null, name: ref.name, region: null },
          by,
          visible: ref.visible,
        };
      }
      const earlier = contactRegistry.get(`${scope}${by}:${key}`);
      if (earlier) return { target: earlier, by, visible: true };
    }
    return null;
  }

  function registerContact(
    values: ImportRowValues,
    companyId: string | null | undefined,
    target: Target,
  ): void {
    const scope = companyId === undefined ? '' : `${companyId}|`;
    for (const [by, key] of contactKeys(values)) {
      const name = `${scope}${by}:${key}`;
      if (!contactRegistry.has(name)) contactRegistry.set(name, target);
    }
  }

  const none: RecordPlan = { action: 'none', id: null, match: null };

  // --- rows ------------------------------------------------------------------------------------

  function planCompanyRow(row: BatchRow): RowPlan {
    const { values } = row;
    const keys = companyKeys(values, true);
    const found = findCompany(keys, null);
    let company: RecordPlan;
    let target: Target;
    if (dedupe === 'create' || !found) {
      const taxTaken =
        values.taxId &&
        (existing.companiesByTaxId.get(values.taxId) ?? companyRegistry.get(`taxId:${values.taxId}`));
      if (taxTaken) {
        const owner = 'isNew' in taxTaken && taxTaken.isNew ? `row ${taxTaken.row}` : `an existing company`;
        return {
          rowNumber: row.rowNumber,
          values,
          action: null,
          error: {
            field: 'taxId',
            message: `The tax id ${values.taxId} already belongs to ${owner}; a tax id is unique, so this row was not created (choose merge or skip to update it instead).`,
          },
          company: none,
          contact: none,
        };
      }
      target = createCompany(row);
      company = { action: 'create', id: target.id, match: null };
    } else {
      target = found.target;
      const match = matchOf(found.target, found.by, found.visible);
      if (dedupe === 'merge') mergeCompany(target, values);
      company = { action: dedupe, id: target.id, match };
    }
    registerCompany(keys, null, target);

    let contact: RecordPlan = none;
    if (hasContactData(values)) {
      if (company.action === 'create') {
        const created = createContact(row, target.id, target.name);
        registerContact(values, target.id, created);
        contact = { action: 'create', id: created.id, match: null };
      } else {
        const foundContact = findContact(values, target.id);
        if (foundContact) {
          if (dedupe === 'merge') mergeContact(foundContact.target, values, target.id);
          registerContact(values, target.id, foundContact.target);
          contact = {
            action: dedupe === 'merge' ? 'merge' : 'skip',
            id: foundContact.target.id,
            match: matchOf(foundContact.target, foundContact.by, foundContact.visible),
          };
        } else if (dedupe === 'merge') {
          const created = createContact(row, target.id, target.name);
          registerContact(values, target.id, created);
          contact = { action: 'create', id: created.id, match: null };
        }
      }
    }

    if (kind === 'call_list' && !queued.has(target.id) && !existing.queuedCompanyIds.has(target.id)) {
      queued.add(target.id);
      plan.queue.push({
        rowNumber: row.rowNumber,
        companyId: target.id,
        contactId: contact.id,
        region: values.region ?? target.region,
        newCompany: company.action === 'create',
      });
    }
    return {
      rowNumber: row.rowNumber,
      values,
      action: company.action as RowAction,
      error: null,
      company,
      contact,
    };
  }

  function planContactRow(row: BatchRow): RowPlan {
    const { values } = row;
    const found = dedupe === 'create' ? null : findContact(values, undefined);
    if (found && dedupe === 'skip') {
      registerContact(values, undefined, found.target);
      return {
        rowNumber: row.rowNumber,
        values,
        action: 'skip',
        error: null,
        company: none,
        contact: {
          action: 'skip',
          id: found.target.id,
          match: matchOf(found.target, found.by, found.visible),
        },
      };
    }

    // The contact's company: matched by tax id, domain or exact name, else created when named.
    let company: RecordPlan = none;
    const companyKeyList = companyKeys(values, false);
    if (companyKeyList.length > 0 || values.name) {
      const foundCompany = findCompany(companyKeyList, values.name);
      if (foundCompany) {
        if (dedupe === 'merge') mergeCompany(foundCompany.target, values);
        registerCompany(companyKeyList, values.name, foundCompany.target);
        company = {
          action: dedupe === 'merge' ? 'merge' : 'link',
          id: foundCompany.target.id,
          match: matchOf(foundCompany.target, foundCompany.by, foundCompany.visible),
        };
      } else if (values.name) {
        const created = createCompany(row);
        registerCompany(companyKeyList, values.name, created);
        company = { action: 'create', id: created.id, match: null };
      }
    }

    let contact: RecordPlan;
    if (found) {
      mergeContact(found.target, values, company.id);
      registerContact(values, undefined, found.target);
      contact = {
        action: 'merge',
        id: found.target.id,
        match: matchOf(found.target, found.by, found.visible),
      };
    } else {
      const created = createContact(row, company.id, null);
      registerContact(values, undefined, created);
      contact = { action: 'create', id: created.id, match: null };
    }
    return {
      rowNumber: row.rowNumber,
      values,
      action: contact.action as RowAction,
      error: null,
      company,
      contact,
    };
  }

  for (const row of rows) {
    const rowPlan = kind === 'contacts' ? planContactRow(row) : planCompanyRow(row);
    plan.rows.push(rowPlan);
    if (rowPlan.action === 'create') plan.counts.created++;
    else if (rowPlan.action === 'merge') plan.counts.merged++;
    else if (rowPlan.action === 'skip') plan.counts.skipped++;
    else plan.counts.errors++;
  }
  plan.newCompanies = [...newCompanies.values()];
  plan.companyPatches = [...companyPatches.values()];
  plan.newContacts = [...newContacts.values()];
  plan.contactPatches = [...contactPatches.values()];
  return plan;
}

export interface Caller {
  id: string;
  region: string | null;
}

/**
 * Deals queue entries out to callers: each goes to the caller with the fewest items in the list so
 * far (ties to the earlier caller in the list), which is round robin that survives a resume. By
 * region, the callers whose region is the company's are tried first; when none is, all are.
 * `loads` (items per caller so far) is updated in place.
 */
export function assignCallers(
  entries: readonly QueueEntry[],
  callers: readonly Caller[],
  distribution: 'round_robin' | 'region',
  loads: Map<string, number>,
): string[] {
  const sameRegion = (a: string | null, b: string | null) =>
    a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
  return entries.map((entry) => {
    const regional =
      distribution === 'region' ? callers.filter((c) => sameRegion(c.region, entry.region)) : [];
    const pool = regional.length > 0 ? regional : callers;
    let best = pool[0]!;
    for (const caller of pool) if ((loads.get(caller.id) ?? 0) < (loads.get(best.id) ?? 0)) best = caller;
    loads.set(best.id, (loads.get(best.id) ?? 0) + 1);
    return best.id;
  });
}

/**
 * What a later batch must know of this batch's writes while they are not committed yet (two
 * batches are written at once on PostgreSQL, decision 016): the keys of the companies and contacts
 * it creates, the keys its merges add to existing ones (as the merge's SQL leaves them: empty fields
 * filled, phones and e-mails added), and the companies it queues. Laid over the later batch's own
 * lookups with `layMatches`, the later batch plans as if this one had been committed before it.
 */
export function carryOver(plan: BatchPlan, existing: ExistingMatches): ExistingMatches {
  const carried = emptyMatches();
  const companies = new Map<string, CompanyRef>();
  for (const map of [
    existing.companiesByTaxId,
    existing.companiesByDomain,
    existing.companiesByName,
    existing.companiesById,
  ])
    for (const ref of map.values()) companies.set(ref.id, ref);
  const contacts = new Map<string, ContactRef>();
  for (const map of [existing.contactsByPhone, existing.contactsByEmail])
    for (const list of map.values()) for (const ref of list) contacts.set(ref.id, ref);

  const setCompanyKeys = (ref: CompanyRef, name: string | null) => {
    if (ref.taxId && !carried.companiesByTaxId.has(ref.taxId)) carried.companiesByTaxId.set(ref.taxId, ref);
    if (ref.domain && !carried.companiesByDomain.has(ref.domain))
      carried.companiesByDomain.set(ref.domain, ref);
    if (name && !carried.companiesByName.has(name)) carried.companiesByName.set(name, ref);
    carried.companiesById.set(ref.id, ref);
  };
  for (const company of plan.newCompanies) {
    const ref: CompanyRef = {
      id: company.id,
      name: company.name,
      region: company.region,
      visible: true,
      taxId: company.taxId,
      domain: company.domain,
    };
    companies.set(ref.id, ref);
    setCompanyKeys(ref, company.name);
  }
  for (const patch of plan.companyPatches) {
    const before = companies.get(patch.id);
    if (!before) continue;
    // coalesce(saved, incoming), as the UPDATE does; a saved value not known is left out.
    const after: CompanyRef = {
      ...before,
      region: before.region ?? patch.region,
      taxId: before.taxId === undefined ? undefined : (before.taxId ?? patch.taxId),
      domain: before.domain === undefined ? undefined : (before.domain ?? patch.domain),
    };
    companies.set(after.id, after);
    setCompanyKeys(after, null);
  }

  const addContact = (ref: ContactRef, phones: readonly string[], emails: readonly string[]) => {
    for (const [map, keys] of [
      [carried.contactsByPhone, phones],
      [carried.contactsByEmail, emails],
    ] as const) {
      for (const key of keys) {
        const list = map.get(key) ?? [];
        if (!list.some((other) => other.id === ref.id)) list.push(ref);
        map.set(key, list);
      }
    }
    const company = ref.companyId ? companies.get(ref.companyId) : undefined;
    if (company && !carried.companiesById.has(company.id)) carried.companiesById.set(company.id, company);
  };
  for (const contact of plan.newContacts)
    addContact(
      { id: contact.id, name: contact.name, companyId: contact.companyId, visible: true },
      contact.phones,
      contact.emails,
    );
  for (const patch of plan.contactPatches) {
    const before = contacts.get(patch.id);
    if (!before) continue;
    addContact({ ...before, companyId: before.companyId ?? patch.companyId }, patch.phones, patch.emails);
  }
  for (const entry of plan.queue) carried.queuedCompanyIds.add(entry.companyId);
  return carried;
}

/**
 * Lays `carried` (an earlier batch's uncommitted writes) under the records found in the database
 * for `rows`: for each of the rows' keys the database's answer wins, else the earlier batch's.
 */
export function layMatches(
  found: ExistingMatches,
  carried: ExistingMatches,
  rows: readonly BatchRow[],
): ExistingMatches {
  const company = (into: Map<string, CompanyRef>, from: Map<string, CompanyRef>, key: string | null) => {
    if (key === null || into.has(key)) return;
    const ref = from.get(key);
    if (ref) into.set(key, ref);
  };
  const contacts = (into: Map<string, ContactRef[]>, from: Map<string, ContactRef[]>, key: string) => {
    const refs = from.get(key);
    if (!refs) return;
    const list = into.get(key) ?? [];
    for (const ref of refs) {
      if (list.some((other) => other.id === ref.id)) continue;
      list.push(ref);
      if (ref.companyId && !found.companiesById.has(ref.companyId)) {
        const owner = carried.companiesById.get(ref.companyId);
        if (owner) found.companiesById.set(owner.id, owner);
      }
    }
    into.set(key, list);
  };
  for (const { values } of rows) {
    company(found.companiesByTaxId, carried.companiesByTaxId, values.taxId);
    company(found.companiesByDomain, carried.companiesByDomain, values.domain);
    company(found.companiesByName, carried.companiesByName, values.name);
    for (const phone of values.phones) contacts(found.contactsByPhone, carried.contactsByPhone, phone);
    for (const email of values.emails) contacts(found.contactsByEmail, carried.contactsByEmail, email);
  }
  for (const id of carried.queuedCompanyIds) found.queuedCompanyIds.add(id);
  return found;
}
