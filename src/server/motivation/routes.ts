import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, MinorUnits } from '../../contract/common.ts';
import {
  CoefficientTier,
  ComputeBody,
  ComputeResult,
  NewSchemeVersionBody,
  PayoutList,
  PayoutListQuery,
  Scheme,
  SchemeBody,
  SchemePatch,
  SchemeRule,
  Statement,
  StatementAction,
} from '../../contract/motivation.ts';
import { PlanMetric } from '../../contract/plans.ts';
import {
  archiveScheme,
  createScheme,
  createSchemeVersion,
  getScheme,
  listSchemes,
  updateScheme,
} from './schemes.ts';
import {
  computeForActor,
  exportStatement,
  getStatement,
  listStatements,
  moveStatement,
  recomputeStatement,
} from './statements.ts';

const tags = ['motivation'];
const params = z.object({ id: Id });

const SchemeUpdate = SchemePatch.extend({
  rules: z.array(SchemeRule).max(50).optional(),
  coefficients: z.array(CoefficientTier).max(20).optional(),
  planMetric: PlanMetric.nullable().optional(),
  bonusCapMinor: MinorUnits.nullable().optional(),
});

/** Motivation schemes and payout statements (issue 6). */
export const motivationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/motivation/schemes',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary:
          'Motivation schemes: all for those who manage or approve pay, else the ones that apply to you',
        response: { 200: z.object({ items: z.array(Scheme) }) },
      },
    },
    async (request) => ({ items: await listSchemes(db, request.actor) }),
  );

  app.post(
    '/motivation/schemes',
    {
      config: { access: 'motivation:manage' },
      schema: {
        tags,
        summary:
          'Create a scheme: rules (base salary, % of new sales / monthly payments / upsells, fixed per event), coefficients, caps, assignment, validity',
        body: SchemeBody,
        response: { 201: Scheme },
      },
    },
    async (request, reply) => reply.code(201).send(await createScheme(db, request.actor, request.body)),
  );

  app.get(
    '/motivation/schemes/:id',
    {
      config: { access: 'self' },
      schema: { tags, summary: 'One scheme version', params, response: { 200: Scheme } },
    },
    async (request) => getScheme(db, request.actor, request.params.id),
  );

  app.patch(
    '/motivation/schemes/:id',
    {
      config: { access: 'motivation:manage' },
      schema: {
        tags,
        summary:
          'Change a scheme version (name, end, assignment; rules only while no approved statement used it); send its version',
        params,
        body: SchemeUpdate,
        response: { 200: Scheme },
      },
    },
    async (request) => updateScheme(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/motivation/schemes/:id/versions',
    {
      config: { access: 'motivation:manage' },
      schema: {
        tags,
        summary: 'Start a new version of a scheme from a month: the current one ends the day before',
        params,
        body: NewSchemeVersionBody,
        response: { 201: Scheme },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createSchemeVersion(db, request.actor, request.params.id, request.body)),
  );

  app.delete(
    '/motivation/schemes/:id',
    {
      config: { access: 'motivation:manage' },
      schema: { tags, summary: 'Archive a scheme version (statements keep it)', params },
    },
    async (request, reply) => {
      await archiveScheme(db, request.actor, request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/payouts',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary:
          'A month’s payout statements of the people you see, with totals and status, and who has none yet',
        querystring: PayoutListQuery,
        response: { 200: PayoutList },
      },
    },
    async (request) => listStatements(db, request.actor, request.query.period, request.query.userId),
  );

  app.post(
    '/payouts/compute',
    {
      config: { access: 'payouts:approve' },
      schema: {
        tags,
        summary:
          'Compute or recompute the draft statements of a month (everyone you see, or the people given); approved and locked stay',
        body: ComputeBody,
        response: { 200: ComputeResult },
      },
    },
    async (request) => computeForActor(db, request.actor, request.body.period, request.body.userIds),
  );

  app.get(
    '/payouts/statements/:id',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'A statement with its lines and their sources',
        params,
        response: { 200: Statement },
      },
    },
    async (request) => getStatement(db, request.actor, request.params.id),
  );

  app.post(
    '/payouts/statements/:id/recompute',
    {
      config: { access: 'payouts:approve' },
      schema: { tags, summary: 'Recompute a draft statement', params, response: { 200: Statement } },
    },
    async (request) => recomputeStatement(db, request.actor, request.params.id),
  );

  for (const [transition, access, summary] of [
    ['approve', 'payouts:approve', 'Approve a draft statement (not your own)'],
    ['reopen', 'payouts:approve', 'Return an approved statement to draft'],
    ['lock', 'payouts:lock', 'Lock an approved statement: it never changes again'],
  ] as const) {
    app.post(
      `/payouts/statements/:id/${transition}`,
      {
        config: { access },
        schema: { tags, summary, params, body: StatementAction, response: { 200: Statement } },
      },
      async (request) =>
        moveStatement(db, request.actor, request.params.id, transition, request.body.version),
    );
  }

  app.get(
    '/payouts/statements/:id/export',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Download a statement as CSV or XLSX',
        params,
        querystring: z.object({
          format: z.enum(['csv', 'xlsx']).default('csv'),
          lang: z.enum(['ru', 'en']).default('ru'),
        }),
      },
    },
    async (request, reply) => {
      const { body, filename } = await exportStatement(
        db,
        request.actor,
        request.params.id,
        request.query.format,
        request.query.lang,
      );
      return reply
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .type(
          request.query.format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .send(body);
    },
  );
};
