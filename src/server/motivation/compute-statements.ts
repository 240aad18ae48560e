import { randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { PayoutTotals } from '../../contract/motivation.ts';
import { MONEY_METRICS } from '../../contract/plans.ts';
import type { Actor } from '../access/actor.ts';
import { auditLog } from '../audit/schema.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { copyInTransaction } from '../db/copy-in-transaction.ts';
import { escapeCopyText } from '../db/copy-text.ts';
import { users } from '../users/schema.ts';
import {
  computePayoutStatement,
  type EngineEvent,
  type EngineFact,
  type EngineLine,
  moneyActual,
  type PayoutResult,
} from './engine.ts';
import { nextPeriod, periodStart, uuidArray } from './period.ts';
import { motivationSchemes } from './schema.ts';
import { schemeForUser } from './schemes.ts';

type SchemeRow = typeof motivationSchemes.$inferSelect;

interface Person {
  id: string;
  name: string;
  roles: string[];
}

export interface ComputeOutcome {
  computed: number;
  skippedFrozen: number;
  statementIds: string[];
}

type Row = Record<string, unknown>;
const str = (value: unknown) => (value === null || value === undefined ? null : String(value));

function toFact(row: Row): EngineFact & { forUser?: string } {
  return {
    id: String(row.id),
    kind: row.kind as EngineFact['kind'],
    amountMinor: Number(row.amount_minor),
    currency: String(row.currency),
    at: String(row.at),
    dealOwnerId: str(row.deal_owner_id),
    accountManagerId: str(row.account_manager_id),
    dealId: str(row.deal_id),
    paymentId: str(row.payment_id),
    invoiceId: str(row.invoice_id),
    companyId: str(row.company_id),
    correctionOf: str(row.correction_of),
    forUser: str(row.for_user) ?? undefined,
  };
}

export async function workspaceTimeZone(db: DbOrTx, workspaceId: string): Promise<string> {
  const result = await db.execute<{ time_zone: string }>(
    sql`select time_zone from workspaces where id = ${workspaceId}`,
  );
  return result.rows[0]?.time_zone ?? 'UTC';
}

/**
 * The revenue facts of a month for a set of people, set-based: facts received in the month (also
 * those taken back since: they were earned then), money taken back in the month (negative), and
 * corrections — items of an earlier month whose statement was approved or locked without them.
 */
export async function loadMonthFacts(
  db: DbOrTx,
  workspaceId: string,
  userIds: string[],
  period: string,
  timeZone: string,
): Promise<{ facts: EngineFact[]; corrections: (EngineFact & { forUser?: string })[] }> {
  const start = periodStart(period);
  const end = periodStart(nextPeriod(period));
  const ids = uuidArray(userIds);
  const startTs = sql`(${start}::date::timestamp at time zone ${timeZone})`;
  const endTs = sql`(${end}::date::timestamp at time zone ${timeZone})`;
  const credited = sql`(deal_owner_id = any(${ids}::uuid[]) or account_manager_id = any(${ids}::uuid[]))`;
  // One text column per row, split here: a hundred thousand rows parse several times faster than
  // as nine columns each.
  const row = (source: string, amount: string, at: string) =>
    sql.raw(
      `concat(${source === 'f' ? 'id' : 'revenue_fact_id'}, ',', kind, ',', ${amount}, ',', currency, ',', deal_owner_id, ',', account_manager_id, ',', deal_id, ',', payment_id, ',', ${at}) as r`,
    );
  const month = await db.execute<{ r: string }>(sql`
    select ${row('f', 'amount_minor', 'received_on')} from revenue_facts
     where workspace_id = ${workspaceId} and received_on >= ${start}::date and received_on < ${end}::date and ${credited}
    union all
    select ${row('r', 'amount_minor', 'received_on')} from revenue_reversals
     where workspace_id = ${workspaceId} and received_on >= ${start}::date and received_on < ${end}::date and ${credited}
    union all
    select ${row('r', '-amount_minor', `to_char(reversed_at at time zone '${timeZone.replace(/'/g, "''")}', 'YYYY-MM-DD')`)} from revenue_reversals
     where workspace_id = ${workspaceId} and reversed_at >= ${startTs} and reversed_at < ${endTs} and ${credited}`);
  const facts: EngineFact[] = month.rows.map(({ r }) => {
    const [id, kind, amount, currency, owner, am, deal, payment, at] = r.split(',') as string[];
    return {
      id: id!,
      kind: kind as EngineFact['kind'],
      amountMinor: Number(amount),
      currency: currency!,
      at: at!,
      dealOwnerId: owner || null,
      accountManagerId: am || null,
      dealId: deal || null,
      paymentId: payment || null,
    };
  });
  // Corrections: driven by the person's frozen statements of earlier months, only for items that
  // came after the statement was computed and are on no frozen line of theirs; they go to the first
  // open month after the frozen one (here, when no draft lies between).
  const corrections = await db.execute<Row>(sql`
    with frozen as (
      select s.user_id, s.period_start, s.computed_at,
             (s.period_start::timestamp at time zone ${timeZone}) as from_ts,
             ((s.period_start + interval '1 month')::timestamp at time zone ${timeZone}) as to_ts
        from payout_statements s
       where s.workspace_id = ${workspaceId} and s.user_id = any(${ids}::uuid[]) and s.status <> 'draft'
         and s.period_start < ${start}::date
         and not exists (select 1 from payout_statements d where d.workspace_id = s.workspace_id and d.user_id = s.user_id
                          and d.status = 'draft' and d.period_start > s.period_start and d.period_start < ${start}::date)
    ), items as (
      select fr.user_id as for_user, to_char(fr.period_start, 'YYYY-MM') as correction_of, f.id, f.kind, f.amount_minor,
             f.currency, f.deal_owner_id, f.account_manager_id, f.deal_id, f.payment_id, f.invoice_id, f.company_id,
             f.received_on::text as at
        from frozen fr join revenue_facts f on f.workspace_id = ${workspaceId}
         and f.received_on >= fr.period_start and f.received_on < (fr.period_start + interval '1 month')::date
         and fr.user_id in (f.deal_owner_id, f.account_manager_id) and f.created_at > fr.computed_at
      union all
      select fr.user_id, to_char(fr.period_start, 'YYYY-MM'), r.revenue_fact_id, r.kind, -r.amount_minor, r.currency,
             r.deal_owner_id, r.account_manager_id, r.deal_id, r.payment_id, r.invoice_id, r.company_id,
             to_char(r.reversed_at at time zone ${timeZone}, 'YYYY-MM-DD')
        from frozen fr join revenue_reversals r on r.workspace_id = ${workspaceId}
         and r.reversed_at >= fr.from_ts and r.reversed_at < fr.to_ts
         and fr.user_id in (r.deal_owner_id, r.account_manager_id) and r.reversed_at > fr.computed_at
    )
    select * from items i
     where not exists (select 1 from payout_statements s join payout_lines l
                         on l.workspace_id = s.workspace_id and l.statement_id = s.id and l.revision = s.lines_revision
                      where s.workspace_id = ${workspaceId} and s.user_id = i.for_user and s.status <> 'draft'
                        and l.revenue_fact_id = i.id and sign(l.base_minor) = sign(i.amount_minor))`);
  return { facts, corrections: corrections.rows.map(toFact) };
}

/** Won deals (by their owner) and qualified leads (by whoever handed them over) in the month. */
export async function loadMonthEvents(
  db: DbOrTx,
  workspaceId: string,
  userIds: string[],
  period: string,
  timeZone: string,
): Promise<EngineEvent[]> {
  const start = periodStart(period);
  const end = periodStart(nextPeriod(period));
  const ids = uuidArray(userIds);
  const startTs = sql`(${start}::date::timestamp at time zone ${timeZone})`;
  const endTs = sql`(${end}::date::timestamp at time zone ${timeZone})`;
  const result = await db.execute<Row>(sql`
    select 'deal_won' as event, d.id, d.owner_id as user_id, d.closed_at as at, d.id as deal_id, null::uuid as lead_id
      from deals d join stages st on st.workspace_id = d.workspace_id and st.id = d.stage_id and st.kind = 'won'
     where d.workspace_id = ${workspaceId} and d.owner_id = any(${ids}::uuid[])
       and d.closed_at >= ${startTs} and d.closed_at < ${endTs}
    union all
    select 'qualified_lead', l.id, l.handed_over_by, l.created_at, l.deal_id, l.id
      from leads l
     where l.workspace_id = ${workspaceId} and l.handed_over_by = any(${ids}::uuid[]) and l.status <> 'rejected'
       and l.created_at >= ${startTs} and l.created_at < ${endTs}`);
  return result.rows.map((row) => ({
    id: String(row.id),
    event: row.event as EngineEvent['event'],
    userId: String(row.user_id),
    at: new Date(row.at as string).toISOString(),
    dealId: str(row.deal_id),
    leadId: str(row.lead_id),
  }));
}

/** Monthly personal targets of the people for the given metrics. */
async function loadTargets(db: DbOrTx, workspaceId: string, userIds: string[], period: string) {
  const result = await db.execute<Row>(sql`
    select user_id, metric, target from plans
     where workspace_id = ${workspaceId} and period_kind = 'month' and period_start = ${periodStart(period)}::date
       and scope = 'person' and user_id = any(${uuidArray(userIds)}::uuid[])`);
  const targets = new Map<string, number>();
  for (const row of result.rows) targets.set(`${row.user_id}:${row.metric}`, Number(row.target));
  return targets;
}

export function actualFor(
  metric: string,
  userId: string,
  period: string,
  timeZone: string,
  currency: string,
  facts: EngineFact[],
  events: EngineEvent[],
): number | null {
  if ((MONEY_METRICS as readonly string[]).includes(metric))
    return moneyActual(metric, facts, userId, period, timeZone, currency);
  if (metric === 'deals_won' || metric === 'contracts')
    return events.filter((e) => e.event === 'deal_won' && e.userId === userId).length;
  if (metric === 'qualified_leads')
    return events.filter((e) => e.event === 'qualified_lead' && e.userId === userId).length;
  return null;
}

/**
 * Computes (or recomputes) the draft statements of a month for everyone with a scheme — or for
 * the given people — in one pass: facts, events and targets are loaded set-based for all of them,
 * then the pure engine runs per person. Approved and locked statements are left as they are.
 */
export async function computeStatements(
  tx: DbOrTx,
  actor: Pick<Actor, 'workspaceId' | 'userId'>,
  period: string,
  onlyUserIds?: string[],
  /** Filled with the seconds each phase took (the benchmark reports them). */
  timings: Record<string, number> = {},
): Promise<ComputeOutcome> {
  const { workspaceId } = actor;
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    timings[name] = (timings[name] ?? 0) + (now - mark) / 1000;
    mark = now;
  };
  const timeZone = await workspaceTimeZone(tx, workspaceId);
  const start = periodStart(period);
  const schemes = await tx
    .select()
    .from(motivationSchemes)
    .where(
      and(
        eq(motivationSchemes.workspaceId, workspaceId),
        isNull(motivationSchemes.archivedAt),
        lte(motivationSchemes.validFrom, start),
        or(isNull(motivationSchemes.validTo), gte(motivationSchemes.validTo, start)),
      ),
    );
  const people: Person[] = await tx
    .select({ id: users.id, name: users.name, roles: users.roles })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, workspaceId),
        eq(users.active, true),
        onlyUserIds ? inArray(users.id, onlyUserIds) : undefined,
      ),
    );
  const withScheme = people
    .map((person) => ({ person, scheme: schemeForUser(schemes, person) }))
    .filter((entry): entry is { person: Person; scheme: SchemeRow } => entry.scheme !== null);
  if (withScheme.length === 0) return { computed: 0, skippedFrozen: 0, statementIds: [] };

  // One computation of a month at a time (the statements it creates get their ids here).
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payouts:${workspaceId}:${period}`}))`);
  const existing = new Map<
    string,
    { id: string; status: string; version: number; totals: PayoutTotals; linesRevision: number }
  >();
  for (const row of (
    await tx.execute<Row>(sql`
      select id, user_id, status, version, totals, lines_revision from payout_statements
       where workspace_id = ${workspaceId} and period_start = ${start}::date for update`)
  ).rows) {
    existing.set(String(row.user_id), {
      id: String(row.id),
      status: String(row.status),
      version: Number(row.version),
      totals: row.totals as PayoutTotals,
      linesRevision: Number(row.lines_revision),
    });
  }
  const open = withScheme.filter(({ person }) => (existing.get(person.id)?.status ?? 'draft') === 'draft');
  const skippedFrozen = withScheme.length - open.length;
  if (open.length === 0) return { computed: 0, skippedFrozen, statementIds: [] };
  const userIds = open.map(({ person }) => person.id);
  phase('setup');
  const { facts, corrections } = await loadMonthFacts(tx, workspaceId, userIds, period, timeZone);
  phase('loadFacts');
  const events = await loadMonthEvents(tx, workspaceId, userIds, period, timeZone);
  const targets = await loadTargets(tx, workspaceId, userIds, period);
  phase('loadEventsAndTargets');

  // Index facts by the people they credit, so each person's engine run sees only theirs.
  const byUser = new Map<string, EngineFact[]>();
  const add = (userId: string | null, fact: EngineFact) => {
    if (!userId) return;
    const list = byUser.get(userId);
    if (list) {
      if (list[list.length - 1] !== fact) list.push(fact);
    } else byUser.set(userId, [fact]);
  };
  for (const fact of facts) {
    add(fact.dealOwnerId, fact);
    if (fact.accountManagerId !== fact.dealOwnerId) add(fact.accountManagerId, fact);
  }
  const correctionsByUser = new Map<string, EngineFact[]>();
  for (const c of corrections) {
    const list = correctionsByUser.get(c.forUser!) ?? [];
    list.push(c);
    correctionsByUser.set(c.forUser!, list);
  }
  const eventsByUser = new Map<string, EngineEvent[]>();
  for (const event of events) {
    const list = eventsByUser.get(event.userId) ?? [];
    list.push(event);
    eventsByUser.set(event.userId, list);
  }

  // Each statement's id and new lines revision are known before computing, so the engine runs
  // person by person while PostgreSQL takes the lines already made (COPY).
  const planned = new Map(
    open.map(({ person }) => {
      const before = existing.get(person.id);
      return [
        person.id,
        before ? { id: before.id, revision: before.linesRevision + 1 } : { id: randomUUID(), revision: 1 },
      ];
    }),
  );
  const statementIds = [...planned.values()].map((p) => p.id);
  const revisionOf = new Map([...planned.values()].map((p) => [p.id, p.revision]));
  const idByUser = new Map([...planned.entries()].map(([userId, p]) => [userId, p.id]));
  // The previous revisions' lines go; the new ones get keys of their own (see migration 0011).
  const existingIds = statementIds.filter((id) => revisionOf.get(id)! > 1);
  if (existingIds.length > 0) {
    await tx.execute(sql`
      delete from payout_lines where workspace_id = ${workspaceId} and statement_id = any(${uuidArray(existingIds)}::uuid[])`);
  }
  phase('setupWrites');

  const statementRows: {
    userId: string;
    scheme: SchemeRow;
    result: PayoutResult;
    target: number | null;
    actual: number | null;
  }[] = [];
  let engineSeconds = 0;
  function* computed(): Generator<LineBatch> {
    for (const { person, scheme } of open) {
      const started = performance.now();
      const personFacts = byUser.get(person.id) ?? [];
      const personEvents = eventsByUser.get(person.id) ?? [];
      const target = scheme.planMetric ? (targets.get(`${person.id}:${scheme.planMetric}`) ?? null) : null;
      const actual =
        target !== null && scheme.planMetric
          ? actualFor(
              scheme.planMetric,
              person.id,
              period,
              timeZone,
              scheme.currency,
              personFacts,
              personEvents,
            )
          : null;
      const result = computePayoutStatement({
        userId: person.id,
        period,
        timeZone,
        scheme: {
          id: scheme.id,
          currency: scheme.currency,
          rules: scheme.rules,
          coefficients: scheme.coefficients,
          bonusCapMinor: scheme.bonusCapMinor,
        },
        facts: [...personFacts, ...(correctionsByUser.get(person.id) ?? [])],
        events: personEvents,
        attainment: target !== null && actual !== null ? { actual, target } : null,
      });
      statementRows.push({ userId: person.id, scheme, result, target, actual });
      engineSeconds += (performance.now() - started) / 1000;
      const { id, revision } = planned.get(person.id)!;
      yield { statementId: id, revision, lines: result.lines };
    }
  }
  await insertLines(tx, workspaceId, computed());
  timings.engine = (timings.engine ?? 0) + engineSeconds;
  phase('writeLines');
  // Then the statements, in one statement.
  await tx.execute(sql`
    insert into payout_statements as s (workspace_id, id, user_id, period_start, scheme_id, currency, status, attainment_bp,
      plan_target, plan_actual, totals, skipped, computed_at, lines_revision)
    select ${workspaceId}, x.id, x.user_id, ${start}::date, x.scheme_id, x.currency, 'draft', x.attainment_bp, x.plan_target,
           x.plan_actual, x.totals, x.skipped, clock_timestamp(), x.lines_revision
      from jsonb_to_recordset(${JSON.stringify(
        statementRows.map((r) => ({
          id: planned.get(r.userId)!.id,
          lines_revision: planned.get(r.userId)!.revision,
          user_id: r.userId,
          scheme_id: r.scheme.id,
          currency: r.scheme.currency,
          attainment_bp: r.result.attainmentBp,
          plan_target: r.target,
          plan_actual: r.actual,
          totals: r.result.totals,
          skipped: r.result.skipped,
        })),
      )}::jsonb) as x(id uuid, lines_revision integer, user_id uuid, scheme_id uuid, currency text, attainment_bp integer,
                      plan_target bigint, plan_actual bigint, totals jsonb, skipped jsonb)
    on conflict (workspace_id, user_id, period_start) do update set
      scheme_id = excluded.scheme_id, currency = excluded.currency, attainment_bp = excluded.attainment_bp,
      plan_target = excluded.plan_target, plan_actual = excluded.plan_actual, totals = excluded.totals,
      skipped = excluded.skipped, computed_at = excluded.computed_at, updated_at = now(), version = s.version + 1,
      lines_revision = excluded.lines_revision
      where s.status = 'draft'`);
  phase('writeStatements');
  // One audit entry per statement, written in one statement (payout statements raise no webhook
  // events, so this is what recordAudit would write).
  const entries = statementRows
    .filter((row) => idByUser.has(row.userId))
    .map((row) => ({
      workspaceId,
      actorUserId: actor.userId,
      action: existing.has(row.userId) ? ('update' as const) : ('create' as const),
      entityType: 'payout_statement',
      entityId: idByUser.get(row.userId)!,
      before: existing.get(row.userId) ? { totals: existing.get(row.userId)!.totals } : null,
      after: {
        period,
        userId: row.userId,
        schemeId: row.scheme.id,
        totals: row.result.totals,
        lines: row.result.lines.length,
      },
    }));
  if (entries.length > 0) await tx.insert(auditLog).values(entries);
  phase('audit');
  return { computed: statementIds.length, skippedFrozen, statementIds };
}

const LINE_CHUNK = 5000;
const LINE_COLUMNS = [
  'workspace_id',
  'statement_id',
  'revision',
  'line_no',
  'kind',
  'rule_id',
  'revenue_fact_id',
  'payment_id',
  'deal_id',
  'lead_id',
  'revenue_kind',
  'occurred_on',
  'base_minor',
  'rate_bp',
  'amount_minor',
  'correction_of',
  'note',
] as const;

type LineBatch = { statementId: string; revision: number; lines: EngineLine[] };

const LINES_PER_CHUNK = 2000;
/** uuids, numbers, dates and the fixed words need no escaping; rule ids and notes do. */
const plain = (value: string | number | null) => (value === null ? '\\N' : String(value));
const text = (value: string | null) => (value === null ? '\\N' : escapeCopyText(value));

/** The lines in COPY text format, a few thousand at a time. */
function* copyText(workspaceId: string, batches: Iterable<LineBatch>): Generator<string> {
  let chunk = '';
  let count = 0;
  for (const { statementId, revision, lines } of batches) {
    for (let i = 0; i < lines.length; i += 1) {
      const l = lines[i]!;
      chunk += `${workspaceId}\t${statementId}\t${revision}\t${i + 1}\t${l.kind}\t${text(l.ruleId)}\t${plain(l.revenueFactId)}\t${plain(l.paymentId)}\t${plain(l.dealId)}\t${plain(l.leadId)}\t${plain(l.revenueKind)}\t${plain(l.occurredOn)}\t${plain(l.baseMinor)}\t${plain(l.rateBp)}\t${l.amountMinor}\t${l.correctionOf ? `${l.correctionOf}-01` : '\\N'}\t${text(l.note)}\n`;
      count += 1;
    }
    if (count >= LINES_PER_CHUNK) {
      yield chunk;
      chunk = '';
      count = 0;
    }
  }
  if (chunk) yield chunk;
}

async function insertLines(tx: DbOrTx, workspaceId: string, batches: Iterable<LineBatch>) {
  const source = batches[Symbol.iterator]();
  const once: Iterable<LineBatch> = { [Symbol.iterator]: () => source };
  if (await copyInTransaction(tx as Tx, 'payout_lines', LINE_COLUMNS, copyText(workspaceId, once))) return;
  const rows = [...once].flatMap(({ statementId, revision, lines }) =>
    lines.map((line, index) => ({ line, statementId, revision, lineNo: index + 1 })),
  );
  for (let i = 0; i < rows.length; i += LINE_CHUNK) {
    const chunk = rows.slice(i, i + LINE_CHUNK);
    await tx.execute(sql`
      insert into payout_lines (workspace_id, statement_id, revision, line_no, kind, rule_id, revenue_fact_id, payment_id,
        deal_id, lead_id, revenue_kind, occurred_on, base_minor, rate_bp, amount_minor, correction_of, note)
      select ${workspaceId}, x.statement_id, x.revision, x.line_no, x.kind, x.rule_id, x.revenue_fact_id, x.payment_id,
             x.deal_id, x.lead_id, x.revenue_kind, x.occurred_on, x.base_minor, x.rate_bp, x.amount_minor,
             x.correction_of, x.note
        from jsonb_to_recordset(${JSON.stringify(
          chunk.map(({ line: l, statementId, revision, lineNo }) => ({
            statement_id: statementId,
            revision,
            line_no: lineNo,
            kind: l.kind,
            rule_id: l.ruleId,
            revenue_fact_id: l.revenueFactId,
            payment_id: l.paymentId,
            deal_id: l.dealId,
            lead_id: l.leadId,
            revenue_kind: l.revenueKind,
            occurred_on: l.occurredOn,
            base_minor: l.baseMinor,
            rate_bp: l.rateBp,
            amount_minor: l.amountMinor,
            correction_of: l.correctionOf ? `${l.correctionOf}-01` : null,
            note: l.note,
          })),
        )}::jsonb) as x(statement_id uuid, revision integer, line_no integer, kind text, rule_id text, revenue_fact_id uuid, payment_id uuid,
          deal_id uuid, lead_id uuid, revenue_kind text, occurred_on date, base_minor bigint,
          rate_bp integer, amount_minor bigint, correction_of date, note text)`);
  }
}
