import { and, asc, eq, sql } from 'drizzle-orm';
import type { LineInput } from '../contract/money.ts';
import { actLines, acts } from '../server/acts/schema.ts';
import { putBudget } from '../server/budgets/budgets.ts';
import { companies } from '../server/companies/schema.ts';
import { contracts } from '../server/contracts/schema.ts';
import type { Db, DbOrTx } from '../server/db/client.ts';
import { findVisibleInvoice } from '../server/invoices/find-invoice.ts';
import {
  insertDraftInvoice,
  issueInvoiceRow,
  systemActor,
  type Who,
} from '../server/invoices/save-invoice.ts';
import { addDays } from '../server/money/money-math.ts';
import { DEFAULT_MONEY_SETTINGS } from '../server/money/money-settings.ts';
import { flattenPayment, selectPayments } from '../server/payments/find-payment.ts';
import { allocateInTx } from '../server/payments/save-payment.ts';
import { payments } from '../server/payments/schema.ts';
import { services } from '../server/services/schema.ts';
import { users } from '../server/users/schema.ts';
import { workspaces } from '../server/workspaces/schema.ts';

/**
 * The demo's money, so the finance screens have something to show: bank details and VAT, a small
 * services catalogue, contracts for eight clients (four recurring), invoices paid, partly paid,
 * overdue, open and draft, payments allocated to them (with their revenue facts), an unallocated
 * payment, acts signed and not, and two client budgets for this year.
 */
