import type { CallDistribution } from './schema.ts';

export interface Caller {
  id: string;
  region: string | null;
}

const key = (region: string | null) => region?.trim().toLowerCase() || null;

/**
 * Deals out call-list rows among callers: round robin in list order, or by region — a row goes
 * to a caller of its company's region (round robin among them), and rows of a region nobody
 * covers go round robin among everyone. `offset` continues a round robin started earlier (a
 * list built in batches). Returns the caller id for each row.
 */
export function distributeCalls(
  rows: readonly { region: string | null }[],
  callers: readonly Caller[],
  mode: CallDistribution,
  offset = 0,
): string[] {
  if (callers.length === 0) throw new Error('A call list needs at least one caller');
  const byRegion = new Map<string, Caller[]>();
  if (mode === 'region') {
    for (const caller of callers) {
      const region = key(caller.region);
      if (region) byRegion.set(region, [...(byRegion.get(region) ?? []), caller]);
    }
  }
  const turns = new Map<string, number>();
  let general = offset;
  return rows.map((row) => {
    const region = key(row.region);
    const local = region ? byRegion.get(region) : undefined;
    if (local) {
      const turn = turns.get(region!) ?? offset;
      turns.set(region!, turn + 1);
      return local[turn % local.length]!.id;
    }
    const caller = callers[general % callers.length]!;
    general += 1;
    return caller.id;
  });
}
