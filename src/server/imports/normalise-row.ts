import { COMPANY_SIZES } from '../../contract/companies.ts';
import type { ImportKind, ImportMapping, ImportRowValues, ImportTarget } from '../../contract/imports.ts';
import { normalisePhone } from '../contacts/normalise-phone.ts';
import type { FieldError } from '../http/errors.ts';

/**
 * One row of a file → the values Tandem will save, or the reasons it cannot. Pure: the same row
 * gives the same answer in the preview, the run and the tests.
 */

/** For each column of the file, the field it feeds (null: not imported), and the header to name in errors. */
export interface ColumnPlan {
  targets: (ImportTarget | null)[];
  headers: string[];
  /** The header mapped to each field, for "is required" messages. */
  headerOf: Partial<Record<ImportTarget, string>>;
}

export function planColumns(headers: readonly string[], mapping: ImportMapping): ColumnPlan {
  const headerOf: Partial<Record<ImportTarget, string>> = {};
  const targets = headers.map((header) => {
    const target = mapping[header] ?? null;
    if (target && !headerOf[target]) headerOf[target] = header;
    return target;
  });
  return { targets, headers: [...headers], headerOf };
}

export interface NormalisedRow {
  values: ImportRowValues;
  errors: FieldError[];
  /** Every cell blank: the row is passed over without an error. */
  empty: boolean;
}

const SIZE_WORDS: Record<string, (typeof COMPANY_SIZES)[number]> = {
  micro: 'micro',
  микро: 'micro',
  микропредприятие: 'micro',
  small: 'small',
  малый: 'small',
  малая: 'small',
  малое: 'small',
  medium: 'medium',
  средний: 'medium',
  средняя: 'medium',
  среднее: 'medium',
  large: 'large',
  big: 'large',
  крупный: 'large',
  крупная: 'large',
  крупное: 'large',
  большой: 'large',
  enterprise: 'enterprise',
  корпорация: 'enterprise',
  корпоративный: 'enterprise',
};

export function normaliseSize(value: string): (typeof COMPANY_SIZES)[number] | null {
  return SIZE_WORDS[value.trim().toLowerCase()] ?? null;
}

/** INN: 10 digits for an organisation, 12 for a sole trader; spaces, dashes and dots are dropped. */
export function normaliseTaxId(value: string): string | null {
  const digits = value.replace(/[\s.\-–]/g, '');
  return /^(\d{10}|\d{12})$/.test(digits) ? digits : null;
}

const DOMAIN = /^([a-z0-9\p{L}-]+\.)+[a-z\p{L}]{2,}$/u;

/** example.com from whatever was pasted: https://www.Example.com/about → example.com (as the API does). */
export function normaliseDomain(value: string): string | null {
  const domain = value
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#:].*$/, '');
  return DOMAIN.test(domain) ? domain : null;
}

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:]{2,}$/;

export function normaliseEmail(value: string): string | null {
  const email = value
    .trim()
    .toLowerCase()
    .replace(/^mailto:/, '');
  return email.length <= 320 && EMAIL.test(email) ? email : null;
}

/** Cells that hold several values ("+7 495 …, +7 916 …"). */
const splitList = (value: string, separators: RegExp) =>
  value
    .split(separators)
    .map((part) => part.trim())
    .filter(Boolean);

const LIMITS: Partial<Record<ImportTarget, number>> = {
  name: 300,
  legalName: 300,
  industry: 100,
  region: 100,
  contactName: 300,
  position: 200,
};

export function emptyValues(): ImportRowValues {
  return {
    name: null,
    legalName: null,
    taxId: null,
    domain: null,
    industry: null,
    region: null,
    size: null,
    tags: [],
    contactName: null,
    position: null,
    emails: [],
    phones: [],
  };
}

type TextTarget = 'name' | 'legalName' | 'industry' | 'region' | 'contactName' | 'position';

