import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ClientJourney, ClientTouchpoint, FilledSlot } from '../../contract/journey.ts';
import type { Actor } from '../access/actor.ts';
import { companyRowWithinScope } from '../access/scope.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import { companies } from '../companies/schema.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { insertTask } from '../tasks/insert-task.ts';
import { users } from '../users/schema.ts';
import { workspaces } from '../workspaces/schema.ts';
import { type LinkedArticle, linkedArticles, loadMapRows, slotOf } from './journey-map.ts';
import { isTouchpointOverdue, touchpointDueAt } from './overdue.ts';
import { type ClientPeople, resolveTouchpointPeople } from './resolve-people.ts';
import { clientTouchpoints, clientTouchpointTasks, type Slot } from './schema.ts';

const SLOTS: Slot[] = ['responsible', 'communicator', 'support'];

type Entry = { enteredAt: Date; doneAt: Date | null };
type PersonDirectory = Map<string, { name: string; active: boolean }>;

/**
 * Who holds each role for these companies: AM = owner, PM = PM of the current project, BizDev =
 * of the latest deal with one, closer = owner of the first won deal, team lead = lead of the AM's team.
 */
export async function loadClientPeople(
  db: DbOrTx,
  workspaceId: string,
  companyIds: string[],
): Promise<Map<string, ClientPeople>> {
  const result = new Map<string, ClientPeople>();
  if (companyIds.length === 0) return result;
  const rows = await db.execute<{
    id: string;
    am: string | null;
    pm: string | null;
    bizdev: string | null;
    sales: string | null;
    team_lead: string | null;
  }>(sql`
    select c.id, c.owner_id as am,
      (select p.pm_id from projects p
        where p.workspace_id = c.workspace_id and p.company_id = c.id and p.pm_id is not null
          and p.status in ('planned', 'active', 'on_hold')
        order by (p.status = 'active') desc, p.created_at desc limit 1) as pm,
      (select d.bizdev_id from deals d
        where d.workspace_id = c.workspace_id and d.company_id = c.id and d.bizdev_id is not null
        order by d.created_at desc limit 1) as bizdev,
      (select d.owner_id from deals d
        join stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
        where d.workspace_id = c.workspace_id and d.company_id = c.id and s.kind = 'won' and d.owner_id is not null
        order by d.closed_at asc nulls last, d.created_at asc limit 1) as sales,
      (select t.lead_user_id from team_members m
        join teams t on t.workspace_id = m.workspace_id and t.id = m.team_id
        where m.workspace_id = c.workspace_id and m.user_id = c.owner_id
          and t.lead_user_id is not null and t.lead_user_id <> c.owner_id
        order by t.created_at limit 1) as team_lead
    from companies c
    where c.workspace_id = ${workspaceId} and c.id in ${companyIds}`);
  for (const row of rows.rows) {
    result.set(row.id, {
      am: row.am,
      pm: row.pm,
      bizdev: row.bizdev,
      sales: row.sales,
      team_lead: row.team_lead,
    });
  }
  return result;
}

async function loadDirectory(db: DbOrTx, workspaceId: string): Promise<PersonDirectory> {
  const rows = await db
    .select({ id: users.id, name: users.name, active: users.active })
    .from(users)
    .where(eq(users.workspaceId, workspaceId));
  return new Map(rows.map((row) => [row.id, { name: row.name, active: row.active }]));
}

async function loadEntries(db: DbOrTx, workspaceId: string, companyIds: string[]) {
  const byCompany = new Map<string, Map<string, Entry>>();
  if (companyIds.length === 0) return byCompany;
  const rows = await db
    .select()
    .from(clientTouchpoints)
    .where(
      and(eq(clientTouchpoints.workspaceId, workspaceId), inArray(clientTouchpoints.companyId, companyIds)),
    );
  for (const row of rows) {
    const entries = byCompany.get(row.companyId) ?? new Map<string, Entry>();
    entries.set(row.touchpointId, { enteredAt: row.enteredAt, doneAt: row.doneAt });
    byCompany.set(row.companyId, entries);
  }
  return byCompany;
}

type MapRows = Awaited<ReturnType<typeof loadMapRows>>;

