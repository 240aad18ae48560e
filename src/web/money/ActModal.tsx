import { Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Act, Contract, InvoiceSummary } from '../../contract/money.ts';
import type { Project } from '../../contract/sales-flow.ts';
import { applyFieldErrors, get, post, query } from '../api/client.ts';
import { DatesLocale } from '../app/DatesLocale.tsx';
import { FormFooter } from '../app/FormFooter.tsx';
import { todayIn } from '../app/format.ts';
import { type Me, useMe } from '../auth/me.ts';
import { toMinor } from './money-input.ts';

type ProjectRow = { id: string; name: string } & Partial<Record<keyof typeof Project.shape, unknown>>;

/**
 * An act of completed work for a period or a project: its lines copied from an invoice, or one
 * line written here (the work and its price). Numbered by the server when created.
 */
export function ActModal({
  companyId,
  contracts,
  invoices,
  onClose,
  onCreated,
}: {
  companyId: string;
  contracts: Contract[];
  invoices: InvoiceSummary[];
  onClose: () => void;
  onCreated: (act: Act) => void;
}) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const [formError, setFormError] = useState<string | null>(null);
  const projects = useQuery({
    queryKey: ['projects', { companyId }],
    queryFn: () => get<{ items: ProjectRow[] }>(`/projects${query({ companyId })}`),
  });
  const issued = invoices.filter((invoice) => invoice.number && invoice.status !== 'cancelled');
  const form = useForm({
    initialValues: {
      invoiceId: null as string | null,
      contractId: contracts[0]?.id ?? (null as string | null),
      projectId: null as string | null,
      actDate: todayIn(me.workspace.timeZone) as string | null,
      periodStart: null as string | null,
      periodEnd: null as string | null,
      description: '',
      amount: '',
    },
  });
  const currency =
    contracts.find((c) => c.id === form.values.contractId)?.currency ?? me.workspace.defaultCurrency;
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    const fromInvoice = Boolean(v.invoiceId);
    if (!fromInvoice) {
      if (!v.description.trim()) return form.setFieldError('description', t('act.needWork'));
      if (toMinor(v.amount, currency) === null) return form.setFieldError('amount', t('invoice.badPrice'));
    }
    try {
      onCreated(
        await post<Act>('/acts', {
          companyId,
          contractId: v.contractId,
          invoiceId: v.invoiceId,
          projectId: v.projectId,
          actDate: v.actDate ?? undefined,
          periodStart: v.periodStart,
          periodEnd: v.periodEnd,
          ...(fromInvoice
            ? {}
            : {
                currency,
                lines: [
                  { description: v.description, quantity: '1', unitPriceMinor: toMinor(v.amount, currency) },
                ],
              }),
        }),
      );
    } catch (error) {
      setFormError(
        applyFieldErrors(error, form.setFieldError, [
          'contractId',
          'invoiceId',
          'projectId',
          'actDate',
          'periodStart',
          'periodEnd',
        ]),
      );
    }
  });
  return (
    <Modal opened onClose={onClose} size="lg" title={t('act.add')}>
      <DatesLocale>
        <form onSubmit={submit}>
          <Stack>
            <SimpleGrid cols={2}>
              <Select
                label={t('invoice.contract')}
                clearable
                data={contracts.map((c) => ({ value: c.id, label: `№ ${c.number}` }))}
                {...form.getInputProps('contractId')}
              />
              <Select
                label={t('act.project')}
                clearable
                data={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
                {...form.getInputProps('projectId')}
              />
            </SimpleGrid>
            <SimpleGrid cols={3}>
              <DateInput label={t('act.date')} valueFormat="D MMM YYYY" {...form.getInputProps('actDate')} />
              <DateInput
                label={t('act.periodStart')}
                valueFormat="D MMM YYYY"
                clearable
                {...form.getInputProps('periodStart')}
              />
              <DateInput
                label={t('act.periodEnd')}
                valueFormat="D MMM YYYY"
                clearable
                {...form.getInputProps('periodEnd')}
              />
            </SimpleGrid>
            <Select
              label={t('act.fromInvoice')}
              description={t('act.fromInvoiceHint')}
              clearable
              data={issued.map((i) => ({ value: i.id, label: `№ ${i.number}` }))}
              {...form.getInputProps('invoiceId')}
            />
            {!form.values.invoiceId && (
              <SimpleGrid cols={2}>
                <TextInput label={t('act.work')} {...form.getInputProps('description')} />
                <TextInput
                  label={`${t('act.amount')}, ${currency}`}
                  inputMode="decimal"
                  {...form.getInputProps('amount')}
                />
              </SimpleGrid>
            )}
            <FormFooter
              error={formError}
              onCancel={onClose}
              submitLabel={t('act.create')}
              submitting={form.submitting}
            />
          </Stack>
        </form>
      </DatesLocale>
    </Modal>
  );
}
