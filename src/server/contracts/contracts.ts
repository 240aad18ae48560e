import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type {
  Contract,
  CreateContractBody,
  ListContractsQuery,
  UpdateContractBody,
} from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { companyRowWithinScope } from '../access/scope.ts';
import { acts } from '../acts/schema.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import { companies } from '../companies/schema.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { assertReferencesExist } from '../db/references.ts';
import { deals } from '../deals/schema.ts';
import { AppError, invalidField, notFound, versionConflict } from '../http/errors.ts';
import { afterCursor, orderBy, parseSort, toPage } from '../http/keyset.ts';
import { invoices } from '../invoices/schema.ts';
import { defaultPaymentMethods, loadMoneySettings } from '../money/money-settings.ts';
import { matchesSearchText } from '../money/search-text.ts';
import { services } from '../services/schema.ts';
import { contracts } from './schema.ts';

type ContractRow = typeof contracts.$inferSelect & { companyName: string };

export function toContract(row: ContractRow): Contract {
  return {
    id: row.id,
    companyId: row.companyId,
    companyName: row.companyName,
    dealId: row.dealId,
    number: row.number,
    title: row.title,
    signedOn: row.signedOn,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    terms: row.terms,
    status: row.status,
    currency: row.currency,
    monthlyFeeMinor: row.monthlyFeeMinor,
    monthlyServiceId: row.monthlyServiceId,
    recurring: row.monthlyFeeMinor !== null,
    vatRateBp: row.vatRateBp,
    paymentMethods: row.paymentMethods,
    paymentTermsDays: row.paymentTermsDays,
    billingEmail: row.billingEmail,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

function selectContracts(db: DbOrTx) {
  return db
    .select({ contract: contracts, companyName: companies.name })
    .from(contracts)
    .innerJoin(
      companies,
      and(eq(companies.workspaceId, contracts.workspaceId), eq(companies.id, contracts.companyId)),
    );
}

const flatten = (row: { contract: typeof contracts.$inferSelect; companyName: string }): ContractRow => ({
  ...row.contract,
  companyName: row.companyName,
});

const SORTABLE = {
  startsOn: { column: contracts.startsOn },
  number: { column: contracts.number },
  createdAt: { column: contracts.createdAt },
};

export async function listContracts(db: DbOrTx, actor: Actor, query: ListContractsQuery) {
  const sort = parseSort(query.sort, SORTABLE, '-startsOn');
  const rows = await selectContracts(db)
    .where(
      and(
        eq(contracts.workspaceId, actor.workspaceId),
        companyRowWithinScope(actor, companies.ownerId, companies.id),
        query.companyId ? eq(contracts.companyId, query.companyId) : undefined,
        query.status ? eq(contracts.status, query.status) : undefined,
        query.recurring === undefined
          ? undefined
          : query.recurring
            ? isNotNull(contracts.monthlyFeeMinor)
            : isNull(contracts.monthlyFeeMinor),
        matchesSearchText([contracts.number, contracts.title, companies.name], query.q),
        afterCursor(sort, contracts.id, query.cursor),
      ),
    )
    .orderBy(...orderBy(sort, contracts.id))
    .limit(query.limit + 1);
  return toPage(
    rows.map(flatten),
    query.limit,
    sort,
    (row) => row[sort.key as keyof typeof SORTABLE],
    toContract,
  );
}

/** The contract if the actor sees its client; 404 otherwise. */
export async function findVisibleContract(
  db: DbOrTx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ContractRow> {
  const query = selectContracts(db).where(
    and(
      eq(contracts.workspaceId, actor.workspaceId),
      eq(contracts.id, id),
      companyRowWithinScope(actor, companies.ownerId, companies.id),
    ),
  );
  const [row] = options.forUpdate ? await query.for('update', { of: contracts }) : await query;
  if (!row) throw notFound('Contract');
  return flatten(row);
}

const duplicateNumber = () =>
  new AppError('conflict', 'A contract with this number already exists.', {
    fields: [{ field: 'number', message: 'Already used by another contract.' }],
  });

async function checkReferences(
  tx: DbOrTx,
  actor: Actor,
  companyId: string,
  input: { dealId?: string | null; monthlyServiceId?: string | null },
) {
  await assertReferencesExist(tx, actor.workspaceId, [
    { field: 'dealId', table: deals, id: input.dealId, what: 'deal' },
    { field: 'monthlyServiceId', table: services, id: input.monthlyServiceId, what: 'service' },
  ]);
  if (input.dealId) {
    const [deal] = await tx
      .select({ companyId: deals.companyId })
      .from(deals)
      .where(and(eq(deals.workspaceId, actor.workspaceId), eq(deals.id, input.dealId)));
    if (deal && deal.companyId !== companyId)
      throw invalidField('dealId', 'The deal belongs to another client.');
  }
}

function checkDates(startsOn: string, endsOn: string | null | undefined) {
  if (endsOn && endsOn < startsOn) throw invalidField('endsOn', 'Ends before it starts.');
}

export async function createContract(db: Db, actor: Actor, input: CreateContractBody): Promise<Contract> {
  try {
    return await db.transaction(async (tx) => {
      const company = await findVisibleCompany(tx, actor, input.companyId);
      await checkReferences(tx, actor, company.id, input);
      checkDates(input.startsOn, input.endsOn);
      const settings = await loadMoneySettings(tx, actor.workspaceId);
      const [row] = await tx
        .insert(contracts)
        .values({
          ...input,
          workspaceId: actor.workspaceId,
          currency: input.currency ?? settings.defaultCurrency,
          paymentTermsDays: input.paymentTermsDays ?? settings.defaultPaymentTermsDays,
          paymentMethods: input.paymentMethods ?? defaultPaymentMethods(settings, company.size),
          createdBy: actor.userId,
        })
        .returning();
      const contract = toContract({ ...row!, companyName: company.name });
      await recordAudit(tx, {
        ...auditFor(actor, 'contract', contract.id),
        action: 'create',
        after: contract,
      });
      return contract;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateNumber();
    throw error;
  }
}

export async function updateContract(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateContractBody,
): Promise<Contract> {
  const { version, ...changes } = input;
  try {
    return await db.transaction(async (tx) => {
      const current = await findVisibleContract(tx, actor, id, { forUpdate: true });
      if (current.version !== version) throw versionConflict('This contract', current.version);
      await checkReferences(tx, actor, current.companyId, changes);
      checkDates(
        changes.startsOn ?? current.startsOn,
        changes.endsOn === undefined ? current.endsOn : changes.endsOn,
      );
      const [row] = await tx
        .update(contracts)
        .set({ ...changes, updatedAt: sql`now()`, version: current.version + 1 })
        .where(and(eq(contracts.workspaceId, actor.workspaceId), eq(contracts.id, id)))
        .returning();
      const contract = toContract({ ...row!, companyName: current.companyName });
      await recordAudit(tx, {
        ...auditFor(actor, 'contract', id),
        action: 'update',
        before: toContract(current),
        after: contract,
      });
      return contract;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateNumber();
    throw error;
  }
}

/** A contract without invoices or acts can be deleted; one with documents is ended instead. */
export async function deleteContract(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await findVisibleContract(tx, actor, id, { forUpdate: true });
    const [used] = await tx
      .select({ n: sql<number>`1` })
      .from(invoices)
      .where(and(eq(invoices.workspaceId, actor.workspaceId), eq(invoices.contractId, id)))
      .union(
        tx
          .select({ n: sql<number>`1` })
          .from(acts)
          .where(and(eq(acts.workspaceId, actor.workspaceId), eq(acts.contractId, id))),
      )
      .limit(1);
    if (used) {
      throw new AppError(
        'conflict',
        'This contract has invoices or acts and cannot be deleted. Set its status to ended or cancelled instead.',
      );
    }
    await tx.delete(contracts).where(and(eq(contracts.workspaceId, actor.workspaceId), eq(contracts.id, id)));
    await recordAudit(tx, {
      ...auditFor(actor, 'contract', id),
      action: 'delete',
      before: toContract(current),
    });
  });
}