/** A client's journey: every touchpoint's state and people, the current and the next one, the flags. */
export function buildClientJourney(input: {
  company: { id: string; name: string };
  map: MapRows;
  entries: Map<string, Entry>;
  people: ClientPeople;
  directory: PersonDirectory;
  linked: Map<string, LinkedArticle[]>;
  now: Date;
}): ClientJourney {
  const { map, entries, people, directory, now } = input;
  const active = (id: string) => directory.get(id)?.active ?? false;
  const filled = (slot: { role: FilledSlot['role']; userId: string | null }): FilledSlot => ({
    role: slot.role,
    userId: slot.userId,
    userName: slot.userId ? (directory.get(slot.userId)?.name ?? null) : null,
  });

  let current: { id: string; at: number } | null = null;
  for (const [touchpointId, entry] of entries) {
    if (!current || entry.enteredAt.getTime() > current.at) {
      current = { id: touchpointId, at: entry.enteredAt.getTime() };
    }
  }
  const order = map.stages.flatMap((stage) => stage.touchpoints.map((touchpoint) => touchpoint.id));
  const currentIndex = current ? order.indexOf(current.id) : -1;
  const nextTouchpointId = order[currentIndex + 1] ?? null;

  let overdue = false;
  let nobodyResponsible = false;
  const stages = map.stages.map((stage) => ({
    id: stage.id,
    name: stage.name,
    description: stage.description,
    touchpoints: stage.touchpoints.map((row): ClientTouchpoint => {
      const entry = entries.get(row.id);
      const resolved = resolveTouchpointPeople(
        {
          responsible: slotOf(row, 'responsible'),
          communicator: slotOf(row, 'communicator'),
          support: slotOf(row, 'support'),
        },
        people,
        active,
      );
      const late = isTouchpointOverdue(
        {
          enteredAt: entry?.enteredAt ?? null,
          doneAt: entry?.doneAt ?? null,
          expectedDays: row.expectedDays,
        },
        now,
      );
      if (late) overdue = true;
      if (row.id === current?.id && !resolved.responsible.userId) nobodyResponsible = true;
      return {
        touchpointId: row.id,
        name: row.name,
        description: row.description,
        expectedDays: row.expectedDays,
        state: !entry ? 'pending' : entry.doneAt ? 'done' : late ? 'overdue' : 'current',
        enteredAt: entry?.enteredAt.toISOString() ?? null,
        doneAt: entry?.doneAt?.toISOString() ?? null,
        dueAt: entry ? touchpointDueAt(entry.enteredAt, row.expectedDays).toISOString() : null,
        responsible: filled(resolved.responsible),
        communicator: filled(resolved.communicator),
        support: filled(resolved.support),
        articles: input.linked.get(row.id) ?? [],
      };
    }),
  }));
  return {
    companyId: input.company.id,
    companyName: input.company.name,
    currentTouchpointId: current?.id ?? null,
    nextTouchpointId,
    overdue,
    nobodyResponsible,
    stages,
  };
}

export async function loadClientJourney(
  db: DbOrTx,
  actor: Actor,
  companyId: string,
  now = new Date(),
): Promise<ClientJourney> {
  const company = await findVisibleCompany(db, actor, companyId);
  const map = await loadMapRows(db, actor.workspaceId);
  const touchpointIds = map.stages.flatMap((stage) => stage.touchpoints.map((touchpoint) => touchpoint.id));
  const [entries, people, directory, linked] = [
    await loadEntries(db, actor.workspaceId, [companyId]),
    await loadClientPeople(db, actor.workspaceId, [companyId]),
    await loadDirectory(db, actor.workspaceId),
    await linkedArticles(db, actor.workspaceId, 'touchpoint', touchpointIds),
  ];
  return buildClientJourney({
    company,
    map,
    entries: entries.get(companyId) ?? new Map(),
    people: people.get(companyId)!,
    directory,
    linked,
    now,
  });
}

const SLOT_WORDS = {
  ru: { responsible: 'ответственный', communicator: 'коммуникатор', support: 'поддержка' },
  en: { responsible: 'responsible', communicator: 'communicator', support: 'support' },
};

