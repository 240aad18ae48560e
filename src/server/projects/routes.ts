import { and, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  CreateProjectBody,
  ListProjectsQuery,
  Project,
  UpdateProjectBody,
} from '../../contract/sales-flow.ts';
import type { Actor } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import type { DbOrTx } from '../db/client.ts';
import { findVisibleDeal } from '../deals/find-deal.ts';
import { invalidField, versionConflict } from '../http/errors.ts';
import { users } from '../users/schema.ts';
import { findVisibleProject, listProjects, openProject, toProject } from './projects.ts';
import { projects } from './schema.ts';

const tags = ['projects'];
const params = z.object({ id: Id });

/** The PM must hold the pm role and the AM the am role; one person may hold both. */
async function checkPair(tx: DbOrTx, actor: Actor, input: { pmId?: string | null; amId?: string | null }) {
  for (const [field, role] of [
    ['pmId', 'pm'],
    ['amId', 'am'],
  ] as const) {
    const userId = input[field];
    if (!userId) continue;
    const [person] = await tx
      .select({ roles: users.roles, active: users.active })
      .from(users)
      .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, userId)));
    if (!person?.active || !person.roles.includes(role)) {
      throw invalidField(field, `Choose an active person with the ${role} role.`);
    }
  }
}

export const projectsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/projects',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Projects',
        querystring: ListProjectsQuery,
        response: { 200: z.object({ items: z.array(Project) }) },
      },
    },
    async (request) => ({ items: await listProjects(db, request.actor, request.query) }),
  );

  app.get(
    '/projects/:id',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'A project', params, response: { 200: Project } },
    },
    async (request) => {
      const row = await findVisibleProject(db, request.actor, request.params.id);
      return toProject(row.project, row.companyName);
    },
  );

  app.post(
    '/projects',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Open a project with a PM + AM pair',
        body: CreateProjectBody,
        response: { 201: Project },
      },
    },
    async (request, reply) => {
      const { actor, body } = request;
      const created = await db.transaction(async (tx) => {
        const company = await findVisibleCompany(tx, actor, body.companyId).catch(() => {
          throw invalidField('companyId', 'Not found, or not one you can see.');
        });
        if (body.dealId) await findVisibleDeal(tx, actor, body.dealId);
        await checkPair(tx, actor, body);
        const row = await openProject(tx, { ...body, workspaceId: actor.workspaceId });
        const project = toProject(row, company.name);
        await recordAudit(tx, {
          ...auditFor(actor, 'project', project.id),
          action: 'create',
          after: project,
        });
        return project;
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/projects/:id',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Change a project',
        params,
        body: UpdateProjectBody,
        response: { 200: Project },
      },
    },
    async (request) => {
      const { actor } = request;
      const { version, ...changes } = request.body;
      return db.transaction(async (tx) => {
        const current = await findVisibleProject(tx, actor, request.params.id);
        if (current.project.version !== version)
          throw versionConflict('This project', current.project.version);
        await checkPair(tx, actor, changes);
        const [row] = await tx
          .update(projects)
          .set({ ...changes, updatedAt: sql`now()`, version: current.project.version + 1 })
          .where(and(eq(projects.workspaceId, actor.workspaceId), eq(projects.id, current.project.id)))
          .returning();
        const after = toProject(row!, current.companyName);
        await recordAudit(tx, {
          ...auditFor(actor, 'project', after.id),
          action: 'update',
          before: toProject(current.project, current.companyName),
          after,
        });
        return after;
      });
    },
  );
};
