import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  ChangePlanBody,
  DeriveBody,
  DerivePreview,
  Plan,
  PlanListQuery,
  SetPlanBody,
  SplitPlanBody,
} from '../../contract/plans.ts';
import { applyDerivedPlans, changePlan, derivePlans, listPlans, setPlan, splitPlan } from './plans.ts';

const tags = ['plans'];
const params = z.object({ id: Id });
const PlanList = z.object({ items: z.array(Plan) });

/** Plans (issue 6): targets per period, holder and metric — set, split, derived, changed with a reason. */
export const plansRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/plans',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary:
          'Plans of a period: company, teams and the people you see; filters scope, team, person, metric',
        querystring: PlanListQuery,
        response: { 200: PlanList },
      },
    },
    async (request) => listPlans(db, request.actor, request.query),
  );

  app.put(
    '/plans',
    {
      config: { access: 'plans:manage' },
      schema: {
        tags,
        summary:
          'Set the target of a company, team or person for a period and metric (a derived or split one needs a reason)',
        body: SetPlanBody,
        response: { 200: Plan },
      },
    },
    async (request) => setPlan(db, request.actor, request.body),
  );

  app.patch(
    '/plans/:id',
    {
      config: { access: 'plans:manage' },
      schema: {
        tags,
        summary: 'Change a target by hand; a derived or split target needs a reason (kept and audited)',
        params,
        body: ChangePlanBody,
        response: { 200: Plan },
      },
    },
    async (request) => changePlan(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/plans/:id/split',
    {
      config: { access: 'plans:manage' },
      schema: {
        tags,
        summary:
          'Split a company plan among teams or people (a team plan among people) by shares in basis points',
        params,
        body: SplitPlanBody,
        response: { 200: PlanList },
      },
    },
    async (request) => splitPlan(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/plans/derive/preview',
    {
      config: { access: 'plans:manage' },
      schema: {
        tags,
        summary:
          'Derive personal plans from free capacity × conversion (person, else team, else company): preview only',
        body: DeriveBody,
        response: { 200: DerivePreview },
      },
    },
    async (request) => derivePlans(db, request.actor, request.body),
  );

  app.post(
    '/plans/derive/apply',
    {
      config: { access: 'plans:manage' },
      schema: {
        tags,
        summary: 'Derive and save personal plans (source derived, formula kept)',
        body: DeriveBody,
        response: { 200: PlanList },
      },
    },
    async (request) => applyDerivedPlans(db, request.actor, request.body),
  );
};