function taskDescription(
  locale: 'ru' | 'en',
  slots: Slot[],
  touchpoint: { description: string; expectedDays: number },
) {
  const roles = slots.map((slot) => SLOT_WORDS[locale][slot]).join(', ');
  const lines =
    locale === 'ru'
      ? [`Точка контакта карты пути клиента. Ваша роль: ${roles}.`, `Срок: ${touchpoint.expectedDays} дн.`]
      : [
          `A customer journey touchpoint. Your role: ${roles}.`,
          `Expected within ${touchpoint.expectedDays} days.`,
        ];
  if (touchpoint.description) lines.splice(1, 0, touchpoint.description);
  return lines.join('\n');
}

/**
 * Moves a client to a touchpoint: records when and by whom, and gives each of its people a task
 * due after the expected duration (one task per person, naming every role they fill).
 */
export async function enterTouchpoint(
  db: Db,
  actor: Actor,
  companyId: string,
  touchpointId: string,
  now = new Date(),
) {
  const created = await db.transaction(async (tx) => {
    const company = await findVisibleCompany(tx, actor, companyId, { forUpdate: true });
    if (company.status !== 'client') {
      throw new AppError('unprocessable', 'Only clients have a journey: make the company a client first.', {
        fields: [{ field: 'companyId', message: 'Not a client.' }],
      });
    }
    const map = await loadMapRows(tx, actor.workspaceId);
    const touchpoint = map.stages
      .flatMap((stage) => stage.touchpoints)
      .find((row) => row.id === touchpointId);
    if (!touchpoint) {
      throw new AppError('unprocessable', 'No such touchpoint in this workspace’s journey map.', {
        fields: [{ field: 'touchpointId', message: 'No such touchpoint.' }],
      });
    }
    const people = (await loadClientPeople(tx, actor.workspaceId, [companyId])).get(companyId)!;
    const directory = await loadDirectory(tx, actor.workspaceId);
    const resolved = resolveTouchpointPeople(
      {
        responsible: slotOf(touchpoint, 'responsible'),
        communicator: slotOf(touchpoint, 'communicator'),
        support: slotOf(touchpoint, 'support'),
      },
      people,
      (id) => directory.get(id)?.active ?? false,
    );

    await tx
      .insert(clientTouchpoints)
      .values({
        workspaceId: actor.workspaceId,
        companyId,
        touchpointId,
        enteredAt: now,
        enteredBy: actor.userId,
      })
      .onConflictDoUpdate({
        target: [clientTouchpoints.workspaceId, clientTouchpoints.companyId, clientTouchpoints.touchpointId],
        set: { enteredAt: now, enteredBy: actor.userId, doneAt: null, doneBy: null },
      });
    await tx
      .delete(clientTouchpointTasks)
      .where(
        and(
          eq(clientTouchpointTasks.workspaceId, actor.workspaceId),
          eq(clientTouchpointTasks.companyId, companyId),
          eq(clientTouchpointTasks.touchpointId, touchpointId),
        ),
      );

    const [workspace] = await tx
      .select({ locale: workspaces.defaultLocale })
      .from(workspaces)
      .where(eq(workspaces.id, actor.workspaceId));
    const locale = workspace?.locale ?? 'ru';
    const slotsByPerson = new Map<string, Slot[]>();
    for (const slot of SLOTS) {
      const userId = resolved[slot].userId;
      if (userId) slotsByPerson.set(userId, [...(slotsByPerson.get(userId) ?? []), slot]);
    }
    const tasks: { id: string; slot: Slot; assigneeId: string | null; title: string }[] = [];
    for (const [userId, slots] of slotsByPerson) {
      const task = await insertTask(tx, {
        workspaceId: actor.workspaceId,
        title: `${touchpoint.name} — ${company.name}`,
        description: taskDescription(locale, slots, touchpoint),
        dueAt: touchpointDueAt(now, touchpoint.expectedDays),
        assigneeId: userId,
        creatorId: actor.userId,
        companyId,
        priority: slots.includes('responsible') ? 'high' : 'normal',
        origin: 'journey',
      });
      for (const slot of slots) {
        await tx.insert(clientTouchpointTasks).values({
          workspaceId: actor.workspaceId,
          companyId,
          touchpointId,
          slot,
          taskId: task.id,
        });
        tasks.push({ id: task.id, slot, assigneeId: task.assigneeId, title: task.title });
      }
    }
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'stage_change',
      entityType: 'company',
      entityId: companyId,
      after: { journeyTouchpointEntered: touchpointId, name: touchpoint.name, tasks: tasks.map((t) => t.id) },
    });
    return tasks;
  });
  return { journey: await loadClientJourney(db, actor, companyId, now), tasks: created };
}

