import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Statement } from '../../contract/motivation.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { formatDay, formatMoney } from '../app/format.ts';
import { formatHundredths } from './units.ts';

export const STATUS_COLOR = { draft: 'gray', approved: 'blue', locked: 'green' } as const;

/** A payout statement: totals before and after coefficients, and every line with its source. */
export function StatementView({ statement, actions }: { statement: Statement; actions?: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const money = (minor: number) => formatMoney(minor, statement.currency);
  const exact = (minor: number) =>
    new Intl.NumberFormat(i18n.language, { style: 'currency', currency: statement.currency }).format(
      minor / 100,
    );
  const totals = statement.totals;
  const figures: [string, string][] = [
    [t('payouts.base'), money(totals.baseSalaryMinor)],
    [t('payouts.bonusBefore'), money(totals.bonusBeforeMinor)],
    [t('payouts.coefficient'), `${formatHundredths(totals.coefficientBp)} %`],
    [t('payouts.bonusAfter'), money(totals.bonusAfterMinor)],
    [t('payouts.clawback'), money(totals.clawbackMinor)],
    [t('payouts.correction'), money(totals.correctionMinor)],
    [t('payouts.totalBefore'), money(totals.totalBeforeMinor)],
    [t('payouts.total'), money(totals.totalMinor)],
  ];
  const exportHref = (format: string) =>
    `/api/v1/payouts/statements/${statement.id}/export?format=${format}&lang=${i18n.language}`;
  return (
    <Stack data-testid="statement">
      <Group justify="space-between">
        <div>
          <Title order={3}>
            {t('payouts.statement')}: {statement.userName}, {statement.period}
          </Title>
          <Text c="dimmed" size="sm">
            {statement.schemeName}
            {statement.attainmentBp !== null &&
              ` · ${t('payouts.attainment')}: ${formatHundredths(statement.attainmentBp)} %`}
          </Text>
        </div>
        <Group>
          <Badge color={STATUS_COLOR[statement.status]} data-testid="statement-status">
            {t(`payouts.statuses.${statement.status}`)}
          </Badge>
          {actions}
          <Button component="a" href={exportHref('csv')} variant="default" size="xs">
            CSV
          </Button>
          <Button component="a" href={exportHref('xlsx')} variant="default" size="xs">
            XLSX
          </Button>
        </Group>
      </Group>
      {statement.status === 'locked' && <Alert color="green">{t('payouts.lockedNote')}</Alert>}
      {statement.skipped.length > 0 && (
        <Alert color="yellow">{t('payouts.skipped', { count: statement.skipped.length })}</Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {figures.map(([label, value]) => (
          <Paper key={label} withBorder p="xs">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={label === t('payouts.total') ? 700 : 500} data-testid={`figure-${label}`}>
              {value}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Table striped withTableBorder data-testid="statement-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t('payouts.kind')}</Table.Th>
            <Table.Th>{t('payouts.rule')}</Table.Th>
            <Table.Th>{t('payouts.date')}</Table.Th>
            <Table.Th ta="right">{t('payouts.baseAmount')}</Table.Th>
            <Table.Th ta="right">{t('payouts.rate')}</Table.Th>
            <Table.Th ta="right">{t('payouts.amount')}</Table.Th>
            <Table.Th>{t('payouts.source')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {statement.lines.map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td>{line.lineNo}</Table.Td>
              <Table.Td>
                {t(`payouts.kinds.${line.kind}`, { month: line.correctionOf ?? '' })}
                {line.revenueKind && (
                  <Text span c="dimmed" size="xs">
                    {' '}
                    · {t(`motivation.revenueKinds.${line.revenueKind}`)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{line.ruleId ?? ''}</Table.Td>
              <Table.Td>{line.occurredOn ? formatDay(line.occurredOn) : ''}</Table.Td>
              <Table.Td ta="right">{line.baseMinor === null ? '' : exact(line.baseMinor)}</Table.Td>
              <Table.Td ta="right">
                {line.rateBp === null ? '' : `${formatHundredths(line.rateBp)} %`}
              </Table.Td>
              <Table.Td ta="right" fw={500} c={line.amountMinor < 0 ? 'red' : undefined}>
                {exact(line.amountMinor)}
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  {line.companyId && (
                    <CompanyLink companyId={line.companyId} size="sm">
                      {t('payouts.client')}
                    </CompanyLink>
                  )}
                  {line.dealId && (
                    <Link to="/deals" search={{ deal: line.dealId }}>
                      <Text span size="sm" c="indigo">
                        {t('payouts.deal')}
                      </Text>
                    </Link>
                  )}
                  {line.paymentId && (
                    <Text size="xs" c="dimmed" title={line.paymentId}>
                      {t('payouts.payment')} {line.paymentId.slice(0, 8)}
                    </Text>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
