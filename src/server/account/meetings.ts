import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { CreateMeetingBody, Meeting } from '../../contract/account.ts';
import type { Actor } from '../access/actor.ts';
import { activities } from '../activities/schema.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { contacts } from '../contacts/schema.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, versionConflict } from '../http/errors.ts';
import { loadSmtp, sendMail } from '../mail/mailer.ts';
import { createRobotTask } from '../robots/robot-task.ts';
import { users } from '../users/schema.ts';
import { findAccountCompany, findAccountRecord } from './account-access.ts';
import { loadAccountSettings } from './account-settings.ts';
import { minutesMailto, renderMinutes } from './minutes.ts';
import { meetingDecisions, meetings } from './schema.ts';

type MeetingRow = typeof meetings.$inferSelect;
type DecisionRow = typeof meetingDecisions.$inferSelect;

function toMeeting(row: MeetingRow, decisions: DecisionRow[]): Meeting {
  return {
    id: row.id,
    companyId: row.companyId,
    title: row.title,
    heldAt: row.heldAt.toISOString(),
    agenda: row.agenda,
    minutes: row.minutes,
    attendeeContactIds: row.attendeeContactIds,
    attendeeUserIds: row.attendeeUserIds,
    activityId: row.activityId,
    authorId: row.authorId,
    minutesSentAt: row.minutesSentAt?.toISOString() ?? null,
    decisions: decisions
      .filter((d) => d.meetingId === row.id)
      .sort((a, b) => a.position - b.position)
      .map((d) => ({ id: d.id, text: d.text, ownerId: d.ownerId, dueOn: d.dueOn, taskId: d.taskId })),
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

async function decisionsOf(db: DbOrTx, workspaceId: string, meetingIds: string[]) {
  if (meetingIds.length === 0) return [];
  return db
    .select()
    .from(meetingDecisions)
    .where(
      and(eq(meetingDecisions.workspaceId, workspaceId), inArray(meetingDecisions.meetingId, meetingIds)),
    );
}

async function findMeeting(db: DbOrTx, actor: Actor, id: string) {
  return findAccountRecord(db, actor, 'Meeting', async () => {
    const [row] = await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.workspaceId, actor.workspaceId), eq(meetings.id, id)));
    return row;
  });
}

/** Attendees and decision owners must be the client's contacts and the workspace's people. */
async function checkPeople(
  tx: DbOrTx,
  actor: Actor,
  companyId: string,
  input: { contactIds: string[]; userIds: string[]; ownerIds: { index: number; id: string }[] },
) {
  const fields: { field: string; message: string }[] = [];
  if (input.contactIds.length > 0) {
    const found = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(
        and(
          eq(contacts.workspaceId, actor.workspaceId),
          eq(contacts.companyId, companyId),
          inArray(contacts.id, input.contactIds),
        ),
      );
    const known = new Set(found.map((c) => c.id));
    input.contactIds.forEach((id, index) => {
      if (!known.has(id))
        fields.push({ field: `attendeeContactIds.${index}`, message: 'Not a contact of this client.' });
    });
  }
  const userIds = [...new Set([...input.userIds, ...input.ownerIds.map((o) => o.id)])];
  if (userIds.length > 0) {
    const found = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.workspaceId, actor.workspaceId), inArray(users.id, userIds)));
    const known = new Set(found.map((u) => u.id));
    input.userIds.forEach((id, index) => {
      if (!known.has(id)) fields.push({ field: `attendeeUserIds.${index}`, message: 'No such person here.' });
    });
    for (const owner of input.ownerIds) {
      if (!known.has(owner.id))
        fields.push({ field: `decisions.${owner.index}.ownerId`, message: 'No such person here.' });
    }
  }
  if (fields.length > 0) throw new AppError('unprocessable', 'Some people are not known here.', { fields });
}

/**
 * A meeting with the client's decision makers: logged as a meeting on the timeline (which moves
 * the next contact date), its decisions saved, and each decision made a task for its owner (by
 * default the person logging it) by the meeting_decisions robot, logged as its action.
 */
