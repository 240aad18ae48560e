import {
  type ImportKind,
  type ImportMapping,
  type ImportTarget,
  MULTI_COLUMN_TARGETS,
} from '../../contract/imports.ts';

/** A header as compared: lower case, ё as е, punctuation as spaces, single spaces. */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * What people call each field in the files they bring, in Russian and English, already
 * normalised. Longer names come first within a field; a header matches a name exactly, or
 * contains it as whole words ("ИНН организации", "Телефон рабочий").
 */
const SYNONYMS: Record<ImportTarget, string[]> = {
  contactName: [
    'контактное лицо',
    'имя контакта',
    'фио',
    'контакт',
    'contact person',
    'contact name',
    'full name',
    'contact',
    'person',
  ],
  legalName: [
    'полное наименование',
    'юридическое название',
    'юридическое лицо',
    'юр лицо',
    'юрлицо',
    'legal entity',
    'legal name',
  ],
  name: [
    'название компании',
    'наименование',
    'название',
    'компания',
    'организация',
    'клиент',
    'company name',
    'organisation',
    'organization',
    'company',
    'account',
  ],
  taxId: ['инн', 'inn', 'tax id', 'taxid', 'tin', 'vat number', 'vat'],
  domain: ['веб сайт', 'вебсайт', 'сайт', 'домен', 'website', 'web site', 'domain', 'site', 'url', 'www'],
  industry: ['вид деятельности', 'отрасль', 'сфера', 'индустрия', 'industry', 'sector'],
  region: ['регион', 'область', 'город', 'region', 'city', 'location'],
  size: ['размер компании', 'размер', 'company size', 'size'],
  tags: ['теги', 'метки', 'тэги', 'tags', 'labels', 'tag'],
  position: ['должность', 'позиция', 'job title', 'position', 'title', 'role'],
  email: ['электронная почта', 'эл почта', 'e mail', 'email', 'почта', 'mail'],
  phone: [
    'номер телефона',
    'телефон',
    'мобильный',
    'тел',
    'phone number',
    'telephone',
    'mobile',
    'phone',
    'tel',
  ],
};

/**
 * When a header only contains a name ("Contact email", "Телефон контакта"), the specific fields
 * are tried before the generic company and contact names.
 */
const CONTAINS_ORDER: ImportTarget[] = [
  'email',
  'phone',
  'taxId',
  'domain',
  'position',
  'industry',
  'region',
  'size',
  'tags',
  'legalName',
  'name',
  'contactName',
];

/** In a contacts file a bare "Name" / "Имя" is the person's; in the others it is the company's. */
function contextual(normalised: string, kind: ImportKind): ImportTarget | null {
  if (normalised === 'name' || normalised === 'имя')
    return kind === 'contacts' || normalised === 'имя' ? 'contactName' : 'name';
  return null;
}

function wordsContain(header: string, phrase: string): boolean {
  return ` ${header} `.includes(` ${phrase} `);
}

/** The field a single header most likely means, or null. */
export function guessTarget(header: string, kind: ImportKind): ImportTarget | null {
  const normalised = normaliseHeader(header);
  if (!normalised) return null;
  const direct = contextual(normalised, kind);
  if (direct) return direct;
  for (const target of CONTAINS_ORDER) if (SYNONYMS[target].includes(normalised)) return target;
  for (const target of CONTAINS_ORDER) {
    if (SYNONYMS[target].some((phrase) => wordsContain(normalised, phrase))) return target;
  }
  const firstWord = normalised.split(' ')[0]!;
  return contextual(firstWord, kind);
}

/**
 * A mapping guessed from the file's headers. A field that takes one column goes to the first
 * header that means it; tags, e-mails and phones may come from several columns.
 */
export function guessMapping(headers: readonly string[], kind: ImportKind): ImportMapping {
  const mapping: ImportMapping = {};
  const taken = new Set<ImportTarget>();
  for (const header of headers) {
    const target = guessTarget(header, kind);
    if (target && (!taken.has(target) || MULTI_COLUMN_TARGETS.includes(target))) {
      mapping[header] = target;
      taken.add(target);
    } else {
      mapping[header] = null;
    }
  }
  return mapping;
}

/**
 * A remembered mapping applied to this file's headers: headers it knows keep their field, new
 * ones are guessed. Null when it knows none of the headers (a different file layout).
 */
export function applyRememberedMapping(
  remembered: ImportMapping,
  headers: readonly string[],
  kind: ImportKind,
): ImportMapping | null {
  if (!headers.some((header) => header in remembered)) return null;
  const guessed = guessMapping(headers, kind);
  const mapping: ImportMapping = {};
  const taken = new Set(
    headers.map((header) => remembered[header]).filter((target): target is ImportTarget => Boolean(target)),
  );
  for (const header of headers) {
    if (header in remembered) mapping[header] = remembered[header] ?? null;
    else {
      const target = guessed[header] ?? null;
      mapping[header] =
        target && (!taken.has(target) || MULTI_COLUMN_TARGETS.includes(target)) ? target : null;
    }
  }
  return mapping;
}
