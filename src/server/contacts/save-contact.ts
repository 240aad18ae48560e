import { and, eq, sql } from 'drizzle-orm';
import type { Contact, CreateContactBody, UpdateContactBody } from '../../contract/contacts.ts';
import { type Actor, seesOwner } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import { resolveCustomFields } from '../custom-fields/load-custom-field-rules.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { assertReferencesExist } from '../db/references.ts';
import { AppError, versionConflict } from '../http/errors.ts';
import { users } from '../users/schema.ts';
import { findVisibleContact, toContact } from './contact-visibility.ts';
import { normalisePhone } from './normalise-phone.ts';
import { contacts } from './schema.ts';

/** E.164 phones, de-duplicated; a number that cannot be read is refused naming phones.N. */
export function normalisePhones(phones: string[]): string[] {
  const errors = phones.flatMap((phone, index) =>
    normalisePhone(phone)
      ? []
      : [{ field: `phones.${index}`, message: `"${phone}" is not a phone number we can read.` }],
  );
  if (errors.length > 0)
    throw new AppError('unprocessable', 'Some phone numbers are invalid.', { fields: errors });
  return [...new Set(phones.map((phone) => normalisePhone(phone)!))];
}

async function checkReferences(
  tx: DbOrTx,
  actor: Actor,
  input: { companyId?: string | null; ownerId?: string | null },
): Promise<void> {
  if (input.companyId) await findVisibleCompany(tx, actor, input.companyId).catch(() => refuseCompany());
  await assertReferencesExist(tx, actor.workspaceId, [
    { field: 'ownerId', table: users, id: input.ownerId, what: 'user' },
  ]);
  if (input.ownerId !== undefined && !seesOwner(actor, input.ownerId)) {
    throw new AppError('forbidden', 'You can only give contacts to yourself or people in your team.', {
      fields: [{ field: 'ownerId', message: 'Outside your team.' }],
    });
  }
}

function refuseCompany(): never {
  throw new AppError('unprocessable', 'No such company in this workspace.', {
    fields: [{ field: 'companyId', message: 'No such company in this workspace.' }],
  });
}

export async function createContact(db: Db, actor: Actor, input: CreateContactBody): Promise<Contact> {
  const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
  const phones = normalisePhones(input.phones ?? []);
  return db.transaction(async (tx) => {
    await checkReferences(tx, actor, { companyId: input.companyId, ownerId });
    const customFields = await resolveCustomFields(tx, actor.workspaceId, 'contact', input.customFields);
    const [row] = await tx
      .insert(contacts)
      .values({
        ...input,
        phones,
        ownerId,
        customFields,
        workspaceId: actor.workspaceId,
        isDecisionMaker: input.isDecisionMaker ?? input.decisionRole === 'decision_maker',
      })
      .returning();
    const contact = toContact(row!);
    await recordAudit(tx, { ...auditFor(actor, 'contact', contact.id), action: 'create', after: contact });
    return contact;
  });
}

export async function updateContact(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateContactBody,
): Promise<Contact> {
  const { version, customFields: incoming, phones, ...changes } = input;
  const normalisedPhones = phones === undefined ? undefined : normalisePhones(phones);
  return db.transaction(async (tx) => {
    const current = await findVisibleContact(tx, actor, id, { forUpdate: true });
    if (current.version !== version) throw versionConflict('This contact', current.version);
    await checkReferences(tx, actor, changes);
    const customFields = await resolveCustomFields(
      tx,
      actor.workspaceId,
      'contact',
      incoming,
      current.customFields,
    );
    const [row] = await tx
      .update(contacts)
      .set({
        ...changes,
        ...(normalisedPhones ? { phones: normalisedPhones } : {}),
        customFields,
        updatedAt: sql`now()`,
        version: current.version + 1,
      })
      .where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, id)))
      .returning();
    const contact = toContact(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'contact', id),
      action: 'update',
      before: toContact(current),
      after: contact,
    });
    return contact;
  });
}

export async function setContactArchived(
  db: Db,
  actor: Actor,
  id: string,
  archived: boolean,
): Promise<Contact> {
  return db.transaction(async (tx) => {
    const current = await findVisibleContact(tx, actor, id, { forUpdate: true });
    const [row] = await tx
      .update(contacts)
      .set({ archivedAt: archived ? sql`now()` : null, updatedAt: sql`now()`, version: current.version + 1 })
      .where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, id)))
      .returning();
    const contact = toContact(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'contact', id),
      action: archived ? 'archive' : 'restore',
      before: toContact(current),
      after: contact,
    });
    return contact;
  });
}
