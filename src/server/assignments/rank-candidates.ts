import type { CompanySize } from '../companies/schema.ts';

/**
 * "Who takes this?" as a pure function (DOMAIN.md §3). Given the figures of every candidate,
 * measured a moment ago, it ranks them and names the rule that decided, so the answer can be
 * shown to a person and checked by them. Nothing here reads the database or the clock.
 */

/** The role a candidate must hold for the work. */
export type AssignmentRole = 'am' | 'sales' | 'pm' | 'bizdev';

/** What is being assigned, as far as fit is concerned. */
export interface AssignmentSubject {
  role: AssignmentRole;
  size: CompanySize | null;
  keyAccount: boolean;
  industry: string | null;
  region: string | null;
}

/** One candidate's figures at the moment of the question. */
export interface CandidateFacts {
  userId: string;
  name: string;
  gradeName: string | null;
  gradeRank: number | null;
  /** Cap on accounts from the person, else their grade; null when none applies. */
  personalCap: number | null;
  gradeCap: number | null;
  /** Accounts held: active clients for an AM, active projects for a PM. */
  accounts: number;
  /** The same accounts weighted by size or monthly payment (see accountWeight). */
  weightedAccounts: number;
  openDeals: number;
  openLeads: number;
  openTasks: number;
  skills: string[];
  industries: string[];
  region: string | null;
  /** The last day of a current absence, or null when the person is at work. */
  awayUntil: string | null;
  lastAssignedAt: Date | null;
}

export interface AssignmentPolicy {
  /** Accounts an AM or PM may hold unless their grade or they themselves say otherwise. */
  defaultCap: number;
  /** Lowest grade rank for a key account, and per client size. */
  keyAccountMinRank: number;
  minRankBySize: Partial<Record<CompanySize, number>>;
  /** Load added by each open deal, open lead and open task, next to weighted accounts. */
  weights: { openDeal: number; openLead: number; openTask: number };
}

export const DEFAULT_POLICY: AssignmentPolicy = {
  defaultCap: 25,
  keyAccountMinRank: 3,
  minRankBySize: { enterprise: 3, large: 2 },
  weights: { openDeal: 0.25, openLead: 0.5, openTask: 0.05 },
};

/** Roles whose load is counted in accounts and bounded by a cap. */
const CAPPED_ROLES: ReadonlySet<AssignmentRole> = new Set(['am', 'pm']);

export type IneligibleBecause =
  | { code: 'away'; until: string }
  | { code: 'at_cap'; accounts: number; cap: number }
  | { code: 'grade'; required: number; rank: number | null };

export interface RankedCandidate {
  userId: string;
  name: string;
  rank: number;
  eligible: boolean;
  /** Why the person cannot take it; empty when eligible. */
  blockers: IneligibleBecause[];
  load: number;
  accounts: number;
  cap: number | null;
  openDeals: number;
  openLeads: number;
  openTasks: number;
  gradeName: string | null;
  industryMatch: boolean;
  regionMatch: boolean;
  lastAssignedAt: string | null;
  /** One line a person reads: "Ivanova: 18/25 clients, Senior, fintech". */
  summary: string;
}

export type DecidingRule =
  | 'only_eligible'
  | 'industry_experience'
  | 'lowest_load'
  | 'least_recently_assigned'
  | 'nobody_eligible'
  | 'no_candidates';

export interface Suggestion {
  candidates: RankedCandidate[];
  chosen: RankedCandidate | null;
  rule: DecidingRule;
  /** The rule in words, e.g. "Ivanova: 18/25 clients, Senior, fintech; chosen: lowest load among eligible". */
  explanation: string;
  /** When nobody is eligible: the ones closest to being so, best first. */
  nearest: RankedCandidate[];
}

const SIZE_WEIGHT: Record<CompanySize, number> = {
  micro: 0.5,
  small: 0.75,
  medium: 1,
  large: 1.5,
  enterprise: 2,
};

/**
 * How much one client weighs in its AM's load: by its monthly payment against a reference
 * payment when it pays monthly (between 0.5 and 3), else by its size (medium = 1).
 */
export function accountWeight(
  client: { size: CompanySize | null; monthlyPaymentMinor: number },
  referenceMonthlyMinor: number,
): number {
  if (client.monthlyPaymentMinor > 0 && referenceMonthlyMinor > 0) {
    return Math.min(3, Math.max(0.5, client.monthlyPaymentMinor / referenceMonthlyMinor));
  }
  return client.size ? SIZE_WEIGHT[client.size] : 1;
}

export function requiredGradeRank(subject: AssignmentSubject, policy: AssignmentPolicy): number {
  const bySize = subject.size ? (policy.minRankBySize[subject.size] ?? 0) : 0;
  return Math.max(bySize, subject.keyAccount ? policy.keyAccountMinRank : 0);
}

const same = (a: string | null, b: string | null) =>
  a != null && b != null && a.trim().toLowerCase() === b.trim().toLowerCase();

const round2 = (value: number) => Math.round(value * 100) / 100;

function assess(facts: CandidateFacts, subject: AssignmentSubject, policy: AssignmentPolicy) {
  const capped = CAPPED_ROLES.has(subject.role);
  const cap = capped ? (facts.personalCap ?? facts.gradeCap ?? policy.defaultCap) : null;
  const blockers: IneligibleBecause[] = [];
  if (facts.awayUntil) blockers.push({ code: 'away', until: facts.awayUntil });
  if (cap !== null && facts.accounts >= cap) blockers.push({ code: 'at_cap', accounts: facts.accounts, cap });
  const required = requiredGradeRank(subject, policy);
  if (required > 0 && (facts.gradeRank ?? 0) < required) {
    blockers.push({ code: 'grade', required, rank: facts.gradeRank });
  }
  const { weights } = policy;
  const load = round2(
    facts.weightedAccounts +
      weights.openDeal * facts.openDeals +
      weights.openLead * facts.openLeads +
      weights.openTask * facts.openTasks,
  );
  const industryMatch =
    subject.industry != null &&
    [...facts.industries, ...facts.skills].some((known) => same(known, subject.industry));
  return { cap, blockers, load, industryMatch, regionMatch: same(facts.region, subject.region) };
}

