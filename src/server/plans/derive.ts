/**
 * Pure rules of plans (DOMAIN.md §4, seed 003): a personal target derived from free capacity and
 * conversion, and a parent target split by shares. Integer arithmetic only.
 */

export interface ConversionHistory {
  leads: number;
  won: number;
}

export interface DeriveInput {
  cap: number;
  clients: number;
  person: ConversionHistory;
  team: ConversionHistory | null;
  company: ConversionHistory;
  minLeads: number;
}

export interface Derived {
  target: number;
  formula: {
    expression: string;
    cap: number;
    clients: number;
    freeCapacity: number;
    leads: number;
    won: number;
    conversionBp: number;
    conversionSource: 'person' | 'team' | 'company' | 'none';
    minLeads: number;
  };
}

/** won / leads in basis points, rounded down. */
export function conversionBp(history: ConversionHistory): number {
  return history.leads > 0 ? Math.floor((history.won * 10_000) / history.leads) : 0;
}

/**
 * Target = free capacity (cap − current clients, not below 0) × conversion from qualified lead to
 * contract — the person's own over the window when they had at least `minLeads` leads, else the
 * team's, else the company's — rounded half up to a whole contract.
 */
export function deriveTarget(input: DeriveInput): Derived {
  const freeCapacity = Math.max(0, input.cap - input.clients);
  let source: Derived['formula']['conversionSource'] = 'none';
  let history: ConversionHistory = { leads: 0, won: 0 };
  if (input.person.leads >= input.minLeads) {
    source = 'person';
    history = input.person;
  } else if (input.team && input.team.leads >= input.minLeads) {
    source = 'team';
    history = input.team;
  } else if (input.company.leads > 0) {
    source = 'company';
    history = input.company;
  }
  const bp = conversionBp(history);
  const target = Math.floor((freeCapacity * bp + 5_000) / 10_000);
  const pct = `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')} %`;
  return {
    target,
    formula: {
      expression: `(${input.cap} − ${input.clients}) × ${pct} (${history.won}/${history.leads}, ${source}) = ${target}`,
      cap: input.cap,
      clients: input.clients,
      freeCapacity,
      leads: history.leads,
      won: history.won,
      conversionBp: bp,
      conversionSource: source,
      minLeads: input.minLeads,
    },
  };
}

/**
 * Splits a target by shares (bp). Each part is floor(target × share); when the shares add up to
 * 100 % the remainder goes one unit at a time to the largest fractional parts (ties: list order),
 * so the parts add up to the target exactly.
 */
export function splitTarget(target: number, sharesBp: number[]): number[] {
  const exact = sharesBp.map((share) => BigInt(target) * BigInt(share));
  const parts = exact.map((value) => Number(value / 10_000n));
  const total = sharesBp.reduce((a, b) => a + b, 0);
  if (total !== 10_000) return parts;
  let rest = target - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, index) => ({ index, fraction: Number(value % 10_000n) }))
    .sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (const { index } of order) {
    if (rest <= 0) break;
    parts[index]! += 1;
    rest -= 1;
  }
  return parts;
}
