import { and, eq, sql } from 'drizzle-orm';
import type { Company, CreateCompanyBody, UpdateCompanyBody } from '../../contract/companies.ts';
import { type Actor, seesOwner } from '../access/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { resolveCustomFields } from '../custom-fields/load-custom-field-rules.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { assertReferencesExist } from '../db/references.ts';
import { AppError, versionConflict } from '../http/errors.ts';
import { leadSources } from '../lead-sources/schema.ts';
import { users } from '../users/schema.ts';
import { toCompany } from './company-dto.ts';
import { findVisibleCompany } from './find-company.ts';
import { companies } from './schema.ts';

const duplicateTaxId = () =>
  new AppError('conflict', 'A company with this tax id already exists in the workspace.', {
    fields: [
      {
        field: 'taxId',
        message: 'Already used by another company. Search for it instead of creating a copy.',
      },
    ],
  });

async function checkOwnerAndSource(
  tx: DbOrTx,
  actor: Actor,
  input: { ownerId?: string | null; leadSourceId?: string | null },
): Promise<void> {
  await assertReferencesExist(tx, actor.workspaceId, [
    { field: 'ownerId', table: users, id: input.ownerId, what: 'user' },
    { field: 'leadSourceId', table: leadSources, id: input.leadSourceId, what: 'lead source' },
  ]);
  if (input.ownerId !== undefined && !seesOwner(actor, input.ownerId)) {
    throw new AppError('forbidden', 'You can only give companies to yourself or people in your team.', {
      fields: [{ field: 'ownerId', message: 'Outside your team.' }],
    });
  }
}

export async function createCompany(db: Db, actor: Actor, input: CreateCompanyBody): Promise<Company> {
  const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
  try {
    return await db.transaction(async (tx) => {
      await checkOwnerAndSource(tx, actor, { ownerId, leadSourceId: input.leadSourceId });
      const customFields = await resolveCustomFields(tx, actor.workspaceId, 'company', input.customFields);
      const [row] = await tx
        .insert(companies)
        .values({ ...input, workspaceId: actor.workspaceId, ownerId, customFields })
        .returning();
      const company = toCompany(row!);
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        action: 'create',
        entityType: 'company',
        entityId: company.id,
        after: company,
      });
      return company;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'companies_tax_id_key')) throw duplicateTaxId();
    throw error;
  }
}

export async function updateCompany(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateCompanyBody,
): Promise<Company> {
  const { version, customFields: incomingCustomFields, ...changes } = input;
  try {
    return await db.transaction(async (tx) => {
      const current = await findVisibleCompany(tx, actor, id, { forUpdate: true });
      if (current.version !== version) throw versionConflict('This company', current.version);
      await checkOwnerAndSource(tx, actor, { ownerId: changes.ownerId, leadSourceId: changes.leadSourceId });
      const customFields = await resolveCustomFields(
        tx,
        actor.workspaceId,
        'company',
        incomingCustomFields,
        current.customFields,
      );
      const [row] = await tx
        .update(companies)
        .set({ ...changes, customFields, updatedAt: sql`now()`, version: current.version + 1 })
        .where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, id)))
        .returning();
      const company = toCompany(row!);
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        action: 'update',
        entityType: 'company',
        entityId: id,
        before: toCompany(current),
        after: company,
      });
      return company;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'companies_tax_id_key')) throw duplicateTaxId();
    throw error;
  }
}

/** Archiving hides a company from lists without losing its history; restoring brings it back. */
export async function setCompanyArchived(
  db: Db,
  actor: Actor,
  id: string,
  archived: boolean,
): Promise<Company> {
  return db.transaction(async (tx) => {
    const current = await findVisibleCompany(tx, actor, id, { forUpdate: true });
    const [row] = await tx
      .update(companies)
      .set({ archivedAt: archived ? sql`now()` : null, updatedAt: sql`now()`, version: current.version + 1 })
      .where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, id)))
      .returning();
    const company = toCompany(row!);
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: archived ? 'archive' : 'restore',
      entityType: 'company',
      entityId: id,
      before: toCompany(current),
      after: company,
    });
    return company;
  });
}