export async function createMeeting(
  db: Db,
  actor: Actor,
  companyId: string,
  input: CreateMeetingBody,
): Promise<Meeting> {
  const meeting = await db.transaction(async (tx) => {
    const company = await findAccountCompany(tx, actor, companyId);
    const { locale } = await loadAccountSettings(tx, actor.workspaceId);
    const decisions = input.decisions ?? [];
    await checkPeople(tx, actor, company.id, {
      contactIds: input.attendeeContactIds ?? [],
      userIds: input.attendeeUserIds ?? [],
      ownerIds: decisions.flatMap((d, index) => (d.ownerId ? [{ index, id: d.ownerId }] : [])),
    });
    const [activity] = await tx
      .insert(activities)
      .values({
        workspaceId: actor.workspaceId,
        type: 'meeting',
        subject: input.title,
        body: [input.agenda, input.minutes].filter(Boolean).join('\n\n'),
        occurredAt: new Date(input.heldAt),
        companyId: company.id,
        authorId: actor.userId,
        participantContactIds: input.attendeeContactIds ?? [],
        participantUserIds: input.attendeeUserIds ?? [],
      })
      .returning();
    const [row] = await tx
      .insert(meetings)
      .values({
        workspaceId: actor.workspaceId,
        companyId: company.id,
        title: input.title,
        heldAt: new Date(input.heldAt),
        agenda: input.agenda ?? '',
        minutes: input.minutes ?? '',
        attendeeContactIds: input.attendeeContactIds ?? [],
        attendeeUserIds: input.attendeeUserIds ?? [],
        activityId: activity!.id,
        authorId: actor.userId,
      })
      .returning();
    const saved: DecisionRow[] = [];
    for (const [position, decision] of decisions.entries()) {
      const [d] = await tx
        .insert(meetingDecisions)
        .values({
          workspaceId: actor.workspaceId,
          meetingId: row!.id,
          position,
          text: decision.text,
          ownerId: decision.ownerId ?? actor.userId,
          dueOn: decision.dueOn ?? null,
        })
        .returning();
      const taskId = await createRobotTask(tx, {
        ruleKey: 'meeting_decisions',
        causeKey: `meeting:${row!.id}:decision:${d!.id}`,
        reason:
          locale === 'ru' ? `Решение встречи «${input.title}»` : `Decision at the meeting «${input.title}»`,
        task: {
          workspaceId: actor.workspaceId,
          title: decision.text,
          description: `${input.title} — ${company.name}`,
          dueAt: decision.dueOn ? await dueAtDay(tx, actor.workspaceId, decision.dueOn) : null,
          assigneeId: d!.ownerId,
          creatorId: actor.userId,
          companyId: company.id,
          origin: 'meeting_decision',
        },
      });
      if (taskId) {
        await tx
          .update(meetingDecisions)
          .set({ taskId })
          .where(and(eq(meetingDecisions.workspaceId, actor.workspaceId), eq(meetingDecisions.id, d!.id)));
        d!.taskId = taskId;
      }
      saved.push(d!);
    }
    const result = toMeeting(row!, saved);
    await recordAudit(tx, { ...auditFor(actor, 'meeting', result.id), action: 'create', after: result });
    return result;
  });
  return meeting;
}

/** 18:00 on a day in the workspace's time zone: when a decision "by that day" is due. */
async function dueAtDay(tx: DbOrTx, workspaceId: string, day: string): Promise<Date> {
  const [row] = (
    await tx.execute<{ at: string | Date }>(sql`
      select ((${day}::date + time '18:00') at time zone w.time_zone) as at from workspaces w where w.id = ${workspaceId}`)
  ).rows;
  return new Date(row!.at);
}

export async function listMeetings(
  db: DbOrTx,
  actor: Actor,
  companyId: string,
): Promise<{ items: Meeting[] }> {
  const company = await findAccountCompany(db, actor, companyId);
  const rows = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.workspaceId, actor.workspaceId), eq(meetings.companyId, company.id)))
    .orderBy(desc(meetings.heldAt), asc(meetings.id))
    .limit(200);
  const decisions = await decisionsOf(
    db,
    actor.workspaceId,
    rows.map((r) => r.id),
  );
  return { items: rows.map((row) => toMeeting(row, decisions)) };
}

export async function getMeeting(db: DbOrTx, actor: Actor, id: string): Promise<Meeting> {
  const { record } = await findMeeting(db, actor, id);
  return toMeeting(record, await decisionsOf(db, actor.workspaceId, [record.id]));
}

