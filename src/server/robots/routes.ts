import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ListRobotActionsQuery,
  RobotActionPage,
  RobotRule,
  RobotRuleList,
  RobotRunList,
  RunRobotsResponse,
  UpdateRobotRuleBody,
} from '../../contract/robots.ts';
import { listActions, listRules, listRuns, updateRule } from './robot-log.ts';
import { runRobotPass } from './run-robots.ts';

const tags = ['robots'];

/** The robots page's API: for admins and heads (settings:manage). */
export const robotsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, database } = app;

  app.get(
    '/robots/rules',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'The robots: each rule, on or off, with its parameters',
        response: { 200: RobotRuleList },
      },
    },
    async (request) => listRules(db, request.actor.workspaceId),
  );

  app.patch(
    '/robots/rules/:key',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Switch a rule on or off, or change its parameters',
        params: z.object({ key: z.string().max(64) }),
        body: UpdateRobotRuleBody,
        response: { 200: RobotRule },
      },
    },
    async (request) => updateRule(db, request.actor, request.params.key, request.body),
  );

  app.get(
    '/robots/runs',
    {
      config: { access: 'settings:manage' },
      schema: { tags, summary: 'The last robot passes and what each did', response: { 200: RobotRunList } },
    },
    async (request) => listRuns(db, request.actor.workspaceId),
  );

  app.get(
    '/robots/actions',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary:
          'What the robots did (what, for whom, why), newest first; filters by rule, client, person, pass',
        querystring: ListRobotActionsQuery,
        response: { 200: RobotActionPage },
      },
    },
    async (request) => listActions(db, request.actor.workspaceId, request.query),
  );

  app.post(
    '/robots/run',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary:
          'Run a robot pass now (over every workspace; "ran": false when another process is running one)',
        response: { 200: RunRobotsResponse },
      },
    },
    async (request) => {
      const result = await runRobotPass(database, { trigger: 'manual' });
      if (!result.ran || !result.runId) return { ran: false, run: null };
      const runs = await listRuns(db, request.actor.workspaceId, 5);
      return { ran: true, run: runs.items.find((r) => r.id === result.runId) ?? null };
    },
  );
};
