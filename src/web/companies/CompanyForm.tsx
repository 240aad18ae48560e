import { Button, Group, Modal, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  COMPANY_SIZES,
  COMPANY_STATUSES,
  type Company,
  CreateCompanyBody,
} from '../../contract/companies.ts';
import { applyFieldErrors, post } from '../api/client.ts';
import { zodValidate } from '../app/zod-form.ts';

const FIELDS = ['name', 'legalName', 'taxId', 'domain', 'industry', 'region', 'size', 'status', 'tags'];

/** "New company": validated with the API's own schema; server errors appear beside their field. */
export function NewCompanyModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (c: Company) => void;
}) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      name: '',
      legalName: '',
      taxId: '',
      domain: '',
      industry: '',
      region: '',
      size: '',
      status: 'prospect',
      tags: [] as string[],
    },
    validate: zodValidate(CreateCompanyBody, (values) => toBody(values)),
  });

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      const company = await post<Company>('/companies', toBody(values));
      form.reset();
      onCreated(company);
    } catch (error) {
      setFormError(applyFieldErrors(error, form.setFieldError, FIELDS));
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title={t('company.new')} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={t('company.name')} required data-autofocus {...form.getInputProps('name')} />
          <TextInput label={t('company.legalName')} {...form.getInputProps('legalName')} />
          <Group grow>
            <TextInput label={t('company.taxId')} {...form.getInputProps('taxId')} />
            <TextInput
              label={t('company.domain')}
              placeholder="example.com"
              {...form.getInputProps('domain')}
            />
          </Group>
          <Group grow>
            <TextInput label={t('company.industry')} {...form.getInputProps('industry')} />
            <TextInput label={t('company.region')} {...form.getInputProps('region')} />
          </Group>
          <Group grow>
            <Select
              label={t('company.status')}
              data={COMPANY_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))}
              {...form.getInputProps('status')}
            />
            <Select
              label={t('company.size')}
              clearable
              data={COMPANY_SIZES.map((value) => ({ value, label: t(`size.${value}`) }))}
              {...form.getInputProps('size')}
            />
          </Group>
          <TagsInput label={t('company.tags')} {...form.getInputProps('tags')} />
          {formError && <div role="alert">{formError}</div>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {t('app.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function toBody(values: Record<string, unknown>) {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === '' || (Array.isArray(value) && value.length === 0)) continue;
    body[key] = value;
  }
  return body;
}
