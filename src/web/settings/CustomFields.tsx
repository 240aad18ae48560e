import { Button, Checkbox, Group, Select, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  CUSTOM_FIELD_ENTITIES,
  CUSTOM_FIELD_TYPES,
  type CustomFieldDefinition,
} from '../../contract/settings.ts';
import { del, get, patch, post } from '../api/client.ts';
import { notifyError } from '../app/notify.tsx';
import { EditButton, SettingEditor } from './SettingEditor.tsx';

type Field = z.infer<typeof CustomFieldDefinition>;

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
  const [editing, setEditing] = useState<Field | null>(null);
  const fields = useQuery({
    queryKey: ['custom-fields'],
    queryFn: () => get<{ items: Field[] }>('/custom-fields'),
  });
  const reload = () => void client.invalidateQueries({ queryKey: ['custom-fields'] });
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
              <Table.Td w={90}>
                <EditButton name={field.label} onClick={() => setEditing(field)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {fields.data?.items.length === 0 && (
        <Text size="sm" c="dimmed" mb="md">
          {t('settings.noFields')}
        </Text>
      )}
      {editing && <FieldEditor field={editing} onClose={() => setEditing(null)} onDone={reload} />}
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

/**
 * A field's label, choices and whether it is required (its key, record and type stay: values are
 * stored under the key); or the definition removed, leaving stored values in the records.
 */
function FieldEditor({ field, onClose, onDone }: { field: Field; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState(field.label);
  const [options, setOptions] = useState<string[]>(field.options);
  const [required, setRequired] = useState(field.required);
  return (
    <SettingEditor
      title={t('settings.editField', { name: field.label })}
      name={field.label}
      canSave={label.trim().length > 0}
      onSave={() =>
        patch(`/custom-fields/${field.id}`, {
          version: field.version,
          label: label.trim(),
          required,
          ...(field.type === 'select' ? { options } : {}),
        })
      }
      onDelete={() => del(`/custom-fields/${field.id}`)}
      onClose={onClose}
      onDone={onDone}
    >
      <Text size="sm" c="dimmed">
        {field.entity} · <code>{field.key}</code> · {field.type}
      </Text>
      <TextInput
        label={t('settings.fieldLabel')}
        value={label}
        onChange={(e) => setLabel(e.currentTarget.value)}
      />
      {field.type === 'select' && (
        <TagsInput label={t('settings.options')} value={options} onChange={setOptions} />
      )}
      <Checkbox
        label={t('settings.required')}
        checked={required}
        onChange={(e) => setRequired(e.currentTarget.checked)}
      />
    </SettingEditor>
  );
}
