import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { PayoutLine, Statement, StatementSummary } from '../../contract/motivation.ts';
import type { Actor } from '../access/actor.ts';
import { ownedWithinScope } from '../access/scope.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { users } from '../users/schema.ts';
import { computeStatements } from './compute-statements.ts';
import { periodStart, uuidArray } from './period.ts';
import { motivationSchemes, payoutLines, payoutStatements } from './schema.ts';
import { schemeForUser } from './schemes.ts';

type StatementRow = typeof payoutStatements.$inferSelect;

function toSummary(row: StatementRow, userName: string, schemeName: string | null): StatementSummary {
  return {
    id: row.id,
    userId: row.userId,
    userName,
    period: row.periodStart.slice(0, 7),
    schemeId: row.schemeId,
    schemeName,
    currency: row.currency,
    status: row.status,
    attainmentBp: row.attainmentBp,
    planTarget: row.planTarget,
    planActual: row.planActual,
    totals: row.totals,
    computedAt: row.computedAt.toISOString(),
    approvedAt: row.approvedAt?.toISOString() ?? null,
    lockedAt: row.lockedAt?.toISOString() ?? null,
    version: row.version,
  };
}

function summaryQuery(db: DbOrTx) {
  return db
    .select({ statement: payoutStatements, userName: users.name, schemeName: motivationSchemes.name })
    .from(payoutStatements)
    .innerJoin(
      users,
      and(eq(users.workspaceId, payoutStatements.workspaceId), eq(users.id, payoutStatements.userId)),
    )
    .leftJoin(
      motivationSchemes,
      and(
        eq(motivationSchemes.workspaceId, payoutStatements.workspaceId),
        eq(motivationSchemes.id, payoutStatements.schemeId),
      ),
    );
}

/** A month's statements of the people one sees (self; a team lead's team; finance, head, admin all). */
export async function listStatements(db: DbOrTx, actor: Actor, period: string, userId?: string) {
  const rows = await summaryQuery(db)
    .where(
      and(
        eq(payoutStatements.workspaceId, actor.workspaceId),
        eq(payoutStatements.periodStart, periodStart(period)),
        ownedWithinScope(actor, payoutStatements.userId),
        userId ? eq(payoutStatements.userId, userId) : undefined,
      ),
    )
    .orderBy(asc(users.name));
  const items = rows.map((r) => toSummary(r.statement, r.userName, r.schemeName));
  // People with a scheme this month but no statement yet, so the list shows who is missing.
  const start = periodStart(period);
  const schemes = await db
    .select()
    .from(motivationSchemes)
    .where(
      and(
        eq(motivationSchemes.workspaceId, actor.workspaceId),
        sql`${motivationSchemes.archivedAt} is null and ${motivationSchemes.validFrom} <= ${start}::date
            and (${motivationSchemes.validTo} is null or ${motivationSchemes.validTo} >= ${start}::date)`,
      ),
    );
  const people = await db
    .select({ id: users.id, name: users.name, roles: users.roles })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, actor.workspaceId),
        eq(users.active, true),
        ownedWithinScope(actor, users.id),
        userId ? eq(users.id, userId) : undefined,
      ),
    )
    .orderBy(asc(users.name));
  const have = new Set(items.map((i) => i.userId));
  const notComputed = people
    .filter((p) => !have.has(p.id))
    .map((p) => ({ person: p, scheme: schemeForUser(schemes, p) }))
    .filter((x) => x.scheme)
    .map((x) => ({ userId: x.person.id, userName: x.person.name, schemeId: x.scheme!.id }));
  return { period, items, notComputed };
}

async function findStatement(db: DbOrTx, actor: Actor, id: string, forUpdate = false) {
  const query = summaryQuery(db).where(
    and(
      eq(payoutStatements.workspaceId, actor.workspaceId),
      eq(payoutStatements.id, id),
      ownedWithinScope(actor, payoutStatements.userId),
    ),
  );
  const [row] = forUpdate ? await query.for('update', { of: payoutStatements }) : await query;
  if (!row) throw notFound('Statement');
  return row;
}

