import { Badge, Button, Card, Group, Modal, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconUserQuestion } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateProjectBody, PROJECT_STATUSES, type Project } from '../../contract/sales-flow.ts';
import { applyFieldErrors, get, post, query } from '../api/client.ts';
import { FormFooter } from '../app/FormFooter.tsx';
import { usePeople } from '../app/people.ts';
import { zodValidate } from '../app/zod-form.ts';
import { WhoGetsThis } from '../assignments/WhoGetsThis.tsx';
import { can, type Me, useMe } from '../auth/me.ts';

const STATUS_COLOR = {
  planned: 'gray',
  active: 'green',
  on_hold: 'yellow',
  completed: 'blue',
  cancelled: 'red',
} as const;

/** The client's projects, each with its PM + AM pair (DOMAIN.md §2.4); who hands out work picks the PM. */
export function CompanyProjects({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const { nameOf } = usePeople();
  const [adding, { open, close }] = useDisclosure(false);
  const [assigning, setAssigning] = useState<Project | null>(null);
  const projects = useQuery({
    queryKey: ['projects', { companyId }],
    queryFn: () => get<{ items: Project[] }>(`/projects${query({ companyId })}`),
  });
  const items = projects.data?.items ?? [];
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('project.title')}</Title>
        {can(me, 'crm:write') && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={open}>
            {t('project.new')}
          </Button>
        )}
      </Group>
      <Stack gap="sm" data-testid="company-projects">
        {items.length === 0 && <Text c="dimmed">{t('app.nothing')}</Text>}
        {items.map((project) => (
          <Stack key={project.id} gap={2}>
            <Group gap="xs" justify="space-between" wrap="nowrap">
              <Group gap="xs">
                <Text fw={500}>{project.name}</Text>
                <Badge size="xs" color={STATUS_COLOR[project.status]} variant="light">
                  {t(`project.statuses.${project.status}`)}
                </Badge>
              </Group>
              {can(me, 'crm:assign') && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  leftSection={<IconUserQuestion size={14} />}
                  onClick={() => setAssigning(project)}
                  aria-label={`${t('assign.buttonPm')}: ${project.name}`}
                >
                  {t('assign.buttonPm')}
                </Button>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {t('project.pm')}: {nameOf(project.pmId)} · {t('project.am')}: {nameOf(project.amId)}
            </Text>
          </Stack>
        ))}
      </Stack>
      {adding && <NewProjectModal companyId={companyId} onClose={close} />}
      {assigning && (
        <WhoGetsThis
          kind="project"
          recordId={assigning.id}
          subject={assigning.name}
          opened
          onClose={() => setAssigning(null)}
          onAssigned={() => {
            notifications.show({ color: 'green', message: t('assign.done') });
            void client.invalidateQueries({ queryKey: ['projects'] });
          }}
        />
      )}
    </Card>
  );
}

const FIELDS = ['name', 'pmId', 'amId', 'status'];

function NewProjectModal({ companyId, onClose }: { companyId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { optionsWithRole } = usePeople();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: '', pmId: null as string | null, amId: null as string | null, status: 'active' },
    validate: zodValidate(CreateProjectBody, (values: Record<string, unknown>) => ({ ...values, companyId })),
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await post('/projects', { ...values, companyId });
      void client.invalidateQueries({ queryKey: ['projects'] });
      onClose();
    } catch (error) {
      setFormError(applyFieldErrors(error, form.setFieldError, FIELDS));
    }
  });
  return (
    <Modal opened onClose={onClose} title={t('project.new')}>
      <form noValidate onSubmit={submit}>
        <Stack>
          <TextInput label={t('project.name')} required data-autofocus {...form.getInputProps('name')} />
          <Select
            label={t('project.pm')}
            clearable
            searchable
            data={optionsWithRole('pm')}
            {...form.getInputProps('pmId')}
          />
          <Select
            label={t('project.am')}
            clearable
            searchable
            data={optionsWithRole('am')}
            {...form.getInputProps('amId')}
          />
          <Select
            label={t('project.status')}
            allowDeselect={false}
            data={PROJECT_STATUSES.map((value) => ({ value, label: t(`project.statuses.${value}`) }))}
            {...form.getInputProps('status')}
          />
          <FormFooter
            error={formError}
            onCancel={onClose}
            submitLabel={t('app.create')}
            submitting={form.submitting}
          />
        </Stack>
      </form>
    </Modal>
  );
}
