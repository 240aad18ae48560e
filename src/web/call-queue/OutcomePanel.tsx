import { Button, Card, Group, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPhoneOff, IconPhonePlus, IconThumbDown, IconThumbUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  type CALL_OUTCOMES,
  CallOutcomeBody,
  type CallOutcomeResult,
  type QueueItem,
} from '../../contract/sales-flow.ts';
import { ApiError, applyFieldErrors, post } from '../api/client.ts';
import { DatesLocale } from '../app/DatesLocale.tsx';
import { localToIso } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { zodValidate } from '../app/zod-form.ts';

type Outcome = (typeof CALL_OUTCOMES)[number];
type Result = z.infer<typeof CallOutcomeResult>;

/** Who received a qualified lead, and why: shown after the hand-off. */
export interface HandOff {
  companyName: string;
  assigneeId: string | null;
  explanation: string | null;
}

const FIELDS = ['contactId', 'note', 'callbackAt', 'reason', 'handoffNote'];

interface Values {
  outcome: Outcome;
  contactId: string | null;
  note: string;
  callbackAt: string | null;
  reason: string;
  handoffNote: string;
}

function toBody(values: Values, version: number) {
  return {
    outcome: values.outcome,
    version,
    contactId: values.contactId,
    ...(values.note.trim() ? { note: values.note.trim() } : {}),
    ...(values.outcome === 'callback' && values.callbackAt
      ? { callbackAt: localToIso(values.callbackAt) ?? undefined }
      : {}),
    ...(values.outcome === 'not_interested' ? { reason: values.reason.trim() } : {}),
    ...(values.outcome === 'qualified' ? { handoffNote: values.handoffNote.trim() } : {}),
  };
}

/**
 * The outcome of the call: "no answer" in one click; "call back at", "not interested" and
 * "qualified" each ask for the one thing they need. Server field errors appear beside the field.
 */
export function OutcomePanel({
  item,
  onRecorded,
}: {
  item: QueueItem;
  onRecorded: (handOff: HandOff | null) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Exclude<Outcome, 'no_answer'> | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: {
      outcome: 'no_answer',
      contactId: item.contactId,
      note: '',
      callbackAt: null,
      reason: '',
      handoffNote: '',
    },
    // What each outcome needs, in the person's language; then the API's own schema.
    validate: (values) => {
      if (values.outcome === 'callback' && !values.callbackAt)
        return { callbackAt: t('queue.needs.callbackAt') };
      if (values.outcome === 'not_interested' && !values.reason.trim())
        return { reason: t('queue.needs.reason') };
      if (values.outcome === 'qualified' && !values.handoffNote.trim())
        return { handoffNote: t('queue.needs.handoffNote') };
      return zodValidate(CallOutcomeBody, (v: Values) => toBody(v, item.version))(values);
    },
  });

  const record = async (values: Values) => {
    setFormError(null);
    setBusy(true);
    try {
      const result = await post<Result>(`/call-queue/items/${item.id}/outcome`, toBody(values, item.version));
      if (values.outcome === 'qualified') {
        onRecorded({
          companyName: item.company.name,
          assigneeId: result.assignment?.assigneeId ?? null,
          explanation: result.assignment?.explanation ?? null,
        });
      } else {
        notifications.show({
          color: 'green',
          autoClose: 2500,
          message: t('queue.recorded', {
            outcome: t(`queue.outcomes.${values.outcome}`),
            company: item.company.name,
          }),
        });
        onRecorded(null);
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        notifyError(error, () => onRecorded(null));
        return;
      }
      const unplaced = applyFieldErrors(error, form.setFieldError, FIELDS);
      setFormError(unplaced);
    } finally {
      setBusy(false);
    }
  };

  const choose = (outcome: Outcome) => {
    form.clearErrors();
    setFormError(null);
    form.setFieldValue('outcome', outcome);
    if (outcome === 'no_answer') {
      setMode(null);
      void record({ ...form.getValues(), outcome });
    } else setMode(outcome);
  };

  const buttons: { outcome: Outcome; color: string; icon: typeof IconThumbUp }[] = [
    { outcome: 'no_answer', color: 'gray', icon: IconPhoneOff },
    { outcome: 'callback', color: 'blue', icon: IconPhonePlus },
    { outcome: 'not_interested', color: 'red', icon: IconThumbDown },
    { outcome: 'qualified', color: 'green', icon: IconThumbUp },
  ];

  return (
    <DatesLocale>
      <Card withBorder>
        <Title order={4} mb="xs">
          {t('queue.outcome')}
        </Title>
        <SimpleGrid cols={2} spacing="xs" role="group" aria-label={t('queue.outcome')}>
          {buttons.map(({ outcome, color, icon: Icon }) => (
            <Button
              key={outcome}
              color={color}
              variant={mode === outcome ? 'filled' : 'light'}
              leftSection={<Icon size={16} />}
              onClick={() => choose(outcome)}
              loading={outcome === 'no_answer' && busy}
              disabled={busy && outcome !== 'no_answer'}
              aria-pressed={outcome === 'no_answer' ? undefined : mode === outcome}
            >
              {t(`queue.outcomes.${outcome}`)}
            </Button>
          ))}
        </SimpleGrid>
        {mode && (
          <form
            noValidate
            onSubmit={form.onSubmit(record)}
            aria-label={t(`queue.outcomes.${mode}`)}
            data-testid="outcome-form"
          >
            <Stack mt="md">
              {mode === 'callback' && (
                <DateTimePicker
                  label={t('queue.callbackAt')}
                  required
                  minDate={new Date()}
                  valueFormat="DD MMM YYYY HH:mm"
                  clearable
                  data-autofocus
                  {...form.getInputProps('callbackAt')}
                />
              )}
              {mode === 'not_interested' && (
                <Textarea
                  label={t('queue.reason')}
                  required
                  autosize
                  minRows={2}
                  data-autofocus
                  {...form.getInputProps('reason')}
                />
              )}
              {mode === 'qualified' && (
                <Textarea
                  label={t('queue.handoffNote')}
                  description={t('queue.handoffHint')}
                  required
                  autosize
                  minRows={3}
                  data-autofocus
                  {...form.getInputProps('handoffNote')}
                />
              )}
              {item.contacts.length > 0 && (
                <Select
                  label={t('queue.spokeWith')}
                  clearable
                  data={item.contacts.map((contact) => ({ value: contact.id, label: contact.name }))}
                  {...form.getInputProps('contactId')}
                />
              )}
              <Textarea label={t('queue.note')} autosize minRows={1} {...form.getInputProps('note')} />
              {formError && (
                <Text c="red" size="sm" role="alert">
                  {formError}
                </Text>
              )}
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setMode(null)}>
                  {t('app.cancel')}
                </Button>
                <Button type="submit" loading={busy}>
                  {mode === 'qualified' ? t('queue.handOver') : t('queue.record')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Card>
    </DatesLocale>
  );
}
