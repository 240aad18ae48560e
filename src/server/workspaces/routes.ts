import { eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { UpdateWorkspaceBody, Workspace } from '../../contract/people.ts';
import { SalesFlowSettings, UpdateSalesFlowSettingsBody } from '../../contract/sales-flow.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import { withoutMoneySecrets } from '../money/money-settings.ts';
import { loadSalesFlowSettings, saveSalesFlowSettings } from './sales-flow-settings.ts';
import { workspaces } from './schema.ts';

const tags = ['settings'];

async function loadWorkspace(db: DbOrTx, id: string): Promise<z.infer<typeof Workspace>> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  if (!row) throw notFound('Workspace');
  return {
    id: row.id,
    name: row.name,
    defaultCurrency: row.defaultCurrency,
    defaultLocale: row.defaultLocale,
    timeZone: row.timeZone,
    // The SMTP password in the money settings is never sent back.
    settings: withoutMoneySecrets(row.settings),
  };
}

export const workspaceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/workspace',
    { config: { access: 'self' }, schema: { tags, summary: 'My workspace', response: { 200: Workspace } } },
    async (request) => loadWorkspace(db, request.actor.workspaceId),
  );

  app.patch(
    '/workspace',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Change the workspace name, currency, language or time zone',
        body: UpdateWorkspaceBody,
        response: { 200: Workspace },
      },
    },
    async (request) => {
      const { actor } = request;
      return db.transaction(async (tx) => {
        const before = await loadWorkspace(tx, actor.workspaceId);
        await tx.update(workspaces).set(request.body).where(eq(workspaces.id, actor.workspaceId));
        const after = await loadWorkspace(tx, actor.workspaceId);
        await recordAudit(tx, {
          ...auditFor(actor, 'workspace', actor.workspaceId),
          action: 'update',
          before,
          after,
        });
        return after;
      });
    },
  );

  app.get(
    '/settings/sales-flow',
    {
      config: { access: 'settings:read' },
      schema: {
        tags,
        summary:
          'Sales-flow rules: automatic assignment, caps, grades for key clients, tender reminders, call retries',
        response: { 200: SalesFlowSettings },
      },
    },
    async (request) => {
      const { timeZone: _, ...settings } = await loadSalesFlowSettings(db, request.actor.workspaceId);
      return settings;
    },
  );

  app.patch(
    '/settings/sales-flow',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Change sales-flow rules',
        body: UpdateSalesFlowSettingsBody,
        response: { 200: SalesFlowSettings },
      },
    },
    async (request) => {
      const { actor } = request;
      return db.transaction(async (tx) => {
        const { timeZone: _, ...before } = await loadSalesFlowSettings(tx, actor.workspaceId);
        const after = SalesFlowSettings.parse({ ...before, ...request.body });
        await saveSalesFlowSettings(tx, actor.workspaceId, after);
        if (after.referenceMonthlyPaymentMinor !== before.referenceMonthlyPaymentMinor) {
          // Client weights depend on the reference payment: count the workloads again.
          await tx.execute(sql`select tandem_recount_workloads(${actor.workspaceId})`);
        }
        await recordAudit(tx, {
          ...auditFor(actor, 'workspace', actor.workspaceId),
          action: 'update',
          before: { salesFlow: before },
          after: { salesFlow: after },
        });
        return after;
      });
    },
  );
};
