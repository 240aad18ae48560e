import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Assignment, Suggestion } from '../../contract/sales-flow.ts';
import { resolveCover } from '../absences/cover.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import { companies } from '../companies/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { findVisibleDeal } from '../deals/find-deal.ts';
import { deals } from '../deals/schema.ts';
import { invalidField, notFound } from '../http/errors.ts';
import { leads } from '../leads/schema.ts';
import { notify } from '../notifications/notify.ts';
import { projects } from '../projects/schema.ts';
import { localDate } from '../tasks/group-tasks-by-due.ts';
import { users } from '../users/schema.ts';
import { assignmentPolicy, loadSalesFlowSettings } from '../workspaces/sales-flow-settings.ts';
import { loadCandidateFacts } from './load-candidates.ts';
import {
  type AssignmentRole,
  type AssignmentSubject,
  type RankedCandidate,
  rankCandidates,
} from './rank-candidates.ts';
import { type AssignmentSubjectKind, assignments } from './schema.ts';

/** Whom each kind of work goes to. */
const ROLE_FOR: Record<AssignmentSubjectKind, AssignmentRole> = {
  client: 'am',
  lead: 'sales',
  deal: 'sales',
  project: 'pm',
};

interface Target {
  kind: AssignmentSubjectKind;
  recordId: string;
  companyId: string;
  currentUserId: string | null;
  subject: AssignmentSubject;
  /** A request from an existing client: it goes to the client's AM (seed 000). */
  clientAmId: string | null;
}

type CompanyRow = typeof companies.$inferSelect;

function subjectOf(company: CompanyRow, role: AssignmentRole): AssignmentSubject {
  return {
    role,
    size: company.size,
    keyAccount: company.keyAccount,
    industry: company.industry,
    region: company.region,
  };
}

async function loadCompany(db: DbOrTx, workspaceId: string, id: string): Promise<CompanyRow> {
  const [row] = await db
    .select()
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, id)));
  if (!row) throw notFound('Company');
  return row;
}

/**
 * The record being assigned, with what fit is judged on. With an actor, the record must be one
 * they can see (404 otherwise); without one (a rule acting on its own), any record of the workspace.
 */
async function loadTarget(
  db: DbOrTx,
  workspaceId: string,
  kind: AssignmentSubjectKind,
  recordId: string,
  actor?: Actor,
): Promise<Target> {
  const role = ROLE_FOR[kind];
  if (kind === 'client') {
    const company = actor
      ? await findVisibleCompany(db, actor, recordId)
      : await loadCompany(db, workspaceId, recordId);
    return {
      kind,
      recordId,
      companyId: company.id,
      currentUserId: company.ownerId,
      subject: subjectOf(company, role),
      clientAmId: null,
    };
  }
  if (kind === 'deal') {
    const deal = actor
      ? (await findVisibleDeal(db, actor, recordId)).deal
      : (
          await db
            .select()
            .from(deals)
            .where(and(eq(deals.workspaceId, workspaceId), eq(deals.id, recordId)))
        )[0];
    if (!deal) throw notFound('Deal');
    const company = await loadCompany(db, workspaceId, deal.companyId);
    return {
      kind,
      recordId,
      companyId: company.id,
      currentUserId: deal.ownerId,
      subject: subjectOf(company, role),
      clientAmId: null,
    };
  }
  if (kind === 'lead') {
    const [lead] = await db
      .select()
      .from(leads)
      .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, recordId)));
    if (!lead) throw notFound('Lead');
    const company = await loadCompany(db, workspaceId, lead.companyId);
    const existingClient = company.status === 'client' && company.ownerId !== null;
    return {
      kind,
      recordId,
      companyId: company.id,
      currentUserId: lead.assigneeId,
      subject: subjectOf(company, existingClient ? 'am' : role),
      clientAmId: existingClient ? company.ownerId : null,
    };
  }
  const [project] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, recordId)));
  if (!project) throw notFound('Project');
  if (actor) await findVisibleCompany(db, actor, project.companyId);
  const company = await loadCompany(db, workspaceId, project.companyId);
  return {
    kind,
    recordId,
    companyId: company.id,
    currentUserId: project.pmId,
    subject: subjectOf(company, role),
    clientAmId: null,
  };
}

async function suggestFor(db: DbOrTx, workspaceId: string, target: Target): Promise<Suggestion> {
  const settings = await loadSalesFlowSettings(db, workspaceId);
  const today = localDate(new Date(), settings.timeZone);
  const facts = await loadCandidateFacts(db, {
    workspaceId,
    role: target.subject.role,
    today,
  });
  const ranked = rankCandidates(target.subject, facts, assignmentPolicy(settings));
  const base = {
    kind: target.kind,
    recordId: target.recordId,
    role: target.subject.role,
    currentUserId: target.currentUserId,
  };
  if (target.clientAmId)
    return { ...base, ...(await toClientAm(db, workspaceId, target, ranked.candidates, today)) };
  return { ...base, ...ranked };
}

