import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Absence } from '../../contract/sales-flow.ts';
import { get, query } from '../api/client.ts';
import { formatDay, todayIn } from '../app/format.ts';
import { usePeople } from '../app/people.ts';
import { type Me, useMe } from '../auth/me.ts';
import { AbsenceModal, KIND_COLOR } from './AbsenceModal.tsx';

const pad = (n: number) => String(n).padStart(2, '0');

/** The days (`YYYY-MM-DD`) of the month that `month` (`YYYY-MM`) names. */
export function daysOfMonth(month: string): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, index) => `${month}-${pad(index + 1)}`);
}

export function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, m - 1 + by, 1));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;
}

/** One person's row: runs of days, each either empty or one absence spanning its days in the month. */
export function rowSegments(days: string[], absences: Absence[]) {
  const segments: ({ kind: 'empty'; day: string } | { kind: 'absence'; absence: Absence; span: number })[] =
    [];
  let index = 0;
  while (index < days.length) {
    const day = days[index]!;
    const absence = absences.find((a) => a.startsOn <= day && a.endsOn >= day);
    if (!absence) {
      segments.push({ kind: 'empty', day });
      index += 1;
      continue;
    }
    let span = 1;
    while (index + span < days.length && days[index + span]! <= absence.endsOn) span += 1;
    segments.push({ kind: 'absence', absence, span });
    index += span;
  }
  return segments;
}

/**
 * The team's absences for a month (DOMAIN.md §3, availability): people as rows, days as columns,
 * vacations, sick leave and other absences in their colours. Click an absence to change it.
 */
export function AbsenceCalendar() {
  const { t, i18n } = useTranslation();
  const me = useMe().data as Me;
  const today = todayIn(me.workspace.timeZone);
  const [month, setMonth] = useState(today.slice(0, 7));
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<{ absence: Absence | null } | null>(null);
  const { people } = usePeople();
  const days = daysOfMonth(month);
  const absences = useQuery({
    queryKey: ['absences', month],
    queryFn: () => get<{ items: Absence[] }>(`/absences${query({ from: days[0], to: days.at(-1) })}`),
  });
  const items = absences.data?.items ?? [];
  const myCurrent = items.find((a) => a.userId === me.id && a.startsOn <= today && a.endsOn >= today);
  const rows = people.filter((person) => person.name.toLowerCase().includes(search.trim().toLowerCase()));
  const monthLabel = new Intl.DateTimeFormat(i18n.language, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
  const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('nav.absences')}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ absence: null })}>
          {t('absence.add')}
        </Button>
      </Group>
      {myCurrent && (
        <Group
          p="sm"
          bg="blue.0"
          style={{ borderRadius: 8 }}
          justify="space-between"
          data-testid="my-absence"
        >
          <Text size="sm">
            {t('absence.youAreAway', {
              kind: t(`absence.kinds.${myCurrent.kind}`),
              until: formatDay(myCurrent.endsOn),
            })}
          </Text>
          <Button size="xs" color="green" onClick={() => setEditing({ absence: myCurrent })}>
            {t('absence.back')}…
          </Button>
        </Group>
      )}
      <Group justify="space-between">
        <Group gap="xs">
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t('absence.previousMonth')}
            onClick={() => setMonth(shiftMonth(month, -1))}
          >
            <IconChevronLeft size={18} />
          </ActionIcon>
          <Text fw={600} miw={150} ta="center" aria-live="polite" data-testid="calendar-month">
            {monthLabel}
          </Text>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t('absence.nextMonth')}
            onClick={() => setMonth(shiftMonth(month, 1))}
          >
            <IconChevronRight size={18} />
          </ActionIcon>
          <Button variant="subtle" size="xs" onClick={() => setMonth(today.slice(0, 7))}>
            {t('absence.thisMonth')}
          </Button>
        </Group>
        <Group gap="md">
          {(['vacation', 'sick_leave', 'other'] as const).map((kind) => (
            <Badge key={kind} color={KIND_COLOR[kind]} variant="filled" radius="sm">
              {t(`absence.kinds.${kind}`)}
            </Badge>
          ))}
          <TextInput
            size="xs"
            aria-label={t('app.search')}
            placeholder={t('absence.findPerson')}
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
          />
        </Group>
      </Group>
      <ScrollArea type="auto" offsetScrollbars>
        <Table
          withTableBorder
          withColumnBorders
          layout="fixed"
          miw={180 + days.length * 26}
          data-testid="absence-calendar"
          aria-label={t('absence.calendarLabel', { month: monthLabel })}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={180}>{t('absence.person')}</Table.Th>
              {days.map((day) => (
                <Table.Th
                  key={day}
                  p={0}
                  ta="center"
                  bg={day === today ? 'indigo.1' : weekday(day) % 6 === 0 ? 'gray.1' : undefined}
                  aria-label={formatDay(day)}
                >
                  <Text size="xs" fw={day === today ? 700 : 500}>
                    {Number(day.slice(8))}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((person) => (
              <Table.Tr key={person.id} data-testid={`absence-row-${person.name}`}>
                <Table.Td>
                  <Text size="sm" truncate>
                    {person.name}
                  </Text>
                </Table.Td>
                {rowSegments(
                  days,
                  items.filter((a) => a.userId === person.id),
                ).map((segment) =>
                  segment.kind === 'empty' ? (
                    <Table.Td
                      key={segment.day}
                      p={0}
                      bg={weekday(segment.day) % 6 === 0 ? 'gray.0' : undefined}
                    />
                  ) : (
                    <Table.Td key={segment.absence.id} p={2} colSpan={segment.span}>
                      <AbsenceBar
                        absence={segment.absence}
                        onOpen={() => setEditing({ absence: segment.absence })}
                      />
                    </Table.Td>
                  ),
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {editing && <AbsenceModal absence={editing.absence} today={today} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function AbsenceBar({ absence, onOpen }: { absence: Absence; onOpen: () => void }) {
  const { t } = useTranslation();
  const label = `${t(`absence.kinds.${absence.kind}`)}: ${absence.userName}, ${formatDay(absence.startsOn)} – ${formatDay(absence.endsOn)}${absence.note ? ` (${absence.note})` : ''}`;
  return (
    <Tooltip label={label} withinPortal>
      <UnstyledButton
        onClick={onOpen}
        aria-label={label}
        data-testid="absence-bar"
        w="100%"
        style={{ display: 'block' }}
      >
        <Box
          bg={`${KIND_COLOR[absence.kind]}.6`}
          c="white"
          px={4}
          style={{ borderRadius: 4, height: 22, overflow: 'hidden', whiteSpace: 'nowrap' }}
        >
          <Text size="xs" c="white" lh="22px" truncate>
            {t(`absence.kinds.${absence.kind}`)}
          </Text>
        </Box>
      </UnstyledButton>
    </Tooltip>
  );
}
