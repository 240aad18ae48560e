import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BudgetParams, ClientBudget, PutBudgetBody } from '../../contract/money.ts';
import { loadBudget, putBudget } from './budgets.ts';

const tags = ['money'];

/** A client's yearly budget split into blocks: plan against invoiced and paid. */
export const budgetsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/companies/:id/budgets/:year',
    {
      config: { access: 'money:read' },
      schema: {
        tags,
        summary:
          'A client’s budget for a year: blocks with plan, invoiced and paid (figures even with no plan yet)',
        params: BudgetParams,
        response: { 200: ClientBudget },
      },
    },
    async (request) => loadBudget(db, request.actor, request.params.id, request.params.year),
  );

  app.put(
    '/companies/:id/budgets/:year',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary:
          'Plan or re-plan a client’s year: currency and blocks; send the version when it exists (409 if stale)',
        params: BudgetParams,
        body: PutBudgetBody,
        response: { 200: ClientBudget },
      },
    },
    async (request) => putBudget(db, request.actor, request.params.id, request.params.year, request.body),
  );
};
