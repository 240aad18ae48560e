import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuditPage, ListAuditQuery } from '../../contract/audit.ts';
import { Id } from '../../contract/common.ts';
import type { Actor } from '../access/actor.ts';
import type { Db } from '../db/client.ts';
import { listAuditEntries } from './list-audit-entries.ts';

/**
 * `GET /<records>/:id/history`: the record's changes from the audit log, for anyone who may
 * see the record (`findVisible` answers 404 otherwise).
 */
export function registerHistoryRoute(
  app: FastifyInstance,
  options: {
    path: string;
    entityType: string;
    tags: string[];
    findVisible: (db: Db, actor: Actor, id: string) => Promise<unknown>;
  },
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    options.path,
    {
      config: { access: 'crm:read' },
      schema: {
        tags: options.tags,
        summary: `The change history of a ${options.entityType} from the audit log, newest first`,
        params: z.object({ id: Id }),
        querystring: ListAuditQuery.pick({ limit: true, cursor: true }),
        response: { 200: AuditPage },
      },
    },
    async (request) => {
      await options.findVisible(app.db, request.actor, request.params.id);
      return listAuditEntries(app.db, request.actor.workspaceId, {
        ...request.query,
        entityType: options.entityType,
        entityId: request.params.id,
      });
    },
  );
}
