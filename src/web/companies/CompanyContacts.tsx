import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { type Contact, type ContactPage, DECISION_ROLES } from '../../contract/contacts.ts';
import { applyFieldErrors, get, post, query } from '../api/client.ts';

/** The company's people, decision makers first and marked. */
export function CompanyContacts({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const [adding, { open, close }] = useDisclosure(false);
  const contacts = useQuery({
    queryKey: ['contacts', { companyId }],
    queryFn: () => get<z.infer<typeof ContactPage>>(`/contacts${query({ companyId, limit: 200 })}`),
  });
  const sorted = [...(contacts.data?.items ?? [])].sort(
    (a, b) => Number(b.isDecisionMaker) - Number(a.isDecisionMaker),
  );
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('company.contacts')}</Title>
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={open}>
          {t('contact.new')}
        </Button>
      </Group>
      <Stack gap="xs" data-testid="company-contacts">
        {sorted.length === 0 && <Text c="dimmed">{t('app.nothing')}</Text>}
        {sorted.map((contact) => (
          <Stack key={contact.id} gap={0}>
            <Group gap="xs">
              <Text fw={500}>{contact.name}</Text>
              {contact.isDecisionMaker && (
                <Badge size="xs" color="grape">
                  {t('contact.decisionMaker')}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {[contact.position, ...contact.emails, ...contact.phones].filter(Boolean).join(' · ')}
            </Text>
          </Stack>
        ))}
      </Stack>
      <NewContactModal companyId={companyId} opened={adding} onClose={close} />
    </Card>
  );
}

function NewContactModal({
  companyId,
  opened,
  onClose,
}: {
  companyId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      name: '',
      position: '',
      email: '',
      phone: '',
      decisionRole: null as string | null,
      isDecisionMaker: false,
    },
    validate: { name: (value) => (value.trim() ? null : t('contact.name')) },
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await post<Contact>('/contacts', {
        companyId,
        name: values.name,
        position: values.position || null,
        emails: values.email ? [values.email] : [],
        phones: values.phone ? [values.phone] : [],
        decisionRole: values.decisionRole,
        isDecisionMaker: values.isDecisionMaker || values.decisionRole === 'decision_maker',
      });
      form.reset();
      onClose();
      void client.invalidateQueries({ queryKey: ['contacts'] });
    } catch (error) {
      const unplaced = applyFieldErrors(
        error,
        (field, message) =>
          form.setFieldError(field === 'emails' ? 'email' : field === 'phones' ? 'phone' : field, message),
        ['name', 'position', 'emails', 'phones', 'decisionRole'],
      );
      setFormError(unplaced);
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('contact.new')}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={t('contact.name')} required data-autofocus {...form.getInputProps('name')} />
          <TextInput label={t('contact.position')} {...form.getInputProps('position')} />
          <TextInput label={t('contact.email')} type="email" {...form.getInputProps('email')} />
          <TextInput label={t('contact.phone')} {...form.getInputProps('phone')} />
          <Select
            label={t('contact.role')}
            clearable
            data={DECISION_ROLES.map((value) => ({ value, label: t(`contact.roles.${value}`) }))}
            {...form.getInputProps('decisionRole')}
          />
          <Checkbox
            label={t('contact.decisionMaker')}
            {...form.getInputProps('isDecisionMaker', { type: 'checkbox' })}
          />
          {formError && (
            <Text c="red" role="alert">
              {formError}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={form.submitting}>
              {t('app.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