/** A request from an existing client goes to its AM, or to whoever covers for them. */
async function toClientAm(
  db: DbOrTx,
  workspaceId: string,
  target: Target,
  ranked: RankedCandidate[],
  today: string,
): Promise<Pick<Suggestion, 'candidates' | 'chosen' | 'rule' | 'explanation' | 'nearest'>> {
  const amId = target.clientAmId!;
  let candidates = ranked;
  const [am] = await db
    .select({ name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, amId)));
  const cover = await resolveCover(db, { workspaceId, userId: amId, today, companyId: target.companyId });
  let chosenId = amId;
  let explanation = `Existing client: requests go to its account manager, ${am?.name ?? 'unknown'}.`;
  if (cover.away && cover.coverUserId) {
    chosenId = cover.coverUserId;
    const [coverUser] = await db
      .select({ name: users.name })
      .from(users)
      .where(and(eq(users.workspaceId, workspaceId), eq(users.id, chosenId)));
    const via = cover.via === 'pair_partner' ? `pair partner on ${cover.projectName}` : 'team lead';
    explanation = `Existing client: its account manager ${am?.name} is away until ${cover.until}; ${coverUser?.name} covers (${via}).`;
  } else if (cover.away) {
    explanation = `Existing client: its account manager ${am?.name} is away until ${cover.until} and nobody covers; it waits for them.`;
  }
  let chosen = candidates.find((candidate) => candidate.userId === chosenId) ?? null;
  if (!chosen && cover.away && cover.coverUserId) {
    // The one covering (a PM pair partner, a team lead) need not be an AM: measure them too.
    const settings = await loadSalesFlowSettings(db, workspaceId);
    const facts = await loadCandidateFacts(db, {
      workspaceId,
      role: 'am',
      today,
      userIds: [cover.coverUserId],
      requireRole: false,
    });
    chosen = rankCandidates(target.subject, facts, assignmentPolicy(settings)).candidates[0] ?? null;
    if (chosen) candidates = [chosen, ...candidates];
  }
  const ordered = chosen ? [chosen, ...candidates.filter((candidate) => candidate !== chosen)] : candidates;
  return {
    candidates: ordered.map((candidate, index) => ({ ...candidate, rank: index + 1 })),
    chosen: chosen ? { ...chosen, rank: 1 } : null,
    rule: 'existing_client_am',
    explanation,
    nearest: [],
  };
}

export async function suggestAssignment(
  db: DbOrTx,
  actor: Actor,
  input: { kind: AssignmentSubjectKind; recordId: string },
): Promise<Suggestion> {
  const target = await loadTarget(db, actor.workspaceId, input.kind, input.recordId, actor);
  return suggestFor(db, actor.workspaceId, target);
}

export function toAssignment(row: typeof assignments.$inferSelect): Assignment {
  return {
    id: row.id,
    kind: row.subjectKind,
    recordId: row.subjectId,
    role: row.role,
    suggestedUserId: row.suggestedUserId,
    chosenUserId: row.chosenUserId,
    rule: row.rule,
    overrideReason: row.overrideReason,
    automatic: row.automatic,
    candidates: row.candidates,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt.toISOString(),
  };
}

/** Puts the chosen person on the record itself. */
async function setAssignee(tx: DbOrTx, workspaceId: string, target: Target, userId: string): Promise<void> {
  const bump = { updatedAt: sql`now()`, version: sql`version + 1` } as const;
  if (target.kind === 'client') {
    await tx
      .update(companies)
      .set({ ownerId: userId, ...bump })
      .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, target.recordId)));
    // The client's running projects follow their new AM.
    await tx
      .update(projects)
      .set({ amId: userId, ...bump })
      .where(
        and(
          eq(projects.workspaceId, workspaceId),
          eq(projects.companyId, target.recordId),
          inArray(projects.status, ['planned', 'active', 'on_hold']),
          target.currentUserId
            ? or(isNull(projects.amId), eq(projects.amId, target.currentUserId))
            : isNull(projects.amId),
        ),
      );
  } else if (target.kind === 'deal') {
    await tx
      .update(deals)
      .set({ ownerId: userId, ...bump })
      .where(and(eq(deals.workspaceId, workspaceId), eq(deals.id, target.recordId)));
  } else if (target.kind === 'lead') {
    await tx
      .update(leads)
      .set({ assigneeId: userId, coveringForId: null, ...bump })
      .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, target.recordId)));
    // A prospect handed to tier 2 is theirs to work now; a client stays with its AM.
    if (!target.clientAmId) {
      await tx
        .update(companies)
        .set({ ownerId: userId, ...bump })
        .where(
          and(
            eq(companies.workspaceId, workspaceId),
            eq(companies.id, target.companyId),
            eq(companies.status, 'prospect'),
          ),
        );
    }
  } else {
    await tx
      .update(projects)
      .set({ pmId: userId, ...bump })
      .where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, target.recordId)));
  }
  await tx
    .update(users)
    .set({ lastAssignedAt: sql`now()` })
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)));
}

