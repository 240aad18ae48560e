import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput, DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconMail, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Meeting } from '../../contract/account.ts';
import type { ContactPage } from '../../contract/contacts.ts';
import { ApiError, get, post, query } from '../api/client.ts';
import { DatesLocale } from '../app/DatesLocale.tsx';
import { FormFooter } from '../app/FormFooter.tsx';
import { formatDateTime, formatDay } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';
import { type Me, useMe } from '../auth/me.ts';

export function useCompanyContacts(companyId: string) {
  return useQuery({
    queryKey: ['contacts', { companyId }],
    queryFn: () => get<z.infer<typeof ContactPage>>(`/contacts${query({ companyId, limit: 200 })}`),
  });
}

/** Meetings with the client's decision makers: list, minutes download and e-mail, new meeting. */
export function Meetings({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const { nameOf } = usePeople();
  const [opened, setOpened] = useState(false);
  const meetings = useQuery({
    queryKey: ['meetings', companyId],
    queryFn: () => get<{ items: Meeting[] }>(`/companies/${companyId}/meetings`),
  });
  const send = async (meeting: Meeting) => {
    try {
      const result = await post<{ sent: boolean; mailto: string | null; recipients: string[] }>(
        `/meetings/${meeting.id}/send-minutes`,
        {},
      );
      if (result.mailto) window.location.href = result.mailto;
      else
        notifications.show({
          color: 'green',
          message: t('account.minutesSent', { to: result.recipients.join(', ') }),
        });
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Card withBorder aria-label={t('account.meetings')}>
      <Group justify="space-between" mb="sm">
        <Title order={5}>{t('account.meetings')}</Title>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setOpened(true)}>
          {t('account.newMeeting')}
        </Button>
      </Group>
      <Stack gap="sm">
        {meetings.data?.items.length === 0 && <Text c="dimmed">{t('app.nothing')}</Text>}
        {meetings.data?.items.map((meeting) => (
          <Stack key={meeting.id} gap={4} data-testid="meeting">
            <Group justify="space-between">
              <Text fw={600}>{meeting.title}</Text>
              <Group gap="xs">
                <Text size="sm" c="dimmed">
                  {formatDateTime(meeting.heldAt)}
                </Text>
                <Anchor
                  href={`/api/v1/meetings/${meeting.id}/minutes`}
                  size="sm"
                  title={t('account.downloadMinutes')}
                >
                  <IconDownload size={16} />
                </Anchor>
                <ActionIcon
                  variant="subtle"
                  size="sm"
                  onClick={() => void send(meeting)}
                  title={t('account.sendMinutes')}
                >
                  <IconMail size={16} />
                </ActionIcon>
              </Group>
            </Group>
            {meeting.minutes && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={3}>
                {meeting.minutes}
              </Text>
            )}
            {meeting.decisions.map((decision) => (
              <Group key={decision.id} gap="xs" pl="sm">
                <Text size="sm">• {decision.text}</Text>
                <Text size="xs" c="dimmed">
                  {nameOf(decision.ownerId)}
                  {decision.dueOn ? ` · ${formatDay(decision.dueOn)}` : ''}
                </Text>
                {decision.taskId && (
                  <Badge size="xs" variant="light">
                    {t('account.task')}
                  </Badge>
                )}
              </Group>
            ))}
          </Stack>
        ))}
      </Stack>
      <MeetingDialog companyId={companyId} opened={opened} onClose={() => setOpened(false)} />
    </Card>
  );
}

interface DecisionDraft {
  text: string;
  ownerId: string | null;
  dueOn: string | null;
}

