import {
  ActionIcon,
  Badge,
  Button,
  Divider,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoefficientTier, Scheme, SchemeRule } from '../../contract/motivation.ts';
import { PLAN_METRICS } from '../../contract/plans.ts';
import { ApiError, get, patch, post } from '../api/client.ts';
import { formatDay } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';
import { can, type Me, useMe } from '../auth/me.ts';
import { formatHundredths, parseHundredths, thisMonth } from './units.ts';

const ROLES = ['sdr', 'sales', 'bizdev', 'am', 'pm', 'team_lead', 'head', 'finance', 'admin'];

/** A rule as typed: amounts and rates are text until saved. */
interface RuleDraft {
  id: string;
  type: SchemeRule['type'];
  revenueKind: 'new_sale' | 'recurring' | 'upsell';
  event: 'deal_won' | 'qualified_lead';
  creditTo: string;
  rate: string;
  amount: string;
  cap: string;
}

function toDraft(rule: SchemeRule): RuleDraft {
  return {
    id: rule.id,
    type: rule.type,
    revenueKind: rule.type === 'percent_of_revenue' ? rule.revenueKind : 'new_sale',
    event: rule.type === 'fixed_per_event' ? rule.event : 'deal_won',
    creditTo: rule.type === 'percent_of_revenue' ? (rule.creditTo ?? '') : '',
    rate: rule.type === 'percent_of_revenue' ? formatHundredths(rule.rateBp) : '',
    amount: rule.type !== 'percent_of_revenue' ? formatHundredths(rule.amountMinor) : '',
    cap: rule.type !== 'base_salary' ? formatHundredths(rule.capMinor ?? null) : '',
  };
}

