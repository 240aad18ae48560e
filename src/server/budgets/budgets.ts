import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { ClientBudget, PutBudgetBody } from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, type FieldError, versionConflict } from '../http/errors.ts';
import { invoices } from '../invoices/schema.ts';
import { loadMoneySettings } from '../money/money-settings.ts';
import { clientBudgetBlocks, clientBudgets } from './schema.ts';

/**
 * A client's yearly budget split into blocks (operating work, accounting, …): the plan per block
 * against what was invoiced (issued, not cancelled invoices dated in the year, in the budget's
 * currency, assigned to the block) and paid (money allocated to those invoices). Invoices without
 * a block of this budget count as unassigned.
 */
async function figures(db: DbOrTx, workspaceId: string, companyId: string, year: number, currency: string) {
  const rows = await db
    .select({
      blockId: invoices.budgetBlockId,
      invoiced: sql<string>`coalesce(sum(${invoices.totalMinor}), 0)`,
      paid: sql<string>`coalesce(sum(${invoices.paidMinor}), 0)`,
    })
    .from(invoices)
    .where(
      and(
        eq(invoices.workspaceId, workspaceId),
        eq(invoices.companyId, companyId),
        eq(invoices.currency, currency),
        notInArray(invoices.status, ['draft', 'cancelled']),
        sql`${invoices.issueDate} >= ${`${year}-01-01`} and ${invoices.issueDate} <= ${`${year}-12-31`}`,
      ),
    )
    .groupBy(invoices.budgetBlockId);
  return new Map(
    rows.map((row) => [row.blockId, { invoiced: Number(row.invoiced), paid: Number(row.paid) }]),
  );
}

export async function loadBudget(
  db: DbOrTx,
  actor: Actor,
  companyId: string,
  year: number,
): Promise<ClientBudget> {
  await findVisibleCompany(db, actor, companyId);
  const [budget] = await db
    .select()
    .from(clientBudgets)
    .where(
      and(
        eq(clientBudgets.workspaceId, actor.workspaceId),
        eq(clientBudgets.companyId, companyId),
        eq(clientBudgets.year, year),
      ),
    );
  const currency = budget?.currency ?? (await loadMoneySettings(db, actor.workspaceId)).defaultCurrency;
  const blocks = budget
    ? await db
        .select()
        .from(clientBudgetBlocks)
        .where(
          and(
            eq(clientBudgetBlocks.workspaceId, actor.workspaceId),
            eq(clientBudgetBlocks.budgetId, budget.id),
          ),
        )
        .orderBy(asc(clientBudgetBlocks.position), asc(clientBudgetBlocks.name))
    : [];
  const byBlock = await figures(db, actor.workspaceId, companyId, year, currency);
  const blockIds = new Set(blocks.map((block) => block.id));
  const unassigned = { planMinor: 0, invoicedMinor: 0, paidMinor: 0 };
  for (const [blockId, sums] of byBlock) {
    if (blockId !== null && blockIds.has(blockId)) continue;
    unassigned.invoicedMinor += sums.invoiced;
    unassigned.paidMinor += sums.paid;
  }
  const items = blocks.map((block) => ({
    id: block.id,
    name: block.name,
    position: block.position,
    planMinor: block.planMinor,
    invoicedMinor: byBlock.get(block.id)?.invoiced ?? 0,
    paidMinor: byBlock.get(block.id)?.paid ?? 0,
  }));
  const totals = {
    planMinor: items.reduce((sum, block) => sum + block.planMinor, 0),
    invoicedMinor: items.reduce((sum, block) => sum + block.invoicedMinor, 0) + unassigned.invoicedMinor,
    paidMinor: items.reduce((sum, block) => sum + block.paidMinor, 0) + unassigned.paidMinor,
  };
  return {
    id: budget?.id ?? null,
    companyId,
    year,
    currency,
    notes: budget?.notes ?? '',
    blocks: items,
    unassigned,
    totals,
    version: budget?.version ?? null,
  };
}

