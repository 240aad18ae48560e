import { Button, Group, Select, Switch, Table, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LEAD_SOURCE_KINDS, type LeadSource } from '../../contract/settings.ts';
import { get, patch, post } from '../api/client.ts';
import { notifyError } from '../app/notify.tsx';

type Source = z.infer<typeof LeadSource>;

export function LeadSources() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string | null>('other');
  const sources = useQuery({
    queryKey: ['lead-sources'],
    queryFn: () => get<{ items: Source[] }>('/lead-sources'),
  });
  const reload = () => void client.invalidateQueries({ queryKey: ['lead-sources'] });
  const act = (work: () => Promise<unknown>) => work().then(reload, (error) => notifyError(error, reload));
  return (
    <>
      <Group align="flex-end" mb="md">
        <TextInput
          label={t('company.leadSource')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Select label={t('settings.kind')} data={[...LEAD_SOURCE_KINDS]} value={kind} onChange={setKind} />
        <Button
          disabled={!name.trim()}
          onClick={() => act(() => post('/lead-sources', { name, kind }).then(() => setName('')))}
        >
          {t('app.create')}
        </Button>
      </Group>
      <Table>
        <Table.Tbody>
          {sources.data?.items.map((source) => (
            <Table.Tr key={source.id}>
              <Table.Td>{source.name}</Table.Td>
              <Table.Td>{source.kind}</Table.Td>
              <Table.Td>
                <Switch
                  aria-label={`${t('settings.active')}: ${source.name}`}
                  checked={source.active}
                  onChange={(e) =>
                    act(() =>
                      patch(`/lead-sources/${source.id}`, {
                        version: source.version,
                        active: e.currentTarget.checked,
                      }),
                    )
                  }
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
