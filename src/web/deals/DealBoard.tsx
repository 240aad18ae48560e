import {
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { Badge, Group, ScrollArea, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { lazy, memo, Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Board, Deal } from '../../contract/deals.ts';
import type { Pipeline } from '../../contract/settings.ts';
import { ApiError, get, post, query } from '../api/client.ts';
import { formatDate, formatMoney } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { LinkedInstructions } from '../knowledge/LinkedInstructions.tsx';
import classes from './DealBoard.module.css';

// The dialogs (and their date pickers) load only when a stage asks for fields or a deal is opened.
const StageFieldsModal = lazy(() =>
  import('./StageFieldsModal.tsx').then((m) => ({ default: m.StageFieldsModal })),
);
const DealForm = lazy(() => import('./DealForm.tsx').then((m) => ({ default: m.DealForm })));

type BoardData = z.infer<typeof Board>;
type Column = BoardData['columns'][number];

/** The kanban board of a pipeline: drag a deal to another stage; a stage that needs fields asks for them. */
export function DealBoard() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate({ from: '/deals' });
  const { deal: openDealId } = useSearch({ from: '/deals' });
  const openDeal = useCallback(
    (dealId: string | undefined) => void navigate({ search: dealId ? { deal: dealId } : {} }),
    [navigate],
  );
  const pipelines = useQuery({
    queryKey: ['pipelines'],
    queryFn: () => get<{ items: Pipeline[] }>('/pipelines'),
  });
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const board = useQuery({
    queryKey: ['board', pipelineId],
    queryFn: () => get<BoardData>(`/deals/board${query({ pipelineId, perStage: 200 })}`),
  });
  const [pending, setPending] = useState<{ deal: Deal; column: Column; missing: string[] } | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor),
  );

  const refresh = () => void client.invalidateQueries({ queryKey: ['board'] });
  const move = async (deal: Deal, column: Column, fields: Record<string, unknown> = {}) => {
    try {
      await post(`/deals/${deal.id}/move`, { version: deal.version, stageId: column.stageId, ...fields });
      setPending(null);
      refresh();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stage_requirements_missing') {
        setPending({ deal, column, missing: error.fields.map((f) => f.field) });
        return;
      }
      notifyError(error, refresh);
      throw error;
    }
  };

  const onDragEnd = (event: DragEndEvent) => {
    const deal = event.active.data.current?.deal as Deal | undefined;
    const column = board.data?.columns.find((c) => c.stageId === event.over?.id);
    if (deal && column && column.stageId !== deal.stageId) void move(deal, column).catch(() => undefined);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('deal.board')}</Title>
        <Select
          aria-label={t('deal.pipeline')}
          data={(pipelines.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={pipelineId ?? board.data?.pipelineId ?? null}
          onChange={setPipelineId}
        />
      </Group>
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <ScrollArea type="auto" offsetScrollbars>
          <Group align="flex-start" wrap="nowrap" gap="sm" data-testid="deal-board">
            {board.data?.columns.map((column) => (
              <BoardColumn key={column.stageId} column={column} onOpen={openDeal} />
            ))}
          </Group>
        </ScrollArea>
      </DndContext>
      {pending && (
        <Suspense>
          <StageFieldsModal
            deal={pending.deal}
            stageName={pending.column.name}
            missing={pending.missing}
            onCancel={() => setPending(null)}
            onSubmit={(fields) => move(pending.deal, pending.column, fields)}
          />
        </Suspense>
      )}
      {openDealId && (
        <Suspense>
          <DealForm dealId={openDealId} onClose={() => openDeal(undefined)} />
        </Suspense>
      )}
    </Stack>
  );
}

const KIND_COLOR = { open: 'blue', won: 'green', lost: 'red' } as const;

function BoardColumn({ column, onOpen }: { column: Column; onOpen: (dealId: string) => void }) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: column.stageId });
  return (
    <Stack
      ref={setNodeRef}
      w={270}
      miw={270}
      p="xs"
      gap="xs"
      bg={isOver ? 'indigo.0' : 'gray.0'}
      style={{ borderRadius: 8, minHeight: 400 }}
      data-testid={`stage-${column.name}`}
      aria-label={column.name}
    >
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600}>{column.name}</Text>
        <Badge color={KIND_COLOR[column.kind]} variant="light">
          {column.count}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" data-testid="stage-total">
        {column.totals.map((total) => formatMoney(total.amountMinor, total.currency)).join(' + ') || '—'}
      </Text>
      <LinkedInstructions targetType="stage" targetId={column.stageId} />
      {column.deals.map((deal) => (
        <DealCard key={deal.id} deal={deal} onOpen={onOpen} openLabel={t('deal.edit')} />
      ))}
      {column.count > column.deals.length && (
        <Text size="xs" c="dimmed">
          {t('deal.count', { count: column.count })}
        </Text>
      )}
    </Stack>
  );
}

/**
 * A card on the board. Plain elements and one CSS module rather than nested Mantine components:
 * a board shows hundreds of these, and this keeps 500 of them quick to render.
 */
const DealCard = memo(function DealCard({
  deal,
  onOpen,
  openLabel,
}: {
  deal: Deal;
  onOpen: (dealId: string) => void;
  openLabel: string;
}) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: deal.id,
    data: { deal },
  });
  return (
    <div
      ref={setNodeRef}
      className={isDragging ? `${classes.card} ${classes.dragging}` : classes.card}
      style={transform ? { transform: `translate(${transform.x}px, ${transform.y}px)` } : undefined}
      data-testid="deal-card"
      {...listeners}
      {...attributes}
    >
      <div className={classes.head}>
        <div className={classes.title}>{deal.title}</div>
        {/* Its own button, so that neither a drag nor the card's keyboard handling swallows it. */}
        <button
          type="button"
          className={classes.open}
          aria-label={`${openLabel}: ${deal.title}`}
          title={openLabel}
          onPointerDown={(event) => event.stopPropagation()}
          onKeyDown={(event) => event.stopPropagation()}
          onClick={() => onOpen(deal.id)}
        >
          ✎
        </button>
      </div>
      <Link to="/companies/$companyId" params={{ companyId: deal.companyId }} className={classes.company}>
        {deal.companyName}
      </Link>
      <div className={classes.row}>
        <span>{formatMoney(deal.amountMinor, deal.currency)}</span>
        <span className={classes.dimmed}>{formatDate(deal.expectedCloseDate)}</span>
      </div>
      {deal.nextStep && <div className={classes.nextStep}>→ {deal.nextStep}</div>}
    </div>
  );
});
