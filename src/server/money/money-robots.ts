import { and, eq, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { companies } from '../companies/schema.ts';
import { contacts } from '../contacts/schema.ts';
import { contracts } from '../contracts/schema.ts';
import type { Database, Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { flattenInvoice, selectInvoices } from '../invoices/find-invoice.ts';
import { printInvoice } from '../invoices/print-invoice.ts';
import { insertDraftInvoice, issueInvoiceRow, systemActor } from '../invoices/save-invoice.ts';
import { invoiceReminders, invoices } from '../invoices/schema.ts';
import { sendMail, smtpReady } from '../mail/mailer.ts';
import { localDate } from '../tasks/group-tasks-by-due.ts';
import { insertTask } from '../tasks/insert-task.ts';
import { workspaces } from '../workspaces/schema.ts';
import { formatShortDate, money } from './document-text.ts';
import { monthStart } from './money-math.ts';
import { loadMoneySettings } from './money-settings.ts';

/**
 * The money robots (DOMAIN.md §5), one function per pass, each safe to run any number of times
 * and from any number of processes: what they create is guarded by unique keys (one recurring
 * invoice per contract and month, one reminder per invoice), so a repeated or concurrent pass
 * creates nothing twice. main.ts runs them on an interval behind a PostgreSQL advisory lock so
 * that one process does each pass.
 */

const MONTHS: Record<'ru' | 'en', string[]> = {
  ru: [
    'январь',
    'февраль',
    'март',
    'апрель',
    'май',
    'июнь',
    'июль',
    'август',
    'сентябрь',
    'октябрь',
    'ноябрь',
    'декабрь',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

function monthLabel(isoMonth: string, lang: 'ru' | 'en'): string {
  const [year, month] = isoMonth.split('-').map(Number) as [number, number];
  return `${MONTHS[lang][month - 1]} ${year}`;
}

/**
 * The month a recurring pass bills: the first day of the month it is now in the workspace's time
 * zone (at 23:30 UTC on 31 March it is already April in Moscow).
 */
export function billingMonth(now: Date, timeZone: string): string {
  return monthStart(localDate(now, timeZone));
}

async function workspaceDays(db: Db, now: Date) {
  const rows = await db
    .select({ id: workspaces.id, timeZone: workspaces.timeZone, locale: workspaces.defaultLocale })
    .from(workspaces);
  return rows.map((row) => ({ ...row, today: localDate(now, row.timeZone) }));
}

export interface RecurringPassResult {
  issued: number;
  skipped: number;
}

/**
 * Every active contract with a monthly fee gets this month's invoice, issued on the first pass of
 * the month (or the first after the contract starts): one invoice per contract and month, never
 * two — the unique index invoices_recurring_key refuses a second even from another process.
 */
export async function issueRecurringInvoices(db: Db, now: Date): Promise<RecurringPassResult> {
  const result = { issued: 0, skipped: 0 };
  for (const workspace of await workspaceDays(db, now)) {
    const month = billingMonth(now, workspace.timeZone);
    const due = await db
      .select({ contract: contracts })
      .from(contracts)
      .where(
        and(
          eq(contracts.workspaceId, workspace.id),
          eq(contracts.status, 'active'),
          sql`${contracts.monthlyFeeMinor} is not null`,
          lte(contracts.startsOn, workspace.today),
          or(isNull(contracts.endsOn), gte(contracts.endsOn, month)),
          sql`not exists (select 1 from invoices i where i.workspace_id = ${contracts.workspaceId}
                and i.contract_id = ${contracts.id} and i.origin = 'recurring' and i.period_month = ${month})`,
        ),
      );
    for (const { contract } of due) {
      const who = { workspaceId: workspace.id, userId: null };
      try {
        await db.transaction(async (tx) => {
          const draft = await insertDraftInvoice(tx, who, {
            companyId: contract.companyId,
            contractId: contract.id,
            origin: 'recurring',
            periodMonth: month,
            lines: [
              {
                serviceId: contract.monthlyServiceId,
                description:
                  workspace.locale === 'ru'
                    ? `Абонентское обслуживание по договору № ${contract.number} за ${monthLabel(month, 'ru')}`
                    : `Monthly service under contract ${contract.number}, ${monthLabel(month, 'en')}`,
                unit: workspace.locale === 'ru' ? 'мес.' : 'month',
                quantity: '1',
                unitPriceMinor: contract.monthlyFeeMinor!,
              },
            ],
          });
          const [row] = await selectInvoices(tx)
            .where(and(eq(invoices.workspaceId, workspace.id), eq(invoices.id, draft.id)))
            .for('update', { of: invoices });
          await issueInvoiceRow(tx, who, flattenInvoice(row!), { today: workspace.today });
        });
        result.issued += 1;
      } catch (error) {
        // Another process issued this month's invoice between our read and our insert.
        if (!isUniqueViolation(error, 'invoices_recurring_key')) throw error;
        result.skipped += 1;
      }
    }
  }
  return result;
}

export interface ReminderPassResult {
  reminded: number;
  emailed: number;
  emailFailed: number;
}

/** Where an overdue e-mail goes: the contract's billing e-mail, else the client's accountant, else any contact. */
async function clientEmail(db: Db, workspaceId: string, companyId: string, contractId: string | null) {
  if (contractId) {
    const [contract] = await db
      .select({ email: contracts.billingEmail })
      .from(contracts)
      .where(and(eq(contracts.workspaceId, workspaceId), eq(contracts.id, contractId)));
    if (contract?.email) return contract.email;
  }
  const rows = await db
    .select({ emails: contacts.emails, role: contacts.decisionRole })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        eq(contacts.companyId, companyId),
        isNull(contacts.archivedAt),
      ),
    )
    .orderBy(sql`${contacts.decisionRole} = 'accountant' desc nulls last`, contacts.createdAt);
  return rows.find((row) => row.emails.length > 0)?.emails[0] ?? null;
}

/**
 * Every overdue invoice gets one reminder: a task for the client's account manager and, where the
 * workspace has switched overdue e-mails on and set up SMTP, one e-mail to the client with the
 * invoice attached. The reminder row (primary key: the invoice) is written first, so a second
 * pass — here or in another process — finds it and does nothing. An e-mail that fails is recorded
 * on the reminder and not retried.
 */
export async function remindOverdueInvoices(
  db: Db,
  now: Date,
  log?: FastifyBaseLogger,
): Promise<ReminderPassResult> {
  const result = { reminded: 0, emailed: 0, emailFailed: 0 };
  for (const workspace of await workspaceDays(db, now)) {
    const overdue = await selectInvoices(db).where(
      and(
        eq(invoices.workspaceId, workspace.id),
        inArray(invoices.status, ['sent', 'partially_paid']),
        lt(invoices.dueDate, workspace.today),
        sql`not exists (select 1 from invoice_reminders r where r.workspace_id = ${invoices.workspaceId} and r.invoice_id = ${invoices.id})`,
      ),
    );
    if (overdue.length === 0) continue;
    const settings = await loadMoneySettings(db, workspace.id);
    const lang = workspace.locale;
    for (const flat of overdue.map(flattenInvoice)) {
      const open = money(flat.totalMinor - flat.paidMinor, flat.currency, lang);
      const created = await db.transaction(async (tx) => {
        const [reminder] = await tx
          .insert(invoiceReminders)
          .values({ workspaceId: workspace.id, invoiceId: flat.id })
          .onConflictDoNothing()
          .returning();
        if (!reminder) return false;
        const [company] = await tx
          .select({ ownerId: companies.ownerId })
          .from(companies)
          .where(and(eq(companies.workspaceId, workspace.id), eq(companies.id, flat.companyId)));
        const task = await insertTask(tx, {
          workspaceId: workspace.id,
          title:
            lang === 'ru'
              ? `Напомнить ${flat.companyName} об оплате счёта № ${flat.number}`
              : `Remind ${flat.companyName} to pay invoice ${flat.number}`,
          description:
            lang === 'ru'
              ? `Счёт № ${flat.number} просрочен: срок оплаты ${formatShortDate(flat.dueDate!, 'ru')}, не оплачено ${open} ${flat.currency}.`
              : `Invoice ${flat.number} is overdue: due ${formatShortDate(flat.dueDate!, 'en')}, ${open} ${flat.currency} unpaid.`,
          dueAt: now,
          assigneeId: company?.ownerId ?? null,
          creatorId: null,
          companyId: flat.companyId,
          dealId: flat.dealId,
          priority: 'high',
          origin: 'invoice_overdue',
        });
        await tx
          .update(invoiceReminders)
          .set({ taskId: task.id })
          .where(
            and(eq(invoiceReminders.workspaceId, workspace.id), eq(invoiceReminders.invoiceId, flat.id)),
          );
        return true;
      });
      if (!created) continue;
      result.reminded += 1;
      log?.info(
        { workspaceId: workspace.id, invoiceId: flat.id, number: flat.number },
        'overdue invoice: reminder task created',
      );

      if (!settings.overdueEmails || !smtpReady(settings)) continue;
      const to = await clientEmail(db, workspace.id, flat.companyId, flat.contractId);
      if (!to) continue;
      try {
        const { pdf, fileName } = await printInvoice(
          db,
          systemActor({ workspaceId: workspace.id, userId: null }),
          flat.id,
          flat.language,
        );
        const ru = flat.language === 'ru';
        await sendMail(settings, {
          to,
          subject: ru
            ? `Напоминание об оплате счёта № ${flat.number}`
            : `Payment reminder: invoice ${flat.number}`,
          text: ru
            ? `Здравствуйте!\n\nНапоминаем, что счёт № ${flat.number} нужно было оплатить до ${formatShortDate(flat.dueDate!, 'ru')}. К оплате: ${open} ${flat.currency}.\nСчёт во вложении. Если вы уже оплатили, пожалуйста, не обращайте внимания на это письмо.\n\n${settings.bank.recipient || settings.workspaceName}`
            : `Hello,\n\nThis is a reminder that invoice ${flat.number} was due on ${formatShortDate(flat.dueDate!, 'en')}. Amount due: ${open} ${flat.currency}.\nThe invoice is attached. If you have already paid, please disregard this message.\n\n${settings.bank.recipient || settings.workspaceName}`,
          attachments: [{ filename: fileName, content: pdf, contentType: 'application/pdf' }],
        });
        await db
          .update(invoiceReminders)
          .set({ emailedTo: to, emailedAt: sql`now()` })
          .where(
            and(eq(invoiceReminders.workspaceId, workspace.id), eq(invoiceReminders.invoiceId, flat.id)),
          );
        result.emailed += 1;
        log?.info({ workspaceId: workspace.id, invoiceId: flat.id, to }, 'overdue invoice: e-mail sent');
      } catch (error) {
        await db
          .update(invoiceReminders)
          .set({ emailedTo: to, emailError: String((error as Error).message ?? error).slice(0, 1000) })
          .where(
            and(eq(invoiceReminders.workspaceId, workspace.id), eq(invoiceReminders.invoiceId, flat.id)),
          );
        result.emailFailed += 1;
        log?.warn(
          { workspaceId: workspace.id, invoiceId: flat.id, err: error },
          'overdue invoice: e-mail failed',
        );
      }
    }
  }
  return result;
}

/** The advisory lock key of the money robots ("tandem money" in ASCII, within bigint). */
export const MONEY_ROBOTS_LOCK = 746_564_600;

/**
 * One pass of both robots, if this process gets the advisory lock (PostgreSQL; on PGlite the data
 * directory lock already makes this the only process). Returns null when another process holds it.
 */
export async function runMoneyRobots(
  database: Database,
  now: Date,
  log?: FastifyBaseLogger,
): Promise<{ recurring: RecurringPassResult; reminders: ReminderPassResult } | null> {
  return database.withSession(async (query) => {
    const [lock] = await query('select pg_try_advisory_lock($1) as locked', [MONEY_ROBOTS_LOCK]);
    if (!lock?.locked) {
      log?.debug('money robots: another process holds the lock');
      return null;
    }
    try {
      const recurring = await issueRecurringInvoices(database.db, now);
      const reminders = await remindOverdueInvoices(database.db, now, log);
      log?.info({ recurring, reminders }, 'money robots pass done');
      return { recurring, reminders };
    } finally {
      await query('select pg_advisory_unlock($1)', [MONEY_ROBOTS_LOCK]);
    }
  });
}
