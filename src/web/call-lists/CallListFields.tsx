import {
  MultiSelect,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { LeadSource } from '../../contract/settings.ts';
import { get } from '../api/client.ts';
import { usePeople } from '../app/people.ts';

/** What a person fills in for a new call list, from an import or from a segment. */
export interface CallListDraft {
  name: string;
  callerIds: string[];
  distribution: 'round_robin' | 'region';
  leadSourceId: string | null;
  script: string;
}

export const emptyCallListDraft = (name = ''): CallListDraft => ({
  name,
  callerIds: [],
  distribution: 'round_robin',
  leadSourceId: null,
  script: '',
});

/** The draft as the API takes it (`callList` of an import, or the body of POST /call-lists). */
export const callListBody = (draft: CallListDraft) => ({
  name: draft.name.trim(),
  callerIds: draft.callerIds,
  distribution: draft.distribution,
  leadSourceId: draft.leadSourceId,
  ...(draft.script.trim() ? { script: draft.script } : {}),
});

export function useLeadSourceOptions() {
  const sources = useQuery({
    queryKey: ['lead-sources'],
    queryFn: () => get<{ items: z.infer<typeof LeadSource>[] }>('/lead-sources'),
    staleTime: 60_000,
  });
  const items = sources.data?.items ?? [];
  return {
    options: items.filter((source) => source.active).map((s) => ({ value: s.id, label: s.name })),
    nameOf: (id: string | null) => items.find((source) => source.id === id)?.name ?? null,
  };
}

/**
 * Name, callers (tier 1: people with the SDR role or tier 1), distribution, lead source and
 * script of a call list. `errors` are keyed by the field's own name (`name`, `callerIds`, …).
 */
export function CallListFields({
  value,
  onChange,
  errors,
}: {
  value: CallListDraft;
  onChange: (next: CallListDraft) => void;
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation();
  const { people } = usePeople();
  const leadSources = useLeadSourceOptions();
  const callers = people
    .filter((person) => person.roles.includes('sdr') || person.tier === 1)
    .map((person) => ({ value: person.id, label: person.name }));
  const set = <K extends keyof CallListDraft>(key: K, next: CallListDraft[K]) =>
    onChange({ ...value, [key]: next });
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('callLists.name')}
          placeholder={t('callLists.namePlaceholder')}
          required
          value={value.name}
          onChange={(event) => set('name', event.currentTarget.value)}
          error={errors.name}
        />
        <Select
          label={t('company.leadSource')}
          placeholder={t('callLists.noLeadSource')}
          clearable
          data={leadSources.options}
          value={value.leadSourceId}
          onChange={(next) => set('leadSourceId', next)}
          error={errors.leadSourceId}
        />
      </SimpleGrid>
      <MultiSelect
        label={t('callLists.callers')}
        description={t('callLists.callersHint')}
        placeholder={callers.length === 0 ? t('callLists.noCallers') : undefined}
        required
        searchable
        data={callers}
        value={value.callerIds}
        onChange={(next) => set('callerIds', next)}
        error={errors.callerIds}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('callLists.distribution')}
        </Text>
        <SegmentedControl
          aria-label={t('callLists.distribution')}
          value={value.distribution}
          onChange={(next) => set('distribution', next as CallListDraft['distribution'])}
          data={[
            { value: 'round_robin', label: t('callLists.distributions.round_robin') },
            { value: 'region', label: t('callLists.distributions.region') },
          ]}
        />
        <Text size="xs" c="dimmed">
          {t(`callLists.distributionHints.${value.distribution}`)}
        </Text>
      </Stack>
      <Textarea
        label={t('queue.script')}
        placeholder={t('callLists.scriptPlaceholder')}
        autosize
        minRows={3}
        maxRows={10}
        value={value.script}
        onChange={(event) => set('script', event.currentTarget.value)}
        error={errors.script}
      />
    </Stack>
  );
}

/** Field problems of the API (`callList.name`, `callerIds.0`, …) keyed by the draft's field names. */
export function draftErrors(
  fields: readonly { field: string; message: string }[],
  prefix = '',
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const problem of fields) {
    if (prefix && !problem.field.startsWith(prefix)) continue;
    const key = problem.field.slice(prefix.length).split('.')[0]!;
    if (key && !errors[key]) errors[key] = problem.message;
  }
  return errors;
}
