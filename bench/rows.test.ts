import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { copyLine } from './copy-text.ts';
import { uuidFor } from './random.ts';
import {
  ACTIVITY_COLUMNS,
  activityRow,
  COMPANY_COLUMNS,
  CONTACT_COLUMNS,
  companyId,
  companyRow,
  companyTraits,
  contactId,
  contactOfCompany,
  contactRow,
  DEAL_COLUMNS,
  dealId,
  dealRow,
  dealTraits,
  type GenerationPlan,
  stageWeights,
} from './rows.ts';

const ids = (salt: number, count: number) => Array.from({ length: count }, (_, n) => uuidFor(salt, n));

const plan: GenerationPlan = {
  workspaceId: uuidFor(1, 0),
  now: new Date('2025-06-01T12:00:00Z'),
  counts: { companies: 500, contacts: 1_000, deals: 1_000, activities: 3_000 },
  owners: { am: ids(2, 6), sales: ids(3, 6), sdr: ids(4, 3), bizdev: ids(5, 2) },
  leadSourceIds: ids(6, 5),
  pipelineId: uuidFor(7, 0),
  stages: [
    { id: uuidFor(8, 0), kind: 'open' },
    { id: uuidFor(8, 1), kind: 'open' },
    { id: uuidFor(8, 2), kind: 'open' },
    { id: uuidFor(8, 3), kind: 'open' },
    { id: uuidFor(8, 4), kind: 'won' },
    { id: uuidFor(8, 5), kind: 'lost' },
  ],
};

const range = (count: number) => Array.from({ length: count }, (_, n) => n);
const column = (columns: readonly string[], row: unknown[], name: string) => row[columns.indexOf(name)];

describe('column lists', () => {
  const migration = readFileSync(
    new URL('../src/server/db/migrations/0001_foundation.sql', import.meta.url),
    'utf8',
  );
  const tableColumns = (table: string) => {
    const body = new RegExp(`CREATE TABLE ${table} \\(([\\s\\S]*?)\\n\\);`).exec(migration)?.[1] ?? '';
    return body
      .split('\n')
      .map((line) => /^ {2}([a-z_]+) /.exec(line)?.[1])
      .filter((name): name is string => Boolean(name));
  };

  it.each([
    ['companies', COMPANY_COLUMNS],
    ['contacts', CONTACT_COLUMNS],
    ['deals', DEAL_COLUMNS],
    ['activities', ACTIVITY_COLUMNS],
  ])('%s: every column exists in 0001, the generated search column is left out', (table, columns) => {
    const known = tableColumns(table);
    expect(known.length).toBeGreaterThan(5);
    for (const name of columns) expect(known).toContain(name);
    expect(columns).not.toContain('search');
  });
});

