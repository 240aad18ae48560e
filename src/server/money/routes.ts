import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  CompanyFinance,
  CompanyFinanceQuery,
  ListRevenueFactsQuery,
  MoneySettings,
  RevenueFactPage,
  UpdateMoneySettingsBody,
} from '../../contract/money.ts';
import { loadCompanyFinance } from './company-finance.ts';
import { loadMoneySettings, toMoneySettings, updateMoneySettings } from './money-settings.ts';
import { listRevenueFacts } from './revenue-facts.ts';

const tags = ['money'];

/**
 * The workspace's money settings (VAT, numbering prefix, payment terms, bank details, SMTP), a
 * client's finance tab, and revenue facts.
 */
export const moneyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/settings/money',
    {
      config: { access: 'money:read' },
      schema: {
        tags,
        summary:
          'Money settings: VAT default, invoice number prefix, bank details for invoices, SMTP (no password)',
        response: { 200: MoneySettings },
      },
    },
    async (request) => toMoneySettings(await loadMoneySettings(db, request.actor.workspaceId)),
  );

  app.put(
    '/settings/money',
    {
      config: { access: 'money:write' },
      schema: {
        tags,
        summary: 'Change money settings; fields left out keep their value; smtp.password null clears it',
        body: UpdateMoneySettingsBody,
        response: { 200: MoneySettings },
      },
    },
    async (request) => updateMoneySettings(db, request.actor, request.body),
  );

  app.get(
    '/companies/:id/finance',
    {
      config: { access: 'money:read' },
      schema: {
        tags,
        summary:
          'A client’s money for the finance tab: contracts, invoices, acts, payments, the year’s budget, totals per currency',
        params: z.object({ id: Id }),
        querystring: CompanyFinanceQuery,
        response: { 200: CompanyFinance },
      },
    },
    async (request) => loadCompanyFinance(db, request.actor, request.params.id, request.query.year),
  );

  app.get(
    '/revenue-facts',
    {
      config: { access: 'money:read' },
      schema: {
        tags,
        summary:
          'Revenue facts (each allocated amount: new sale, recurring or upsell, with deal owner and AM): from, to, kind, companyId, userId',
        querystring: ListRevenueFactsQuery,
        response: { 200: RevenueFactPage },
      },
    },
    async (request) => listRevenueFacts(db, request.actor, request.query),
  );
};
