import { Button, Group, Modal, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { DateInput, DateTimePicker } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ContactPage } from '../../contract/contacts.ts';
import type { Deal } from '../../contract/deals.ts';
import { ApiError, get, query } from '../api/client.ts';
import { DatesLocale } from '../app/DatesLocale.tsx';
import { localToIso } from '../app/format.ts';
import { usePeople } from '../app/people.ts';

type Value = string | number | null;

/** Asks for exactly the fields the target stage still needs, then moves the deal with them. */
export function StageFieldsModal({
  deal,
  stageName,
  missing,
  onCancel,
  onSubmit,
}: {
  deal: Deal;
  stageName: string;
  missing: string[];
  onCancel: () => void;
  onSubmit: (fields: Record<string, unknown>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, Value>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const contacts = useQuery({
    queryKey: ['contacts', { companyId: deal.companyId }],
    queryFn: () =>
      get<z.infer<typeof ContactPage>>(`/contacts${query({ companyId: deal.companyId, limit: 200 })}`),
    enabled: missing.includes('contactId'),
  });
  const { optionsWithRole } = usePeople();
  const set = (field: string) => (value: Value) => setValues((current) => ({ ...current, [field]: value }));
  const label = (field: string) => t(`deal.fields.${field}`, { defaultValue: field });

  const submit = async () => {
    const fields: Record<string, unknown> = {};
    for (const field of missing) {
      const value = values[field];
      if (value === undefined || value === null || value === '') continue;
      if (field === 'amountMinor' || field === 'monthlyAmountMinor')
        fields[field] = Math.round(Number(value) * 100);
      else if (field === 'nextStepAt' || field === 'demoAt') fields[field] = localToIso(String(value));
      else if (field.startsWith('customFields.'))
        fields.customFields = { ...(fields.customFields as object), [field.slice(13)]: value };
      else fields[field] = value;
    }
    setSaving(true);
    setError(null);
    try {
      await onSubmit(fields);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : String(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={onCancel} title={t('deal.needs', { stage: stageName })}>
      <DatesLocale>
        <Stack>
          <Text size="sm">{deal.title}</Text>
          {missing.map((field) => {
            switch (field) {
              case 'amountMinor':
              case 'monthlyAmountMinor':
                return (
                  <NumberInput
                    key={field}
                    label={`${label(field)}, ${deal.currency}`}
                    min={0}
                    thousandSeparator=" "
                    required
                    onChange={set(field)}
                  />
                );
              case 'expectedCloseDate':
              case 'tenderDeadline':
                return (
                  <DateInput
                    key={field}
                    label={label(field)}
                    valueFormat="YYYY-MM-DD"
                    required
                    onChange={set(field)}
                  />
                );
              case 'nextStepAt':
              case 'demoAt':
                return <DateTimePicker key={field} label={label(field)} required onChange={set(field)} />;
              case 'bizdevId':
                return (
                  <Select
                    key={field}
                    label={label(field)}
                    required
                    searchable
                    data={optionsWithRole('bizdev')}
                    onChange={set(field)}
                  />
                );
              case 'terms':
                return (
                  <Textarea
                    key={field}
                    label={label(field)}
                    required
                    autosize
                    minRows={2}
                    onChange={(e) => set(field)(e.currentTarget.value)}
                  />
                );
              case 'contactId':
                return (
                  <Select
                    key={field}
                    label={label(field)}
                    required
                    data={(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                    onChange={set(field)}
                  />
                );
              default:
                return (
                  <TextInput
                    key={field}
                    label={label(field)}
                    required
                    onChange={(e) => set(field)(e.currentTarget.value)}
                  />
                );
            }
          })}
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              {t('app.cancel')}
            </Button>
            <Button onClick={() => void submit()} loading={saving}>
              {t('deal.move')}
            </Button>
          </Group>
        </Stack>
      </DatesLocale>
    </Modal>
  );
}
