import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ABSENCE_KINDS,
  type Absence,
  CreateAbsenceBody,
  UpdateAbsenceBody,
} from '../../contract/sales-flow.ts';
import { ApiError, applyFieldErrors, del, patch, post } from '../api/client.ts';
import { DatesLocale } from '../app/DatesLocale.tsx';
import { formatDay } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';
import { zodValidate } from '../app/zod-form.ts';
import { can, type Me, useMe } from '../auth/me.ts';
import { isCurrent } from './calendar.ts';

export const KIND_COLOR = { vacation: 'blue', sick_leave: 'red', other: 'grape' } as const;

interface Values {
  userId: string | null;
  kind: Absence['kind'];
  range: [string | null, string | null];
  note: string;
}

const toBody = (values: Values) => ({
  userId: values.userId ?? undefined,
  kind: values.kind,
  startsOn: values.range[0] ?? undefined,
  endsOn: values.range[1] ?? values.range[0] ?? undefined,
  note: values.note,
});

/** Checks the form with the API's schema; both date fields are shown on the one range picker. */
function validate(schema: typeof CreateAbsenceBody | typeof UpdateAbsenceBody, values: Values) {
  const { userId, ...rest } = toBody(values);
  const errors = zodValidate(schema)(
    schema === CreateAbsenceBody ? { userId, ...rest } : { ...rest, version: 1 },
  );
  const range = errors.startsOn ?? errors.endsOn;
  const { startsOn: _s, endsOn: _e, ...others } = errors;
  return range ? { ...others, range } : others;
}

/**
 * Adds or changes an absence. A person records their own; someone who hands out work (crm:assign)
 * records anyone's. An absence in progress can be ended with "I'm back", which hands the covered
 * work back.
 */
export function AbsenceModal({
  absence,
  today,
  onClose,
}: {
  /** The absence to change; none to add one. */
  absence: Absence | null;
  today: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const { options: people, nameOf } = usePeople();
  const assigns = can(me, 'crm:assign');
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayEdit = !absence || absence.userId === me.id || assigns;
  const form = useForm<Values>({
    initialValues: absence
      ? {
          userId: absence.userId,
          kind: absence.kind,
          range: [absence.startsOn, absence.endsOn],
          note: absence.note,
        }
      : {
          userId: me.id,
          kind: 'vacation',
          range: [null, null],
          note: '',
        },
    validate: (values) =>
      values.range[0]
        ? validate(absence ? UpdateAbsenceBody : CreateAbsenceBody, values)
        : { range: t('absence.datesRequired') },
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['absences'] });
    void client.invalidateQueries({ queryKey: ['team-load'] });
    void client.invalidateQueries({ queryKey: ['tasks'] });
  };

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    const body = toBody(values);
    try {
      if (absence) {
        const { userId: _, ...changes } = body;
        await patch(`/absences/${absence.id}`, { ...changes, version: absence.version });
      } else await post('/absences', body);
      refresh();
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        notifyError(error, refresh);
        return;
      }
      setFormError(
        applyFieldErrors(
          error,
          (field, message) =>
            form.setFieldError(field === 'startsOn' || field === 'endsOn' ? 'range' : field, message),
          ['userId', 'kind', 'startsOn', 'endsOn', 'note'],
        ),
      );
    }
  });

  const act = async (work: () => Promise<unknown>, message: string) => {
    setBusy(true);
    try {
      await work();
      notifications.show({ color: 'green', message });
      refresh();
      onClose();
    } catch (error) {
      notifyError(error, refresh);
    } finally {
      setBusy(false);
    }
  };
  const current = absence !== null && isCurrent(absence, today);

  return (
    <Modal
      opened
      onClose={onClose}
      title={absence ? t('absence.editTitle', { name: absence.userName }) : t('absence.add')}
    >
      <DatesLocale>
        <form
          noValidate
          onSubmit={submit}
          aria-label={absence ? t('absence.editTitle', { name: absence.userName }) : t('absence.add')}
        >
          <Stack>
            <Select
              label={t('absence.person')}
              required
              searchable
              data={assigns ? people : [{ value: me.id, label: me.name }]}
              disabled={!!absence || !assigns}
              {...form.getInputProps('userId')}
            />
            <Select
              label={t('absence.kind')}
              required
              allowDeselect={false}
              data={ABSENCE_KINDS.map((value) => ({ value, label: t(`absence.kinds.${value}`) }))}
              disabled={!mayEdit}
              {...form.getInputProps('kind')}
            />
            <DatePickerInput
              type="range"
              label={t('absence.dates')}
              required
              allowSingleDateInRange
              valueFormat="D MMM YYYY"
              disabled={!mayEdit}
              ariaLabels={{
                nextMonth: t('absence.nextMonth'),
                previousMonth: t('absence.previousMonth'),
                nextYear: t('absence.nextYear'),
                previousYear: t('absence.previousYear'),
                nextDecade: t('absence.nextYear'),
                previousDecade: t('absence.previousYear'),
              }}
              {...form.getInputProps('range')}
            />
            <Textarea
              label={t('absence.note')}
              autosize
              minRows={1}
              disabled={!mayEdit}
              {...form.getInputProps('note')}
            />
            {absence?.handedBackAt && (
              <Text size="xs" c="dimmed">
                {t('absence.handedBack')}
              </Text>
            )}
            {formError && (
              <Text c="red" size="sm" role="alert">
                {formError}
              </Text>
            )}
            {absence && !mayEdit && (
              <Text size="sm" c="dimmed">
                {t('absence.readOnly', { name: nameOf(absence.userId), until: formatDay(absence.endsOn) })}
              </Text>
            )}
            <Group justify="space-between">
              <Group gap="xs">
                {absence && mayEdit && (
                  <Button
                    variant="subtle"
                    color="red"
                    loading={busy}
                    onClick={() => void act(() => del(`/absences/${absence.id}`), t('absence.deleted'))}
                  >
                    {t('app.delete')}
                  </Button>
                )}
                {absence && mayEdit && current && (
                  <Button
                    variant="light"
                    color="green"
                    loading={busy}
                    onClick={() =>
                      void act(() => post(`/absences/${absence.id}/return`), t('absence.welcomeBack'))
                    }
                  >
                    {t('absence.back')}
                  </Button>
                )}
              </Group>
              <Group gap="xs">
                <Button variant="default" onClick={onClose}>
                  {mayEdit ? t('app.cancel') : t('app.close')}
                </Button>
                {mayEdit && (
                  <Button type="submit" loading={form.submitting}>
                    {absence ? t('app.save') : t('app.create')}
                  </Button>
                )}
              </Group>
            </Group>
          </Stack>
        </form>
      </DatesLocale>
    </Modal>
  );
}
