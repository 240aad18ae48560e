import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Stepper,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ClientRequest, REQUEST_SOURCES } from '../../contract/account.ts';
import { ApiError, api, get, post } from '../api/client.ts';
import { FormFooter } from '../app/FormFooter.tsx';
import { formatDateTime, formatMoney } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { useCompanyContacts } from './Meetings.tsx';

const STEPS = ['received', 'specified', 'estimated', 'approved', 'in_work', 'delivered', 'accepted'] as const;
type Action = 'specify' | 'estimate' | 'approve' | 'start' | 'deliver' | 'accept' | 'rework' | 'cancel';

/** What the next button does for a request in each status. */
const NEXT: Record<string, Action[]> = {
  received: ['specify', 'start'],
  specified: ['estimate', 'specify', 'start'],
  estimated: ['approve', 'specify', 'start'],
  approved: ['start'],
  in_work: ['deliver'],
  delivered: ['accept', 'rework'],
};
const FINISHED = ['accepted', 'cancelled'];

/**
 * The client's requests: the backlog in the order agreed with the client (arrows to reorder),
 * each with its steps — specification, estimate, approval, work, delivery, acceptance.
 */
export function RequestsBacklog({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [acting, setActing] = useState<{ request: ClientRequest; action: Action } | null>(null);
  const requests = useQuery({
    queryKey: ['requests', companyId],
    queryFn: () => get<{ items: ClientRequest[] }>(`/companies/${companyId}/requests`),
  });
  const items = requests.data?.items ?? [];
  const open = items.filter((r) => !FINISHED.includes(r.status));
  const done = items.filter((r) => FINISHED.includes(r.status));

  const move = async (index: number, by: -1 | 1) => {
    const order = open.map((r) => r.id);
    const [moved] = order.splice(index, 1);
    order.splice(index + by, 0, moved!);
    try {
      const result = await api<{ items: ClientRequest[] }>('PUT', `/companies/${companyId}/requests/order`, {
        order,
      });
      client.setQueryData(['requests', companyId], result);
    } catch (error) {
      notifyError(error);
    }
  };
  const quick = async (request: ClientRequest, action: Action) => {
    try {
      await post(`/requests/${request.id}/actions`, { action, version: request.version });
      void client.invalidateQueries({ queryKey: ['requests', companyId] });
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Card withBorder aria-label={t('account.requests')}>
      <Group justify="space-between" mb="xs">
        <Title order={5}>{t('account.requests')}</Title>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
          {t('account.newRequest')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        {t('account.backlogHint')}
      </Text>
      <Stack gap="md">
        {items.length === 0 && <Text c="dimmed">{t('app.nothing')}</Text>}
        {[...open, ...done].map((request) => {
          const index = open.indexOf(request);
          const step = STEPS.indexOf(request.status as (typeof STEPS)[number]);
          return (
            <Stack key={request.id} gap={6} data-testid="request">
              <Group justify="space-between" wrap="nowrap">
                <Group gap="xs" wrap="nowrap">
                  {index >= 0 && (
                    <Stack gap={0}>
                      <ActionIcon
                        size="xs"
                        variant="subtle"
                        disabled={index === 0}
                        onClick={() => void move(index, -1)}
                        aria-label={`${t('account.moveUp')}: ${request.title}`}
                      >
                        <IconArrowUp size={12} />
                      </ActionIcon>
                      <ActionIcon
                        size="xs"
                        variant="subtle"
                        disabled={index === open.length - 1}
                        onClick={() => void move(index, 1)}
                        aria-label={`${t('account.moveDown')}: ${request.title}`}
                      >
                        <IconArrowDown size={12} />
                      </ActionIcon>
                    </Stack>
                  )}
                  <Text fw={600}>{request.title}</Text>
                  <Badge variant="light" color={request.status === 'cancelled' ? 'gray' : undefined}>
                    {t(`account.statuses.${request.status}`)}
                  </Badge>
                </Group>
                {request.estimateCostMinor !== null && (
                  <Text size="sm" c="dimmed">
                    {t('account.hoursShort', { count: request.estimateHours ?? 0 })} ·{' '}
                    {formatMoney(request.estimateCostMinor, request.currency)}
                  </Text>
                )}
              </Group>
              {request.status !== 'cancelled' && (
                <Stepper active={step} size="xs" iconSize={18}>
                  {STEPS.map((s) => (
                    <Stepper.Step key={s} label={t(`account.statuses.${s}`)} />
                  ))}
                </Stepper>
              )}
              {request.approvedAt && (
                <Text size="xs" c="dimmed">
                  {t('account.approvedInfo', {
                    name: request.approvedByName,
                    date: formatDateTime(request.approvedAt),
                  })}
                </Text>
              )}
              {request.overrideReason && (
                <Text size="xs" c="orange">
                  {t('account.overrideInfo', { reason: request.overrideReason })}
                </Text>
              )}
              {!FINISHED.includes(request.status) && (
                <Group gap="xs">
                  {(NEXT[request.status] ?? []).map((action) => {
                    const anyway = action === 'start' && request.status !== 'approved';
                    const simple =
                      ['deliver', 'accept', 'rework'].includes(action) || (action === 'start' && !anyway);
                    return (
                      <Button
                        key={action}
                        size="xs"
                        variant={anyway ? 'subtle' : 'light'}
                        color={anyway ? 'orange' : undefined}
                        onClick={() =>
                          simple ? void quick(request, action) : setActing({ request, action })
                        }
                      >
                        {anyway ? t('account.actions.startAnyway') : t(`account.actions.${action}`)}
                      </Button>
                    );
                  })}
                  {request.status !== 'delivered' && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="gray"
                      onClick={() => void quick(request, 'cancel')}
                    >
                      {t('account.actions.cancel')}
                    </Button>
                  )}
                </Group>
              )}
            </Stack>
          );
        })}
      </Stack>
      <NewRequestDialog companyId={companyId} opened={creating} onClose={() => setCreating(false)} />
      {acting && (
        <RequestActionDialog
          companyId={companyId}
          request={acting.request}
          action={acting.action}
          onClose={() => setActing(null)}
        />
      )}
    </Card>
  );
}

function NewRequestDialog({
  companyId,
  opened,
  onClose,
}: {
  companyId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [source, setSource] = useState<string>('text');
  const [originalText, setOriginalText] = useState('');
  const [attachmentName, setAttachmentName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    try {
      await post(`/companies/${companyId}/requests`, {
        title,
        source,
        originalText,
        ...(attachmentName ? { attachmentName } : {}),
      });
      void client.invalidateQueries({ queryKey: ['requests', companyId] });
      setTitle('');
      setOriginalText('');
      setAttachmentName('');
      setErrors({});
      onClose();
    } catch (e) {
      if (e instanceof ApiError) setErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.message])));
      else notifyError(e);
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('account.newRequest')}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <TextInput
            label={t('account.requestTitle')}
            required
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={errors.title}
          />
          <Select
            label={t('account.requestSource')}
            data={REQUEST_SOURCES.map((value) => ({ value, label: t(`account.sources.${value}`) }))}
            value={source}
            onChange={(value) => setSource(value ?? 'text')}
          />
          <Textarea
            label={t('account.originalText')}
            autosize
            minRows={3}
            value={originalText}
            onChange={(e) => setOriginalText(e.currentTarget.value)}
          />
          {source === 'attachment' && (
            <TextInput
              label={t('account.attachmentName')}
              value={attachmentName}
              onChange={(e) => setAttachmentName(e.currentTarget.value)}
            />
          )}
          <FormFooter error={null} onCancel={onClose} submitLabel={t('app.create')} submitting={submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

function RequestActionDialog({
  companyId,
  request,
  action,
  onClose,
}: {
  companyId: string;
  request: ClientRequest;
  action: Action;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const contacts = useCompanyContacts(companyId);
  const [specification, setSpecification] = useState(request.specification || request.originalText);
  const [hours, setHours] = useState<number | string>(request.estimateHours ?? '');
  const [cost, setCost] = useState<number | string>(
    request.estimateCostMinor === null ? '' : request.estimateCostMinor / 100,
  );
  const [contactId, setContactId] = useState<string | null>(null);
  const [approvedByName, setApprovedByName] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const anyway = action === 'start' && request.status !== 'approved';

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    const body: Record<string, unknown> = { action, version: request.version };
    if (action === 'specify') body.specification = specification;
    if (action === 'estimate') {
      if (hours !== '') body.hours = Number(hours);
      if (cost !== '') body.costMinor = Math.round(Number(cost) * 100);
    }
    if (action === 'approve') {
      if (contactId) body.approvedByContactId = contactId;
      if (approvedByName) body.approvedByName = approvedByName;
    }
    if (anyway) body.overrideReason = overrideReason;
    try {
      await post(`/requests/${request.id}/actions`, body);
      void client.invalidateQueries({ queryKey: ['requests', companyId] });
      onClose();
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.message])));
        setError(e.fields.length === 0 ? e.detail : null);
      } else setError(String(e));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={`${anyway ? t('account.actions.startAnyway') : t(`account.actions.${action}`)}: ${request.title}`}
    >
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          {action === 'specify' && (
            <Textarea
              label={t('account.specification')}
              autosize
              minRows={5}
              value={specification}
              onChange={(e) => setSpecification(e.currentTarget.value)}
              error={errors.specification}
            />
          )}
          {action === 'estimate' && (
            <Group grow>
              <NumberInput
                label={t('account.hours')}
                min={0}
                decimalScale={2}
                value={hours}
                onChange={setHours}
                error={errors.hours}
              />
              <NumberInput
                label={`${t('account.cost')}, ${request.currency}`}
                min={0}
                decimalScale={2}
                thousandSeparator=" "
                value={cost}
                onChange={setCost}
                error={errors.costMinor}
              />
            </Group>
          )}
          {action === 'approve' && (
            <>
              <Select
                label={t('account.approvedByContact')}
                data={(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                value={contactId}
                onChange={setContactId}
                clearable
                error={errors.approvedByContactId}
              />
              <TextInput
                label={t('account.approvedBy')}
                value={approvedByName}
                onChange={(e) => setApprovedByName(e.currentTarget.value)}
                error={errors.approvedByName}
              />
            </>
          )}
          {anyway && (
            <>
              <Text size="sm" c="orange">
                {t('account.notApprovedYet')}
              </Text>
              <Textarea
                label={t('account.overrideReason')}
                required
                value={overrideReason}
                onChange={(e) => setOverrideReason(e.currentTarget.value)}
                error={errors.overrideReason}
              />
            </>
          )}
          <FormFooter
            error={error ?? errors.action ?? null}
            onCancel={onClose}
            submitLabel={t('app.save')}
            submitting={submitting}
          />
        </Stack>
      </form>
    </Modal>
  );
}
