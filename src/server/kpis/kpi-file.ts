import ExcelJS from 'exceljs';
import type { KpiFigures } from '../../contract/kpis.ts';
import type { Actor } from '../access/actor.ts';
import type { DbOrTx } from '../db/client.ts';
import { kpiDashboard, kpiTrend } from './dashboard.ts';
import { growthBp, shiftPeriod } from './formulas.ts';

/** Sheet names, fixed so that people's formulas pointing at them keep working. */
export const KPI_FILE_SHEETS = ['Revenue', 'Quarter', 'Tier 1', 'Tier 2', 'Tier 3', 'PM'] as const;

const money = (minor: number) => minor / 100;
const percent = (bp: number | null) => (bp === null ? null : bp / 10000);

/**
 * Seed 001's KPI file for a quarter: revenue by month for the last twelve months, the quarter's
 * plan and fact with growth against the previous quarter and the same quarter a year before, and
 * a sheet per tier with each person's figures. Everything within the asker's scope.
 */
export async function buildKpiFile(
  db: DbOrTx,
  actor: Actor,
  request: { on?: string; userId?: string; teamId?: string },
  now = new Date(),
) {
  const quarter = await kpiDashboard(db, actor, { ...request, period: 'quarter' }, now);
  const on = quarter.period.from;
  const [previous, lastYear, months] = await Promise.all([
    kpiDashboard(db, actor, { ...request, period: 'quarter', on: shiftPeriod(quarter.period, -1).from }, now),
    kpiDashboard(db, actor, { ...request, period: 'quarter', on: shiftPeriod(quarter.period, -4).from }, now),
    kpiTrend(db, actor, { ...request, period: 'month', on: quarter.period.to, count: 12 }, now),
  ]);
  void on;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tandem';
  const moneyFormat = '#,##0.00';
  const percentFormat = '0.0%';

  const revenue = workbook.addWorksheet('Revenue');
  revenue.columns = [
    { header: 'Month', key: 'label', width: 12 },
    { header: `Revenue, ${quarter.currency}`, key: 'revenue', width: 16, style: { numFmt: moneyFormat } },
    { header: 'New sales', key: 'newSales', width: 16, style: { numFmt: moneyFormat } },
    { header: 'Recurring', key: 'recurring', width: 16, style: { numFmt: moneyFormat } },
    { header: 'Upsell', key: 'upsell', width: 16, style: { numFmt: moneyFormat } },
    { header: 'Deals won', key: 'dealsWon', width: 12 },
    { header: 'Calls', key: 'calls', width: 12 },
  ];
  for (const point of months.points) {
    revenue.addRow({
      label: point.label,
      revenue: money(point.revenueMinor),
      newSales: money(point.newSalesMinor),
      recurring: money(point.recurringMinor),
      upsell: money(point.upsellMinor),
      dealsWon: point.dealsWon,
      calls: point.calls,
    });
  }

  const summary = workbook.addWorksheet('Quarter');
  summary.columns = [
    { header: `Figure (${quarter.period.label})`, key: 'figure', width: 28 },
    { header: 'Plan', key: 'plan', width: 16 },
    { header: 'Fact', key: 'fact', width: 16 },
    { header: 'Attainment', key: 'attainment', width: 12, style: { numFmt: percentFormat } },
    { header: previous.period.label, key: 'previous', width: 16 },
    {
      header: 'Growth vs previous quarter',
      key: 'growthPrevious',
      width: 16,
      style: { numFmt: percentFormat },
    },
    { header: lastYear.period.label, key: 'lastYear', width: 16 },
    { header: 'Growth vs a year before', key: 'growthYear', width: 16, style: { numFmt: percentFormat } },
  ];
  const rows: { figure: string; metric: string | null; pick: (f: KpiFigures) => number; isMoney: boolean }[] =
    [
      { figure: 'Revenue', metric: 'revenue', pick: (f) => f.revenueMinor, isMoney: true },
      { figure: 'New sales', metric: 'new_sales', pick: (f) => f.newSalesMinor, isMoney: true },
      { figure: 'Recurring', metric: 'recurring', pick: (f) => f.recurringMinor, isMoney: true },
      { figure: 'Upsell', metric: 'upsell', pick: (f) => f.upsellMinor, isMoney: true },
      { figure: 'Deals won', metric: 'deals_won', pick: (f) => f.dealsWon, isMoney: false },
      { figure: 'Calls', metric: 'calls', pick: (f) => f.calls, isMoney: false },
      { figure: 'Qualified leads', metric: 'qualified_leads', pick: (f) => f.qualified, isMoney: false },
      { figure: 'Meetings', metric: 'meetings', pick: (f) => f.meetings, isMoney: false },
    ];
  const holderPlan = (metric: string | null) =>
    quarter.plans.find(
      (plan) =>
        plan.metric === metric &&
        (quarter.subject.kind === 'company'
          ? plan.scope === 'company'
          : quarter.subject.kind === 'team'
            ? plan.scope === 'team' && plan.teamId === quarter.subject.id
            : plan.scope === 'person' && plan.userId === quarter.subject.id),
    );
  for (const row of rows) {
    const fact = row.pick(quarter.totals);
    const before = row.pick(previous.totals);
    const yearAgo = row.pick(lastYear.totals);
    const plan = holderPlan(row.metric);
    const scale = row.isMoney ? money : (n: number) => n;
    const added = summary.addRow({
      figure: row.figure,
      plan: plan ? scale(plan.target) : null,
      fact: scale(fact),
      attainment: plan ? percent(plan.attainmentBp) : null,
      previous: scale(before),
      growthPrevious: percent(growthBp(fact, before)),
      lastYear: scale(yearAgo),
      growthYear: percent(growthBp(fact, yearAgo)),
    });
    if (row.isMoney)
      for (const key of ['plan', 'fact', 'previous', 'lastYear']) added.getCell(key).numFmt = moneyFormat;
  }

  const tierSheet = (
    name: (typeof KPI_FILE_SHEETS)[number],
    include: (person: (typeof quarter.people)[number]) => boolean,
    columns: { header: string; value: (f: KpiFigures) => number | null; format?: string }[],
  ) => {
    const sheet = workbook.addWorksheet(name);
    sheet.columns = [
      { header: 'Person', key: 'name', width: 28 },
      ...columns.map((column, i) => ({
        header: column.header,
        key: `c${i}`,
        width: 16,
        style: column.format ? { numFmt: column.format } : {},
      })),
    ];
    for (const person of quarter.people.filter(include)) {
      sheet.addRow({
        name: person.name,
        ...Object.fromEntries(columns.map((column, i) => [`c${i}`, column.value(person.figures)])),
      });
    }
  };
  const has = (role: string, tier: number) => (person: (typeof quarter.people)[number]) =>
    person.tier === tier || person.roles.includes(role);
  tierSheet('Tier 1', has('sdr', 1), [
    { header: 'Calls', value: (f) => f.calls },
    { header: 'Calls per day', value: (f) => f.callsPerDay },
    { header: 'Qualified leads', value: (f) => f.qualified },
    { header: 'Conversion', value: (f) => percent(f.conversionBp), format: percentFormat },
  ]);
  tierSheet('Tier 2', has('sales', 2), [
    { header: 'Deals won', value: (f) => f.dealsWon },
    { header: 'Won amount', value: (f) => money(f.dealsWonAmountMinor), format: moneyFormat },
    { header: 'Deals lost', value: (f) => f.dealsLost },
    { header: 'Win rate', value: (f) => percent(f.winRateBp), format: percentFormat },
    { header: 'Cycle, days', value: (f) => f.cycleDays },
    { header: 'New sales revenue', value: (f) => money(f.newSalesMinor), format: moneyFormat },
  ]);
  tierSheet('Tier 3', has('am', 3), [
    { header: 'Upsell revenue', value: (f) => money(f.upsellMinor), format: moneyFormat },
    { header: 'Recurring revenue', value: (f) => money(f.recurringMinor), format: moneyFormat },
    { header: 'NRR', value: (f) => percent(f.nrrBp), format: percentFormat },
    { header: 'Clients at start', value: (f) => f.clientsAtStart },
    { header: 'Retained', value: (f) => f.retained },
    { header: 'Churned', value: (f) => f.churned },
    { header: 'Cadence compliance', value: (f) => percent(f.cadenceBp), format: percentFormat },
  ]);
  tierSheet('PM', (person) => person.roles.includes('pm'), [
    { header: 'Finished with a due date', value: (f) => f.tasksFinished + f.projectsFinished },
    { header: 'On time', value: (f) => f.tasksOnTime + f.projectsOnTime },
    { header: 'On-time delivery', value: (f) => percent(f.onTimeBp), format: percentFormat },
    { header: 'Overdue tasks now', value: (f) => f.overdueTasks },
  ]);
  for (const sheet of workbook.worksheets) sheet.getRow(1).font = { bold: true };
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, filename: `kpi-${quarter.period.label}.xlsx` };
}
