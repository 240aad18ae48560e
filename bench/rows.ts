import type { CopyValue } from './copy-text.ts';
import { chance, intBetween, pick, pickWeighted, unit, uuidFor } from './random.ts';
import * as words from './vocabulary.ts';

/**
 * Row generators for the bulk load. Row `i` of every table is a pure function of `i` and the
 * plan, so a deal can recompute its company's owner and an activity its deal's dates, and the
 * load streams without keeping any table in memory. Column lists follow
 * src/server/db/migrations/0001_foundation.sql; generated `search` columns are left to PostgreSQL,
 * and columns with defaults we do not vary (version, custom_fields) are left out.
 */

export type StageKind = 'open' | 'won' | 'lost';
export type OwnerRole = 'am' | 'sales' | 'sdr' | 'bizdev';

export interface GenerationPlan {
  workspaceId: string;
  /** The moment the data is generated "at": dates spread over the two years before it. */
  now: Date;
  counts: { companies: number; contacts: number; deals: number; activities: number };
  /** Owner candidates by role (user ids). Every list must be non-empty. */
  owners: Record<OwnerRole, readonly string[]>;
  leadSourceIds: readonly string[];
  pipelineId: string;
  /** The default pipeline's stages in position order. */
  stages: readonly { id: string; kind: StageKind }[];
}

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 730;

/** Table salts for ids: each table's ids are unique within the table. */
const TABLE = { company: 11, contact: 12, deal: 13, activity: 14 } as const;

export const companyId = (index: number) => uuidFor(TABLE.company, index);
export const contactId = (index: number) => uuidFor(TABLE.contact, index);
export const dealId = (index: number) => uuidFor(TABLE.deal, index);
export const activityId = (index: number) => uuidFor(TABLE.activity, index);

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);
/** A moment between `from` and `to`, at the given fraction of the way. */
const between = (from: Date, to: Date, fraction: number) =>
  new Date(from.getTime() + Math.max(0, to.getTime() - from.getTime()) * fraction);
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Companies

export const COMPANY_COLUMNS = [
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
  'status',
  'owner_id',
  'archived_at',
  'created_at',
  'updated_at',
] as const;

export type CompanyStatus = 'prospect' | 'client' | 'former_client';

export interface CompanyTraits {
  index: number;
  id: string;
  english: boolean;
  status: CompanyStatus;
  ownerRole: OwnerRole | null;
  ownerId: string | null;
  createdAt: Date;
}

/** What other tables need to know about company `index`: cheap, no strings built. */
export function companyTraits(index: number, plan: GenerationPlan): CompanyTraits {
  const status = pickWeighted<CompanyStatus>(
    [
      ['prospect', 55],
      ['client', 30],
      ['former_client', 15],
    ],
    index,
    101,
  );
  // Clients belong to account managers; prospects to sales, SDRs and bizdev, some to nobody yet.
  const ownerRole: OwnerRole | null =
    status === 'prospect'
      ? pickWeighted<OwnerRole | null>(
          [
            ['sales', 50],
            ['sdr', 30],
            ['bizdev', 10],
            [null, 10],
          ],
          index,
          102,
        )
      : 'am';
  return {
    index,
    id: companyId(index),
    english: chance(0.35, index, 103),
    status,
    ownerRole,
    ownerId: ownerRole ? pick(plan.owners[ownerRole], index, 104) : null,
    createdAt: daysBefore(plan.now, unit(index, 105) * HISTORY_DAYS),
  };
}

function companyName(index: number, english: boolean): { name: string; legalName: string; brand: string } {
  if (english) {
    const brand = pick(words.EN_BRANDS, index, 110);
    const sector = pick(words.EN_SECTORS, index, 111);
    const pattern = unit(index, 112);
    const name =
      pattern < 0.6
        ? `${brand} ${sector}`
        : pattern < 0.8
          ? `${pick(words.EN_LAST_NAMES, index, 113)} & ${pick(words.EN_LAST_NAMES, index, 114)}`
          : `${brand}${sector.toLowerCase()}`;
    return { name, legalName: `${name} ${pick(words.EN_LEGAL_FORMS, index, 115)}`, brand };
  }
  const brand = pick(words.RU_BRANDS, index, 110);
  const sector = pick(words.RU_SECTORS, index, 111);
  const pattern = unit(index, 112);
  const name =
    pattern < 0.5
      ? `${brand} ${sector}`
      : pattern < 0.75
        ? `${brand}${sector.toLowerCase()}`
        : `${pick(words.RU_LAST_NAMES, index, 113)} и партнёры`;
  const form = pickWeighted(
    words.RU_LEGAL_FORMS.map((legalForm, position) => [legalForm, [70, 20, 5, 5][position] ?? 0] as const),
    index,
    115,
  );
  return { name, legalName: `${form} «${name}»`, brand };
}

