import { and, asc, desc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  AssignBody,
  Assignment,
  AssignmentKind,
  SuggestBody,
  Suggestion,
  TeamLoadRow,
} from '../../contract/sales-flow.ts';
import { localDate } from '../tasks/group-tasks-by-due.ts';
import { users } from '../users/schema.ts';
import { assignmentPolicy, loadSalesFlowSettings } from '../workspaces/sales-flow-settings.ts';
import { applyAssignment, suggestAssignment, toAssignment } from './assign.ts';
import { loadCandidateFacts } from './load-candidates.ts';
import { rankCandidates } from './rank-candidates.ts';
import { assignments } from './schema.ts';

const tags = ['assignments'];

export const assignmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.post(
    '/assignments/suggest',
    {
      config: { access: 'crm:assign' },
      schema: {
        tags,
        summary: 'Who takes this? Ranked candidates with their figures and the deciding rule',
        body: SuggestBody,
        response: { 200: Suggestion },
      },
    },
    async (request) => suggestAssignment(db, request.actor, request.body),
  );

  app.post(
    '/assignments',
    {
      config: { access: 'crm:assign' },
      schema: {
        tags,
        summary: 'Assign a lead, deal, client or project; overriding the suggestion needs a reason',
        body: AssignBody,
        response: { 201: z.object({ assignment: Assignment, suggestion: Suggestion }) },
      },
    },
    async (request, reply) => {
      const result = await db.transaction((tx) => applyAssignment(tx, request.actor, request.body));
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/assignments',
    {
      config: { access: 'crm:assign' },
      schema: {
        tags,
        summary: 'The assignment decisions about one record, newest first',
        querystring: z.object({ kind: AssignmentKind, recordId: Id }),
        response: { 200: z.object({ items: z.array(Assignment) }) },
      },
    },
    async (request) => {
      const rows = await db
        .select()
        .from(assignments)
        .where(
          and(
            eq(assignments.workspaceId, request.actor.workspaceId),
            eq(assignments.subjectKind, request.query.kind),
            eq(assignments.subjectId, request.query.recordId),
          ),
        )
        .orderBy(desc(assignments.decidedAt));
      return { items: rows.map(toAssignment) };
    },
  );

  app.get(
    '/team-load',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: "Each person's load against their cap, for one role",
        querystring: z.object({ role: z.enum(['am', 'sales', 'pm', 'bizdev']).default('am') }),
        response: { 200: z.object({ role: z.string(), items: z.array(TeamLoadRow) }) },
      },
    },
    async (request) => {
      const { actor } = request;
      const { role } = request.query;
      const settings = await loadSalesFlowSettings(db, actor.workspaceId);
      const facts = await loadCandidateFacts(db, {
        workspaceId: actor.workspaceId,
        role,
        today: localDate(new Date(), settings.timeZone),
        userIds: actor.scope === 'all' ? undefined : actor.visibleUserIds,
      });
      const ranked = rankCandidates(
        { role, size: null, keyAccount: false, industry: null, region: null },
        facts,
        assignmentPolicy(settings),
      );
      const people = await db
        .select({ id: users.id, roles: users.roles, tier: users.tier })
        .from(users)
        .where(eq(users.workspaceId, actor.workspaceId))
        .orderBy(asc(users.name));
      const byId = new Map(people.map((person) => [person.id, person]));
      const factsById = new Map(facts.map((entry) => [entry.userId, entry]));
      const items = ranked.candidates
        .map((candidate) => ({
          userId: candidate.userId,
          name: candidate.name,
          roles: byId.get(candidate.userId)?.roles ?? [],
          tier: byId.get(candidate.userId)?.tier ?? null,
          gradeName: candidate.gradeName,
          accounts: candidate.accounts,
          cap: candidate.cap,
          load: candidate.load,
          openDeals: candidate.openDeals,
          openLeads: candidate.openLeads,
          openTasks: candidate.openTasks,
          awayUntil: factsById.get(candidate.userId)?.awayUntil ?? null,
        }))
        .sort((a, b) => b.load - a.load || a.name.localeCompare(b.name));
      return { role, items };
    },
  );
};
