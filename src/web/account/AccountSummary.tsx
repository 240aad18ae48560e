import { Badge, Button, Card, Group, NumberInput, Progress, Stack, Text, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientAccount } from '../../contract/account.ts';
import { get, patch } from '../api/client.ts';
import { DatesLocale } from '../app/DatesLocale.tsx';
import { formatDateTime, formatDay } from '../app/format.ts';
import { notifyError, notifySaved } from '../app/notify.tsx';

export const HEALTH_COLOR = { good: 'green', watch: 'yellow', at_risk: 'red' } as const;

export function useClientAccount(companyId: string) {
  return useQuery({
    queryKey: ['account', companyId],
    queryFn: () => get<ClientAccount>(`/companies/${companyId}/account`),
  });
}

/** "overdue by 3 d." when the client is past its next contact date. */
export function NextContactBadge({ account }: { account: ClientAccount }) {
  const { t } = useTranslation();
  if (account.overdueDays > 0)
    return (
      <Badge color="red" variant="light">
        {t('account.overdueBy', { count: account.overdueDays })}
      </Badge>
    );
  return null;
}

/** Next contact and cadence (with the client's own override), health with its reasons. */
export function AccountSummary({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const account = useClientAccount(companyId);
  const [cadence, setCadence] = useState<number | string>('');
  const [next, setNext] = useState<string | null>(null);
  if (!account.data) return null;
  const data = account.data;
  const save = async (body: Record<string, unknown>) => {
    try {
      const saved = await patch<ClientAccount>(`/companies/${companyId}/account`, {
        ...body,
        version: data.version,
      });
      client.setQueryData(['account', companyId], saved);
      void client.invalidateQueries({ queryKey: ['my-clients'] });
      setCadence('');
      setNext(null);
      notifySaved();
    } catch (error) {
      notifyError(error, () => void client.invalidateQueries({ queryKey: ['account', companyId] }));
    }
  };
  return (
    <Group align="stretch" grow>
      <Card withBorder aria-label={t('account.nextContact')}>
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={5}>{t('account.nextContact')}</Title>
            <NextContactBadge account={data} />
          </Group>
          <Text size="xl" fw={600} data-testid="next-contact">
            {formatDay(data.nextContactOn)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('account.lastContact')}:{' '}
            {data.lastContactAt ? formatDateTime(data.lastContactAt) : t('account.never')}
          </Text>
          <Text size="sm">
            {data.cadenceDays === null
              ? t('account.cadenceWorkspace', { days: data.effectiveCadenceDays })
              : `${t('account.cadenceOwn')}: ${data.cadenceDays}`}
          </Text>
          <Group align="flex-end" gap="xs">
            <NumberInput
              label={t('account.cadence')}
              size="xs"
              w={130}
              min={1}
              max={365}
              value={cadence}
              onChange={setCadence}
              placeholder={String(data.effectiveCadenceDays)}
            />
            <Button
              size="xs"
              variant="light"
              disabled={cadence === ''}
              onClick={() => void save({ cadenceDays: Number(cadence) })}
            >
              {t('app.save')}
            </Button>
            {data.cadenceDays !== null && (
              <Button size="xs" variant="subtle" onClick={() => void save({ cadenceDays: null })}>
                {t('account.cadenceWorkspace', { days: '…' })}
              </Button>
            )}
          </Group>
          <Group align="flex-end" gap="xs">
            <DatesLocale>
              <DateInput
                label={t('account.moveNextContact')}
                size="xs"
                w={170}
                value={next}
                onChange={setNext}
                minDate={new Date()}
                valueFormat="DD.MM.YYYY"
              />
            </DatesLocale>
            <Button
              size="xs"
              variant="light"
              disabled={!next}
              onClick={() => void save({ nextContactOn: next })}
            >
              {t('app.save')}
            </Button>
          </Group>
        </Stack>
      </Card>
      <Card withBorder aria-label={t('account.health')}>
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={5}>{t('account.health')}</Title>
            <Badge color={HEALTH_COLOR[data.health.level]}>
              {t(`account.healthLevel.${data.health.level}`)}
            </Badge>
          </Group>
          <Group gap="xs" align="baseline">
            <Text size="xl" fw={600} data-testid="health-score">
              {data.health.score}
            </Text>
            <Text c="dimmed">/ 100</Text>
          </Group>
          <Progress value={data.health.score} color={HEALTH_COLOR[data.health.level]} />
          {data.health.reasons.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('account.noReasons')}
            </Text>
          )}
          {data.health.reasons.map((reason) => (
            <Group key={reason.code} justify="space-between" gap="xs">
              <Text size="sm">{t(`account.reasons.${reason.code}`, { value: reason.value })}</Text>
              <Text size="sm" c="red">
                −{reason.points}
              </Text>
            </Group>
          ))}
          {(data.churnRiskAt || data.churned) && (
            <Group gap="xs">
              {data.churnRiskAt && (
                <Badge color="orange" title={data.churnRiskReason ?? ''}>
                  {t('account.churnRisk')}
                </Badge>
              )}
              {data.churned && <Badge color="red">{t('account.churned')}</Badge>}
            </Group>
          )}
          <Text size="sm" c="dimmed">
            {t('account.lastPurchase')}: {formatDateTime(data.lastPurchaseAt)}
          </Text>
        </Stack>
      </Card>
    </Group>
  );
}