export function companyRow(index: number, plan: GenerationPlan): CopyValue[] {
  const company = companyTraits(index, plan);
  const { name, legalName, brand } = companyName(index, company.english);
  const updatedAt = between(company.createdAt, plan.now, unit(index, 120));
  const tagCount = pickWeighted(
    [
      [0, 50],
      [1, 30],
      [2, 15],
      [3, 5],
    ],
    index,
    121,
  );
  const tags = [...new Set(Array.from({ length: tagCount }, (_, n) => pick(words.TAGS, index, 130 + n)))];
  const zone = company.english ? pick(['com', 'io', 'co.uk', 'de'], index, 122) : 'ru';
  return [
    plan.workspaceId,
    company.id,
    name,
    legalName,
    // A unique 10-digit INN-like number: the first uuid word is a bijection of the index.
    String(1_000_000_000 + Number.parseInt(company.id.slice(0, 8), 16)),
    chance(0.7, index, 123) ? `${words.transliterate(brand)}-${index.toString(36)}.${zone}` : null,
    company.english ? pick(words.EN_INDUSTRIES, index, 124) : pick(words.RU_INDUSTRIES, index, 124),
    pick(words.REGIONS, index, 125),
    pickWeighted(
      [
        ['micro', 20],
        ['small', 35],
        ['medium', 25],
        ['large', 15],
        ['enterprise', 5],
        [null, 10],
      ],
      index,
      126,
    ),
    tags,
    chance(0.8, index, 127) ? pick(plan.leadSourceIds, index, 128) : null,
    company.status,
    company.ownerId,
    chance(0.03, index, 129) ? updatedAt : null,
    company.createdAt,
    updatedAt,
  ];
}

// ---------------------------------------------------------------------------------------------
// Contacts: contact k works at company k mod C, so every company has about contacts/companies.

export const CONTACT_COLUMNS = [
  'workspace_id',
  'id',
  'company_id',
  'name',
  'position',
  'emails',
  'phones',
  'is_decision_maker',
  'decision_role',
  'owner_id',
  'archived_at',
  'created_at',
  'updated_at',
] as const;

/** One of company `companyIndex`'s contacts (chosen by `choice`), or null if it has none. */
export function contactOfCompany(companyIndex: number, choice: number, plan: GenerationPlan): number | null {
  const { companies, contacts } = plan.counts;
  if (companyIndex >= contacts) return null;
  const perCompany = Math.max(1, Math.floor(contacts / companies));
  const contact = companyIndex + (choice % perCompany) * companies;
  return contact < contacts ? contact : companyIndex;
}

function personName(index: number, english: boolean): { first: string; last: string } {
  if (english) {
    return { first: pick(words.EN_FIRST_NAMES, index, 201), last: pick(words.EN_LAST_NAMES, index, 202) };
  }
  const female = chance(0.5, index, 203);
  const last = pick(words.RU_LAST_NAMES, index, 202);
  return female
    ? { first: pick(words.RU_FIRST_NAMES_FEMALE, index, 201), last: `${last}а` }
    : { first: pick(words.RU_FIRST_NAMES_MALE, index, 201), last };
}