function fromDraft(draft: RuleDraft): SchemeRule {
  const cap = draft.cap ? parseHundredths(draft.cap) : null;
  if (draft.type === 'base_salary')
    return { id: draft.id, type: 'base_salary', amountMinor: parseHundredths(draft.amount) ?? -1 };
  if (draft.type === 'fixed_per_event')
    return {
      id: draft.id,
      type: 'fixed_per_event',
      event: draft.event,
      amountMinor: parseHundredths(draft.amount) ?? -1,
      capMinor: cap,
    };
  return {
    id: draft.id,
    type: 'percent_of_revenue',
    revenueKind: draft.revenueKind,
    rateBp: parseHundredths(draft.rate) ?? -1,
    ...(draft.creditTo ? { creditTo: draft.creditTo as 'deal_owner' } : {}),
    capMinor: cap,
  };
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Motivation schemes: the list and the editor of rules, coefficients, caps, assignment, validity. */
export function Schemes() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const { nameOf } = usePeople();
  const schemes = useQuery({
    queryKey: ['schemes'],
    queryFn: () => get<{ items: Scheme[] }>('/motivation/schemes'),
  });
  const [editing, setEditing] = useState<Scheme | 'new' | null>(null);
  const manage = can(me, 'motivation:manage');
  const describe = (rule: SchemeRule) =>
    rule.type === 'base_salary'
      ? `${t('motivation.ruleTypes.base_salary')} ${formatHundredths(rule.amountMinor)}`
      : rule.type === 'percent_of_revenue'
        ? `${formatHundredths(rule.rateBp)} % ${t(`motivation.revenueKinds.${rule.revenueKind}`)}`
        : `${formatHundredths(rule.amountMinor)} ${t(`motivation.events.${rule.event}`)}`;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('motivation.schemes')}</Title>
        {manage && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing('new')}
            data-testid="new-scheme"
          >
            {t('motivation.newScheme')}
          </Button>
        )}
      </Group>
      <Table striped highlightOnHover withTableBorder data-testid="schemes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('motivation.name')}</Table.Th>
            <Table.Th>{t('motivation.validFrom')}</Table.Th>
            <Table.Th>{t('motivation.validTo')}</Table.Th>
            <Table.Th>{t('motivation.rules')}</Table.Th>
            <Table.Th>{t('motivation.assignedRoles')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(schemes.data?.items ?? []).map((scheme) => (
            <Table.Tr
              key={scheme.id}
              style={{ cursor: manage ? 'pointer' : undefined }}
              onClick={() => manage && setEditing(scheme)}
            >
              <Table.Td>{scheme.name}</Table.Td>
              <Table.Td>{formatDay(scheme.validFrom)}</Table.Td>
              <Table.Td>{scheme.validTo ? formatDay(scheme.validTo) : t('motivation.open')}</Table.Td>
              <Table.Td>
                <Text size="sm">{scheme.rules.map(describe).join('; ')}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {scheme.assignedRoles.map((role) => (
                    <Badge key={role} variant="light">
                      {t(`role.${role}`)}
                    </Badge>
                  ))}
                  {scheme.assignedUserIds.map((id) => (
                    <Badge key={id} variant="outline">
                      {nameOf(id)}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {editing && (
        <SchemeEditor
          scheme={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => client.invalidateQueries({ queryKey: ['schemes'] })}
        />
      )}
    </Stack>
  );
}

function SchemeEditor({
  scheme,
  onClose,
  onSaved,
}: {
  scheme: Scheme | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { options: people } = usePeople();
  const [name, setName] = useState(scheme?.name ?? '');
  const [currency, setCurrency] = useState(scheme?.currency ?? 'RUB');
  const [validFrom, setValidFrom] = useState(scheme?.validFrom.slice(0, 7) ?? thisMonth());
  const [validTo, setValidTo] = useState(scheme?.validTo?.slice(0, 7) ?? '');
  const [versionFrom, setVersionFrom] = useState('');
  const [rules, setRules] = useState<RuleDraft[]>(
    scheme?.rules.map(toDraft) ?? [
      {
        id: 'base',
        type: 'base_salary',
        revenueKind: 'new_sale',
        event: 'deal_won',
        creditTo: '',
        rate: '',
        amount: '',
        cap: '',
      },
    ],
  );
  const [tiers, setTiers] = useState<{ from: string; coefficient: string }[]>(
    scheme?.coefficients.map((c) => ({
      from: formatHundredths(c.fromBp),
      coefficient: formatHundredths(c.coefficientBp),
    })) ?? [],
  );
  const [planMetric, setPlanMetric] = useState<string | null>(scheme?.planMetric ?? null);
  const [bonusCap, setBonusCap] = useState(formatHundredths(scheme?.bonusCapMinor ?? null));
  const [roles, setRoles] = useState<string[]>(scheme?.assignedRoles ?? []);
  const [userIds, setUserIds] = useState<string[]>(scheme?.assignedUserIds ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const update = (index: number, change: Partial<RuleDraft>) =>
    setRules((current) => current.map((rule, i) => (i === index ? { ...rule, ...change } : rule)));
  const coefficients = (): CoefficientTier[] =>
    tiers.map((tier) => ({
      fromBp: parseHundredths(tier.from) ?? -1,
      coefficientBp: parseHundredths(tier.coefficient) ?? -1,
    }));
  const ruleBody = () => ({
    rules: rules.map(fromDraft),
    coefficients: coefficients(),
    planMetric,
    bonusCapMinor: bonusCap ? parseHundredths(bonusCap) : null,
  });

  const handle = (error: unknown) => {
    if (error instanceof ApiError && error.fields.length) {
      setErrors(Object.fromEntries(error.fields.map((f) => [f.field, f.message])));
    } else notifyError(error);
  };
  const save = async () => {
    setErrors({});
    try {
      if (!scheme) {
        await post('/motivation/schemes', {
          name,
          currency,
          validFrom: `${validFrom}-01`,
          validTo: validTo ? lastDayOf(validTo) : null,
          ...ruleBody(),
          assignedRoles: roles,
          assignedUserIds: userIds,
        });
      } else {
        await patch(`/motivation/schemes/${scheme.id}`, {
          version: scheme.version,
          name,
          validTo: validTo ? lastDayOf(validTo) : null,
          assignedRoles: roles,
          assignedUserIds: userIds,
          ...ruleBody(),
        });
      }
      onSaved();
      onClose();
    } catch (error) {
      handle(error);
    }
  };
  const newVersion = async () => {
    if (!scheme || !versionFrom) return;
    try {
      await post(`/motivation/schemes/${scheme.id}/versions`, {
        version: scheme.version,
        validFrom: `${versionFrom}-01`,
        ...ruleBody(),
      });
      onSaved();
      onClose();
    } catch (error) {
      handle(error);
    }
  };
  const fieldError = (prefix: string) =>
    Object.entries(errors)
      .filter(([field]) => field.startsWith(prefix))
      .map(([, message]) => message)
      .join('; ') || undefined;

  return (
    <Modal opened onClose={onClose} title={scheme ? scheme.name : t('motivation.newScheme')} size="80rem">
      <Stack>
        <Group grow align="start">
          <TextInput
            label={t('motivation.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            data-testid="scheme-name"
          />
          <TextInput
            label={t('motivation.currency')}
            value={currency}
            disabled={!!scheme}
            onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
            error={errors.currency}
          />
          <TextInput
            type="month"
            label={t('motivation.validFrom')}
            value={validFrom}
            disabled={!!scheme}
            onChange={(e) => setValidFrom(e.currentTarget.value)}
            error={errors.validFrom}
          />
          <TextInput
            type="month"
            label={t('motivation.validTo')}
            value={validTo}
            onChange={(e) => setValidTo(e.currentTarget.value)}
            error={errors.validTo}
          />
        </Group>
        <Divider label={t('motivation.rules')} />
        {rules.map((rule, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; ids may be typed over
          <Group key={index} align="end" wrap="nowrap" data-testid="rule-row">
            <TextInput
              label="ID"
              w={90}
              value={rule.id}
              onChange={(e) => update(index, { id: e.currentTarget.value })}
            />
            <Select
              label={
                t('motivation.ruleTypes.percent_of_revenue').replace('%', '').trim() ? undefined : undefined
              }
              aria-label="type"
              w={170}
              value={rule.type}
              onChange={(value) => value && update(index, { type: value as RuleDraft['type'] })}
              data={(['base_salary', 'percent_of_revenue', 'fixed_per_event'] as const).map((value) => ({
                value,
                label: t(`motivation.ruleTypes.${value}`),
              }))}
            />
            {rule.type === 'percent_of_revenue' && (
              <>
                <TextInput
                  label={t('motivation.rate')}
                  w={90}
                  value={rule.rate}
                  onChange={(e) => update(index, { rate: e.currentTarget.value })}
                  data-testid="rule-rate"
                />
                <Select
                  aria-label="revenue kind"
                  w={200}
                  value={rule.revenueKind}
                  onChange={(value) =>
                    value && update(index, { revenueKind: value as RuleDraft['revenueKind'] })
                  }
                  data={(['new_sale', 'recurring', 'upsell'] as const).map((value) => ({
                    value,
                    label: t(`motivation.revenueKinds.${value}`),
                  }))}
                />
                <Select
                  label={t('motivation.creditToLabel')}
                  placeholder={t('motivation.creditToDefault')}
                  w={200}
                  clearable
                  value={rule.creditTo || null}
                  onChange={(value) => update(index, { creditTo: value ?? '' })}
                  data={(['deal_owner', 'account_manager', 'deal_owner_else_am'] as const).map((value) => ({
                    value,
                    label: t(`motivation.creditTo.${value}`),
                  }))}
                />
              </>
            )}
            {rule.type === 'fixed_per_event' && (
              <Select
                aria-label="event"
                w={200}
                value={rule.event}
                onChange={(value) => value && update(index, { event: value as RuleDraft['event'] })}
                data={(['deal_won', 'qualified_lead'] as const).map((value) => ({
                  value,
                  label: t(`motivation.events.${value}`),
                }))}
              />
            )}
            {rule.type !== 'percent_of_revenue' && (
              <TextInput
                label={t('motivation.amount')}
                w={130}
                value={rule.amount}
                onChange={(e) => update(index, { amount: e.currentTarget.value })}
              />
            )}
            {rule.type !== 'base_salary' && (
              <TextInput
                label={t('motivation.cap')}
                placeholder={t('motivation.noCap')}
                w={130}
                value={rule.cap}
                onChange={(e) => update(index, { cap: e.currentTarget.value })}
              />
            )}
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('app.delete')}
              onClick={() => setRules((c) => c.filter((_, i) => i !== index))}
            >
              <IconTrash size={16} />
            </ActionIcon>
            {fieldError(`rules.${index}`) && (
              <Text c="red" size="xs">
                {fieldError(`rules.${index}`)}
              </Text>
            )}
          </Group>
        ))}
        <Group>
          <Button
            variant="default"
            size="xs"
            onClick={() =>
              setRules((c) => [
                ...c,
                {
                  id: `r${c.length + 1}`,
                  type: 'percent_of_revenue',
                  revenueKind: 'new_sale',
                  event: 'deal_won',
                  creditTo: '',
                  rate: '',
                  amount: '',
                  cap: '',
                },
              ])
            }
            data-testid="add-rule"
          >
            {t('motivation.addRule')}
          </Button>
        </Group>
        <Divider label={t('motivation.coefficients')} />
        <Group align="end">
          <Select
            label={t('motivation.planMetric')}
            clearable
            value={planMetric}
            onChange={setPlanMetric}
            data={PLAN_METRICS.map((value) => ({ value, label: t(`plans.metrics.${value}`) }))}
            error={errors.planMetric}
            w={260}
          />
          <TextInput
            label={t('motivation.bonusCap')}
            placeholder={t('motivation.noCap')}
            value={bonusCap}
            onChange={(e) => setBonusCap(e.currentTarget.value)}
            w={180}
          />
        </Group>
        <Table withTableBorder w={420}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('motivation.fromAttainment')}</Table.Th>
              <Table.Th>{t('motivation.coefficient')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tiers.map((tier, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: tiers have no identity of their own
              <Table.Tr key={index}>
                <Table.Td>
                  <TextInput
                    size="xs"
                    value={tier.from}
                    onChange={(e) => {
                      const from = e.currentTarget.value;
                      setTiers((c) => c.map((x, i) => (i === index ? { ...x, from } : x)));
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    value={tier.coefficient}
                    onChange={(e) => {
                      const coefficient = e.currentTarget.value;
                      setTiers((c) => c.map((x, i) => (i === index ? { ...x, coefficient } : x)));
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('app.delete')}
                    onClick={() => setTiers((c) => c.filter((_, i) => i !== index))}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group>
          <Button
            variant="default"
            size="xs"
            onClick={() => setTiers((c) => [...c, { from: '', coefficient: '' }])}
          >
            {t('motivation.addTier')}
          </Button>
        </Group>
        <Divider />
        <Group grow align="start">
          <MultiSelect
            label={t('motivation.assignedRoles')}
            data={ROLES.map((value) => ({ value, label: t(`role.${value}`) }))}
            value={roles}
            onChange={setRoles}
            data-testid="scheme-roles"
          />
          <MultiSelect
            label={t('motivation.assignedPeople')}
            data={people}
            value={userIds}
            onChange={setUserIds}
            searchable
            error={fieldError('assignedUserIds')}
          />
        </Group>
        {Object.keys(errors).length > 0 && (
          <Text c="red" size="sm">
            {Object.entries(errors)
              .map(([field, message]) => `${field}: ${message}`)
              .join(' · ')}
          </Text>
        )}
        <Group justify="space-between">
          {scheme ? (
            <Group align="end">
              <TextInput
                type="month"
                label={t('motivation.versionFrom')}
                value={versionFrom}
                onChange={(e) => setVersionFrom(e.currentTarget.value)}
              />
              <Button variant="default" onClick={newVersion} disabled={!versionFrom}>
                {t('motivation.newVersion')}
              </Button>
            </Group>
          ) : (
            <span />
          )}
          <Button onClick={save} data-testid="scheme-save">
            {t('app.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
