import { describe, expect, it } from 'vitest';
import { ROLES } from '../server/access/roles.ts';
import { DEFAULT_STAGES } from '../server/workspaces/default-settings.ts';
import { buildDemoData, DEMO_COUNTS, type DemoContext } from './demo-data.ts';
import { Random } from './random.ts';

const ids = new Random(99);
const stages = DEFAULT_STAGES.map((stage) => ({
  id: ids.uuid(),
  kind: stage.kind,
  requiredFields: stage.requiredFields,
}));
const context: DemoContext = {
  seed: 1,
  locale: 'ru',
  workspaceId: ids.uuid(),
  now: new Date('2026-11-22T09:00:00Z'),
  emailTag: '',
  passwordHash: 'hash',
  pipelineId: ids.uuid(),
  stages,
  leadSources: [{ id: ids.uuid() }, { id: ids.uuid() }],
  grades: [
    { id: ids.uuid(), rank: 1 },
    { id: ids.uuid(), rank: 2 },
  ],
};

describe('buildDemoData', () => {
  const data = buildDemoData(context);

  it('has the sizes the demo promises', () => {
    expect(data.users.length + 1).toBeGreaterThanOrEqual(25); // + the admin created with the workspace
    expect(data.teams).toHaveLength(2);
    expect(data.companies).toHaveLength(DEMO_COUNTS.companies);
    expect(data.contacts).toHaveLength(600);
    expect(data.deals).toHaveLength(200);
    expect(data.activities.length).toBeGreaterThan(1000);
    expect(data.tasks.some((t) => t.status === 'done')).toBe(true);
  });

  it('covers every role but admin (created with the workspace) and all three tiers', () => {
    const roles = new Set(data.users.flatMap((u) => u.roles ?? []));
    expect([...roles].sort()).toEqual(ROLES.filter((r) => r !== 'admin').sort());
    expect(new Set(data.users.map((u) => u.tier).filter(Boolean))).toEqual(new Set([1, 2, 3]));
  });

  it('puts deals in every stage with the fields each stage requires', () => {
    for (const stage of stages) {
      const inStage = data.deals.filter((d) => d.stageId === stage.id);
      expect(inStage.length).toBeGreaterThan(0);
      for (const deal of inStage) {
        for (const field of stage.requiredFields) expect(deal[field as keyof typeof deal]).toBeTruthy();
      }
    }
  });

  it('is the same for the same seed and differs for another', () => {
    expect(buildDemoData(context)).toEqual(data);
    expect(buildDemoData({ ...context, seed: 2 }).companies[0]?.name).not.toBe(data.companies[0]?.name);
  });

  it('speaks English with --locale en', () => {
    const english = buildDemoData({ ...context, locale: 'en' });
    expect(english.companies[0]?.name).toMatch(/^[A-Za-z]/);
  });
});