export function contactRow(index: number, plan: GenerationPlan): CopyValue[] {
  const company = companyTraits(index % plan.counts.companies, plan);
  const { first, last } = personName(index, company.english);
  const mailbox = `${words.transliterate(first)}.${words.transliterate(last)}`;
  const emails = [`${mailbox}@c${company.index.toString(36)}.example.com`];
  if (chance(0.3, index, 204)) emails.push(`${mailbox}${intBetween(index, 205, 1, 99)}@mail.example.org`);
  const phones = [`+79${String(intBetween(index, 206, 0, 999_999_999)).padStart(9, '0')}`];
  if (chance(0.2, index, 207))
    phones.push(`+7495${String(intBetween(index, 208, 0, 9_999_999)).padStart(7, '0')}`);
  const decisionRole = pickWeighted<string | null>(
    [
      ['decision_maker', 25],
      ['influencer', 25],
      ['user', 20],
      ['accountant', 10],
      [null, 20],
    ],
    index,
    209,
  );
  const createdAt = between(company.createdAt, plan.now, unit(index, 210) * 0.5);
  const updatedAt = between(createdAt, plan.now, unit(index, 211));
  return [
    plan.workspaceId,
    contactId(index),
    company.id,
    `${first} ${last}`,
    company.english ? pick(words.EN_POSITIONS, index, 212) : pick(words.RU_POSITIONS, index, 212),
    emails,
    phones,
    decisionRole === 'decision_maker',
    decisionRole,
    company.ownerId,
    chance(0.02, index, 213) ? updatedAt : null,
    createdAt,
    updatedAt,
  ];
}

// ---------------------------------------------------------------------------------------------
// Deals

export const DEAL_COLUMNS = [
  'workspace_id',
  'id',
  'title',
  'company_id',
  'contact_id',
  'pipeline_id',
  'stage_id',
  'amount_minor',
  'currency',
  'kind',
  'monthly_amount_minor',
  'expected_close_date',
  'owner_id',
  'lead_source_id',
  'lost_reason',
  'next_step',
  'next_step_at',
  'stage_entered_at',
  'closed_at',
  'archived_at',
  'created_at',
  'updated_at',
] as const;

