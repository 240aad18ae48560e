import { Badge, Card, Group, MultiSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type Pipeline, REQUIRABLE_DEAL_FIELDS, type Stage } from '../../contract/settings.ts';
import { get, patch } from '../api/client.ts';
import { notifyError, notifySaved } from '../app/notify.tsx';

/** Pipelines and their stages; which fields a deal must have to enter each stage. */
export function Pipelines() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const pipelines = useQuery({
    queryKey: ['pipelines'],
    queryFn: () => get<{ items: Pipeline[] }>('/pipelines'),
  });
  const reload = () => void client.invalidateQueries({ queryKey: ['pipelines'] });
  const setRequired = async (pipeline: Pipeline, stage: Stage, requiredFields: string[]) => {
    try {
      await patch(`/pipelines/${pipeline.id}/stages/${stage.id}`, { version: stage.version, requiredFields });
      notifySaved();
    } catch (error) {
      notifyError(error, reload);
    }
    reload();
  };
  return (
    <Stack>
      {pipelines.data?.items.map((pipeline) => (
        <Card key={pipeline.id} withBorder>
          <Group mb="sm">
            <Title order={4}>{pipeline.name}</Title>
            {pipeline.isDefault && <Badge>default</Badge>}
          </Group>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('deal.stage')}</Table.Th>
                <Table.Th>{t('settings.kind')}</Table.Th>
                <Table.Th>{t('settings.probability')}</Table.Th>
                <Table.Th>{t('settings.requiredFields')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pipeline.stages.map((stage) => (
                <Table.Tr key={stage.id}>
                  <Table.Td>{stage.name}</Table.Td>
                  <Table.Td>{stage.kind}</Table.Td>
                  <Table.Td>{stage.probabilityBp / 100}%</Table.Td>
                  <Table.Td>
                    <MultiSelect
                      aria-label={`${t('settings.requiredFields')}: ${stage.name}`}
                      data={REQUIRABLE_DEAL_FIELDS.map((value) => ({
                        value,
                        label: t(`deal.fields.${value}`),
                      }))}
                      value={stage.requiredFields}
                      onChange={(value) => void setRequired(pipeline, stage, value)}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      ))}
      {pipelines.data?.items.length === 0 && <Text c="dimmed">{t('app.nothing')}</Text>}
    </Stack>
  );
}
