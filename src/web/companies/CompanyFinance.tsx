import { BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Act, ActSummary, Contract, CompanyFinance as Finance } from '../../contract/money.ts';
import { get, post, query } from '../api/client.ts';
import { formatDay, formatMoneyExact, todayIn } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { can, type Me, useMe } from '../auth/me.ts';
import { ActModal } from '../money/ActModal.tsx';
import { BudgetModal } from '../money/BudgetModal.tsx';
import { ContractModal } from '../money/ContractModal.tsx';
import { InvoiceStatusBadge } from '../money/InvoiceStatusBadge.tsx';
import { PaymentMethodsText } from '../money/PaymentMethodsText.tsx';
import { PaymentModal } from '../payments/PaymentModal.tsx';

/**
 * The client card's finance tab (`GET /companies/:id/finance`): totals per currency, contracts,
 * invoices, acts, payments and the year's budget in blocks, plan against invoiced and paid.
 */
export function CompanyFinance({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const canWrite = can(me, 'money:write');
  const client = useQueryClient();
  const navigate = useNavigate();
  const thisYear = Number(todayIn(me.workspace.timeZone).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [contract, setContract] = useState<Contract | 'new' | null>(null);
  const [actOpen, setActOpen] = useState(false);
  const [paymentOpen, setPaymentOpen] = useState(false);
  const [budgetOpen, setBudgetOpen] = useState(false);
  const finance = useQuery({
    queryKey: ['finance', companyId, year],
    queryFn: () => get<Finance>(`/companies/${companyId}/finance${query({ year })}`),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['finance', companyId] });

  const markSigned = async (act: ActSummary) => {
    try {
      await post<Act>(`/acts/${act.id}/signed`, { version: act.version, signed: !act.signed });
      refresh();
    } catch (error) {
      notifyError(error, refresh);
    }
  };

  if (!finance.data) return <Text c="dimmed">{t('app.loading')}</Text>;
  const data = finance.data;
  const money = formatMoneyExact;
  return (
    <Stack data-testid="finance-tab">
      <Group justify="space-between">
        <Group gap="lg" data-testid="finance-totals">
          {data.totals.length === 0 && <Text c="dimmed">{t('finance.noInvoices')}</Text>}
          {data.totals.map((total) => (
            <Group key={total.currency} gap="md">
              <Stat label={t('finance.invoiced')} value={money(total.invoicedMinor, total.currency)} />
              <Stat label={t('finance.paid')} value={money(total.paidMinor, total.currency)} />
              <Stat label={t('finance.open')} value={money(total.openMinor, total.currency)} />
              <Stat
                label={t('finance.overdue')}
                value={money(total.overdueMinor, total.currency)}
                color={total.overdueMinor > 0 ? 'red' : undefined}
              />
            </Group>
          ))}
        </Group>
        {canWrite && (
          <Group gap="xs">
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => void navigate({ to: '/invoices/new', search: { companyId } })}
            >
              {t('invoice.new')}
            </Button>
            <Button variant="light" onClick={() => setPaymentOpen(true)}>
              {t('payment.enter')}
            </Button>
          </Group>
        )}
      </Group>

      <Section
        title={t('contract.title')}
        action={canWrite ? () => setContract('new') : undefined}
        actionLabel={t('contract.add')}
      >
        {data.contracts.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('contract.none')}
          </Text>
        ) : (
          <Table highlightOnHover data-testid="finance-contracts">
            <Table.Tbody>
              {data.contracts.map((c) => (
                <Table.Tr
                  key={c.id}
                  style={{ cursor: canWrite ? 'pointer' : undefined }}
                  onClick={canWrite ? () => setContract(c) : undefined}
                >
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500}>
                        № {c.number}
                      </Text>
                      <Badge size="xs" variant="light" color={c.status === 'active' ? 'green' : 'gray'}>
                        {t(`contract.status.${c.status}`)}
                      </Badge>
                    </Group>
                    <Text size="xs" c="dimmed">
                      {c.title}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {formatDay(c.startsOn)} — {c.endsOn ? formatDay(c.endsOn) : t('contract.openEnded')}
                  </Table.Td>
                  <Table.Td>
                    {c.monthlyFeeMinor
                      ? t('contract.perMonth', { amount: money(c.monthlyFeeMinor, c.currency) })
                      : t('contract.noFee')}
                  </Table.Td>
                  <Table.Td>
                    <PaymentMethodsText methods={c.paymentMethods} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>

      <Section title={t('invoice.title')}>
        {data.invoices.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('invoice.none')}
          </Text>
        ) : (
          <Table highlightOnHover data-testid="finance-invoices">
            <Table.Tbody>
              {data.invoices.map((invoice) => (
                <Table.Tr key={invoice.id}>
                  <Table.Td>
                    <Link to="/invoices/$invoiceId" params={{ invoiceId: invoice.id }}>
                      <Text span size="sm" c="indigo">
                        {invoice.number ? `№ ${invoice.number}` : t('invoice.draftTitle')}
                      </Text>
                    </Link>
                  </Table.Td>
                  <Table.Td>{formatDay(invoice.issueDate)}</Table.Td>
                  <Table.Td>{t('finance.due', { date: formatDay(invoice.dueDate) })}</Table.Td>
                  <Table.Td ta="right">{money(invoice.totalMinor, invoice.currency)}</Table.Td>
                  <Table.Td>
                    <InvoiceStatusBadge invoice={invoice} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>

      <Section
        title={t('act.title')}
        action={canWrite ? () => setActOpen(true) : undefined}
        actionLabel={t('act.add')}
      >
        {data.acts.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('act.none')}
          </Text>
        ) : (
          <Table data-testid="finance-acts">
            <Table.Tbody>
              {data.acts.map((act) => (
                <Table.Tr key={act.id}>
                  <Table.Td>№ {act.number}</Table.Td>
                  <Table.Td>{formatDay(act.actDate)}</Table.Td>
                  <Table.Td>
                    {act.periodStart ? `${formatDay(act.periodStart)} — ${formatDay(act.periodEnd)}` : ''}
                  </Table.Td>
                  <Table.Td ta="right">{money(act.totalMinor, act.currency)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={act.signed ? 'green' : 'gray'}>
                      {act.signed ? t('act.signedOn', { date: formatDay(act.signedOn) }) : t('act.notSigned')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor href={`/api/v1/acts/${act.id}/pdf`} target="_blank" size="sm">
                        PDF
                      </Anchor>
                      {canWrite && (
                        <Button size="compact-xs" variant="subtle" onClick={() => void markSigned(act)}>
                          {act.signed ? t('act.markUnsigned') : t('act.markSigned')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>

      <Section title={t('payment.title')}>
        {data.payments.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('payment.none')}
          </Text>
        ) : (
          <Table data-testid="finance-payments">
            <Table.Tbody>
              {data.payments.map((payment) => (
                <Table.Tr key={payment.id}>
                  <Table.Td>{formatDay(payment.receivedOn)}</Table.Td>
                  <Table.Td>
                    {payment.bankReference
                      ? `№ ${payment.bankReference}`
                      : t(`paymentMethod.${payment.method}`)}
                  </Table.Td>
                  <Table.Td>
                    {payment.allocations.map((a) => `№ ${a.invoiceNumber}`).join(', ') ||
                      t('payment.notAllocated')}
                  </Table.Td>
                  <Table.Td ta="right">{money(payment.amountMinor, payment.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>

      <Card withBorder data-testid="finance-budget">
        <Group justify="space-between" mb="xs">
          <Title order={4}>{t('budget.title')}</Title>
          <Group gap="xs">
            <NumberInput
              aria-label={t('budget.year')}
              size="xs"
              w={90}
              min={2000}
              max={2100}
              value={year}
              onChange={(value) => typeof value === 'number' && setYear(value)}
            />
            {canWrite && (
              <Button size="xs" variant="light" onClick={() => setBudgetOpen(true)}>
                {data.budget.id ? t('budget.edit') : t('budget.plan')}
              </Button>
            )}
          </Group>
        </Group>
        <BudgetChart finance={data} />
      </Card>

      {contract && (
        <ContractModal
          companyId={companyId}
          contract={contract === 'new' ? null : contract}
          onClose={() => setContract(null)}
          onSaved={() => {
            setContract(null);
            refresh();
          }}
        />
      )}
      {actOpen && (
        <ActModal
          companyId={companyId}
          contracts={data.contracts}
          invoices={data.invoices}
          onClose={() => setActOpen(false)}
          onCreated={() => {
            setActOpen(false);
            refresh();
          }}
        />
      )}
      {paymentOpen && (
        <PaymentModal
          companyId={companyId}
          onClose={() => setPaymentOpen(false)}
          onCreated={() => {
            setPaymentOpen(false);
            refresh();
          }}
        />
      )}
      {budgetOpen && (
        <BudgetModal
          companyId={companyId}
          budget={data.budget}
          onClose={() => setBudgetOpen(false)}
          onSaved={() => {
            setBudgetOpen(false);
            refresh();
          }}
        />
      )}
    </Stack>
  );
}

function Stat({ label, value, color }: { label: string; value: string; color?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} c={color}>
        {value}
      </Text>
    </Stack>
  );
}

function Section({
  title,
  action,
  actionLabel,
  children,
}: {
  title: string;
  action?: () => void;
  actionLabel?: string;
  children: React.ReactNode;
}) {
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{title}</Title>
        {action && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={action}>
            {actionLabel}
          </Button>
        )}
      </Group>
      {children}
    </Card>
  );
}

/** Plan against invoiced and paid, per block and unassigned, in the budget's currency (whole units). */
function BudgetChart({ finance }: { finance: Finance }) {
  const { t } = useTranslation();
  const { budget } = finance;
  const toUnits = (minor: number) => Math.round(minor / 100);
  const rows = [
    ...budget.blocks.map((block) => ({
      name: block.name,
      plan: toUnits(block.planMinor),
      invoiced: toUnits(block.invoicedMinor),
      paid: toUnits(block.paidMinor),
    })),
    ...(budget.unassigned.invoicedMinor > 0 || budget.blocks.length === 0
      ? [
          {
            name: t('budget.unassigned'),
            plan: toUnits(budget.unassigned.planMinor),
            invoiced: toUnits(budget.unassigned.invoicedMinor),
            paid: toUnits(budget.unassigned.paidMinor),
          },
        ]
      : []),
  ];
  const money = (minor: number) => formatMoneyExact(minor, budget.currency);
  return (
    <Stack>
      <BarChart
        h={Math.max(160, rows.length * 70 + 40)}
        data={rows}
        dataKey="name"
        orientation="vertical"
        yAxisProps={{ width: 150 }}
        withLegend
        valueFormatter={(value) => formatMoneyExact(value * 100, budget.currency)}
        series={[
          { name: 'plan', label: t('budget.planned'), color: 'gray.5' },
          { name: 'invoiced', label: t('finance.invoiced'), color: 'indigo.6' },
          { name: 'paid', label: t('finance.paid'), color: 'green.6' },
        ]}
        aria-label={t('budget.chart')}
      />
      <SimpleGrid cols={3} data-testid="budget-totals">
        <Stat label={t('budget.planned')} value={money(budget.totals.planMinor)} />
        <Stat label={t('finance.invoiced')} value={money(budget.totals.invoicedMinor)} />
        <Stat label={t('finance.paid')} value={money(budget.totals.paidMinor)} />
      </SimpleGrid>
    </Stack>
  );
}
