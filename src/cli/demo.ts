import { and, asc, eq, like, sql } from 'drizzle-orm';
import { activities } from '../server/activities/schema.ts';
import { hashPassword } from '../server/auth/secrets.ts';
import { companies } from '../server/companies/schema.ts';
import { contacts } from '../server/contacts/schema.ts';
import type { Db } from '../server/db/client.ts';
import { dealStageHistory, deals } from '../server/deals/schema.ts';
import { grades } from '../server/grades/schema.ts';
import { leadSources } from '../server/lead-sources/schema.ts';
import { loadDefaultPipeline } from '../server/pipelines/load-pipelines.ts';
import { tasks } from '../server/tasks/schema.ts';
import { teamMembers, teams } from '../server/teams/schema.ts';
import { users } from '../server/users/schema.ts';
import { createWorkspace } from '../server/workspaces/create-workspace.ts';
import { buildDemoData } from './demo-data.ts';
import { seedDemoJourney } from './demo-journey.ts';
import { seedDemoMoney } from './demo-money.ts';
import { seedDemoSalesFlow } from './demo-sales-flow.ts';
import { type DemoLocale, VOCABULARY } from './demo-vocabulary.ts';

export const DEMO_PASSWORD = 'tandem-demo';

export interface DemoResult {
  workspaceId: string;
  workspaceName: string;
  password: string;
  logins: { email: string; roles: string[] }[];
  counts: Record<string, number>;
}

/** The e-mail tag for the next demo workspace: '' for the first, '+2', '+3'… after that. */
async function nextEmailTag(db: Db, domain: string): Promise<string> {
  const existing = await db
    .select({ email: users.email })
    .from(users)
    .where(like(users.email, `admin%@${domain}`));
  return existing.length === 0 ? '' : `+${existing.length + 1}`;
}

async function insertInChunks<T>(
  rows: T[],
  insert: (chunk: T[]) => Promise<unknown>,
  size = 500,
): Promise<void> {
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size));
}

/**
 * Loads a demo workspace in one transaction and returns its logins. A second run creates another
 * workspace whose e-mails carry a +N tag (admin+2@…), so demos never collide.
 */
export async function loadDemo(
  db: Db,
  options: { locale: DemoLocale; seed: number; now?: Date },
): Promise<DemoResult> {
  const words = VOCABULARY[options.locale];
  const emailTag = await nextEmailTag(db, words.emailDomain);
  const workspaceName = emailTag ? `${words.workspace} ${emailTag.slice(1)}` : words.workspace;
  const adminEmail = `admin${emailTag}@${words.emailDomain}`;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.transaction(async (tx) => {
    const { workspaceId } = await createWorkspace(tx, {
      name: workspaceName,
      locale: options.locale,
      admin: {
        email: adminEmail,
        password: DEMO_PASSWORD,
        name: options.locale === 'ru' ? 'Администратор' : 'Admin',
      },
    });
    const pipeline = await loadDefaultPipeline(tx, workspaceId);
    const data = buildDemoData({
      seed: options.seed,
      locale: options.locale,
      workspaceId,
      now: options.now ?? new Date(),
      emailTag,
      passwordHash,
      pipelineId: pipeline.id,
      stages: pipeline.stages,
      leadSources: await tx
        .select({ id: leadSources.id })
        .from(leadSources)
        .where(eq(leadSources.workspaceId, workspaceId)),
      grades: await tx
        .select({ id: grades.id, rank: grades.rank })
        .from(grades)
        .where(eq(grades.workspaceId, workspaceId))
        .orderBy(asc(grades.rank)),
    });
    await insertInChunks(data.users, (chunk) => tx.insert(users).values(chunk));
    await tx.insert(teams).values(data.teams);
    await tx.insert(teamMembers).values(data.teamMembers);
    await insertInChunks(data.companies, (chunk) => tx.insert(companies).values(chunk));
    await insertInChunks(data.contacts, (chunk) => tx.insert(contacts).values(chunk));
    await insertInChunks(data.deals, (chunk) => tx.insert(deals).values(chunk));
    await insertInChunks(data.stageHistory, (chunk) => tx.insert(dealStageHistory).values(chunk));
    await insertInChunks(data.activities, (chunk) => tx.insert(activities).values(chunk));
    await insertInChunks(data.tasks, (chunk) => tx.insert(tasks).values(chunk));
    const flow = await seedDemoSalesFlow(tx, {
      workspaceId,
      locale: options.locale,
      now: options.now ?? new Date(),
    });
    const money = await seedDemoMoney(tx, {
      workspaceId,
      locale: options.locale,
      now: options.now ?? new Date(),
    });
    const journey = await seedDemoJourney(tx, {
      workspaceId,
      locale: options.locale,
      now: options.now ?? new Date(),
    });
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(and(eq(users.workspaceId, workspaceId)));
    return {
      workspaceId,
      workspaceName,
      password: DEMO_PASSWORD,
      logins: [{ email: adminEmail, roles: ['admin'] }, ...data.logins],
      counts: {
        people: n,
        teams: data.teams.length,
        companies: data.companies.length,
        contacts: data.contacts.length,
        deals: data.deals.length,
        activities: data.activities.length,
        tasks: data.tasks.length,
        ...flow,
        ...money,
        ...journey,
      },
    };
  });
}
