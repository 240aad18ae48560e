import type { Role } from '../server/access/roles.ts';
import type { activities } from '../server/activities/schema.ts';
import type { companies } from '../server/companies/schema.ts';
import type { contacts } from '../server/contacts/schema.ts';
import type { dealStageHistory, deals } from '../server/deals/schema.ts';
import type { tasks } from '../server/tasks/schema.ts';
import type { teamMembers, teams } from '../server/teams/schema.ts';
import type { users } from '../server/users/schema.ts';
import { type DemoLocale, VOCABULARY } from './demo-vocabulary.ts';
import { Random } from './random.ts';

/**
 * The demo workspace as rows, built from a seed without touching the database: about 25
 * people across every role and both sales tiers, two teams, 300 companies, 600 contacts, 200
 * deals across every stage, six months of activities and tasks.
 */
export interface DemoContext {
  seed: number;
  locale: DemoLocale;
  workspaceId: string;
  now: Date;
  /** Appended to the local part of every e-mail, so a second demo workspace gets its own logins. */
  emailTag: string;
  passwordHash: string;
  pipelineId: string;
  stages: { id: string; kind: 'open' | 'won' | 'lost'; requiredFields: string[] }[];
  leadSources: { id: string }[];
  grades: { id: string; rank: number }[];
}

export const DEMO_TEAM: { key: string; roles: Role[]; tier: 1 | 2 | 3 | null; count: number }[] = [
  { key: 'head', roles: ['head'], tier: null, count: 1 },
  { key: 'lead', roles: ['team_lead'], tier: null, count: 2 },
  { key: 'sdr', roles: ['sdr'], tier: 1, count: 5 },
  { key: 'sales', roles: ['sales'], tier: 2, count: 4 },
  { key: 'bizdev', roles: ['bizdev'], tier: 2, count: 2 },
  { key: 'am', roles: ['am'], tier: 3, count: 6 },
  { key: 'pm', roles: ['pm'], tier: null, count: 3 },
  { key: 'finance', roles: ['finance'], tier: null, count: 1 },
];

export const DEMO_COUNTS = {
  companies: 300,
  contactsPerCompany: 2,
  deals: 200,
  activities: 3000,
  tasks: 400,
};

type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];

export interface DemoData {
  users: Insert<typeof users>[];
  logins: { email: string; roles: Role[] }[];
  teams: Insert<typeof teams>[];
  teamMembers: Insert<typeof teamMembers>[];
  companies: Insert<typeof companies>[];
  contacts: Insert<typeof contacts>[];
  deals: Insert<typeof deals>[];
  stageHistory: Insert<typeof dealStageHistory>[];
  activities: Insert<typeof activities>[];
  tasks: Insert<typeof tasks>[];
}

const DAY = 86_400_000;

