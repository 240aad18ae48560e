import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The foot of a form in a dialog: the error that belongs to no one field, then Cancel and the
 * submit button, right-aligned.
 */
export function FormFooter({
  error,
  onCancel,
  submitLabel,
  submitting,
  danger = false,
}: {
  error: string | null | undefined;
  onCancel: () => void;
  submitLabel: string;
  submitting: boolean;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('app.cancel')}
        </Button>
        <Button type="submit" color={danger ? 'red' : undefined} loading={submitting}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
