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
import { del, get, patch, post, put } from '../api/client.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';
import { EditButton, SettingEditor } from './SettingEditor.tsx';

type TeamRow = z.infer<typeof Team>;
type GradeRow = z.infer<typeof Grade>;

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
  const [editing, setEditing] = useState<TeamRow | null>(null);
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: () => get<{ items: TeamRow[] }>('/teams'),
  });
  const reload = () => void client.invalidateQueries({ queryKey: ['teams'] });
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
              <Table.Td w={90}>
                <EditButton name={team.name} onClick={() => setEditing(team)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {teams.data?.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('settings.noTeams')}
        </Text>
      )}
      {editing && <TeamEditor team={editing} onClose={() => setEditing(null)} onDone={reload} />}
      <Group align="flex-end">
        <TextInput
          label={t('settings.teamName')}
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

/** A team's name, lead and members, changed together; or the team deleted. */
function TeamEditor({ team, onClose, onDone }: { team: TeamRow; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { options: people } = usePeople();
  const [name, setName] = useState(team.name);
  const [lead, setLead] = useState<string | null>(team.leadUserId);
  const [members, setMembers] = useState<string[]>(team.memberIds);
  const save = async () => {
    let version = team.version;
    if (name.trim() !== team.name || lead !== team.leadUserId)
      version = (await patch<TeamRow>(`/teams/${team.id}`, { version, name: name.trim(), leadUserId: lead }))
        .version;
    const same =
      members.length === team.memberIds.length && members.every((id) => team.memberIds.includes(id));
    if (!same) await put(`/teams/${team.id}/members`, { memberIds: members });
  };
  return (
    <SettingEditor
      title={t('settings.editTeam', { name: team.name })}
      name={team.name}
      canSave={name.trim().length > 0}
      onSave={save}
      onDelete={() => del(`/teams/${team.id}`)}
      onClose={onClose}
      onDone={onDone}
    >
      <TextInput
        label={t('settings.teamName')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <Select label={t('settings.lead')} data={people} value={lead} onChange={setLead} searchable clearable />
      <MultiSelect
        label={t('settings.members')}
        data={people}
        value={members}
        onChange={setMembers}
        searchable
      />
    </SettingEditor>
  );
}

function Grades() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [rank, setRank] = useState<number | string>(4);
  const [criteria, setCriteria] = useState('');
  const [cap, setCap] = useState<number | string>('');
  const [editing, setEditing] = useState<GradeRow | null>(null);
  const grades = useQuery({
    queryKey: ['grades'],
    queryFn: () => get<{ items: GradeRow[] }>('/grades'),
  });
  const reload = () => void client.invalidateQueries({ queryKey: ['grades'] });
  const create = async () => {
    try {
      await post('/grades', {
        name,
        rank: Number(rank),
        criteria,
        clientCap: cap === '' ? null : Number(cap),
      });
      setName('');
      setCriteria('');
      setCap('');
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
              <Table.Td w={140}>
                {grade.clientCap !== null && `${t('people.clientCap')}: ${grade.clientCap}`}
              </Table.Td>
              <Table.Td w={90}>
                <EditButton name={grade.name} onClick={() => setEditing(grade)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {grades.data?.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('settings.noGrades')}
        </Text>
      )}
      {editing && <GradeEditor grade={editing} onClose={() => setEditing(null)} onDone={reload} />}
      <Group align="flex-end">
        <TextInput
          label={t('settings.gradeName')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <NumberInput
          label={t('settings.rankShort')}
          value={rank}
          onChange={setRank}
          min={0}
          max={100}
          w={80}
        />
        <Textarea
          label={t('settings.criteria')}
          value={criteria}
          onChange={(e) => setCriteria(e.currentTarget.value)}
          w={360}
          autosize
        />
        <NumberInput label={t('people.clientCap')} value={cap} onChange={setCap} min={0} max={1000} w={120} />
        <Button disabled={!name.trim()} onClick={() => void create()}>
          {t('app.create')}
        </Button>
      </Group>
    </Stack>
  );
}

/** A grade's name, rank, criteria and client cap; or the grade deleted (refused while people hold it). */
function GradeEditor({
  grade,
  onClose,
  onDone,
}: {
  grade: GradeRow;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(grade.name);
  const [rank, setRank] = useState<number | string>(grade.rank);
  const [criteria, setCriteria] = useState(grade.criteria);
  const [cap, setCap] = useState<number | string>(grade.clientCap ?? '');
  return (
    <SettingEditor
      title={t('settings.editGrade', { name: grade.name })}
      name={grade.name}
      canSave={name.trim().length > 0 && rank !== ''}
      onSave={() =>
        patch(`/grades/${grade.id}`, {
          version: grade.version,
          name: name.trim(),
          rank: Number(rank),
          criteria,
          clientCap: cap === '' ? null : Number(cap),
        })
      }
      onDelete={() => del(`/grades/${grade.id}`)}
      onClose={onClose}
      onDone={onDone}
    >
      <TextInput
        label={t('settings.gradeName')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <NumberInput label={t('settings.rank')} value={rank} onChange={setRank} min={0} max={100} />
      <Textarea
        label={t('settings.criteria')}
        value={criteria}
        onChange={(e) => setCriteria(e.currentTarget.value)}
        autosize
        minRows={3}
      />
      <NumberInput
        label={t('people.clientCap')}
        description={t('settings.gradeCapHint')}
        value={cap}
        onChange={setCap}
        min={0}
        max={1000}
      />
    </SettingEditor>
  );
}
