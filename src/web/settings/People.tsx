import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  Select,
  Stack,
  Table,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ROLE_VALUES } from '../../contract/auth.ts';
import { CreateUserBody, type UserPage } from '../../contract/people.ts';
import { applyFieldErrors, get, post } from '../api/client.ts';
import { notifyError } from '../app/notify.tsx';
import { zodValidate } from '../app/zod-form.ts';
import { PersonDrawer } from './PersonDrawer.tsx';

export function People() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [adding, { open, close }] = useDisclosure(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const people = useQuery({
    queryKey: ['people', 'all'],
    queryFn: () => get<z.infer<typeof UserPage>>('/users?limit=500'),
  });
  const form = useForm({
    initialValues: { name: '', email: '', password: '', roles: [] as string[], tier: null as string | null },
    validate: zodValidate(CreateUserBody, toBody),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      await post('/users', toBody(values));
      form.reset();
      close();
      void client.invalidateQueries({ queryKey: ['people'] });
    } catch (error) {
      if (applyFieldErrors(error, form.setFieldError, ['name', 'email', 'password', 'roles', 'tier']))
        notifyError(error);
    }
  });
  return (
    <Stack>
      <Group>
        <Button onClick={open}>{t('settings.newUser')}</Button>
      </Group>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('contact.name')}</Table.Th>
            <Table.Th>{t('contact.email')}</Table.Th>
            <Table.Th>{t('settings.roles')}</Table.Th>
            <Table.Th>{t('settings.tier')}</Table.Th>
            <Table.Th>{t('settings.active')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {people.data?.items.map((person) => (
            <Table.Tr key={person.id}>
              <Table.Td>{person.name}</Table.Td>
              <Table.Td>{person.email}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {person.roles.map((role) => (
                    <Badge key={role} size="sm" variant="light">
                      {t(`role.${role}`)}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{person.tier ?? '—'}</Table.Td>
              <Table.Td>{person.active ? '✓' : '—'}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" onClick={() => setEditingId(person.id)}>
                  {t('people.open')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <PersonDrawer
        person={people.data?.items.find((person) => person.id === editingId) ?? null}
        onClose={() => setEditingId(null)}
      />
      <Modal opened={adding} onClose={close} title={t('settings.newUser')}>
        <form onSubmit={submit}>
          <Stack>
            <TextInput label={t('contact.name')} required {...form.getInputProps('name')} />
            <TextInput label={t('contact.email')} type="email" required {...form.getInputProps('email')} />
            <PasswordInput label={t('signIn.password')} {...form.getInputProps('password')} />
            <MultiSelect
              label={t('settings.roles')}
              required
              data={ROLE_VALUES.map((value) => ({ value, label: t(`role.${value}`) }))}
              {...form.getInputProps('roles')}
            />
            <Select
              label={t('settings.tier')}
              clearable
              data={['1', '2', '3']}
              {...form.getInputProps('tier')}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={form.submitting}>
                {t('app.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

function toBody(values: {
  name: string;
  email: string;
  password: string;
  roles: string[];
  tier: string | null;
}) {
  return {
    name: values.name,
    email: values.email,
    roles: values.roles,
    ...(values.password ? { password: values.password } : {}),
    ...(values.tier ? { tier: Number(values.tier) } : {}),
  };
}