export async function getStatement(db: DbOrTx, actor: Actor, id: string): Promise<Statement> {
  const row = await findStatement(db, actor, id);
  const lines = await db
    .select()
    .from(payoutLines)
    .where(
      and(
        eq(payoutLines.workspaceId, actor.workspaceId),
        eq(payoutLines.statementId, id),
        eq(payoutLines.revision, row.statement.linesRevision),
      ),
    )
    .orderBy(asc(payoutLines.lineNo));
  // A line's invoice and client are read through its revenue fact (kept in revenue_reversals when
  // the money was taken back).
  const factIds = [...new Set(lines.map((l) => l.revenueFactId).filter(Boolean))] as string[];
  const sources = new Map<string, { invoiceId: string; companyId: string }>();
  if (factIds.length > 0) {
    const found = await db.execute<{ id: string; invoice_id: string; company_id: string }>(sql`
      select id, invoice_id, company_id from revenue_facts
       where workspace_id = ${actor.workspaceId} and id = any(${uuidArray(factIds)}::uuid[])
      union all
      select revenue_fact_id, invoice_id, company_id from revenue_reversals
       where workspace_id = ${actor.workspaceId} and revenue_fact_id = any(${uuidArray(factIds)}::uuid[])`);
    for (const f of found.rows)
      sources.set(String(f.id), { invoiceId: String(f.invoice_id), companyId: String(f.company_id) });
  }
  return {
    ...toSummary(row.statement, row.userName, row.schemeName),
    skipped: row.statement.skipped,
    lines: lines.map(
      (line): PayoutLine => ({
        id: `${id}:${line.lineNo}`,
        lineNo: line.lineNo,
        kind: line.kind as PayoutLine['kind'],
        ruleId: line.ruleId,
        revenueFactId: line.revenueFactId,
        paymentId: line.paymentId,
        invoiceId: line.revenueFactId ? (sources.get(line.revenueFactId)?.invoiceId ?? null) : null,
        dealId: line.dealId,
        companyId: line.revenueFactId ? (sources.get(line.revenueFactId)?.companyId ?? null) : null,
        leadId: line.leadId,
        revenueKind: line.revenueKind as PayoutLine['revenueKind'],
        occurredOn: line.occurredOn,
        baseMinor: line.baseMinor,
        rateBp: line.rateBp,
        amountMinor: line.amountMinor,
        correctionOf: line.correctionOf ? line.correctionOf.slice(0, 7) : null,
        note: line.note,
      }),
    ),
  };
}

/** Compute the drafts of a month for the people one sees (or some of them). */
export async function computeForActor(db: Db, actor: Actor, period: string, userIds?: string[]) {
  let ids = userIds;
  if (actor.scope !== 'all') {
    const visible = new Set(actor.visibleUserIds);
    ids = (userIds ?? actor.visibleUserIds).filter((id) => visible.has(id));
  }
  if (ids && userIds) {
    const known = await db
      .select({ id: users.id })
      .from(users)
      .where(
        and(eq(users.workspaceId, actor.workspaceId), sql`${users.id} = any(${uuidArray(ids)}::uuid[])`),
      );
    if (known.length !== userIds.length) throw notFound('Person');
  }
  const outcome = await db.transaction((tx) => computeStatements(tx, actor, period, ids));
  return { period, ...outcome };
}

export async function recomputeStatement(db: Db, actor: Actor, id: string): Promise<Statement> {
  const { statement } = await findStatement(db, actor, id);
  if (statement.status !== 'draft') {
    throw new AppError('conflict', `The statement is ${statement.status}; only a draft is recomputed`);
  }
  await db.transaction((tx) =>
    computeStatements(tx, actor, statement.periodStart.slice(0, 7), [statement.userId]),
  );
  return getStatement(db, actor, id);
}

type Transition = 'approve' | 'lock' | 'reopen';

/**
 * draft → approved (approvers: not one's own statement unless admin) → locked (finance, admin);
 * approved → draft again (reopen) before it is locked. A locked statement never changes.
 */
export async function moveStatement(
  db: Db,
  actor: Actor,
  id: string,
  transition: Transition,
  version: number,
): Promise<Statement> {
  await db.transaction(async (tx) => {
    const { statement } = await findStatement(tx, actor, id, true);
    if (statement.version !== version) throw versionConflict('Statement', statement.version);
    const from = { approve: 'draft', lock: 'approved', reopen: 'approved' }[transition];
    if (statement.status !== from) {
      throw new AppError(
        'conflict',
        statement.status === 'locked'
          ? 'The statement is locked: a locked month never changes; corrections go to the next month'
          : `Only a ${from} statement can be ${transition === 'approve' ? 'approved' : transition === 'lock' ? 'locked' : 'reopened'}`,
      );
    }
    if (transition === 'approve' && statement.userId === actor.userId && !actor.roles.includes('admin')) {
      throw new AppError('forbidden', 'Nobody approves their own statement; ask your lead or finance');
    }
    const set =
      transition === 'approve'
        ? { status: 'approved' as const, approvedBy: actor.userId, approvedAt: sql`now()` }
        : transition === 'lock'
          ? { status: 'locked' as const, lockedBy: actor.userId, lockedAt: sql`now()` }
          : { status: 'draft' as const, approvedBy: null, approvedAt: null };
    await tx
      .update(payoutStatements)
      .set({ ...set, updatedAt: sql`now()`, version: statement.version + 1 })
      .where(and(eq(payoutStatements.workspaceId, actor.workspaceId), eq(payoutStatements.id, id)));
    await recordAudit(tx, {
      ...auditFor(actor, 'payout_statement', id),
      action: 'update',
      before: { status: statement.status },
      after: { status: set.status, transition },
    });
  });
  return getStatement(db, actor, id);
}

