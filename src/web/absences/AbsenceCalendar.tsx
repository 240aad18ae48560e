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
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Absence } from '../../contract/sales-flow.ts';
import { get, query } from '../api/client.ts';
import { formatDay, todayIn } from '../app/format.ts';
import { usePeople } from '../app/people.ts';
import { type Me, useMe } from '../auth/me.ts';
import { AbsenceModal, KIND_COLOR } from './AbsenceModal.tsx';
import { daysOfMonth, isCurrent, isWeekend, rowSegments, shiftMonth } from './calendar.ts';

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
  const myCurrent = items.find((a) => a.userId === me.id && isCurrent(a, today));
  const rows = people.filter((person) => person.name.toLowerCase().includes(search.trim().toLowerCase()));
  // On a narrow screen the month scrolls sideways: start with today in view.
  const viewport = useRef<HTMLDivElement>(null);
  const todayIndex = days.indexOf(today);
  useEffect(() => {
    if (viewport.current) viewport.current.scrollLeft = todayIndex > 7 ? (todayIndex - 7) * 26 : 0;
  }, [todayIndex]);
  const monthLabel = new Intl.DateTimeFormat(i18n.language, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));

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
      <ScrollArea type="auto" offsetScrollbars viewportRef={viewport}>
        <Table
          withTableBorder
          withColumnBorders
          layout="fixed"
          miw={140 + days.length * 26}
          data-testid="absence-calendar"
          aria-label={t('absence.calendarLabel', { month: monthLabel })}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={140}>{t('absence.person')}</Table.Th>
              {days.map((day) => (
                <Table.Th
                  key={day}
                  p={0}
                  ta="center"
                  bg={day === today ? 'indigo.1' : isWeekend(day) ? 'gray.1' : undefined}
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
                    <Table.Td key={segment.day} p={0} bg={isWeekend(segment.day) ? 'gray.0' : undefined} />
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
