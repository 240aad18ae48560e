import type { Role } from '../src/server/access/roles.ts';
import { pick } from './random.ts';
import * as words from './vocabulary.ts';

/** Everyone in the benchmark workspace signs in with this password. */
export const BENCH_PASSWORD = 'bench-password-2024';
export const BENCH_EMAIL_DOMAIN = 'bench.tandem.test';
export const ADMIN_EMAIL = `admin@${BENCH_EMAIL_DOMAIN}`;

/** Staff besides the admin: 199 people, so the workspace has 200. */
export const STAFF: readonly { role: Role; count: number }[] = [
  { role: 'head', count: 2 },
  { role: 'team_lead', count: 12 },
  { role: 'am', count: 60 },
  { role: 'sales', count: 60 },
  { role: 'sdr', count: 30 },
  { role: 'bizdev', count: 12 },
  { role: 'pm', count: 15 },
  { role: 'finance', count: 8 },
];

export interface Person {
  email: string;
  name: string;
  roles: Role[];
  tier: 1 | 2 | 3 | null;
}

const TIER: Partial<Record<Role, 1 | 2 | 3>> = { sdr: 1, sales: 2, bizdev: 2, am: 3 };

/** The staff list: am01@…, am02@…, sales01@…; names are Russian. */
export function staff(): Person[] {
  const people: Person[] = [];
  let index = 0;
  for (const { role, count } of STAFF) {
    for (let n = 1; n <= count; n += 1) {
      index += 1;
      const female = index % 2 === 0;
      const first = female
        ? pick(words.RU_FIRST_NAMES_FEMALE, index, 901)
        : pick(words.RU_FIRST_NAMES_MALE, index, 901);
      const last = pick(words.RU_LAST_NAMES, index, 902);
      people.push({
        email: `${role.replace('_', '-')}${String(n).padStart(2, '0')}@${BENCH_EMAIL_DOMAIN}`,
        name: `${first} ${female ? `${last}а` : last}`,
        roles: [role],
        tier: TIER[role] ?? null,
      });
    }
  }
  return people;
}