export function buildDemoData(context: DemoContext): DemoData {
  const random = new Random(context.seed);
  const words = VOCABULARY[context.locale];
  const { workspaceId, now } = context;
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY - random.int(0, 8 * 3_600_000));
  const personName = () => `${random.pick(words.firstNames)} ${random.pick(words.lastNames)}`;
  const byRank = [...context.grades].sort((a, b) => a.rank - b.rank);

  const people: (Insert<typeof users> & { key: string })[] = [];
  for (const group of DEMO_TEAM) {
    for (let i = 1; i <= group.count; i++) {
      const local = group.count === 1 ? group.key : `${group.key}${i}`;
      people.push({
        key: group.key,
        workspaceId,
        id: random.uuid(),
        email: `${local}${context.emailTag}@${words.emailDomain}`,
        name: personName(),
        passwordHash: context.passwordHash,
        roles: group.roles,
        locale: context.locale,
        tier: group.tier,
        gradeId: group.tier ? (byRank[Math.min(i - 1, byRank.length - 1)]?.id ?? null) : null,
        region: random.pick(words.regions),
        createdAt: daysAgo(400),
      });
    }
  }
  const ofKey = (key: string) => people.filter((p) => p.key === key).map((p) => p.id!);
  const [salesLead, amLead] = ofKey('lead');
  const sdrs = ofKey('sdr');
  const closers = [...ofKey('sales'), ...ofKey('bizdev')];
  const ams = ofKey('am');

  const teamRows: Insert<typeof teams>[] = [
    { workspaceId, id: random.uuid(), name: words.teams[0], leadUserId: salesLead },
    { workspaceId, id: random.uuid(), name: words.teams[1], leadUserId: amLead },
  ];
  const teamMemberRows: Insert<typeof teamMembers>[] = [
    ...[salesLead!, ...sdrs, ...closers].map((userId) => ({ workspaceId, teamId: teamRows[0]!.id!, userId })),
    ...[amLead!, ...ams, ...ofKey('pm')].map((userId) => ({ workspaceId, teamId: teamRows[1]!.id!, userId })),
  ];

  const companyRows: Insert<typeof companies>[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < DEMO_COUNTS.companies; i++) {
    let name = '';
    do {
      name = `${random.pick(words.companyWords)} ${random.pick(words.companySuffixes)}`;
      if (usedNames.has(name)) name = `${name} ${random.int(2, 99)}`;
    } while (usedNames.has(name));
    usedNames.add(name);
    const status = i < 120 ? 'client' : i < 140 ? 'former_client' : 'prospect';
    const owner = status === 'prospect' ? random.pick(random.chance(0.5) ? sdrs : closers) : random.pick(ams);
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    companyRows.push({
      workspaceId,
      id: random.uuid(),
      name,
      legalName: `${random.pick(words.legalForms)} «${name}»`,
      taxId: String(7_700_000_000 + i * 7919 + random.int(0, 7000)).padStart(10, '0'),
      domain: /[a-z]/.test(slug) ? `${slug}-${i}.example` : `company-${i}.example`,
      industry: random.pick(words.industries),
      region: random.pick(words.regions),
      size: random.pick(['micro', 'small', 'medium', 'large', 'enterprise'] as const),
      tags: random.chance(0.3) ? [random.pick(words.tags)] : [],
      leadSourceId: random.pick(context.leadSources).id,
      status,
      ownerId: owner,
      createdAt: daysAgo(random.int(30, 700)),
    });
  }

  const contactRows: Insert<typeof contacts>[] = [];
  for (const [index, company] of companyRows.entries()) {
    for (let j = 0; j < DEMO_COUNTS.contactsPerCompany; j++) {
      const decider = j === 0;
      contactRows.push({
        workspaceId,
        id: random.uuid(),
        companyId: company.id,
        name: personName(),
        position: decider ? words.positions[random.int(0, 2)] : random.pick(words.positions),
        emails: [`contact${index}.${j}@${company.domain}`],
        phones: [`+7${random.int(900, 999)}${String(random.int(0, 9_999_999)).padStart(7, '0')}`],
        isDecisionMaker: decider,
        decisionRole: decider ? 'decision_maker' : random.pick(['influencer', 'user', 'accountant'] as const),
        ownerId: company.ownerId,
        createdAt: company.createdAt,
      });
    }
  }

  const dealRows: Insert<typeof deals>[] = [];
  const historyRows: Insert<typeof dealStageHistory>[] = [];
  const stages = context.stages;
  for (let i = 0; i < DEMO_COUNTS.deals; i++) {
    const stage = stages[i % stages.length]!;
    const companyIndex = random.int(0, companyRows.length - 1);
    const company = companyRows[companyIndex]!;
    const isClient = company.status !== 'prospect';
    const kind = isClient ? random.pick(['upsell', 'renewal'] as const) : 'new';
    const createdAt = daysAgo(random.int(5, 180));
    const amount = random.int(5, 300) * 10_000_00;
    const deal: Insert<typeof deals> = {
      workspaceId,
      id: random.uuid(),
      title: random.pick(words.dealTitles),
      companyId: company.id!,
      contactId: contactRows[companyIndex * DEMO_COUNTS.contactsPerCompany]!.id,
      pipelineId: context.pipelineId,
      stageId: stage.id,
      amountMinor: amount,
      kind,
      monthlyAmountMinor: random.chance(0.4) ? Math.round(amount / 12 / 100) * 100 : 0,
      expectedCloseDate: new Date(now.getTime() + random.int(-20, 90) * DAY).toISOString().slice(0, 10),
      ownerId: isClient ? company.ownerId : random.pick(closers),
      leadSourceId: company.leadSourceId,
      lostReason: stage.kind === 'lost' ? random.pick(words.lostReasons) : null,
      nextStep: stage.kind === 'open' ? random.pick(words.nextSteps) : null,
      nextStepAt: stage.kind === 'open' ? new Date(now.getTime() + random.int(-3, 14) * DAY) : null,
      stageEnteredAt: new Date(createdAt.getTime() + 2 * DAY),
      closedAt: stage.kind === 'open' ? null : new Date(createdAt.getTime() + 2 * DAY),
      createdAt,
      updatedAt: new Date(createdAt.getTime() + 2 * DAY),
    };
    dealRows.push(deal);
    const firstOpen = stages.find((s) => s.kind === 'open')!;
    historyRows.push({
      workspaceId,
      dealId: deal.id!,
      fromStageId: null,
      toStageId: firstOpen.id,
      changedAt: createdAt,
    });
    if (stage.id !== firstOpen.id) {
      historyRows.push({
        workspaceId,
        dealId: deal.id!,
        fromStageId: firstOpen.id,
        toStageId: stage.id,
        changedAt: deal.stageEnteredAt as Date,
        changedBy: deal.ownerId,
      });
    }
  }

  const activityRows: Insert<typeof activities>[] = [];
  for (let i = 0; i < DEMO_COUNTS.activities; i++) {
    const companyIndex = random.int(0, companyRows.length - 1);
    const company = companyRows[companyIndex]!;
    const type = random.pick(['call', 'call', 'call', 'email', 'meeting', 'note'] as const);
    const occurredAt = daysAgo(random.int(0, 182));
    activityRows.push({
      workspaceId,
      id: random.uuid(),
      type,
      direction: type === 'call' || type === 'email' ? random.pick(['inbound', 'outbound'] as const) : null,
      subject: type === 'meeting' ? random.pick(words.meetingSubjects) : '',
      body: type === 'note' ? random.pick(words.notes) : '',
      outcome: type === 'call' ? random.pick(words.callOutcomes) : null,
      durationSeconds:
        type === 'call' ? random.int(20, 900) : type === 'meeting' ? random.int(1800, 5400) : null,
      occurredAt,
      companyId: company.id,
      contactId: contactRows[companyIndex * DEMO_COUNTS.contactsPerCompany + random.int(0, 1)]!.id,
      authorId: company.ownerId,
      createdAt: occurredAt,
      updatedAt: occurredAt,
    });
  }

  const taskRows: Insert<typeof tasks>[] = [];
  for (let i = 0; i < DEMO_COUNTS.tasks; i++) {
    const company = random.pick(companyRows);
    const done = i % 3 === 0;
    const dueAt = new Date(
      now.getTime() + random.int(done ? -150 : -10, 20) * DAY + random.int(9, 18) * 3_600_000,
    );
    taskRows.push({
      workspaceId,
      id: random.uuid(),
      title: random.pick(words.taskTitles),
      dueAt,
      assigneeId: company.ownerId,
      creatorId: company.ownerId,
      companyId: company.id,
      priority: random.pick(['low', 'normal', 'normal', 'high', 'urgent'] as const),
      status: done ? 'done' : 'open',
      completedAt: done ? dueAt : null,
      createdAt: new Date(dueAt.getTime() - 3 * DAY),
      updatedAt: new Date(dueAt.getTime() - 3 * DAY),
    });
  }

  return {
    users: people.map(({ key: _key, ...user }) => user),
    logins: people.map((p) => ({ email: p.email, roles: p.roles as Role[] })),
    teams: teamRows,
    teamMembers: teamMemberRows,
    companies: companyRows,
    contacts: contactRows,
    deals: dealRows,
    stageHistory: historyRows,
    activities: activityRows,
    tasks: taskRows,
  };
}
