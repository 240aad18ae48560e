import { Alert, Button, Code, Group, Table, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ApiToken, CreatedApiToken } from '../../contract/auth.ts';
import { del, get, post } from '../api/client.ts';
import { formatDateTime } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';

export function ApiTokens() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const tokens = useQuery({
    queryKey: ['api-tokens'],
    queryFn: () => get<{ items: z.infer<typeof ApiToken>[] }>('/api-tokens'),
  });
  const reload = () => void client.invalidateQueries({ queryKey: ['api-tokens'] });
  const create = async () => {
    try {
      const token = await post<z.infer<typeof CreatedApiToken>>('/api-tokens', { name });
      setCreated(token.token);
      setName('');
      reload();
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <>
      <Group align="flex-end" mb="md">
        <TextInput
          label={t('settings.tokenName')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Button disabled={!name.trim()} onClick={() => void create()}>
          {t('settings.newToken')}
        </Button>
      </Group>
      {created && (
        <Alert color="yellow" mb="md" title={t('settings.tokenOnce')}>
          <Code>{created}</Code>
        </Alert>
      )}
      <Table>
        <Table.Tbody>
          {tokens.data?.items.map((token) => (
            <Table.Tr key={token.id}>
              <Table.Td>{token.name}</Table.Td>
              <Table.Td>
                <Code>{token.tokenPrefix}…</Code>
              </Table.Td>
              <Table.Td>{formatDateTime(token.lastUsedAt)}</Table.Td>
              <Table.Td>
                {token.revokedAt ? (
                  formatDateTime(token.revokedAt)
                ) : (
                  <Button
                    size="xs"
                    color="red"
                    variant="light"
                    onClick={() => void del(`/api-tokens/${token.id}`).then(reload)}
                  >
                    {t('settings.revoke')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
