import { Button, Checkbox, Group, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBookmark, IconDownload } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedView } from '../../contract/saved-views.ts';
import { get, post } from '../api/client.ts';
import { notifyError } from './notify.tsx';

export interface ViewState {
  filters: SavedView['filters'];
  columns: string[];
  sort: string | null;
}

/**
 * Saved views of a list: pick one to apply its filters, columns and sort; save the current state,
 * personal or shared; export the chosen view's records (a segment) to CSV or XLSX.
 */
export function SavedViews({
  entity,
  current,
  onApply,
}: {
  entity: SavedView['entity'];
  current: ViewState;
  onApply: (view: SavedView) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [active, setActive] = useState<SavedView | null>(null);
  const [saving, { open, close }] = useDisclosure(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const views = useQuery({
    queryKey: ['saved-views', entity],
    queryFn: () => get<{ items: SavedView[] }>(`/saved-views?entity=${entity}`),
  });

  const save = async () => {
    try {
      const view = await post<SavedView>('/saved-views', { entity, name, shared, ...current });
      setActive(view);
      onApply(view);
      close();
      setName('');
      void client.invalidateQueries({ queryKey: ['saved-views', entity] });
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Group gap="xs">
      <Menu>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />}>
            {active?.name ?? t('views.title')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {views.data?.items.map((view) => (
            <Menu.Item
              key={view.id}
              onClick={() => {
                setActive(view);
                onApply(view);
              }}
              rightSection={view.shared ? '👥' : undefined}
            >
              {view.name}
            </Menu.Item>
          ))}
          {views.data?.items.length ? <Menu.Divider /> : null}
          <Menu.Item onClick={open}>{t('views.save')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {active && (
        <Menu>
          <Menu.Target>
            <Button variant="default" leftSection={<IconDownload size={16} />}>
              {t('views.export')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item component="a" href={`/api/v1/saved-views/${active.id}/export?format=csv`}>
              CSV
            </Menu.Item>
            <Menu.Item component="a" href={`/api/v1/saved-views/${active.id}/export?format=xlsx`}>
              XLSX
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
      <Modal opened={saving} onClose={close} title={t('views.save')}>
        <Stack>
          <TextInput
            label={t('views.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
          <Checkbox
            label={t('views.shared')}
            checked={shared}
            onChange={(e) => setShared(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button disabled={!name.trim()} onClick={() => void save()}>
              {t('app.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
