import {
  Badge,
  Blockquote,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowRight, IconCheck, IconUserQuestion, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConvertLeadBody, type Lead, RejectLeadBody } from '../../contract/sales-flow.ts';
import { applyFieldErrors, post } from '../api/client.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { FormFooter } from '../app/FormFooter.tsx';
import { formatDateTime } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';
import { zodValidate } from '../app/zod-form.ts';
import { WhoGetsThis } from '../assignments/WhoGetsThis.tsx';
import { can, type Me, useMe } from '../auth/me.ts';
import { useLeads } from './use-leads.ts';

const STATUS_COLOR = { new: 'blue', accepted: 'teal', converted: 'green', rejected: 'gray' } as const;

/**
 * The tier-2 hand-off inbox (DOMAIN.md §2.3): leads handed to me — by tier 1 after a qualified call,
 * or a client's request — to accept, convert to a deal or turn down with a reason. Those who hand
 * out work also see the leads nobody has yet and decide who takes them.
 */
export function LeadInbox() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const assigns = can(me, 'crm:assign');
  const mine = useLeads('me');
  const unassigned = useLeads('unassigned', assigns);
  return (
    <Stack maw={1000}>
      <Title order={2}>{t('nav.leads')}</Title>
      <Tabs defaultValue="mine" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="mine" rightSection={<Badge size="sm">{mine.data?.length ?? 0}</Badge>}>
            {t('leads.mine')}
          </Tabs.Tab>
          {assigns && (
            <Tabs.Tab
              value="unassigned"
              rightSection={
                <Badge size="sm" color="orange">
                  {unassigned.data?.length ?? 0}
                </Badge>
              }
            >
              {t('leads.unassigned')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="mine" pt="md">
          <LeadCards leads={mine.data} empty={t('leads.emptyMine')} />
        </Tabs.Panel>
        {assigns && (
          <Tabs.Panel value="unassigned" pt="md">
            <LeadCards leads={unassigned.data} empty={t('leads.emptyUnassigned')} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

function LeadCards({ leads, empty }: { leads: Lead[] | undefined; empty: string }) {
  const { t } = useTranslation();
  if (!leads) return <Text c="dimmed">{t('app.loading')}</Text>;
  if (leads.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Stack>
      {leads.map((lead) => (
        <LeadCard key={lead.id} lead={lead} />
      ))}
    </Stack>
  );
}

function LeadCard({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const { nameOf } = usePeople();
  const [dialog, setDialog] = useState<'convert' | 'reject' | 'assign' | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['leads'] });
  const accept = useMutation({
    mutationFn: () => post<Lead>(`/leads/${lead.id}/accept`),
    onSuccess: refresh,
    onError: (error) => notifyError(error, refresh),
  });
  const assigns = can(me, 'crm:assign');
  return (
    <Card withBorder data-testid="lead-card">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={4}>
              <CompanyLink companyId={lead.companyId} inherit>
                {lead.companyName}
              </CompanyLink>
            </Title>
            <Badge color={STATUS_COLOR[lead.status]} variant="light">
              {t(`leads.statuses.${lead.status}`)}
            </Badge>
            <Badge color="gray" variant="outline">
              {t(`leads.origins.${lead.origin}`)}
            </Badge>
            {lead.coveringForId && (
              <Badge color="orange" variant="light">
                {t('task.coveringFor', { name: nameOf(lead.coveringForId) })}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {[
              lead.handedOverByName && t('leads.handedOverBy', { name: lead.handedOverByName }),
              lead.contactName && t('leads.contact', { name: lead.contactName }),
              formatDateTime(lead.createdAt),
              lead.assigneeId &&
                lead.assigneeId !== me.id &&
                t('leads.assignee', { name: nameOf(lead.assigneeId) }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Stack>
        <Group gap="xs">
          {lead.assigneeId === null && assigns && (
            <Button
              variant="light"
              color="orange"
              leftSection={<IconUserQuestion size={16} />}
              onClick={() => setDialog('assign')}
            >
              {t('assign.button')}
            </Button>
          )}
          {lead.status === 'new' && (
            <Button
              variant="light"
              leftSection={<IconCheck size={16} />}
              loading={accept.isPending}
              onClick={() => accept.mutate()}
            >
              {t('leads.accept')}
            </Button>
          )}
          <Button leftSection={<IconArrowRight size={16} />} onClick={() => setDialog('convert')}>
            {t('leads.convert')}
          </Button>
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconX size={16} />}
            onClick={() => setDialog('reject')}
          >
            {t('leads.reject')}
          </Button>
        </Group>
      </Group>
      <Blockquote mt="sm" p="sm" color="indigo" data-testid="handoff-note">
        <Text size="xs" c="dimmed" mb={4}>
          {t('leads.note')}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {lead.note}
        </Text>
      </Blockquote>
      <ConvertLeadModal lead={lead} opened={dialog === 'convert'} onClose={() => setDialog(null)} />
      <RejectLeadModal lead={lead} opened={dialog === 'reject'} onClose={() => setDialog(null)} />
      {assigns && (
        <WhoGetsThis
          kind="lead"
          recordId={lead.id}
          subject={lead.companyName}
          opened={dialog === 'assign'}
          onClose={() => setDialog(null)}
          onAssigned={() => {
            notifications.show({ color: 'green', message: t('assign.done') });
            refresh();
          }}
        />
      )}
    </Card>
  );
}

function ConvertLeadModal({ lead, opened, onClose }: { lead: Lead; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { title: lead.companyName },
    validate: (values) =>
      values.title.trim() ? zodValidate(ConvertLeadBody)(values) : { title: t('leads.titleRequired') },
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      const result = await post<{ deal: { id: string } }>(`/leads/${lead.id}/convert`, values);
      void client.invalidateQueries({ queryKey: ['leads'] });
      void client.invalidateQueries({ queryKey: ['board'] });
      onClose();
      notifications.show({ color: 'green', message: t('leads.converted') });
      void navigate({ to: '/deals', search: { deal: result.deal.id } });
    } catch (error) {
      setFormError(applyFieldErrors(error, form.setFieldError, ['title']));
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('leads.convertTitle', { company: lead.companyName })}>
      <form noValidate onSubmit={submit}>
        <Stack>
          <TextInput label={t('deal.title')} required data-autofocus {...form.getInputProps('title')} />
          <FormFooter
            error={formError}
            onCancel={onClose}
            submitLabel={t('leads.createDeal')}
            submitting={form.submitting}
          />
        </Stack>
      </form>
    </Modal>
  );
}

function RejectLeadModal({ lead, opened, onClose }: { lead: Lead; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { reason: '' },
    validate: (values) =>
      values.reason.trim() ? zodValidate(RejectLeadBody)(values) : { reason: t('leads.reasonRequired') },
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await post(`/leads/${lead.id}/reject`, values);
      void client.invalidateQueries({ queryKey: ['leads'] });
      onClose();
    } catch (error) {
      setFormError(applyFieldErrors(error, form.setFieldError, ['reason']));
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('leads.rejectTitle', { company: lead.companyName })}>
      <form noValidate onSubmit={submit}>
        <Stack>
          <Textarea
            label={t('leads.rejectReason')}
            required
            autosize
            minRows={2}
            data-autofocus
            {...form.getInputProps('reason')}
          />
          <FormFooter
            error={formError}
            onCancel={onClose}
            submitLabel={t('leads.reject')}
            submitting={form.submitting}
            danger
          />
        </Stack>
      </form>
    </Modal>
  );
}
