import {
  Button,
  Drawer,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ROLE_VALUES } from '../../contract/auth.ts';
import type { CareerStep, Grade, User } from '../../contract/people.ts';
import { applyFieldErrors, get, patch } from '../api/client.ts';
import { formatDateTime } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';

type Person = z.infer<typeof User>;

/**
 * One person's working profile, for an admin: roles, tier and grade (a change of either is added
 * to the career history shown below, tier 1 → 2 → 3), client cap, region, industries and skills —
 * what the assignment engine weighs.
 */
export function PersonDrawer({ person, onClose }: { person: Person | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer opened={person !== null} onClose={onClose} position="right" size="lg" title={person?.name}>
      {person && <PersonForm key={`${person.id}:${person.version}`} person={person} onSaved={onClose} />}
      {person && <Career userId={person.id} title={t('people.career')} />}
    </Drawer>
  );
}

function PersonForm({ person, onSaved }: { person: Person; onSaved: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const grades = useQuery({
    queryKey: ['grades'],
    queryFn: () => get<{ items: z.infer<typeof Grade>[] }>('/grades'),
  });
  const form = useForm({
    initialValues: {
      roles: person.roles as string[],
      tier: person.tier ? String(person.tier) : null,
      gradeId: person.gradeId,
      clientCap: person.clientCap ?? ('' as number | ''),
      region: person.region ?? '',
      industries: person.industries,
      skills: person.skills,
      careerNote: '',
    },
  });
  const submit = form.onSubmit(async (values) => {
    try {
      await patch(`/users/${person.id}`, {
        version: person.version,
        roles: values.roles,
        tier: values.tier ? Number(values.tier) : null,
        gradeId: values.gradeId,
        clientCap: values.clientCap === '' ? null : values.clientCap,
        region: values.region.trim() || null,
        industries: values.industries,
        skills: values.skills,
        careerNote: values.careerNote.trim() || undefined,
      });
      void client.invalidateQueries({ queryKey: ['people'] });
      void client.invalidateQueries({ queryKey: ['career', person.id] });
      onSaved();
    } catch (error) {
      const fields = [
        'roles',
        'tier',
        'gradeId',
        'clientCap',
        'region',
        'industries',
        'skills',
        'careerNote',
      ];
      if (applyFieldErrors(error, form.setFieldError, fields)) notifyError(error);
    }
  });
  return (
    <form onSubmit={submit}>
      <Stack>
        <MultiSelect
          label={t('settings.roles')}
          data={ROLE_VALUES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          {...form.getInputProps('roles')}
        />
        <Group grow>
          <Select
            label={t('settings.tier')}
            data={['1', '2', '3'].map((tier) => ({
              value: tier,
              label: t(`people.tier${tier}` as 'people.tier1'),
            }))}
            clearable
            {...form.getInputProps('tier')}
          />
          <Select
            label={t('people.grade')}
            data={(grades.data?.items ?? []).map((grade) => ({ value: grade.id, label: grade.name }))}
            clearable
            {...form.getInputProps('gradeId')}
          />
        </Group>
        <Group grow>
          <NumberInput
            label={t('people.clientCap')}
            description={t('people.clientCapHint')}
            min={0}
            max={1000}
            {...form.getInputProps('clientCap')}
          />
          <TextInput label={t('people.region')} {...form.getInputProps('region')} />
        </Group>
        <TagsInput label={t('people.industries')} {...form.getInputProps('industries')} />
        <TagsInput label={t('people.skills')} {...form.getInputProps('skills')} />
        <TextInput
          label={t('people.careerNote')}
          description={t('people.careerNoteHint')}
          {...form.getInputProps('careerNote')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('app.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Career({ userId, title }: { userId: string; title: string }) {
  const { t } = useTranslation();
  const career = useQuery({
    queryKey: ['career', userId],
    queryFn: () => get<{ items: z.infer<typeof CareerStep>[] }>(`/users/${userId}/career`),
  });
  const steps = career.data?.items ?? [];
  return (
    <Stack mt="xl" gap="sm">
      <Title order={4}>{title}</Title>
      {steps.length === 0 ? (
        <Text c="dimmed">{t('people.noCareer')}</Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {steps.map((step) => (
            <Timeline.Item
              key={step.id}
              title={[step.tier ? t(`people.tier${step.tier}` as 'people.tier1') : null, step.gradeName]
                .filter(Boolean)
                .join(' · ')}
            >
              <Text size="xs" c="dimmed">
                {formatDateTime(step.changedAt)}
              </Text>
              {step.note && <Text size="sm">{step.note}</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}
