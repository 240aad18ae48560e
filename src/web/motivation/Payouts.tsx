import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ComputeResult, PayoutList, StatementSummary } from '../../contract/motivation.ts';
import { get, post, query } from '../api/client.ts';
import { formatMoney } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { can, type Me, useMe } from '../auth/me.ts';
import { STATUS_COLOR } from './StatementView.tsx';
import { formatHundredths, thisMonth } from './units.ts';

type List = z.infer<typeof PayoutList>;

/** A month's payouts: people with totals and status; compute drafts, approve and lock in bulk. */
export function Payouts() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const navigate = useNavigate();
  const [period, setPeriod] = useState(thisMonth());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const list = useQuery({
    queryKey: ['payouts', period],
    queryFn: () => get<List>(`/payouts${query({ period })}`),
    enabled: /^\d{4}-\d{2}$/.test(period),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['payouts', period] });

  const compute = async () => {
    try {
      const result = await post<z.infer<typeof ComputeResult>>('/payouts/compute', { period });
      notifications.show({ color: 'green', message: t('payouts.computed', { count: result.computed }) });
      await refresh();
    } catch (error) {
      notifyError(error);
    }
  };

  const bulk = async (action: 'approve' | 'lock') => {
    const wanted = (list.data?.items ?? []).filter(
      (s) => selected.has(s.id) && s.status === (action === 'approve' ? 'draft' : 'approved'),
    );
    setProgress({ done: 0, total: wanted.length });
    for (const [index, statement] of wanted.entries()) {
      try {
        await post(`/payouts/statements/${statement.id}/${action}`, { version: statement.version });
      } catch (error) {
        notifyError(error);
      }
      setProgress({ done: index + 1, total: wanted.length });
    }
    setSelected(new Set());
    await refresh();
    setTimeout(() => setProgress(null), 800);
  };

  const items = list.data?.items ?? [];
  const money = (s: StatementSummary, minor: number) => formatMoney(minor, s.currency);
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('payouts.title')}</Title>
        <Group>
          <TextInput
            type="month"
            aria-label={t('payouts.period')}
            value={period}
            onChange={(event) => setPeriod(event.currentTarget.value)}
          />
          {can(me, 'payouts:approve') && (
            <Button onClick={compute} data-testid="compute">
              {t('payouts.compute')}
            </Button>
          )}
        </Group>
      </Group>
      {list.data && list.data.notComputed.length > 0 && (
        <Alert color="yellow">
          {t('payouts.notComputed', { names: list.data.notComputed.map((p) => p.userName).join(', ') })}
        </Alert>
      )}
      {can(me, 'payouts:approve') && (
        <Group>
          <Button
            variant="default"
            disabled={selected.size === 0}
            onClick={() => bulk('approve')}
            data-testid="bulk-approve"
          >
            {t('payouts.approveSelected')}
          </Button>
          {can(me, 'payouts:lock') && (
            <Button
              variant="default"
              disabled={selected.size === 0}
              onClick={() => bulk('lock')}
              data-testid="bulk-lock"
            >
              {t('payouts.lockSelected')}
            </Button>
          )}
          {progress && (
            <Group gap="xs" style={{ flex: 1 }}>
              <Progress
                value={progress.total ? (progress.done * 100) / progress.total : 100}
                style={{ flex: 1 }}
              />
              <Text size="sm">{t('payouts.progress', progress)}</Text>
            </Group>
          )}
        </Group>
      )}
      {items.length === 0 ? (
        <Text c="dimmed">{t('payouts.none')}</Text>
      ) : (
        <Table striped highlightOnHover withTableBorder data-testid="payouts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                <Checkbox
                  aria-label="all"
                  checked={selected.size === items.length}
                  onChange={(e) =>
                    setSelected(e.currentTarget.checked ? new Set(items.map((s) => s.id)) : new Set())
                  }
                />
              </Table.Th>
              <Table.Th>{t('payouts.person')}</Table.Th>
              <Table.Th>{t('payouts.scheme')}</Table.Th>
              <Table.Th ta="right">{t('payouts.attainment')}</Table.Th>
              <Table.Th ta="right">{t('payouts.base')}</Table.Th>
              <Table.Th ta="right">{t('payouts.bonusBefore')}</Table.Th>
              <Table.Th ta="right">{t('payouts.coefficient')}</Table.Th>
              <Table.Th ta="right">{t('payouts.bonusAfter')}</Table.Th>
              <Table.Th ta="right">{t('payouts.total')}</Table.Th>
              <Table.Th>{t('payouts.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Checkbox
                    aria-label={s.userName}
                    checked={selected.has(s.id)}
                    onChange={() => toggle(s.id)}
                  />
                </Table.Td>
                <Table.Td>
                  <Link to="/payouts/$statementId" params={{ statementId: s.id }}>
                    {s.userName}
                  </Link>
                </Table.Td>
                <Table.Td>{s.schemeName}</Table.Td>
                <Table.Td ta="right">
                  {s.attainmentBp === null ? '—' : `${formatHundredths(s.attainmentBp)} %`}
                </Table.Td>
                <Table.Td ta="right">{money(s, s.totals.baseSalaryMinor)}</Table.Td>
                <Table.Td ta="right">{money(s, s.totals.bonusBeforeMinor)}</Table.Td>
                <Table.Td ta="right">{formatHundredths(s.totals.coefficientBp)} %</Table.Td>
                <Table.Td ta="right">{money(s, s.totals.bonusAfterMinor)}</Table.Td>
                <Table.Td ta="right" fw={600}>
                  {money(s, s.totals.totalMinor)}
                </Table.Td>
                <Table.Td>
                  <Badge
                    color={STATUS_COLOR[s.status]}
                    style={{ cursor: 'pointer' }}
                    onClick={() => navigate({ to: '/payouts/$statementId', params: { statementId: s.id } })}
                  >
                    {t(`payouts.statuses.${s.status}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
