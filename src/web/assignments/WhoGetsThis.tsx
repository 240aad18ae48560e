import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Progress,
  Radio,
  ScrollArea,
  Stack,
  Table,
  Text,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  Assignment,
  AssignmentKind,
  Blocker,
  RankedCandidate,
  Suggestion,
} from '../../contract/sales-flow.ts';
import { ApiError, get, post, query } from '../api/client.ts';
import { formatDateTime, formatDay } from '../app/format.ts';
import { usePeople } from '../app/people.ts';
import { capColor } from './cap-color.ts';

type Kind = z.infer<typeof AssignmentKind>;

export function BlockerWords({ blockers }: { blockers: z.infer<typeof Blocker>[] }) {
  const { t } = useTranslation();
  if (blockers.length === 0) return <Text size="sm">—</Text>;
  return (
    <Stack gap={2}>
      {blockers.map((blocker) => (
        <Text key={blocker.code} size="sm" c="red.8">
          {blocker.code === 'away'
            ? t('assign.blockers.away', { until: formatDay(blocker.until) })
            : blocker.code === 'at_cap'
              ? t('assign.blockers.atCap', { accounts: blocker.accounts, cap: blocker.cap })
              : t('assign.blockers.grade', { required: blocker.required, rank: blocker.rank ?? '—' })}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * "Who gets this?": asks the assignment engine to rank the candidates for a lead, deal, client or
 * project, shows each one's figures and the rule that decided, and assigns. Taking someone other
 * than the suggestion needs a reason, which the server records with the decision.
 */
export function WhoGetsThis({
  kind,
  recordId,
  subject,
  opened,
  onClose,
  onAssigned,
}: {
  kind: Kind;
  recordId: string;
  /** What is being assigned, for the dialog's title: a company's or a project's name. */
  subject: string;
  opened: boolean;
  onClose: () => void;
  onAssigned?: (assignment: Assignment) => void;
}) {
  const { t } = useTranslation();
  const suggestion = useQuery({
    queryKey: ['assignment-suggestion', kind, recordId],
    queryFn: () => post<Suggestion>('/assignments/suggest', { kind, recordId }),
    enabled: opened,
    staleTime: 0,
    gcTime: 0,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const data = suggestion.data;
  const chosenId = data?.chosen?.userId ?? null;

  useEffect(() => {
    if (!opened) return;
    setSelected(chosenId);
    setReason('');
    setReasonError(null);
    setFormError(null);
  }, [opened, chosenId]);

  const overriding = selected !== null && selected !== chosenId;
  const assign = async () => {
    if (!selected) return;
    if (overriding && !reason.trim()) {
      setReasonError(t('assign.reasonRequired'));
      return;
    }
    setSaving(true);
    setFormError(null);
    try {
      const result = await post<{ assignment: Assignment }>('/assignments', {
        kind,
        recordId,
        userId: selected,
        ...(overriding ? { reason: reason.trim() } : {}),
      });
      onAssigned?.(result.assignment);
      onClose();
    } catch (error) {
      if (error instanceof ApiError) {
        const onReason = error.fields.find((field) => field.field === 'reason');
        if (onReason) setReasonError(onReason.message);
        const other = error.fields.filter((field) => field.field !== 'reason');
        if (other.length > 0 || error.fields.length === 0)
          setFormError(other.map((field) => field.message).join(' ') || error.detail);
      } else setFormError(String(error));
    } finally {
      setSaving(false);
    }
  };

  // When nobody is eligible, the nearest come first: they are whom a person would reach for.
  const rows = data
    ? data.chosen
      ? data.candidates
      : [...data.nearest, ...data.candidates.filter((c) => !data.nearest.some((n) => n.userId === c.userId))]
    : [];

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="auto"
      title={t('assign.title', { subject })}
      aria-describedby="who-gets-this-explanation"
    >
      {!data ? (
        suggestion.error ? (
          <Alert color="red">{suggestion.error.message}</Alert>
        ) : (
          <Group justify="center" p="xl">
            <Loader aria-label={t('app.loading')} />
          </Group>
        )
      ) : (
        <Stack maw={1100} data-testid="who-gets-this">
          <Text size="sm" c="dimmed">
            {t('assign.role', { role: t(`teamLoad.roles.${data.role}`) })}
          </Text>
          {data.chosen ? (
            <Alert color="green" icon={<IconCheck size={18} />} id="who-gets-this-explanation">
              <Text fw={600}>
                {t('assign.chosen', {
                  name: data.chosen.name,
                  rule: t(`assign.rules.${data.rule}`),
                })}
              </Text>
              <Text size="sm" data-testid="engine-explanation">
                {data.explanation}
              </Text>
            </Alert>
          ) : (
            <Alert color="orange" icon={<IconAlertTriangle size={18} />} id="who-gets-this-explanation">
              <Text fw={600}>
                {data.rule === 'no_candidates'
                  ? t('assign.noCandidates', { role: t(`teamLoad.roles.${data.role}`) })
                  : t('assign.nobodyEligible')}
              </Text>
              {data.nearest.length > 0 && (
                <Text size="sm">
                  {t('assign.nearest', { names: data.nearest.map((n) => n.name).join(', ') })}
                </Text>
              )}
              <Text size="sm" c="dimmed">
                {data.explanation}
              </Text>
            </Alert>
          )}
          {rows.length > 0 && (
            <Radio.Group
              value={selected}
              onChange={setSelected}
              label={t('assign.candidates')}
              name={`assignee-${recordId}`}
            >
              <ScrollArea type="auto" offsetScrollbars mt="xs">
                <CandidateTable rows={rows} chosenId={chosenId} nearest={data.nearest} />
              </ScrollArea>
            </Radio.Group>
          )}
          {overriding && (
            <Textarea
              label={t('assign.reason')}
              description={t('assign.reasonHint')}
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(event) => {
                setReason(event.currentTarget.value);
                setReasonError(null);
              }}
              error={reasonError}
            />
          )}
          {formError && (
            <Text c="red" size="sm" role="alert">
              {formError}
            </Text>
          )}
          <AssignmentHistory kind={kind} recordId={recordId} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button onClick={() => void assign()} loading={saving} disabled={!selected}>
              {overriding ? t('assign.assignOther') : t('assign.assign')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function CandidateTable({
  rows,
  chosenId,
  nearest,
}: {
  rows: RankedCandidate[];
  chosenId: string | null;
  nearest: RankedCandidate[];
}) {
  const { t } = useTranslation();
  return (
    <Table verticalSpacing="xs" miw={860} highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={40}>
            <VisuallyHidden>{t('assign.pick')}</VisuallyHidden>
          </Table.Th>
          <Table.Th>{t('assign.person')}</Table.Th>
          <Table.Th>{t('assign.accounts')}</Table.Th>
          <Table.Th ta="right">{t('assign.load')}</Table.Th>
          <Table.Th ta="right">{t('assign.openDeals')}</Table.Th>
          <Table.Th ta="right">{t('assign.openLeads')}</Table.Th>
          <Table.Th ta="right">{t('assign.openTasks')}</Table.Th>
          <Table.Th>{t('assign.grade')}</Table.Th>
          <Table.Th>{t('assign.industry')}</Table.Th>
          <Table.Th>{t('assign.blockersTitle')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((candidate) => {
          const isChosen = candidate.userId === chosenId;
          const isNearest = nearest.some((n) => n.userId === candidate.userId);
          return (
            <Table.Tr
              key={candidate.userId}
              bg={isChosen ? 'green.0' : undefined}
              data-testid="candidate-row"
              data-chosen={isChosen || undefined}
            >
              <Table.Td>
                <Radio value={candidate.userId} aria-label={t('assign.choose', { name: candidate.name })} />
              </Table.Td>
              <Table.Td miw={200}>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" c="dimmed">
                    {candidate.rank}.
                  </Text>
                  <Text size="sm" fw={isChosen ? 700 : 500}>
                    {candidate.name}
                  </Text>
                  {isChosen && (
                    <Badge size="xs" color="green">
                      {t('assign.suggested')}
                    </Badge>
                  )}
                  {isNearest && (
                    <Badge size="xs" color="orange" variant="light">
                      {t('assign.nearestBadge')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td miw={130}>
                {candidate.cap === null ? (
                  <Text size="sm">{candidate.accounts}</Text>
                ) : (
                  <Stack gap={2}>
                    <Text size="sm">
                      {candidate.accounts}/{candidate.cap}
                    </Text>
                    <Progress
                      value={Math.min(100, (candidate.accounts / Math.max(1, candidate.cap)) * 100)}
                      color={capColor(candidate.accounts, candidate.cap)}
                      size="sm"
                      aria-label={t('assign.accountsOfCap', {
                        accounts: candidate.accounts,
                        cap: candidate.cap,
                      })}
                    />
                  </Stack>
                )}
              </Table.Td>
              <Table.Td ta="right">{candidate.load}</Table.Td>
              <Table.Td ta="right">{candidate.openDeals}</Table.Td>
              <Table.Td ta="right">{candidate.openLeads}</Table.Td>
              <Table.Td ta="right">{candidate.openTasks}</Table.Td>
              <Table.Td>{candidate.gradeName ?? '—'}</Table.Td>
              <Table.Td>{candidate.industryMatch ? t('assign.industryMatch') : '—'}</Table.Td>
              <Table.Td>
                <BlockerWords blockers={candidate.blockers} />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** Earlier decisions about the same record: who chose whom, by which rule, and why when overridden. */
function AssignmentHistory({ kind, recordId }: { kind: Kind; recordId: string }) {
  const { t } = useTranslation();
  const { nameOf } = usePeople();
  const history = useQuery({
    queryKey: ['assignments', kind, recordId],
    queryFn: () => get<{ items: Assignment[] }>(`/assignments${query({ kind, recordId })}`),
  });
  const items = history.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t('assign.history')}
      </Text>
      {items.slice(0, 5).map((item) => (
        <Text key={item.id} size="xs" c="dimmed">
          {formatDateTime(item.decidedAt)} · {nameOf(item.chosenUserId)}
          {item.automatic ? ` · ${t('assign.automatic')}` : ` · ${nameOf(item.decidedBy)}`}
          {item.overrideReason ? ` · ${t('assign.overrideReason', { reason: item.overrideReason })}` : ''}
        </Text>
      ))}
    </Stack>
  );
}