const HEADERS = {
  ru: [
    '№',
    'Вид',
    'Правило',
    'Дата',
    'Вид выручки',
    'База',
    'Ставка, %',
    'Сумма',
    'За месяц',
    'Платёж',
    'Счёт',
    'Сделка',
    'Клиент',
    'Факт выручки',
  ],
  en: [
    '#',
    'Kind',
    'Rule',
    'Date',
    'Revenue kind',
    'Base',
    'Rate, %',
    'Amount',
    'Correction of',
    'Payment',
    'Invoice',
    'Deal',
    'Client',
    'Revenue fact',
  ],
};

const minor = (value: number | null) => (value === null ? '' : (value / 100).toFixed(2));
const percent = (bp: number | null) => (bp === null ? '' : (bp / 100).toFixed(2));

/** The statement as rows: a header block, the lines, the totals. Amounts in major units, 2 decimals. */
export function statementRows(statement: Statement, lang: 'ru' | 'en'): string[][] {
  const ru = lang === 'ru';
  const rows: string[][] = [
    [
      ru ? 'Расчётный лист' : 'Payout statement',
      statement.userName,
      statement.period,
      statement.currency,
      statement.status,
    ],
    [],
    HEADERS[lang],
  ];
  for (const l of statement.lines) {
    rows.push([
      String(l.lineNo),
      l.kind,
      l.ruleId ?? '',
      l.occurredOn ?? '',
      l.revenueKind ?? '',
      minor(l.baseMinor),
      percent(l.rateBp),
      minor(l.amountMinor),
      l.correctionOf ?? '',
      l.paymentId ?? '',
      l.invoiceId ?? '',
      l.dealId ?? '',
      l.companyId ?? '',
      l.revenueFactId ?? '',
    ]);
  }
  const t = statement.totals;
  rows.push(
    [],
    [ru ? 'Оклад' : 'Base salary', minor(t.baseSalaryMinor)],
    [ru ? 'Премия до коэффициента' : 'Bonus before coefficient', minor(t.bonusBeforeMinor)],
    [ru ? 'Коэффициент, %' : 'Coefficient, %', percent(t.coefficientBp)],
    [ru ? 'Премия после коэффициента' : 'Bonus after coefficient', minor(t.bonusAfterMinor)],
    [ru ? 'Удержания (возвраты)' : 'Clawbacks', minor(t.clawbackMinor)],
    [ru ? 'Корректировки' : 'Corrections', minor(t.correctionMinor)],
    [ru ? 'Итого до коэффициента' : 'Total before coefficient', minor(t.totalBeforeMinor)],
    [ru ? 'Итого к выплате' : 'Total to pay', minor(t.totalMinor)],
  );
  return rows;
}

export async function exportStatement(
  db: DbOrTx,
  actor: Actor,
  id: string,
  format: 'csv' | 'xlsx',
  lang: 'ru' | 'en',
): Promise<{ body: Buffer; filename: string }> {
  const statement = await getStatement(db, actor, id);
  const rows = statementRows(statement, lang);
  const filename = `payout-${statement.period}-${statement.userName.replace(/[^\p{L}\p{N} _-]+/gu, '').trim() || 'person'}.${format}`;
  if (format === 'csv') return { body: Buffer.from(stringify(rows, { bom: true }), 'utf8'), filename };
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(statement.period);
  for (const row of rows) {
    sheet.addRow(row.map((cell, index) => (/^-?\d+\.\d{2}$/.test(cell) && index > 0 ? Number(cell) : cell)));
  }
  sheet.getRow(3).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = 16;
  });
  return { body: Buffer.from(await workbook.xlsx.writeBuffer()), filename };
}
