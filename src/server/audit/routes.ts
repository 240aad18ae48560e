import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditPage, ListAuditQuery } from '../../contract/audit.ts';
import { listAuditEntries } from './list-audit-entries.ts';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit-log',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'The workspace audit log, newest first (admins and heads)',
        querystring: ListAuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => listAuditEntries(app.db, request.actor.workspaceId, request.query),
  );
};