/** Creates or replaces the year's budget: blocks with an id keep it, blocks left out go. */
export async function putBudget(
  db: Db,
  actor: Actor,
  companyId: string,
  year: number,
  input: PutBudgetBody,
): Promise<ClientBudget> {
  return db.transaction(async (tx) => {
    await findVisibleCompany(tx, actor, companyId);
    const errors: FieldError[] = [];
    const names = new Set<string>();
    input.blocks.forEach((block, index) => {
      const key = block.name.toLowerCase();
      if (names.has(key))
        errors.push({ field: `blocks.${index}.name`, message: 'Two blocks share this name.' });
      names.add(key);
    });
    const [current] = await tx
      .select()
      .from(clientBudgets)
      .where(
        and(
          eq(clientBudgets.workspaceId, actor.workspaceId),
          eq(clientBudgets.companyId, companyId),
          eq(clientBudgets.year, year),
        ),
      )
      .for('update');
    if (current && input.version === undefined) {
      errors.push({ field: 'version', message: 'The budget exists: send the version you read.' });
    }
    if (current && input.version !== undefined && input.version !== current.version) {
      throw versionConflict('This budget', current.version);
    }
    const existingBlocks = current
      ? await tx
          .select()
          .from(clientBudgetBlocks)
          .where(
            and(
              eq(clientBudgetBlocks.workspaceId, actor.workspaceId),
              eq(clientBudgetBlocks.budgetId, current.id),
            ),
          )
      : [];
    const existingIds = new Set(existingBlocks.map((block) => block.id));
    input.blocks.forEach((block, index) => {
      if (block.id && !existingIds.has(block.id)) {
        errors.push({ field: `blocks.${index}.id`, message: 'No such block in this budget.' });
      }
    });
    if (errors.length > 0) {
      throw new AppError('unprocessable', errors.map((e) => e.message).join(' '), { fields: errors });
    }
    const before = current ? await loadBudget(tx, actor, companyId, year) : null;
    let budgetId: string;
    if (current) {
      budgetId = current.id;
      await tx
        .update(clientBudgets)
        .set({
          currency: input.currency,
          notes: input.notes ?? current.notes,
          updatedAt: sql`now()`,
          version: current.version + 1,
        })
        .where(and(eq(clientBudgets.workspaceId, actor.workspaceId), eq(clientBudgets.id, current.id)));
    } else {
      const [row] = await tx
        .insert(clientBudgets)
        .values({
          workspaceId: actor.workspaceId,
          companyId,
          year,
          currency: input.currency,
          notes: input.notes ?? '',
        })
        .returning();
      budgetId = row!.id;
    }
    const keep = input.blocks.map((block) => block.id).filter((id): id is string => !!id);
    const removed = existingBlocks.filter((block) => !keep.includes(block.id)).map((block) => block.id);
    if (removed.length > 0) {
      await tx
        .delete(clientBudgetBlocks)
        .where(
          and(eq(clientBudgetBlocks.workspaceId, actor.workspaceId), inArray(clientBudgetBlocks.id, removed)),
        );
    }
    // Names are unique per budget: move kept blocks out of the way before renaming.
    if (keep.length > 0) {
      await tx
        .update(clientBudgetBlocks)
        .set({ name: sql`${clientBudgetBlocks.id}::text` })
        .where(
          and(eq(clientBudgetBlocks.workspaceId, actor.workspaceId), inArray(clientBudgetBlocks.id, keep)),
        );
    }
    for (const [position, block] of input.blocks.entries()) {
      if (block.id) {
        await tx
          .update(clientBudgetBlocks)
          .set({ name: block.name, planMinor: block.planMinor, position })
          .where(
            and(eq(clientBudgetBlocks.workspaceId, actor.workspaceId), eq(clientBudgetBlocks.id, block.id)),
          );
      } else {
        await tx.insert(clientBudgetBlocks).values({
          workspaceId: actor.workspaceId,
          budgetId,
          name: block.name,
          planMinor: block.planMinor,
          position,
        });
      }
    }
    const after = await loadBudget(tx, actor, companyId, year);
    await recordAudit(tx, {
      ...auditFor(actor, 'client_budget', budgetId),
      action: current ? 'update' : 'create',
      before,
      after,
    });
    return after;
  });
}
