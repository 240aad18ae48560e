import { Button, Checkbox, Group, Select, Table, TagsInput, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  CUSTOM_FIELD_ENTITIES,
  CUSTOM_FIELD_TYPES,
  type CustomFieldDefinition,
} from '../../contract/settings.ts';
import { get, post } from '../api/client.ts';
import { notifyError } from '../app/notify.tsx';

/** Custom fields of companies, contacts and deals: a key, a label, a type, options for a choice. */
export function CustomFields() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [entity, setEntity] = useState<string | null>('company');
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [type, setType] = useState<string | null>('text');
  const [options, setOptions] = useState<string[]>([]);
  const [required, setRequired] = useState(false);
  const fields = useQuery({
    queryKey: ['custom-fields'],
    queryFn: () => get<{ items: z.infer<typeof CustomFieldDefinition>[] }>('/custom-fields'),
  });
  const create = async () => {
    try {
      await post('/custom-fields', { entity, key, label, type, options, required });
      setKey('');
      setLabel('');
      setOptions([]);
      void client.invalidateQueries({ queryKey: ['custom-fields'] });
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <>
      <Table mb="md">
        <Table.Tbody>
          {fields.data?.items.map((field) => (
            <Table.Tr key={field.id}>
              <Table.Td>{field.entity}</Table.Td>
              <Table.Td>{field.label}</Table.Td>
              <Table.Td>
                <code>{field.key}</code>
              </Table.Td>
              <Table.Td>{field.type}</Table.Td>
              <Table.Td>{field.options.join(', ')}</Table.Td>
              <Table.Td>{field.required ? '✓' : ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group align="flex-end">
        <Select
          label={t('settings.entity')}
          data={[...CUSTOM_FIELD_ENTITIES]}
          value={entity}
          onChange={setEntity}
          w={130}
        />
        <TextInput
          label={t('settings.fieldLabel')}
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
        <TextInput
          label={t('settings.fieldKey')}
          placeholder="budget_owner"
          value={key}
          onChange={(e) => setKey(e.currentTarget.value)}
        />
        <Select
          label={t('settings.kind')}
          data={[...CUSTOM_FIELD_TYPES]}
          value={type}
          onChange={setType}
          w={120}
        />
        {type === 'select' && (
          <TagsInput label={t('settings.options')} value={options} onChange={setOptions} w={240} />
        )}
        <Checkbox
          label={t('settings.required')}
          checked={required}
          onChange={(e) => setRequired(e.currentTarget.checked)}
          mb={8}
        />
        <Button disabled={!key.trim() || !label.trim()} onClick={() => void create()}>
          {t('app.create')}
        </Button>
      </Group>
    </>
  );
}