export interface DealTraits {
  index: number;
  id: string;
  company: CompanyTraits;
  contactIndex: number | null;
  stage: { id: string; kind: StageKind };
  ownerId: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Share of deals per stage: 30 % still open (more in early stages), 25 % won, 45 % lost.
 */
export function stageWeights(stages: GenerationPlan['stages']): number[] {
  const open = stages.filter((stage) => stage.kind === 'open').length;
  let openSeen = 0;
  return stages.map((stage) => {
    if (stage.kind === 'won') return 25;
    if (stage.kind === 'lost') return 45;
    const weight = (30 * 2 * (open - openSeen)) / (open * (open + 1));
    openSeen += 1;
    return weight;
  });
}

export function dealTraits(
  index: number,
  plan: GenerationPlan,
  weights = stageWeights(plan.stages),
): DealTraits {
  const company = companyTraits(Math.floor(unit(index, 301) * plan.counts.companies), plan);
  const stage = pickWeighted(
    plan.stages.map((candidate, position) => [candidate, weights[position] ?? 0] as const),
    index,
    302,
  );
  // Deals are run by the company's owner when that is an AM or a salesperson, otherwise by sales.
  const ownerId =
    company.ownerId &&
    (company.ownerRole === 'am' || company.ownerRole === 'sales') &&
    chance(0.8, index, 303)
      ? company.ownerId
      : pick(plan.owners.sales, index, 304);
  // Open deals are recent; closed ones spread over the whole history.
  const ageDays = unit(index, 305) * (stage.kind === 'open' ? 180 : HISTORY_DAYS);
  const createdAt = daysBefore(plan.now, ageDays);
  const updatedAt = between(
    createdAt,
    plan.now,
    stage.kind === 'open' ? unit(index, 306) : unit(index, 306) * 0.6,
  );
  return {
    index,
    id: dealId(index),
    company,
    contactIndex: contactOfCompany(company.index, Math.floor(unit(index, 307) * 1024), plan),
    stage,
    ownerId,
    createdAt,
    updatedAt,
  };
}

function dealTitle(index: number, english: boolean): string {
  if (english) return pick(words.EN_DEAL_TITLES, index, 310);
  return `${pick(words.RU_DEAL_ACTIONS, index, 310)} ${pick(words.RU_DEAL_OBJECTS, index, 311)}`;
}

export function dealRow(
  index: number,
  plan: GenerationPlan,
  weights = stageWeights(plan.stages),
): CopyValue[] {
  const deal = dealTraits(index, plan, weights);
  const { company, stage } = deal;
  const english = company.english;
  const amountMinor = intBetween(index, 320, 50, 5_000) * 1_000 * 100;
  const kind =
    company.status === 'prospect'
      ? 'new'
      : pickWeighted(
          [
            ['upsell', 50],
            ['renewal', 30],
            ['new', 20],
          ],
          index,
          321,
        );
  const isOpen = stage.kind === 'open';
  const closedAt = isOpen ? null : deal.updatedAt;
  return [
    plan.workspaceId,
    deal.id,
    dealTitle(index, english),
    company.id,
    deal.contactIndex === null ? null : contactId(deal.contactIndex),
    plan.pipelineId,
    stage.id,
    amountMinor,
    pickWeighted(
      [
        ['RUB', 85],
        ['USD', 10],
        ['EUR', 5],
      ],
      index,
      322,
    ),
    kind,
    chance(0.4, index, 323) ? Math.round(amountMinor / 12) : 0,
    isoDate(new Date(deal.createdAt.getTime() + intBetween(index, 324, 30, 180) * DAY_MS)),
    deal.ownerId,
    chance(0.85, index, 325) ? pick(plan.leadSourceIds, index, 326) : null,
    stage.kind === 'lost' ? pick(words.LOST_REASONS, index, 327) : null,
    isOpen ? pick(english ? words.EN_NEXT_STEPS : words.RU_NEXT_STEPS, index, 328) : null,
    isOpen ? new Date(plan.now.getTime() + intBetween(index, 329, -5, 14) * DAY_MS) : null,
    between(deal.createdAt, deal.updatedAt, unit(index, 330)),
    closedAt,
    chance(0.02, index, 331) ? deal.updatedAt : null,
    deal.createdAt,
    deal.updatedAt,
  ];
}

// ---------------------------------------------------------------------------------------------
// Activities: most belong to a deal (and its company and contact), the rest to a company only.

export const ACTIVITY_COLUMNS = [
  'workspace_id',
  'id',
  'type',
  'direction',
  'subject',
  'body',
  'outcome',
  'duration_seconds',
  'occurred_at',
  'company_id',
  'contact_id',
  'deal_id',
  'author_id',
  'created_at',
  'updated_at',
] as const;

type ActivityType = 'call' | 'email' | 'meeting' | 'note';

export function activityRow(
  index: number,
  plan: GenerationPlan,
  weights = stageWeights(plan.stages),
): CopyValue[] {
  const onDeal = chance(0.8, index, 401);
  let companyIndex: number;
  let contactIndex: number | null;
  let dealIndex: number | null = null;
  let authorId: string;
  let from: Date;
  let to: Date;
  let english: boolean;
  if (onDeal) {
    const deal = dealTraits(Math.floor(unit(index, 402) * plan.counts.deals), plan, weights);
    dealIndex = deal.index;
    companyIndex = deal.company.index;
    contactIndex = deal.contactIndex;
    authorId = deal.ownerId;
    english = deal.company.english;
    from = deal.createdAt;
    to = deal.updatedAt;
  } else {
    const company = companyTraits(Math.floor(unit(index, 402) * plan.counts.companies), plan);
    companyIndex = company.index;
    contactIndex = contactOfCompany(company.index, Math.floor(unit(index, 403) * 1024), plan);
    authorId = company.ownerId ?? pick(plan.owners.am, index, 404);
    english = company.english;
    from = company.createdAt;
    to = plan.now;
  }
  const type = pickWeighted<ActivityType>(
    [
      ['call', 40],
      ['email', 35],
      ['meeting', 15],
      ['note', 10],
    ],
    index,
    405,
  );
  const occurredAt = between(from, to, unit(index, 406));
  const hasDirection = type === 'call' || type === 'email';
  return [
    plan.workspaceId,
    activityId(index),
    type,
    hasDirection ? (chance(0.7, index, 407) ? 'outbound' : 'inbound') : null,
    pick(english ? words.EN_ACTIVITY_SUBJECTS : words.RU_ACTIVITY_SUBJECTS, index, 408),
    type === 'note' || chance(0.5, index, 409)
      ? pick(english ? words.EN_ACTIVITY_BODIES : words.RU_ACTIVITY_BODIES, index, 410)
      : '',
    type === 'call' ? pick(words.CALL_OUTCOMES, index, 411) : null,
    type === 'call'
      ? intBetween(index, 412, 20, 1_800)
      : type === 'meeting'
        ? intBetween(index, 412, 1_800, 5_400)
        : null,
    occurredAt,
    companyId(companyIndex),
    contactIndex === null ? null : contactId(contactIndex),
    dealIndex === null ? null : dealId(dealIndex),
    authorId,
    occurredAt,
    occurredAt,
  ];
}