/** The row's cells (as text) → values and errors, for an import of `kind`. */
export function normaliseRow(cells: readonly string[], plan: ColumnPlan, kind: ImportKind): NormalisedRow {
  const values = emptyValues();
  const errors: FieldError[] = [];
  let empty = true;
  const fail = (header: string, message: string) => errors.push({ field: header, message });

  for (let column = 0; column < plan.targets.length; column++) {
    const raw = cells[column];
    if (raw === undefined) continue;
    const text = raw.trim();
    if (text === '') continue;
    empty = false;
    const target = plan.targets[column];
    if (!target) continue;
    const header = plan.headers[column]!;
    switch (target) {
      case 'taxId': {
        const taxId = normaliseTaxId(text);
        if (taxId) values.taxId = values.taxId ?? taxId;
        else
          fail(header, `"${text}" is not a tax id: an INN has 10 digits (organisation) or 12 (sole trader).`);
        break;
      }
      case 'domain': {
        const domain = normaliseDomain(text);
        if (domain) values.domain = values.domain ?? domain;
        else fail(header, `"${text}" is not a web address such as example.com.`);
        break;
      }
      case 'size': {
        const size = normaliseSize(text);
        if (size) values.size = size;
        else fail(header, `"${text}" is not a size: use ${COMPANY_SIZES.join(', ')}.`);
        break;
      }
      case 'tags':
        for (const tag of splitList(text, /[,;]/)) {
          if (tag.length > 50) fail(header, `The tag "${tag.slice(0, 20)}…" is longer than 50 characters.`);
          else if (!values.tags.includes(tag)) values.tags.push(tag);
        }
        break;
      case 'email':
        for (const part of splitList(text, /[,;\s]+/)) {
          const email = normaliseEmail(part);
          if (!email) fail(header, `"${part}" is not an e-mail address.`);
          else if (!values.emails.includes(email)) values.emails.push(email);
        }
        break;
      case 'phone':
        for (const part of splitList(text, /[,;]/)) {
          const phone = normalisePhone(part, 'RU');
          if (!phone) fail(header, `"${part}" is not a phone number we can read.`);
          else if (!values.phones.includes(phone)) values.phones.push(phone);
        }
        break;
      default: {
        const limit = LIMITS[target] ?? 300;
        if (text.length > limit) fail(header, `Longer than ${limit} characters.`);
        else if (values[target as TextTarget] === null) values[target as TextTarget] = text;
      }
    }
  }
  if (empty) return { values, errors: [], empty };

  const required = (target: ImportTarget, message: string) => fail(plan.headerOf[target] ?? target, message);
  if (
    kind === 'contacts' &&
    !values.contactName &&
    !errors.some((e) => e.field === plan.headerOf.contactName)
  )
    required('contactName', 'A contact needs a name.');
  if (kind !== 'contacts' && !values.name && !errors.some((e) => e.field === plan.headerOf.name))
    required('name', 'A company needs a name.');
  if (
    kind === 'call_list' &&
    values.phones.length === 0 &&
    !errors.some((e) => e.field === plan.headerOf.phone)
  )
    required('phone', 'A call list row needs a phone number.');
  if (values.tags.length > 50) fail(plan.headerOf.tags ?? 'tags', 'More than 50 tags.');
  if (values.emails.length > 20) fail(plan.headerOf.email ?? 'email', 'More than 20 e-mail addresses.');
  if (values.phones.length > 20) fail(plan.headerOf.phone ?? 'phone', 'More than 20 phone numbers.');
  return { values, errors, empty };
}

/** Checks a mapping against the kind of import: which fields it must map, and one column per field. */
export function mappingProblems(
  headers: readonly string[],
  mapping: ImportMapping,
  kind: ImportKind,
  multiColumn: readonly ImportTarget[],
): FieldError[] {
  const problems: FieldError[] = [];
  const known = new Set(headers);
  const used = new Map<ImportTarget, string>();
  for (const [header, target] of Object.entries(mapping)) {
    if (!known.has(header)) {
      problems.push({ field: `mapping.${header}`, message: 'The file has no such column.' });
      continue;
    }
    if (!target) continue;
    const earlier = used.get(target);
    if (earlier !== undefined && !multiColumn.includes(target)) {
      problems.push({
        field: `mapping.${header}`,
        message: `"${earlier}" is already mapped to ${target}; a field takes one column.`,
      });
    }
    used.set(target, header);
  }
  const need = (target: ImportTarget, message: string) => {
    if (!used.has(target)) problems.push({ field: 'mapping', message });
  };
  if (kind === 'contacts') need('contactName', 'Map a column to the contact’s name (contactName).');
  else need('name', 'Map a column to the company name (name).');
  if (kind === 'call_list')
    need('phone', 'Map a column to the phone number (phone): a call list is for calling.');
  return problems;
}
