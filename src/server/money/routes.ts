import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MoneySettings, UpdateMoneySettingsBody } from '../../contract/money.ts';
import { loadMoneySettings, toMoneySettings, updateMoneySettings } from './money-settings.ts';

const tags = ['money'];

/** The workspace's money settings: VAT, numbering prefix, payment terms, bank details, SMTP. */
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
};
