import { Button, Modal, Radio, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallList } from '../../contract/sales-flow.ts';
import type { SavedView } from '../../contract/saved-views.ts';
import { ApiError, get, post } from '../api/client.ts';
import { FormFooter } from '../app/FormFooter.tsx';
import { usePeople } from '../app/people.ts';
import {
  type CallListDraft,
  CallListFields,
  callListBody,
  draftErrors,
  emptyCallListDraft,
} from './CallListFields.tsx';

export type SegmentSource = 'companyIds' | 'savedViewId' | 'filters';

/**
 * Builds a call list from companies already in Tandem: the selected rows, a saved view of
 * companies, or the companies list's current filters. A view or filters are resolved by the server
 * (within what the person sees), so a large segment never travels as thousands of ids.
 */
export function BuildCallListModal({
  opened,
  onClose,
  selectedIds = [],
  view = null,
  filters,
  chooseView = false,
}: {
  opened: boolean;
  onClose: () => void;
  selectedIds?: string[];
  view?: SavedView | null;
  filters?: Record<string, string>;
  /** Pick the saved view in the dialog (from the call lists page). */
  chooseView?: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const { nameOf } = usePeople();
  const preferred: SegmentSource =
    chooseView || (view && selectedIds.length === 0)
      ? 'savedViewId'
      : selectedIds.length > 0
        ? 'companyIds'
        : 'filters';
  const [source, setSource] = useState<SegmentSource>(preferred);
  const [viewId, setViewId] = useState<string | null>(view?.id ?? null);
  const [draft, setDraft] = useState<CallListDraft>(emptyCallListDraft(view?.name ?? ''));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const views = useQuery({
    queryKey: ['saved-views', 'company'],
    queryFn: () => get<{ items: SavedView[] }>('/saved-views?entity=company'),
    enabled: opened && chooseView,
  });

  // Each opening starts from what the person has in front of them.
  useEffect(() => {
    if (!opened) return;
    setSource(preferred);
    setViewId(view?.id ?? null);
    setDraft(emptyCallListDraft(view?.name ?? ''));
    setErrors({});
    setProblem(null);
  }, [opened, preferred, view]);

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!draft.name.trim()) local.name = t('callLists.needs.name');
    if (draft.callerIds.length === 0) local.callerIds = t('callLists.needs.callers');
    if (source === 'savedViewId' && !viewId) local.source = t('callLists.needs.view');
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    const segment =
      source === 'companyIds'
        ? { companyIds: selectedIds }
        : source === 'savedViewId'
          ? { savedViewId: viewId }
          : { filters: filters ?? {} };
    setSaving(true);
    try {
      const list = await post<CallList>('/call-lists', { ...callListBody(draft), ...segment });
      const total = Object.values(list.counts).reduce((sum, n) => sum + n, 0);
      notifications.show({
        color: 'green',
        message: t('callLists.built', { name: list.name, count: total }),
      });
      void client.invalidateQueries({ queryKey: ['call-lists'] });
      onClose();
      void navigate({ to: '/call-lists' });
    } catch (error) {
      if (error instanceof ApiError) {
        const fields = draftErrors(error.fields);
        const sourceProblem = error.fields.find((f) =>
          ['companyIds', 'savedViewId', 'filters'].includes(f.field),
        );
        if (sourceProblem) fields.source = sourceProblem.message;
        setErrors(fields);
        setProblem(error.fields.length === 0 ? error.detail : null);
      } else setProblem(String(error));
    } finally {
      setSaving(false);
    }
  };

  const filterText = Object.entries(filters ?? {})
    .map(([key, value]) =>
      key === 'q'
        ? `${t('app.search')}: ${value}`
        : key === 'status'
          ? `${t('company.status')}: ${t(`status.${value}`)}`
          : key === 'ownerId'
            ? `${t('company.owner')}: ${nameOf(value)}`
            : `${key}: ${value}`,
    )
    .join(', ');
  return (
    <Modal opened={opened} onClose={onClose} title={t('callLists.build')} size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          {chooseView ? (
            <Select
              label={t('callLists.fromView')}
              placeholder={t('callLists.chooseView')}
              data={(views.data?.items ?? []).map((v) => ({ value: v.id, label: v.name }))}
              value={viewId}
              onChange={setViewId}
              searchable
              error={errors.source}
              nothingFoundMessage={t('callLists.noViews')}
            />
          ) : (
            <Radio.Group
              label={t('callLists.whichCompanies')}
              value={source}
              onChange={(next) => setSource(next as SegmentSource)}
              error={errors.source}
            >
              <Stack gap="xs" mt="xs">
                {selectedIds.length > 0 && (
                  <Radio
                    value="companyIds"
                    label={t('callLists.sources.selection', { count: selectedIds.length })}
                  />
                )}
                {view && (
                  <Radio value="savedViewId" label={t('callLists.sources.view', { name: view.name })} />
                )}
                <Radio
                  value="filters"
                  label={
                    filterText
                      ? t('callLists.sources.filters', { filters: filterText })
                      : t('callLists.sources.everything')
                  }
                />
              </Stack>
            </Radio.Group>
          )}
          <Text size="xs" c="dimmed">
            {t('callLists.segmentHint')}
          </Text>
          <CallListFields value={draft} onChange={setDraft} errors={errors} />
          <FormFooter
            error={problem}
            onCancel={onClose}
            submitLabel={t('callLists.create')}
            submitting={saving}
          />
        </Stack>
      </form>
    </Modal>
  );
}

/** The "Build call list" button of the companies list. */
export function BuildCallListButton(props: {
  selectedIds: string[];
  view: SavedView | null;
  filters: Record<string, string>;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>
        {t('callLists.build')}
      </Button>
      <BuildCallListModal opened={opened} onClose={() => setOpened(false)} {...props} />
    </>
  );
}
