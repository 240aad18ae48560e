import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconArrowsSplit, IconPencil } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Team } from '../../contract/people.ts';
import { MONEY_METRICS, PLAN_METRICS, type Plan, type PlanPeriodKind } from '../../contract/plans.ts';
import { api, get, patch, post, query } from '../api/client.ts';
import { formatMoney } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';
import { can, type Me, useMe } from '../auth/me.ts';
import { formatHundredths, parseHundredths, thisMonth } from '../motivation/units.ts';

const isMoney = (metric: string) => (MONEY_METRICS as readonly string[]).includes(metric);

/** The first day of the month, quarter or year that contains a YYYY-MM month. */
function periodStartOf(kind: PlanPeriodKind, month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  if (kind === 'year') return `${year}-01-01`;
  if (kind === 'quarter') return `${year}-${String(m - ((m - 1) % 3)).padStart(2, '0')}-01`;
  return `${month}-01`;
}

interface DerivedRow {
  userId: string;
  userName: string;
  target: number;
  current: number | null;
  formula: { expression: string };
}

/** Plans of a period: the company's, split to teams and people, derived ones with their formula. */
export function PlansPage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const { options: people } = usePeople();
  const [kind, setKind] = useState<PlanPeriodKind>('month');
  const [month, setMonth] = useState(thisMonth());
  const periodStart = /^\d{4}-\d{2}$/.test(month) ? periodStartOf(kind, month) : null;
  const plans = useQuery({
    queryKey: ['plans', kind, periodStart],
    enabled: periodStart !== null,
    queryFn: () => get<{ items: Plan[] }>(`/plans${query({ periodKind: kind, periodStart })}`),
  });
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: () => get<{ items: z.infer<typeof Team>[] }>('/teams'),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['plans'] });
  const manage = can(me, 'plans:manage');

  const [metric, setMetric] = useState<string>('revenue');
  const [target, setTarget] = useState('');
  const [editing, setEditing] = useState<Plan | null>(null);
  const [splitting, setSplitting] = useState<Plan | null>(null);
  const [deriving, setDeriving] = useState(false);

  const show = (plan: Plan) =>
    isMoney(plan.metric) ? formatMoney(plan.target, plan.currency ?? 'RUB') : String(plan.target);
  const toTarget = (text: string, money: boolean) =>
    money ? parseHundredths(text) : /^\d+$/.test(text) ? Number(text) : null;

  const putCompany = async () => {
    const value = toTarget(target, isMoney(metric));
    if (value === null || !periodStart) return;
    try {
      await api('PUT', '/plans', { periodKind: kind, periodStart, scope: 'company', metric, target: value });
      setTarget('');
      await refresh();
    } catch (error) {
      notifyError(error);
    }
  };

  const items = plans.data?.items ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('plans.title')}</Title>
        <Group>
          <Select
            aria-label={t('plans.periodKind')}
            value={kind}
            onChange={(value) => value && setKind(value as PlanPeriodKind)}
            data={(['month', 'quarter', 'year'] as const).map((value) => ({
              value,
              label: t(`plans.kinds.${value}`),
            }))}
            w={130}
          />
          <TextInput
            type="month"
            aria-label={t('plans.period')}
            value={month}
            onChange={(e) => setMonth(e.currentTarget.value)}
          />
        </Group>
      </Group>
      {manage && (
        <Group align="end">
          <Select
            label={t('plans.metric')}
            value={metric}
            onChange={(value) => value && setMetric(value)}
            data={PLAN_METRICS.map((value) => ({ value, label: t(`plans.metrics.${value}`) }))}
            w={220}
          />
          <TextInput
            label={t('plans.target')}
            value={target}
            onChange={(e) => setTarget(e.currentTarget.value)}
            rightSection={isMoney(metric) ? '₽' : undefined}
            data-testid="company-target"
          />
          <Button
            onClick={putCompany}
            disabled={toTarget(target, isMoney(metric)) === null}
            data-testid="set-company"
          >
            {t('plans.setCompany')}
          </Button>
          <Button variant="default" onClick={() => setDeriving(true)} data-testid="derive">
            {t('plans.derive')}
          </Button>
        </Group>
      )}
      {items.length === 0 ? (
        <Text c="dimmed">{t('plans.empty')}</Text>
      ) : (
        <Table striped withTableBorder data-testid="plans">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('plans.scope')}</Table.Th>
              <Table.Th>{t('plans.holder')}</Table.Th>
              <Table.Th>{t('plans.metric')}</Table.Th>
              <Table.Th ta="right">{t('plans.target')}</Table.Th>
              <Table.Th>{t('plans.source')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((plan) => {
              const expression = (plan.formula as { expression?: string } | null)?.expression;
              return (
                <Table.Tr key={plan.id}>
                  <Table.Td>{t(`plans.scopes.${plan.scope}`)}</Table.Td>
                  <Table.Td>{plan.userName ?? plan.teamName ?? me.workspace.name}</Table.Td>
                  <Table.Td>{t(`plans.metrics.${plan.metric}`)}</Table.Td>
                  <Table.Td ta="right" fw={500}>
                    {show(plan)}
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={expression ?? ''} disabled={!expression} multiline w={360}>
                      <Badge variant="light" color={plan.source === 'manual' ? 'gray' : 'violet'}>
                        {t(`plans.sources.${plan.source}`)}
                      </Badge>
                    </Tooltip>
                    {expression && (
                      <Text size="xs" c="dimmed" data-testid="formula">
                        {expression}
                      </Text>
                    )}
                    {plan.reason && (
                      <Text size="xs" c="orange">
                        {t('plans.reasonShown', { reason: plan.reason })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {manage && (
                      <Group gap={4} wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          aria-label={t('plans.changeTitle')}
                          onClick={() => setEditing(plan)}
                        >
                          <IconPencil size={16} />
                        </ActionIcon>
                        {plan.scope !== 'person' && (
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('plans.split')}
                            onClick={() => setSplitting(plan)}
                          >
                            <IconArrowsSplit size={16} />
                          </ActionIcon>
                        )}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {editing && <ChangePlan plan={editing} onClose={() => setEditing(null)} onSaved={refresh} />}
      {splitting && (
        <SplitPlan
          plan={splitting}
          options={
            splitting.scope === 'company'
              ? (teams.data?.items ?? []).map((team) => ({ value: `team:${team.id}`, label: team.name }))
              : people.map((p) => ({ value: `user:${p.value}`, label: p.label }))
          }
          onClose={() => setSplitting(null)}
          onSaved={refresh}
        />
      )}
      {deriving && periodStart && (
        <DerivePlans
          periodKind={kind}
          periodStart={periodStart}
          teams={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))}
          onClose={() => setDeriving(false)}
          onSaved={refresh}
        />
      )}
    </Stack>
  );
}

function ChangePlan({ plan, onClose, onSaved }: { plan: Plan; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const money = isMoney(plan.metric);
  const [value, setValue] = useState(money ? formatHundredths(plan.target) : String(plan.target));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = async () => {
    const target = money ? parseHundredths(value) : /^\d+$/.test(value) ? Number(value) : null;
    if (target === null) return setErrors({ target: '?' });
    try {
      await patch(`/plans/${plan.id}`, { version: plan.version, target, ...(reason ? { reason } : {}) });
      onSaved();
      onClose();
    } catch (error) {
      const fields = (error as { fields?: { field: string; message: string }[] }).fields ?? [];
      if (fields.length) setErrors(Object.fromEntries(fields.map((f) => [f.field, f.message])));
      else notifyError(error);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('plans.changeTitle')}>
      <Stack>
        {(plan.formula as { expression?: string } | null)?.expression && (
          <Alert color="violet">{(plan.formula as { expression: string }).expression}</Alert>
        )}
        <TextInput
          label={t('plans.target')}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={errors.target}
        />
        <TextInput
          label={t('plans.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
          required={plan.source !== 'manual'}
          data-testid="plan-reason"
        />
        <Button onClick={save} data-testid="plan-save">
          {t('app.save')}
        </Button>
      </Stack>
    </Modal>
  );
}

function SplitPlan({
  plan,
  options,
  onClose,
  onSaved,
}: {
  plan: Plan;
  options: { value: string; label: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [shares, setShares] = useState<Record<string, string>>({});
  const total = Object.values(shares).reduce((sum, text) => sum + (parseHundredths(text) ?? 0), 0);
  const save = async () => {
    const body = Object.entries(shares)
      .filter(([, text]) => parseHundredths(text))
      .map(([key, text]) => {
        const [kind, id] = key.split(':') as [string, string];
        return { [kind === 'team' ? 'teamId' : 'userId']: id, shareBp: parseHundredths(text)! };
      });
    try {
      await post(`/plans/${plan.id}/split`, { shares: body });
      onSaved();
      onClose();
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('plans.splitTitle')}>
      <Stack gap="xs">
        {options.map((option) => (
          <Group key={option.value} justify="space-between">
            <Text size="sm">{option.label}</Text>
            <TextInput
              w={100}
              aria-label={`${option.label} ${t('plans.share')}`}
              value={shares[option.value] ?? ''}
              onChange={(e) => {
                const text = e.currentTarget.value;
                setShares((current) => ({ ...current, [option.value]: text }));
              }}
              rightSection="%"
            />
          </Group>
        ))}
        <Text size="sm" c={total > 10_000 ? 'red' : 'dimmed'}>
          {t('plans.sharesTotal', { total: formatHundredths(total) })}
        </Text>
        <Button onClick={save} disabled={total === 0 || total > 10_000}>
          {t('plans.split')}
        </Button>
      </Stack>
    </Modal>
  );
}

function DerivePlans({
  periodKind,
  periodStart,
  teams,
  onClose,
  onSaved,
}: {
  periodKind: PlanPeriodKind;
  periodStart: string;
  teams: { value: string; label: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [teamId, setTeamId] = useState<string | null>(null);
  const [months, setMonths] = useState<number>(6);
  const [minLeads, setMinLeads] = useState<number>(10);
  const [rows, setRows] = useState<DerivedRow[] | null>(null);
  const body = {
    periodKind,
    periodStart,
    metric: 'contracts',
    months,
    minLeads,
    ...(teamId ? { teamId } : {}),
  };
  const preview = async () => {
    try {
      setRows((await post<{ items: DerivedRow[] }>('/plans/derive/preview', body)).items);
    } catch (error) {
      notifyError(error);
    }
  };
  const apply = async () => {
    try {
      await post('/plans/derive/apply', body);
      onSaved();
      onClose();
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('plans.derive')} size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('plans.deriveHelp')}
        </Text>
        <Group align="end">
          <Select
            label={t('plans.scopes.team')}
            data={teams}
            value={teamId}
            onChange={setTeamId}
            clearable
            w={200}
          />
          <NumberInput
            label={t('plans.months')}
            value={months}
            onChange={(v) => setMonths(Number(v) || 6)}
            min={1}
            max={36}
            w={140}
          />
          <NumberInput
            label={t('plans.minLeads')}
            value={minLeads}
            onChange={(v) => setMinLeads(Number(v) || 10)}
            min={1}
            w={220}
          />
          <Button variant="default" onClick={preview} data-testid="derive-preview">
            {t('plans.preview')}
          </Button>
        </Group>
        {rows && (
          <>
            <Table withTableBorder data-testid="derive-rows">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('plans.holder')}</Table.Th>
                  <Table.Th ta="right">{t('plans.current')}</Table.Th>
                  <Table.Th ta="right">{t('plans.derived')}</Table.Th>
                  <Table.Th>{t('plans.formula')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.userId}>
                    <Table.Td>{row.userName}</Table.Td>
                    <Table.Td ta="right">{row.current ?? '—'}</Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {row.target}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{row.formula.expression}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Button onClick={apply} data-testid="derive-apply">
              {t('plans.apply')}
            </Button>
          </>
        )}
      </Stack>
    </Modal>
  );
}