export async function updateMeeting(
  db: Db,
  actor: Actor,
  id: string,
  input: { title?: string; agenda?: string; minutes?: string; version: number },
): Promise<Meeting> {
  return db.transaction(async (tx) => {
    const { record } = await findMeeting(tx, actor, id);
    if (record.version !== input.version) throw versionConflict('This meeting', record.version);
    const { version: _, ...changes } = input;
    const [row] = await tx
      .update(meetings)
      .set({ ...changes, updatedAt: sql`now()`, version: record.version + 1 })
      .where(and(eq(meetings.workspaceId, actor.workspaceId), eq(meetings.id, id)))
      .returning();
    const decisions = await decisionsOf(tx, actor.workspaceId, [id]);
    const after = toMeeting(row!, decisions);
    await recordAudit(tx, {
      ...auditFor(actor, 'meeting', id),
      action: 'update',
      before: toMeeting(record, decisions),
      after,
    });
    return after;
  });
}

/** The minutes as Markdown, and the attendees' e-mail addresses. */
export async function meetingMinutes(
  db: DbOrTx,
  actor: Actor,
  id: string,
): Promise<{ markdown: string; fileName: string; subject: string; emails: string[] }> {
  const { record, company } = await findMeeting(db, actor, id);
  const settings = await loadAccountSettings(db, actor.workspaceId);
  const decisions = await decisionsOf(db, actor.workspaceId, [id]);
  const people = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, actor.workspaceId),
        inArray(users.id, [
          ...record.attendeeUserIds,
          ...decisions.flatMap((d) => (d.ownerId ? [d.ownerId] : [])),
        ]),
      ),
    );
  const contactRows =
    record.attendeeContactIds.length > 0
      ? await db
          .select({ id: contacts.id, name: contacts.name, emails: contacts.emails })
          .from(contacts)
          .where(
            and(eq(contacts.workspaceId, actor.workspaceId), inArray(contacts.id, record.attendeeContactIds)),
          )
      : [];
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const markdown = renderMinutes({
    title: record.title,
    companyName: company.name,
    heldAt: record.heldAt,
    timeZone: settings.timeZone,
    locale: settings.locale,
    attendees: [
      ...contactRows.map((c) => c.name),
      ...record.attendeeUserIds.map((uid) => nameOf.get(uid) ?? '?'),
    ],
    agenda: record.agenda,
    minutes: record.minutes,
    decisions: decisions
      .sort((a, b) => a.position - b.position)
      .map((d) => ({
        text: d.text,
        owner: d.ownerId ? (nameOf.get(d.ownerId) ?? null) : null,
        dueOn: d.dueOn,
      })),
  });
  const day = record.heldAt.toISOString().slice(0, 10);
  return {
    markdown,
    fileName: `minutes-${day}.md`,
    subject: `${record.title} — ${company.name} (${day})`,
    emails: contactRows.flatMap((c) => c.emails.slice(0, 1)),
  };
}

/**
 * Sends the minutes by e-mail through the workspace's SMTP server when one is set up; otherwise
 * returns a mailto: link for the person's own mail program.
 */
export async function sendMinutes(
  db: Db,
  actor: Actor,
  id: string,
  input: { to?: string[] },
): Promise<{ sent: boolean; mailto: string | null; recipients: string[] }> {
  const minutes = await meetingMinutes(db, actor, id);
  const recipients = [...new Set([...minutes.emails, ...(input.to ?? [])])];
  if (recipients.length === 0) {
    throw new AppError('unprocessable', 'Nobody to send the minutes to.', {
      fields: [{ field: 'to', message: 'Add an address: the attendees have no e-mail.' }],
    });
  }
  const smtp = await loadSmtp(db, actor.workspaceId);
  if (!smtp)
    return { sent: false, mailto: minutesMailto(recipients, minutes.subject, minutes.markdown), recipients };
  try {
    await sendMail(
      { smtp },
      {
        to: recipients,
        subject: minutes.subject,
        text: minutes.markdown,
        attachments: [
          { filename: minutes.fileName, content: minutes.markdown, contentType: 'text/markdown' },
        ],
      },
    );
  } catch (error) {
    throw new AppError('unprocessable', `The mail server refused the minutes: ${(error as Error).message}`);
  }
  await db.transaction(async (tx) => {
    await tx
      .update(meetings)
      .set({ minutesSentAt: sql`now()` })
      .where(and(eq(meetings.workspaceId, actor.workspaceId), eq(meetings.id, id)));
    await recordAudit(tx, {
      ...auditFor(actor, 'meeting', id),
      action: 'update',
      after: { minutesSentTo: recipients },
    });
  });
  return { sent: true, mailto: null, recipients };
}