export async function seedDemoMoney(
  tx: DbOrTx,
  input: { workspaceId: string; locale: 'ru' | 'en'; now: Date },
): Promise<{ contracts: number; invoices: number; payments: number; acts: number }> {
  const { workspaceId, locale } = input;
  const ru = locale === 'ru';
  const today = input.now.toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const [admin] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), sql`'admin' = any(${users.roles})`))
    .limit(1);
  const who: Who = { workspaceId, userId: admin!.id };
  const actor = systemActor(who);

  const money = {
    ...DEFAULT_MONEY_SETTINGS,
    vatEnabled: ru,
    cardPaymentSizes: ['micro', 'small'] as ('micro' | 'small')[],
    bank: ru
      ? {
          ...DEFAULT_MONEY_SETTINGS.bank,
          recipient: 'ООО «Тандем Демо»',
          inn: '7701234567',
          kpp: '770101001',
          bankName: 'ПАО Сбербанк, г. Москва',
          bik: '044525225',
          account: '40702810938000000001',
          correspondentAccount: '30101810400000000225',
          address: '125009, г. Москва, ул. Тверская, д. 1',
        }
      : {
          ...DEFAULT_MONEY_SETTINGS.bank,
          recipient: 'Tandem Demo Ltd',
          bankName: 'Demo Bank plc, London',
          iban: 'GB33BUKB20201555555555',
          swift: 'BUKBGB22',
          address: '1 Demo Street, London',
        },
  };
  await tx
    .update(workspaces)
    .set({
      settings: sql`${workspaces.settings} || jsonb_build_object('money', ${JSON.stringify(money)}::jsonb)`,
    })
    .where(eq(workspaces.id, workspaceId));

  const currency = ru ? 'RUB' : 'USD';
  // Prices are written in roubles; in the English demo the same figures are cents (150 000 ₽ ↔ $1,500).
  const price = (roubles: number) => (ru ? roubles * 100 : roubles);
  const catalogue = await tx
    .insert(services)
    .values([
      {
        workspaceId,
        name: ru ? 'Сопровождение сайта' : 'Website care',
        unit: ru ? 'мес.' : 'month',
        billing: 'monthly' as const,
        priceMinor: price(150_000),
        currency,
      },
      {
        workspaceId,
        name: ru ? 'Настройка контекстной рекламы' : 'Search ads set-up',
        unit: ru ? 'шт.' : 'item',
        billing: 'one_off' as const,
        priceMinor: price(60_000),
        currency,
      },
      {
        workspaceId,
        name: ru ? 'Консультация специалиста' : 'Specialist hour',
        unit: ru ? 'ч' : 'hour',
        billing: 'one_off' as const,
        priceMinor: price(5_000),
        currency,
      },
    ])
    .returning();
  const [care, ads, hour] = catalogue as [
    (typeof catalogue)[number],
    (typeof catalogue)[number],
    (typeof catalogue)[number],
  ];

  const clients = await tx
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.status, 'client')))
    .orderBy(asc(companies.name))
    .limit(8);

  let invoiceCount = 0;
  let paymentCount = 0;
  const issue = async (
    companyId: string,
    contractId: string | null,
    lines: LineInput[],
    issueDate: string,
    budgetBlockId?: string,
  ) => {
    const draft = await insertDraftInvoice(tx, who, { companyId, contractId, budgetBlockId, lines });
    const row = await findVisibleInvoice(tx, actor, draft.id, { forUpdate: true });
    invoiceCount += 1;
    return issueInvoiceRow(tx, who, row, { issueDate, today });
  };
  const pay = async (
    companyId: string,
    receivedOn: string,
    amountMinor: number,
    allocations: { invoiceId: string; amountMinor: number }[],
    reference: string,
  ) => {
    const [row] = await tx
      .insert(payments)
      .values({
        workspaceId,
        companyId,
        receivedOn,
        amountMinor,
        currency,
        source: 'statement',
        bankReference: reference,
        payerName: clients.find((c) => c.id === companyId)?.name ?? '',
        purpose: ru ? 'Оплата по счёту' : 'Invoice payment',
        createdBy: who.userId,
      })
      .returning();
    paymentCount += 1;
    const [payment] = await selectPayments(tx).where(
      and(eq(payments.workspaceId, workspaceId), eq(payments.id, row!.id)),
    );
    await allocateInTx(tx, actor, flattenPayment(payment!), allocations);
  };

  let contractCount = 0;
  let actCount = 0;
  for (const [index, client] of clients.entries()) {
    const recurring = index < 4;
    const [contract] = await tx
      .insert(contracts)
      .values({
        workspaceId,
        companyId: client.id,
        number: ru
          ? `Д-${year}/${String(index + 1).padStart(3, '0')}`
          : `C-${year}-${String(index + 1).padStart(3, '0')}`,
        title: recurring ? care.name : ads.name,
        signedOn: addDays(today, -200 + index),
        startsOn: addDays(today, -190 + index),
        currency,
        monthlyFeeMinor: recurring ? care.priceMinor : null,
        monthlyServiceId: recurring ? care.id : null,
        // Card payments are accepted from small clients only; the others pay by bank transfer.
        paymentMethods: index % 3 === 0 ? ['bank_transfer', 'card'] : ['bank_transfer'],
        paymentTermsDays: 5,
        createdBy: who.userId,
      })
      .returning();
    contractCount += 1;

    const paid = await issue(
      client.id,
      contract!.id,
      [{ serviceId: recurring ? care.id : ads.id, quantity: '1' }],
      addDays(today, -75),
    );
    await pay(
      client.id,
      addDays(today, -70),
      paid.totalMinor,
      [{ invoiceId: paid.id, amountMinor: paid.totalMinor }],
      `DEMO-${index}-1`,
    );
    // Half of the partly paid invoices are still within their terms, half are overdue.
    const partlyIssued = index % 2 === 0 ? addDays(today, -45) : addDays(today, -3);
    const partly = await issue(
      client.id,
      contract!.id,
      [{ serviceId: hour.id, quantity: String(6 + index) }],
      partlyIssued,
    );
    const half = Math.floor(partly.totalMinor / 2);
    await pay(
      client.id,
      addDays(partlyIssued, 2),
      half,
      [{ invoiceId: partly.id, amountMinor: half }],
      `DEMO-${index}-2`,
    );
    if (index % 2 === 0) {
      await issue(client.id, contract!.id, [{ serviceId: hour.id, quantity: '2.5' }], addDays(today, -30)); // overdue
    }
    await issue(client.id, contract!.id, [{ serviceId: ads.id, quantity: '1' }], addDays(today, -2)); // open, not yet due
    if (index === 0) {
      await insertDraftInvoice(tx, who, {
        companyId: client.id,
        contractId: contract!.id,
        lines: [
          {
            description: ru ? 'Аудит рекламных кампаний' : 'Ads audit',
            quantity: '1',
            unitPriceMinor: price(40_000),
          },
        ],
      });
      invoiceCount += 1;
    }

    if (index < 3) {
      const number = `${year}-${String(actCount + 1).padStart(4, '0')}`;
      const [act] = await tx
        .insert(acts)
        .values({
          workspaceId,
          companyId: client.id,
          contractId: contract!.id,
          invoiceId: paid.id,
          number,
          numberYear: year,
          numberSeq: actCount + 1,
          actDate: addDays(today, -60),
          currency,
          language: locale,
          netMinor: paid.netMinor,
          vatMinor: paid.vatMinor,
          totalMinor: paid.totalMinor,
          signedOn: index < 2 ? addDays(today, -55) : null,
          createdBy: who.userId,
        })
        .returning();
      await tx
        .insert(actLines)
        .values(
          paid.lines.map(({ id: _id, quantity: _q, ...line }) => ({ ...line, workspaceId, actId: act!.id })),
        );
      actCount += 1;
    }
  }
  if (actCount > 0) {
    await tx.execute(sql`insert into document_counters (workspace_id, kind, year, last_number)
      values (${workspaceId}, 'act', ${year}, ${actCount})
      on conflict (workspace_id, kind, year) do update set last_number = greatest(document_counters.last_number, excluded.last_number)`);
  }

  // A payment from the bank nobody has matched yet.
  await tx.insert(payments).values({
    workspaceId,
    receivedOn: addDays(today, -1),
    amountMinor: price(12_500),
    currency,
    source: 'statement',
    bankReference: 'DEMO-UNMATCHED-1',
    payerName: ru ? 'ИП Сидоров А. В.' : 'A. Sidorov',
    purpose: ru ? 'Оплата услуг' : 'Services',
    createdBy: who.userId,
  });
  paymentCount += 1;

  // Two clients plan this year in blocks; a new invoice of each counts against a block.
  for (const client of clients.slice(0, 2)) {
    const budget = await putBudget(tx as Db, actor, client.id, year, {
      currency,
      blocks: [
        { name: ru ? 'Операционная работа' : 'Operating work', planMinor: price(1_800_000) },
        { name: ru ? 'Реклама' : 'Advertising', planMinor: price(600_000) },
        { name: ru ? 'Бухгалтерия' : 'Accounting', planMinor: price(120_000) },
      ],
    });
    const [contract] = await tx
      .select({ id: contracts.id })
      .from(contracts)
      .where(and(eq(contracts.workspaceId, workspaceId), eq(contracts.companyId, client.id)));
    await issue(
      client.id,
      contract!.id,
      [{ serviceId: ads.id, quantity: '2' }],
      addDays(today, -1),
      budget.blocks[1]!.id,
    );
  }
  return { contracts: contractCount, invoices: invoiceCount, payments: paymentCount, acts: actCount };
}
