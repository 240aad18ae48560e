import {
  Badge,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Grade, Team } from '../../contract/people.ts';
import { get, post } from '../api/client.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';

/** Teams (lead, members, span of control) and grades (rank, criteria, client cap). */
export function TeamsAndGrades() {
  return (
    <Stack gap="xl">
      <Teams />
      <Grades />
    </Stack>
  );
}

function Teams() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { options: people, nameOf } = usePeople();
  const [name, setName] = useState('');
  const [lead, setLead] = useState<string | null>(null);
  const [members, setMembers] = useState<string[]>([]);
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: () => get<{ items: z.infer<typeof Team>[] }>('/teams'),
  });
  const create = async () => {
    try {
      await post('/teams', { name, leadUserId: lead, memberIds: members });
      setName('');
      setLead(null);
      setMembers([]);
      void client.invalidateQueries({ queryKey: ['teams'] });
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack>
      <Title order={4}>{t('settings.teams')}</Title>
      <Table>
        <Table.Tbody>
          {teams.data?.items.map((team) => (
            <Table.Tr key={team.id}>
              <Table.Td>{team.name}</Table.Td>
              <Table.Td>
                {t('settings.lead')}: {nameOf(team.leadUserId)}
              </Table.Td>
              <Table.Td>
                {t('settings.members')}: {team.memberIds.length}
              </Table.Td>
              <Table.Td>{team.overloaded && <Badge color="red">{t('settings.overloaded')}</Badge>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group align="flex-end">
        <TextInput
          label={t('settings.teams')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Select
          label={t('settings.lead')}
          data={people}
          value={lead}
          onChange={setLead}
          searchable
          clearable
        />
        <MultiSelect
          label={t('settings.members')}
          data={people}
          value={members}
          onChange={setMembers}
          searchable
          w={320}
        />
        <Button disabled={!name.trim()} onClick={() => void create()}>
          {t('app.create')}
        </Button>
      </Group>
    </Stack>
  );
}

function Grades() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [rank, setRank] = useState<number | string>(4);
  const [criteria, setCriteria] = useState('');
  const grades = useQuery({
    queryKey: ['grades'],
    queryFn: () => get<{ items: z.infer<typeof Grade>[] }>('/grades'),
  });
  const create = async () => {
    try {
      await post('/grades', { name, rank: Number(rank), criteria });
      setName('');
      setCriteria('');
      void client.invalidateQueries({ queryKey: ['grades'] });
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack>
      <Title order={4}>{t('settings.grades')}</Title>
      <Table>
        <Table.Tbody>
          {grades.data?.items.map((grade) => (
            <Table.Tr key={grade.id}>
              <Table.Td w={60}>{grade.rank}</Table.Td>
              <Table.Td w={160}>{grade.name}</Table.Td>
              <Table.Td>
                <Text size="sm">{grade.criteria}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group align="flex-end">
        <TextInput
          label={t('settings.grades')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <NumberInput label="#" value={rank} onChange={setRank} min={0} max={100} w={80} />
        <Textarea
          label={t('settings.criteria')}
          value={criteria}
          onChange={(e) => setCriteria(e.currentTarget.value)}
          w={360}
          autosize
        />
        <Button disabled={!name.trim()} onClick={() => void create()}>
          {t('app.create')}
        </Button>
      </Group>
    </Stack>
  );
}