async function record(
  tx: DbOrTx,
  input: {
    workspaceId: string;
    actorUserId: string | null;
    target: Target;
    suggestion: Suggestion;
    chosenUserId: string;
    overrideReason: string | null;
    automatic: boolean;
  },
): Promise<Assignment> {
  const { target, suggestion } = input;
  const overridden = input.chosenUserId !== suggestion.chosen?.userId;
  const [row] = await tx
    .insert(assignments)
    .values({
      workspaceId: input.workspaceId,
      subjectKind: target.kind,
      subjectId: target.recordId,
      role: suggestion.role,
      suggestedUserId: suggestion.chosen?.userId ?? null,
      chosenUserId: input.chosenUserId,
      rule: overridden ? 'override' : suggestion.rule,
      overrideReason: input.overrideReason,
      automatic: input.automatic,
      candidates: suggestion.candidates,
      decidedBy: input.actorUserId,
    })
    .returning();
  const assignment = toAssignment(row!);
  await notify(tx, {
    workspaceId: input.workspaceId,
    userIds: [input.chosenUserId],
    kind: 'assignment',
    params: { subject: target.kind, role: suggestion.role },
    link:
      target.kind === 'deal'
        ? `/deals?deal=${target.recordId}`
        : target.kind === 'lead'
          ? '/leads'
          : `/companies/${target.companyId}`,
    actorUserId: input.actorUserId,
  });
  await recordAudit(tx, {
    workspaceId: input.workspaceId,
    actorUserId: input.actorUserId,
    action: 'update',
    entityType: target.kind === 'client' ? 'company' : target.kind,
    entityId: target.recordId,
    before: { assigneeId: target.currentUserId },
    after: {
      assigneeId: input.chosenUserId,
      assignment: {
        rule: assignment.rule,
        explanation: suggestion.explanation,
        overrideReason: input.overrideReason,
      },
    },
  });
  return assignment;
}

/**
 * A person's decision. Taking the top suggestion needs nothing more; choosing anyone else (or
 * anyone when nobody is eligible) needs a reason, which is recorded with the candidates.
 */
export async function applyAssignment(
  tx: DbOrTx,
  actor: Actor,
  input: { kind: AssignmentSubjectKind; recordId: string; userId: string; reason?: string },
): Promise<{ assignment: Assignment; suggestion: Suggestion }> {
  const target = await loadTarget(tx, actor.workspaceId, input.kind, input.recordId, actor);
  const suggestion = await suggestFor(tx, actor.workspaceId, target);
  const candidate = suggestion.candidates.find((entry) => entry.userId === input.userId);
  if (!candidate) {
    throw invalidField('userId', `Choose an active person with the ${suggestion.role} role.`);
  }
  const overridden = input.userId !== suggestion.chosen?.userId;
  if (overridden && !input.reason) {
    const top = suggestion.chosen
      ? `the suggestion (${suggestion.chosen.name})`
      : 'the rules (nobody is eligible)';
    throw invalidField('reason', `You chose someone other than ${top}: say why. The reason is recorded.`);
  }
  await setAssignee(tx, actor.workspaceId, target, input.userId);
  const assignment = await record(tx, {
    workspaceId: actor.workspaceId,
    actorUserId: actor.userId,
    target,
    suggestion,
    chosenUserId: input.userId,
    overrideReason: overridden ? (input.reason ?? null) : null,
    automatic: false,
  });
  return { assignment, suggestion };
}

/**
 * A rule assigning on its own (a lead qualified, a deal won): the top suggestion if there is one.
 * When nobody is eligible nothing is assigned and the suggestion says why; the cap is never broken.
 */
export async function assignAutomatically(
  tx: DbOrTx,
  input: { workspaceId: string; actorUserId: string | null; kind: AssignmentSubjectKind; recordId: string },
): Promise<{ assignment: Assignment | null; suggestion: Suggestion }> {
  const target = await loadTarget(tx, input.workspaceId, input.kind, input.recordId);
  const suggestion = await suggestFor(tx, input.workspaceId, target);
  if (!suggestion.chosen) return { assignment: null, suggestion };
  await setAssignee(tx, input.workspaceId, target, suggestion.chosen.userId);
  const assignment = await record(tx, {
    workspaceId: input.workspaceId,
    actorUserId: input.actorUserId,
    target,
    suggestion,
    chosenUserId: suggestion.chosen.userId,
    overrideReason: null,
    automatic: true,
  });
  return { assignment, suggestion };
}
