import { ActionIcon, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientBudget } from '../../contract/money.ts';
import { ApiError, put } from '../api/client.ts';
import { FormFooter } from '../app/FormFooter.tsx';
import { notifyError } from '../app/notify.tsx';
import { minorToInput, toMinor } from './money-input.ts';

interface BlockRow {
  id?: string;
  name: string;
  plan: string;
  key: string;
}

/** The client's budget for the year: blocks (e.g. operating work, accounting) with a planned amount. */
export function BudgetModal({
  companyId,
  budget,
  onClose,
  onSaved,
}: {
  companyId: string;
  budget: ClientBudget;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const currency = budget.currency;
  const [blocks, setBlocks] = useState<BlockRow[]>(() =>
    budget.blocks.length > 0
      ? budget.blocks.map((b) => ({
          id: b.id,
          name: b.name,
          plan: minorToInput(b.planMinor, currency),
          key: b.id,
        }))
      : [{ name: '', plan: '', key: crypto.randomUUID() }],
  );
  const [notes, setNotes] = useState(budget.notes);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (index: number, patch: Partial<BlockRow>) =>
    setBlocks((current) => current.map((b, i) => (i === index ? { ...b, ...patch } : b)));
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const rows = blocks.filter((b) => b.name.trim() || b.plan.trim());
    const body = {
      version: budget.version ?? undefined,
      currency,
      notes,
      blocks: rows.map((b) => ({
        id: b.id,
        name: b.name.trim(),
        planMinor: toMinor(b.plan || '0', currency) ?? -1,
      })),
    };
    if (body.blocks.some((b) => b.planMinor < 0 || !b.name)) return setError(t('budget.badBlock'));
    setBusy(true);
    try {
      await put(`/companies/${companyId}/budgets/${budget.year}`, body);
      onSaved();
    } catch (problem) {
      if (problem instanceof ApiError && problem.code !== 'version_conflict')
        setError(problem.fields.map((f) => `${f.field}: ${f.message}`).join('; ') || problem.detail);
      else notifyError(problem);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} size="lg" title={t('budget.titleYear', { year: budget.year })}>
      <form onSubmit={save}>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('budget.hint', { currency })}
          </Text>
          {blocks.map((block, index) => (
            <Group key={block.key} align="flex-end" wrap="nowrap">
              <TextInput
                label={index === 0 ? t('budget.block') : undefined}
                aria-label={t('budget.blockN', { n: index + 1 })}
                value={block.name}
                onChange={(e) => update(index, { name: e.currentTarget.value })}
                style={{ flex: 1 }}
              />
              <TextInput
                label={index === 0 ? `${t('budget.planned')}, ${currency}` : undefined}
                aria-label={t('budget.planN', { n: index + 1 })}
                inputMode="decimal"
                value={block.plan}
                onChange={(e) => update(index, { plan: e.currentTarget.value })}
                w={160}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                mb={4}
                aria-label={t('app.delete')}
                onClick={() => setBlocks((current) => current.filter((_, i) => i !== index))}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="default"
            leftSection={<IconPlus size={16} />}
            onClick={() =>
              setBlocks((current) => [...current, { name: '', plan: '', key: crypto.randomUUID() }])
            }
          >
            {t('budget.addBlock')}
          </Button>
          <Textarea
            label={t('budget.notes')}
            autosize
            minRows={1}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
          />
          <FormFooter error={error} onCancel={onClose} submitLabel={t('app.save')} submitting={busy} />
        </Stack>
      </form>
    </Modal>
  );
}
