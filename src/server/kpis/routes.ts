import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, IsoDate } from '../../contract/common.ts';
import {
  KpiDashboard,
  KpiDrill,
  KpiDrillQuery,
  KpiQuery,
  KpiTrend,
  KpiTrendQuery,
  OrgDiagnostics,
} from '../../contract/kpis.ts';
import { kpiDashboard, kpiTrend } from './dashboard.ts';
import { orgDiagnostics } from './diagnostics.ts';
import { kpiDrill } from './drill.ts';
import { buildKpiFile } from './kpi-file.ts';

const tags = ['kpis'];

/**
 * KPIs (docs/kpis.md): figures per person, team and company with plan against fact, trends, the
 * records behind each number, the KPI file and org diagnostics. Visibility follows scope: a person
 * sees their own figures, a team lead the team's, head, admin and finance everyone's.
 */
export const kpisRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/kpis',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary:
          'KPI figures of a person, a team or the company for a month or quarter, with plan against fact',
        querystring: KpiQuery,
        response: { 200: KpiDashboard },
      },
    },
    async (request) => kpiDashboard(db, request.actor, request.query),
  );

  app.get(
    '/kpis/trend',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Month or quarter dynamics of revenue, calls, qualified leads and won deals',
        querystring: KpiTrendQuery,
        response: { 200: KpiTrend },
      },
    },
    async (request) => kpiTrend(db, request.actor, request.query),
  );

  app.get(
    '/kpis/drill',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'The records behind a KPI figure (deals, payments, activities, leads, clients, tasks)',
        querystring: KpiDrillQuery,
        response: { 200: KpiDrill },
      },
    },
    async (request) => kpiDrill(db, request.actor, request.query),
  );

  app.get(
    '/kpis/file',
    {
      config: { access: 'crm:export' },
      schema: {
        tags,
        summary: "The quarter's KPI file (XLSX): revenue by month, plan and fact, growth, a sheet per tier",
        querystring: z.object({ on: IsoDate.optional(), userId: Id.optional(), teamId: Id.optional() }),
      },
    },
    async (request, reply) => {
      const file = await buildKpiFile(db, request.actor, request.query);
      return reply
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(file.buffer);
    },
  );

  app.get(
    '/kpis/diagnostics',
    {
      config: { access: 'crm:assign' },
      schema: {
        tags,
        summary:
          'Org diagnostics: overloaded leads, uneven load, people over cap, clients with nobody responsible',
        response: { 200: OrgDiagnostics },
      },
    },
    async (request) => orgDiagnostics(db, request.actor),
  );
};
