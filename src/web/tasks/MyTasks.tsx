import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TaskGroups } from './TaskGroups.tsx';

export function MyTasks() {
  const { t } = useTranslation();
  return (
    <Stack maw={900}>
      <Title order={2}>{t('nav.tasks')}</Title>
      <TaskGroups />
    </Stack>
  );
}
