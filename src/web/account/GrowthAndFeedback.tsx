import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FEEDBACK_KINDS,
  FEEDBACK_SEVERITIES,
  type Feedback,
  type GrowthDirection,
  SENTIMENTS,
} from '../../contract/account.ts';
import { ApiError, get, patch, post } from '../api/client.ts';
import { formatDateTime, formatMoney } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';

/** The growth plan: directions in which the client can grow; each can become an upsell deal. */
export function GrowthPlan({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [service, setService] = useState('');
  const [potential, setPotential] = useState<number | string>('');
  const [error, setError] = useState<string | undefined>();
  const growth = useQuery({
    queryKey: ['growth', companyId],
    queryFn: () => get<{ items: GrowthDirection[] }>(`/companies/${companyId}/growth`),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['growth', companyId] });
  const add = async () => {
    try {
      await post(`/companies/${companyId}/growth`, {
        service,
        ...(potential === '' ? {} : { potentialMinor: Math.round(Number(potential) * 100) }),
      });
      setService('');
      setPotential('');
      setError(undefined);
      refresh();
    } catch (e) {
      if (e instanceof ApiError && e.fields[0]) setError(e.fields[0].message);
      else notifyError(e);
    }
  };
  const upsell = async (direction: GrowthDirection) => {
    try {
      await post(`/growth/${direction.id}/upsell`, { version: direction.version });
      notifications.show({ color: 'green', message: t('account.upsellMade') });
      refresh();
      void client.invalidateQueries({ queryKey: ['deals'] });
    } catch (e) {
      notifyError(e);
    }
  };
  const setStatus = async (direction: GrowthDirection, status: string | null) => {
    if (!status) return;
    try {
      await patch(`/growth/${direction.id}`, { status, version: direction.version });
      refresh();
    } catch (e) {
      notifyError(e, refresh);
    }
  };
  return (
    <Card withBorder aria-label={t('account.growth')}>
      <Title order={5} mb="sm">
        {t('account.growth')}
      </Title>
      <Stack gap="sm">
        {growth.data?.items.map((direction) => (
          <Group key={direction.id} justify="space-between" wrap="nowrap">
            <Stack gap={0}>
              <Text fw={600}>{direction.service}</Text>
              {direction.potentialMinor > 0 && (
                <Text size="sm" c="dimmed">
                  {t('account.potential')}: {formatMoney(direction.potentialMinor, direction.currency)}
                </Text>
              )}
            </Stack>
            <Group gap="xs" wrap="nowrap">
              {direction.dealId ? (
                <>
                  <Badge color="green">{t('account.growthStatuses.deal')}</Badge>
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => void navigate({ to: '/deals', search: { deal: direction.dealId! } })}
                  >
                    {t('account.openDeal')}
                  </Button>
                </>
              ) : (
                <>
                  <Select
                    size="xs"
                    w={130}
                    aria-label={t('account.growth')}
                    data={(['idea', 'proposed', 'rejected'] as const).map((value) => ({
                      value,
                      label: t(`account.growthStatuses.${value}`),
                    }))}
                    value={direction.status}
                    onChange={(value) => void setStatus(direction, value)}
                  />
                  <Button size="xs" variant="light" onClick={() => void upsell(direction)}>
                    {t('account.makeUpsell')}
                  </Button>
                </>
              )}
            </Group>
          </Group>
        ))}
        <Group align="flex-end" gap="xs">
          <TextInput
            label={t('account.newDirection')}
            placeholder={t('account.service')}
            style={{ flex: 1 }}
            value={service}
            onChange={(e) => setService(e.currentTarget.value)}
            error={error}
          />
          <NumberInput
            label={t('account.potential')}
            w={150}
            min={0}
            thousandSeparator=" "
            value={potential}
            onChange={setPotential}
          />
          <Button onClick={() => void add()} disabled={!service.trim()}>
            {t('app.create')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Complaints, claims and reviews with severity; resolve each with what was done. */
export function FeedbackSection({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<string>('complaint');
  const [severity, setSeverity] = useState<string>('medium');
  const [sentiment, setSentiment] = useState<string | null>(null);
  const [body, setBody] = useState('');
  const [resolving, setResolving] = useState<string | null>(null);
  const [resolution, setResolution] = useState('');
  const feedback = useQuery({
    queryKey: ['feedback', companyId],
    queryFn: () => get<{ items: Feedback[] }>(`/companies/${companyId}/feedback`),
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['feedback', companyId] });
    void client.invalidateQueries({ queryKey: ['account', companyId] });
  };
  const add = async () => {
    try {
      await post(`/companies/${companyId}/feedback`, {
        kind,
        severity,
        body,
        ...(sentiment ? { sentiment } : {}),
      });
      setBody('');
      refresh();
    } catch (e) {
      notifyError(e);
    }
  };
  const resolve = async (item: Feedback) => {
    try {
      await post(`/feedback/${item.id}/resolve`, { resolution, version: item.version });
      setResolving(null);
      setResolution('');
      refresh();
    } catch (e) {
      notifyError(e, refresh);
    }
  };
  const severityColor = { low: 'gray', medium: 'blue', high: 'orange', critical: 'red' } as const;
  return (
    <Card withBorder aria-label={t('account.feedback')}>
      <Title order={5} mb="sm">
        {t('account.feedback')}
      </Title>
      <Stack gap="sm">
        {feedback.data?.items.map((item) => (
          <Stack key={item.id} gap={4}>
            <Group gap="xs">
              <Badge variant="light">{t(`account.kinds.${item.kind}`)}</Badge>
              <Badge color={severityColor[item.severity]}>{t(`account.severities.${item.severity}`)}</Badge>
              <Text size="xs" c="dimmed">
                {formatDateTime(item.receivedAt)}
              </Text>
              {item.status === 'resolved' && <Badge color="green">{t('account.resolved')}</Badge>}
            </Group>
            <Text size="sm">{item.body}</Text>
            {item.resolution && (
              <Text size="sm" c="dimmed">
                {t('account.resolution')}: {item.resolution}
              </Text>
            )}
            {item.status === 'open' &&
              (resolving === item.id ? (
                <Group align="flex-end" gap="xs">
                  <TextInput
                    label={t('account.resolution')}
                    style={{ flex: 1 }}
                    value={resolution}
                    onChange={(e) => setResolution(e.currentTarget.value)}
                  />
                  <Button size="xs" disabled={!resolution.trim()} onClick={() => void resolve(item)}>
                    {t('account.resolve')}
                  </Button>
                </Group>
              ) : (
                <Button size="xs" variant="subtle" w="fit-content" onClick={() => setResolving(item.id)}>
                  {t('account.resolve')}
                </Button>
              ))}
          </Stack>
        ))}
        <Group grow>
          <Select
            label={t('account.kind')}
            data={FEEDBACK_KINDS.map((value) => ({ value, label: t(`account.kinds.${value}`) }))}
            value={kind}
            onChange={(value) => setKind(value ?? 'complaint')}
          />
          <Select
            label={t('account.severity')}
            data={FEEDBACK_SEVERITIES.map((value) => ({ value, label: t(`account.severities.${value}`) }))}
            value={severity}
            onChange={(value) => setSeverity(value ?? 'medium')}
          />
          <Select
            label={t('account.sentiment')}
            data={SENTIMENTS.map((value) => ({ value, label: t(`account.sentiments.${value}`) }))}
            value={sentiment}
            onChange={setSentiment}
            clearable
          />
        </Group>
        <Textarea
          label={t('account.body')}
          autosize
          minRows={2}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {t('account.criticalEscalates')}
          </Text>
          <Button size="xs" onClick={() => void add()} disabled={!body.trim()}>
            {t('account.newFeedback')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
