import {
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Select,
  Stack,
  Tabs,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconUserQuestion } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPANY_STATUSES, type Company } from '../../contract/companies.ts';
import { AccountTab } from '../account/AccountTab.tsx';
import { ApiError, applyFieldErrors, get, patch } from '../api/client.ts';
import { notifyError, notifySaved } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';
import { WhoGetsThis } from '../assignments/WhoGetsThis.tsx';
import { can, type Me, useMe } from '../auth/me.ts';
import { ClientJourney } from '../journey/ClientJourney.tsx';
import { CompanyProjects } from '../projects/CompanyProjects.tsx';
import { CompanyContacts } from './CompanyContacts.tsx';
import { CompanyDeals } from './CompanyDeals.tsx';
import { CompanyFinance } from './CompanyFinance.tsx';
import { CompanyHistory } from './CompanyHistory.tsx';
import { CompanyTasks } from './CompanyTasks.tsx';
import { Timeline } from './Timeline.tsx';

/**
 * The company card: details edited in place, contacts, projects with their PM + AM pairs, deals,
 * timeline, account work (next contact, health, meetings, requests, growth plan, feedback), tasks
 * and history; "Who gets this?" for those who hand out clients.
 */
export function CompanyCard() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const { companyId } = useParams({ from: '/companies/$companyId' });
  const [assigning, setAssigning] = useState(false);
  const company = useQuery({
    queryKey: ['company', companyId],
    queryFn: () => get<Company>(`/companies/${companyId}`),
  });

  if (company.error instanceof ApiError && company.error.status === 404)
    return <Text>{t('company.notFound')}</Text>;
  if (!company.data) return <Text c="dimmed">{t('app.loading')}</Text>;
  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2}>{company.data.name}</Title>
          <Badge variant="light">{t(`status.${company.data.status}`)}</Badge>
        </Group>
        {can(me, 'crm:assign') && (
          <Button
            variant="light"
            leftSection={<IconUserQuestion size={16} />}
            onClick={() => setAssigning(true)}
          >
            {t('assign.button')}
          </Button>
        )}
      </Group>
      {can(me, 'crm:assign') && (
        <WhoGetsThis
          kind="client"
          recordId={companyId}
          subject={company.data.name}
          opened={assigning}
          onClose={() => setAssigning(false)}
          onAssigned={() => {
            notifications.show({ color: 'green', message: t('assign.done') });
            void client.invalidateQueries({ queryKey: ['company', companyId] });
            void client.invalidateQueries({ queryKey: ['/companies'] });
            void client.invalidateQueries({ queryKey: ['projects'] });
          }}
        />
      )}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack>
            <CompanyDetails company={company.data} />
            <CompanyContacts companyId={companyId} />
            <CompanyProjects companyId={companyId} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Tabs defaultValue="timeline" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="timeline">{t('company.timeline')}</Tabs.Tab>
              <Tabs.Tab value="journey">{t('journey.tab')}</Tabs.Tab>
              <Tabs.Tab value="account">{t('account.tab')}</Tabs.Tab>
              <Tabs.Tab value="deals">{t('company.deals')}</Tabs.Tab>
              <Tabs.Tab value="tasks">{t('company.tasks')}</Tabs.Tab>
              {can(me, 'money:read') && <Tabs.Tab value="finance">{t('finance.tab')}</Tabs.Tab>}
              <Tabs.Tab value="history">{t('company.history')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="timeline" pt="md">
              <Timeline companyId={companyId} />
            </Tabs.Panel>
            <Tabs.Panel value="journey" pt="md">
              <ClientJourney companyId={companyId} isClient={company.data.status === 'client'} />
            </Tabs.Panel>
            <Tabs.Panel value="account" pt="md">
              <AccountTab companyId={companyId} />
            </Tabs.Panel>
            <Tabs.Panel value="deals" pt="md">
              <CompanyDeals companyId={companyId} />
            </Tabs.Panel>
            <Tabs.Panel value="tasks" pt="md">
              <CompanyTasks companyId={companyId} />
            </Tabs.Panel>
            {can(me, 'money:read') && (
              <Tabs.Panel value="finance" pt="md">
                <CompanyFinance companyId={companyId} />
              </Tabs.Panel>
            )}
            <Tabs.Panel value="history" pt="md">
              <CompanyHistory companyId={companyId} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

const EDITABLE = [
  'name',
  'legalName',
  'taxId',
  'domain',
  'industry',
  'region',
  'status',
  'ownerId',
  'tags',
] as const;

function CompanyDetails({ company }: { company: Company }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { options: people } = usePeople();
  const [editing, setEditing] = useState(false);
  const initial = () => ({
    name: company.name,
    legalName: company.legalName ?? '',
    taxId: company.taxId ?? '',
    domain: company.domain ?? '',
    industry: company.industry ?? '',
    region: company.region ?? '',
    status: company.status as string,
    ownerId: company.ownerId,
    tags: company.tags,
  });
  const form = useForm({ initialValues: initial() });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form when a newer version arrives
  useEffect(() => form.setValues(initial()), [company.version]);

  const reload = () => void client.invalidateQueries({ queryKey: ['company', company.id] });
  const submit = form.onSubmit(async (values) => {
    const body: Record<string, unknown> = { version: company.version };
    for (const key of EDITABLE) {
      const value = values[key];
      body[key] = value === '' ? null : value;
    }
    try {
      const saved = await patch<Company>(`/companies/${company.id}`, body);
      client.setQueryData(['company', company.id], saved);
      void client.invalidateQueries({ queryKey: ['/companies'] });
      setEditing(false);
      notifySaved();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') notifyError(error, reload);
      else {
        const unplaced = applyFieldErrors(error, form.setFieldError, [...EDITABLE]);
        if (unplaced) notifyError(error);
      }
    }
  });

  const text = (field: 'name' | 'legalName' | 'taxId' | 'domain' | 'industry' | 'region', label: string) => (
    <TextInput
      label={label}
      readOnly={!editing}
      variant={editing ? 'default' : 'unstyled'}
      {...form.getInputProps(field)}
    />
  );

  return (
    <Card withBorder component="form" onSubmit={submit} aria-label={t('company.details')}>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('company.details')}</Title>
        {editing ? (
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                form.setValues(initial());
                setEditing(false);
              }}
            >
              {t('app.cancel')}
            </Button>
            <Button size="xs" type="submit" loading={form.submitting}>
              {t('app.save')}
            </Button>
          </Group>
        ) : (
          <Button size="xs" variant="light" onClick={() => setEditing(true)}>
            {t('app.edit')}
          </Button>
        )}
      </Group>
      <Stack gap={4}>
        {text('name', t('company.name'))}
        {text('legalName', t('company.legalName'))}
        {text('taxId', t('company.taxId'))}
        {text('domain', t('company.domain'))}
        {text('industry', t('company.industry'))}
        {text('region', t('company.region'))}
        <Select
          label={t('company.status')}
          readOnly={!editing}
          variant={editing ? 'default' : 'unstyled'}
          data={COMPANY_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))}
          {...form.getInputProps('status')}
        />
        <Select
          label={t('company.owner')}
          readOnly={!editing}
          variant={editing ? 'default' : 'unstyled'}
          data={people}
          searchable
          {...form.getInputProps('ownerId')}
        />
        <TagsInput label={t('company.tags')} readOnly={!editing} {...form.getInputProps('tags')} />
      </Stack>
    </Card>
  );
}
