import { Button, Group, Modal, Stack } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../app/notify.tsx';

/**
 * The dialog in which a setting (a team, a grade, a custom field) is changed or deleted. Saving
 * and deleting show what the server said and keep the dialog open when it refused; a deletion
 * is confirmed first. `onDone` reloads the list.
 */
export function SettingEditor({
  title,
  name,
  children,
  canSave,
  onSave,
  onDelete,
  onClose,
  onDone,
}: {
  title: string;
  /** What the deletion question names. */
  name: string;
  children: ReactNode;
  canSave: boolean;
  onSave: () => Promise<unknown>;
  onDelete: () => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      onDone();
      onClose();
    } catch (error) {
      notifyError(error, onDone);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={title}>
      <Stack>
        {children}
        <Group justify="space-between" mt="sm">
          <Button
            color="red"
            variant="subtle"
            disabled={busy}
            onClick={() => {
              if (window.confirm(t('settings.deleteConfirm', { name }))) void run(onDelete);
            }}
          >
            {t('app.delete')}
          </Button>
          <Group>
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button loading={busy} disabled={!canSave} onClick={() => void run(onSave)}>
              {t('app.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The row button that opens a setting's editor, named after the setting for screen readers. */
export function EditButton({ name, onClick }: { name: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button size="xs" variant="light" aria-label={`${t('app.edit')}: ${name}`} onClick={onClick}>
      {t('app.edit')}
    </Button>
  );
}