describe('rows', () => {
  it('have one value per column, no stray tabs or newlines, and are the same every time', () => {
    const makers = [
      [COMPANY_COLUMNS, companyRow],
      [CONTACT_COLUMNS, contactRow],
      [DEAL_COLUMNS, dealRow],
      [ACTIVITY_COLUMNS, activityRow],
    ] as const;
    for (const [columns, make] of makers) {
      for (const index of range(200)) {
        const row = make(index, plan);
        expect(row).toHaveLength(columns.length);
        const line = copyLine(row);
        expect(line.split('\t')).toHaveLength(columns.length);
        expect(line.indexOf('\n')).toBe(line.length - 1);
        expect(copyLine(make(index, plan))).toBe(line);
      }
    }
  });

  it('give companies unique ids and tax ids; clients belong to AMs, prospects never', () => {
    const rows = range(plan.counts.companies).map((index) => companyRow(index, plan));
    expect(new Set(rows.map((row) => row[1])).size).toBe(rows.length);
    expect(new Set(rows.map((row) => column(COMPANY_COLUMNS, row, 'tax_id'))).size).toBe(rows.length);
    for (const row of rows) {
      const status = column(COMPANY_COLUMNS, row, 'status');
      const owner = column(COMPANY_COLUMNS, row, 'owner_id') as string | null;
      if (status === 'prospect') expect(plan.owners.am).not.toContain(owner);
      else expect(plan.owners.am).toContain(owner);
    }
    const statuses = new Set(rows.map((row) => column(COMPANY_COLUMNS, row, 'status')));
    expect([...statuses].sort()).toEqual(['client', 'former_client', 'prospect']);
  });

  it('put each contact at company (index mod companies) with its owner', () => {
    for (const index of range(300)) {
      const row = contactRow(index, plan);
      const company = companyTraits(index % plan.counts.companies, plan);
      expect(column(CONTACT_COLUMNS, row, 'company_id')).toBe(company.id);
      expect(column(CONTACT_COLUMNS, row, 'owner_id')).toBe(company.ownerId);
    }
    expect(contactOfCompany(7, 0, plan)).toBe(7);
    expect(contactOfCompany(7, 1, plan)).toBe(507);
    expect(contactOfCompany(600, 0, { ...plan, counts: { ...plan.counts, contacts: 300 } })).toBeNull();
  });

  it('give deals a company, one of its contacts and what their stage requires', () => {
    for (const index of range(1_000)) {
      const deal = dealTraits(index, plan);
      const row = dealRow(index, plan);
      const value = (name: string) => column(DEAL_COLUMNS, row, name);
      expect(value('company_id')).toBe(companyId(deal.company.index));
      expect(deal.contactIndex! % plan.counts.companies).toBe(deal.company.index);
      expect(value('contact_id')).toBe(contactId(deal.contactIndex!));
      expect(value('stage_id')).toBe(deal.stage.id);
      expect(value('amount_minor')).toBeGreaterThan(0);
      expect(value('expected_close_date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (deal.stage.kind === 'open') {
        expect(value('next_step')).toBeTruthy();
        expect(value('closed_at')).toBeNull();
      } else {
        expect(value('closed_at')).toEqual(deal.updatedAt);
      }
      expect(value('lost_reason') !== null).toBe(deal.stage.kind === 'lost');
      expect(deal.createdAt.getTime()).toBeLessThanOrEqual(deal.updatedAt.getTime());
      expect(deal.updatedAt.getTime()).toBeLessThanOrEqual(plan.now.getTime());
    }
  });

  it('spread deals over stages: about 30 % open, 25 % won, 45 % lost', () => {
    const weights = stageWeights(plan.stages);
    expect(weights.reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(100);
    const kinds = { open: 0, won: 0, lost: 0 };
    for (const index of range(10_000)) kinds[dealTraits(index, plan, weights).stage.kind] += 1;
    expect(kinds.open / 10_000).toBeCloseTo(0.3, 1);
    expect(kinds.won / 10_000).toBeCloseTo(0.25, 1);
    expect(kinds.lost / 10_000).toBeCloseTo(0.45, 1);
  });

  it('tie activities on a deal to its company and contact, and date them within the deal', () => {
    let onDeals = 0;
    for (const index of range(1_000)) {
      const row = activityRow(index, plan);
      const value = (name: string) => column(ACTIVITY_COLUMNS, row, name);
      const deal = value('deal_id') as string | null;
      if (deal === null) continue;
      onDeals += 1;
      const dealIndex = range(plan.counts.deals).find((n) => dealId(n) === deal)!;
      const traits = dealTraits(dealIndex, plan);
      expect(value('company_id')).toBe(traits.company.id);
      expect(value('author_id')).toBe(traits.ownerId);
      const occurred = (value('occurred_at') as Date).getTime();
      expect(occurred).toBeGreaterThanOrEqual(traits.createdAt.getTime());
      expect(occurred).toBeLessThanOrEqual(traits.updatedAt.getTime());
    }
    expect(onDeals / 1_000).toBeCloseTo(0.8, 1);
  });
});
