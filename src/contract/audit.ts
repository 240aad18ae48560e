import { z } from 'zod';
import { Id, IsoDateTime, PageQuery, pageOf } from './common.ts';

export const AuditEntry = z.object({
  id: z.string(),
  at: IsoDateTime,
  actorUserId: Id.nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: Id,
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = pageOf(AuditEntry);

export const ListAuditQuery = z.object({
  limit: PageQuery.limit,
  cursor: PageQuery.cursor,
  entityType: z.string().max(50).optional(),
  entityId: Id.optional(),
  actorUserId: Id.optional(),
});