const ACCOUNT_WORD: Record<AssignmentRole, string> = {
  am: 'clients',
  pm: 'projects',
  sales: 'clients',
  bizdev: 'clients',
};

function summarise(
  facts: CandidateFacts,
  subject: AssignmentSubject,
  assessed: ReturnType<typeof assess>,
): string {
  const parts: string[] = [];
  parts.push(
    assessed.cap !== null
      ? `${facts.accounts}/${assessed.cap} ${ACCOUNT_WORD[subject.role]}`
      : `${facts.openDeals} open deals, ${facts.openLeads} open leads`,
  );
  if (facts.gradeName) parts.push(facts.gradeName);
  if (assessed.industryMatch && subject.industry) parts.push(subject.industry);
  parts.push(`load ${assessed.load}`);
  for (const blocker of assessed.blockers) {
    if (blocker.code === 'away') parts.push(`away until ${blocker.until}`);
    if (blocker.code === 'at_cap') parts.push('at cap');
    if (blocker.code === 'grade') parts.push(`grade below required (rank ${blocker.required})`);
  }
  return `${facts.name}: ${parts.join(', ')}`;
}

/** Never assigned counts as longest ago. */
const time = (date: Date | null) => (date ? date.getTime() : 0);

/** Best first: eligible, industry experience, lowest load, assigned least recently, name. */
function compare(a: Assessed, b: Assessed): number {
  if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
  if (a.industryMatch !== b.industryMatch) return a.industryMatch ? -1 : 1;
  if (a.load !== b.load) return a.load - b.load;
  const recency = time(a.facts.lastAssignedAt) - time(b.facts.lastAssignedAt);
  if (recency !== 0) return recency;
  return a.facts.name.localeCompare(b.facts.name) || a.facts.userId.localeCompare(b.facts.userId);
}

/** Among the ineligible: the fewest and mildest blockers first, then the lowest load. */
function closeness(a: Assessed, b: Assessed): number {
  const severity = (x: Assessed) =>
    x.blockers.reduce((sum, blocker) => sum + (blocker.code === 'at_cap' ? 1 : 2), 0);
  const overflow = (x: Assessed) =>
    x.blockers.reduce((sum, b) => sum + (b.code === 'at_cap' ? b.accounts - b.cap + 1 : 0), 0);
  return severity(a) - severity(b) || overflow(a) - overflow(b) || a.load - b.load;
}

interface Assessed extends ReturnType<typeof assess> {
  facts: CandidateFacts;
  eligible: boolean;
}

function decidingRule(ranked: Assessed[]): DecidingRule {
  const [first, second] = ranked;
  if (!first) return 'no_candidates';
  if (!first.eligible) return 'nobody_eligible';
  if (!second?.eligible) return 'only_eligible';
  if (first.industryMatch !== second.industryMatch) return 'industry_experience';
  if (first.load !== second.load) return 'lowest_load';
  return 'least_recently_assigned';
}

const RULE_WORDS: Record<DecidingRule, string> = {
  only_eligible: 'the only eligible candidate',
  industry_experience: 'industry experience among eligible',
  lowest_load: 'lowest load among eligible',
  least_recently_assigned: 'equal load; assigned least recently',
  nobody_eligible: 'nobody is eligible',
  no_candidates: 'nobody holds this role',
};

export function rankCandidates(
  subject: AssignmentSubject,
  candidates: readonly CandidateFacts[],
  policy: AssignmentPolicy = DEFAULT_POLICY,
): Suggestion {
  const assessed: Assessed[] = candidates.map((facts) => {
    const result = assess(facts, subject, policy);
    return { ...result, facts, eligible: result.blockers.length === 0 };
  });
  const ranked = [...assessed].sort(compare);
  const rule = decidingRule(ranked);
  const toRanked = (entry: Assessed, index: number): RankedCandidate => ({
    userId: entry.facts.userId,
    name: entry.facts.name,
    rank: index + 1,
    eligible: entry.eligible,
    blockers: entry.blockers,
    load: entry.load,
    accounts: entry.facts.accounts,
    cap: entry.cap,
    openDeals: entry.facts.openDeals,
    openLeads: entry.facts.openLeads,
    openTasks: entry.facts.openTasks,
    gradeName: entry.facts.gradeName,
    industryMatch: entry.industryMatch,
    regionMatch: entry.regionMatch,
    lastAssignedAt: entry.facts.lastAssignedAt?.toISOString() ?? null,
    summary: summarise(entry.facts, subject, entry),
  });
  const list = ranked.map(toRanked);
  const chosen = list[0]?.eligible ? list[0] : null;
  const nearest =
    chosen === null
      ? [...assessed]
          .sort(closeness)
          .slice(0, 3)
          .map((entry) => list.find((candidate) => candidate.userId === entry.facts.userId)!)
      : [];
  let explanation: string;
  if (chosen) explanation = `${chosen.summary}; chosen: ${RULE_WORDS[rule]}`;
  else if (rule === 'no_candidates') explanation = `Nobody active holds the ${subject.role} role.`;
  else
    explanation = `Nobody is eligible (at cap, away or below the required grade). Nearest: ${nearest
      .map((candidate) => candidate.summary)
      .join('; ')}`;
  return { candidates: list, chosen, rule, explanation, nearest };
}