function MeetingDialog({
  companyId,
  opened,
  onClose,
}: {
  companyId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const { options: people } = usePeople();
  const contacts = useCompanyContacts(companyId);
  const [title, setTitle] = useState('');
  const [heldAt, setHeldAt] = useState<string | null>(null);
  const [attendees, setAttendees] = useState<string[]>([]);
  const [ours, setOurs] = useState<string[]>([me.id]);
  const [agenda, setAgenda] = useState('');
  const [minutes, setMinutes] = useState('');
  const [decisions, setDecisions] = useState<DecisionDraft[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const reset = () => {
    setTitle('');
    setHeldAt(null);
    setAttendees([]);
    setOurs([me.id]);
    setAgenda('');
    setMinutes('');
    setDecisions([]);
    setErrors({});
    setError(null);
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setErrors({});
    setError(null);
    try {
      await post(`/companies/${companyId}/meetings`, {
        title,
        heldAt: new Date(heldAt ?? Date.now()).toISOString(),
        agenda,
        minutes,
        attendeeContactIds: attendees,
        attendeeUserIds: ours,
        decisions: decisions
          .filter((d) => d.text.trim())
          .map((d) => ({ text: d.text, ownerId: d.ownerId, dueOn: d.dueOn })),
      });
      for (const key of ['meetings', 'account', 'tasks', 'activities', 'my-clients']) {
        void client.invalidateQueries({ queryKey: [key] });
      }
      reset();
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
  const setDecision = (index: number, change: Partial<DecisionDraft>) =>
    setDecisions((all) => all.map((d, i) => (i === index ? { ...d, ...change } : d)));

  return (
    <Modal opened={opened} onClose={onClose} title={t('account.newMeeting')} size="lg">
      <DatesLocale>
        <form onSubmit={(e) => void submit(e)}>
          <Stack>
            <TextInput
              label={t('account.meetingTitle')}
              required
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={errors.title}
            />
            <DateTimePicker
              label={t('account.heldAt')}
              value={heldAt}
              onChange={setHeldAt}
              placeholder={formatDateTime(new Date().toISOString())}
              error={errors.heldAt}
            />
            <MultiSelect
              label={t('account.attendees')}
              data={(contacts.data?.items ?? []).map((c) => ({
                value: c.id,
                label: c.isDecisionMaker ? `${c.name} ★` : c.name,
              }))}
              value={attendees}
              onChange={setAttendees}
              searchable
              error={Object.entries(errors).find(([k]) => k.startsWith('attendeeContactIds'))?.[1]}
            />
            <MultiSelect
              label={t('account.ourPeople')}
              data={people}
              value={ours}
              onChange={setOurs}
              searchable
            />
            <Textarea
              label={t('account.agenda')}
              autosize
              minRows={2}
              value={agenda}
              onChange={(e) => setAgenda(e.currentTarget.value)}
            />
            <Textarea
              label={t('account.minutes')}
              autosize
              minRows={3}
              value={minutes}
              onChange={(e) => setMinutes(e.currentTarget.value)}
            />
            <Stack gap="xs">
              <Text fw={500} size="sm">
                {t('account.decisions')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('account.decisionsBecomeTasks')}
              </Text>
              {decisions.map((decision, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: drafts have no id yet
                <Group key={index} align="flex-start" gap="xs" wrap="nowrap">
                  <TextInput
                    aria-label={t('account.decision')}
                    placeholder={t('account.decision')}
                    style={{ flex: 1 }}
                    value={decision.text}
                    onChange={(e) => setDecision(index, { text: e.currentTarget.value })}
                    error={errors[`decisions.${index}.text`]}
                  />
                  <Select
                    aria-label={t('account.decisionOwner')}
                    placeholder={t('account.decisionOwner')}
                    w={150}
                    data={people}
                    value={decision.ownerId}
                    onChange={(value) => setDecision(index, { ownerId: value })}
                    error={errors[`decisions.${index}.ownerId`]}
                  />
                  <DateInput
                    aria-label={t('account.decisionDue')}
                    placeholder={t('account.decisionDue')}
                    w={130}
                    value={decision.dueOn}
                    onChange={(value) => setDecision(index, { dueOn: value })}
                    valueFormat="DD.MM.YYYY"
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={6}
                    onClick={() => setDecisions((all) => all.filter((_, i) => i !== index))}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="light"
                size="xs"
                w="fit-content"
                leftSection={<IconPlus size={14} />}
                onClick={() => setDecisions((all) => [...all, { text: '', ownerId: me.id, dueOn: null }])}
              >
                {t('account.addDecision')}
              </Button>
            </Stack>
            <FormFooter
              error={error}
              onCancel={onClose}
              submitLabel={t('app.save')}
              submitting={submitting}
            />
          </Stack>
        </form>
      </DatesLocale>
    </Modal>
  );
}