/** Marks a touchpoint the client has entered as done. */
export async function completeTouchpoint(
  db: Db,
  actor: Actor,
  companyId: string,
  touchpointId: string,
  now = new Date(),
): Promise<ClientJourney> {
  await db.transaction(async (tx) => {
    await findVisibleCompany(tx, actor, companyId, { forUpdate: true });
    const [row] = await tx
      .update(clientTouchpoints)
      .set({ doneAt: now, doneBy: actor.userId })
      .where(
        and(
          eq(clientTouchpoints.workspaceId, actor.workspaceId),
          eq(clientTouchpoints.companyId, companyId),
          eq(clientTouchpoints.touchpointId, touchpointId),
          isNull(clientTouchpoints.doneAt),
        ),
      )
      .returning();
    if (!row) {
      throw new AppError(
        'unprocessable',
        'The client has not entered this touchpoint, or it is already done.',
        {
          fields: [{ field: 'touchpointId', message: 'Not entered or already done.' }],
        },
      );
    }
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'update',
      entityType: 'company',
      entityId: companyId,
      after: { journeyTouchpointDone: touchpointId },
    });
  });
  return loadClientJourney(db, actor, companyId, now);
}

/** Every visible client with where it stands on the journey; `flag` keeps the troubled ones. */
export async function listClientJourneys(
  db: DbOrTx,
  actor: Actor,
  query: { flag?: 'overdue' | 'nobody_responsible' },
  now = new Date(),
) {
  const clients = await db
    .select({ id: companies.id, name: companies.name, ownerId: companies.ownerId })
    .from(companies)
    .where(
      and(
        eq(companies.workspaceId, actor.workspaceId),
        companyRowWithinScope(actor, companies.ownerId, companies.id),
        eq(companies.status, 'client'),
        isNull(companies.archivedAt),
      ),
    )
    .orderBy(companies.name)
    .limit(2000);
  const ids = clients.map((client) => client.id);
  const map = await loadMapRows(db, actor.workspaceId);
  const [entries, people, directory] = [
    await loadEntries(db, actor.workspaceId, ids),
    await loadClientPeople(db, actor.workspaceId, ids),
    await loadDirectory(db, actor.workspaceId),
  ];
  const stageOf = new Map(
    map.stages.flatMap((stage) =>
      stage.touchpoints.map((touchpoint) => [touchpoint.id, stage.name] as const),
    ),
  );
  const items = clients.map((client) => {
    const journey = buildClientJourney({
      company: client,
      map,
      entries: entries.get(client.id) ?? new Map(),
      people: people.get(client.id)!,
      directory,
      linked: new Map(),
      now,
    });
    const current = journey.stages
      .flatMap((stage) => stage.touchpoints)
      .find((touchpoint) => touchpoint.touchpointId === journey.currentTouchpointId);
    return {
      companyId: client.id,
      companyName: client.name,
      ownerId: client.ownerId,
      currentTouchpointId: current?.touchpointId ?? null,
      currentTouchpointName: current?.name ?? null,
      stageName: current ? (stageOf.get(current.touchpointId) ?? null) : null,
      enteredAt: current?.enteredAt ?? null,
      dueAt: current?.dueAt ?? null,
      done: current?.state === 'done',
      overdue: journey.overdue,
      nobodyResponsible: journey.nobodyResponsible,
      responsible: current?.responsible ?? null,
    };
  });
  return {
    items: items.filter((item) =>
      query.flag === 'overdue'
        ? item.overdue
        : query.flag === 'nobody_responsible'
          ? item.nobodyResponsible
          : true,
    ),
  };
}
