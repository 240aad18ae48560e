import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type {
  CreateServiceBody,
  ListServicesQuery,
  Service,
  UpdateServiceBody,
} from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { afterCursor, orderBy, parseSort, toPage } from '../http/keyset.ts';
import { matchesSearchText } from '../money/search-text.ts';
import { services } from './schema.ts';

type ServiceRow = typeof services.$inferSelect;

export function toService(row: ServiceRow): Service {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    unit: row.unit,
    billing: row.billing,
    priceMinor: row.priceMinor,
    currency: row.currency,
    vatRateBp: row.vatRateBp,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

const duplicateName = () =>
  new AppError('conflict', 'A service with this name already exists.', {
    fields: [{ field: 'name', message: 'Already used by another service.' }],
  });

const SORTABLE = { name: { column: services.name }, createdAt: { column: services.createdAt } };

export async function listServices(db: DbOrTx, actor: Actor, query: ListServicesQuery) {
  const sort = parseSort(query.sort, SORTABLE, 'name');
  const rows = await db
    .select()
    .from(services)
    .where(
      and(
        eq(services.workspaceId, actor.workspaceId),
        query.archived ? isNotNull(services.archivedAt) : isNull(services.archivedAt),
        query.billing ? eq(services.billing, query.billing) : undefined,
        matchesSearchText([services.name, services.description], query.q),
        afterCursor(sort, services.id, query.cursor),
      ),
    )
    .orderBy(...orderBy(sort, services.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, sort, (row) => row[sort.key as keyof typeof SORTABLE], toService);
}

export async function findService(db: DbOrTx, actor: Actor, id: string, forUpdate = false) {
  const query = db
    .select()
    .from(services)
    .where(and(eq(services.workspaceId, actor.workspaceId), eq(services.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Service');
  return row;
}

export async function createService(db: Db, actor: Actor, input: CreateServiceBody): Promise<Service> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(services)
        .values({ ...input, workspaceId: actor.workspaceId })
        .returning();
      const service = toService(row!);
      await recordAudit(tx, { ...auditFor(actor, 'service', service.id), action: 'create', after: service });
      return service;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

export async function updateService(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateServiceBody,
): Promise<Service> {
  const { version, ...changes } = input;
  try {
    return await db.transaction(async (tx) => {
      const current = await findService(tx, actor, id, true);
      if (current.version !== version) throw versionConflict('This service', current.version);
      const [row] = await tx
        .update(services)
        .set({ ...changes, updatedAt: sql`now()`, version: current.version + 1 })
        .where(and(eq(services.workspaceId, actor.workspaceId), eq(services.id, id)))
        .returning();
      const service = toService(row!);
      await recordAudit(tx, {
        ...auditFor(actor, 'service', id),
        action: 'update',
        before: toService(current),
        after: service,
      });
      return service;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

/** Archiving takes a service out of the catalogue; documents that used it keep their lines. */
export async function setServiceArchived(
  db: Db,
  actor: Actor,
  id: string,
  archived: boolean,
): Promise<Service> {
  return db.transaction(async (tx) => {
    const current = await findService(tx, actor, id, true);
    const [row] = await tx
      .update(services)
      .set({ archivedAt: archived ? sql`now()` : null, updatedAt: sql`now()`, version: current.version + 1 })
      .where(and(eq(services.workspaceId, actor.workspaceId), eq(services.id, id)))
      .returning();
    const service = toService(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'service', id),
      action: archived ? 'archive' : 'restore',
      before: toService(current),
      after: service,
    });
    return service;
  });
}
