import { Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreatePaymentBody, PAYMENT_RECEIVED_METHODS, type Payment } from '../../contract/money.ts';
import { applyFieldErrors, post } from '../api/client.ts';
import { DatesLocale } from '../app/DatesLocale.tsx';
import { FormFooter } from '../app/FormFooter.tsx';
import { todayIn } from '../app/format.ts';
import { type Me, useMe } from '../auth/me.ts';
import { CompanySelect } from '../money/CompanySelect.tsx';
import { MONEY_QUERY_KEYS } from '../money/money-data.ts';
import { toMinor } from '../money/money-input.ts';

const FIELDS = [
  'companyId',
  'receivedOn',
  'amountMinor',
  'currency',
  'method',
  'bankReference',
  'payerName',
  'payerTaxId',
  'purpose',
];

/**
 * A payment entered by hand. The Idempotency-Key is made when the dialog opens, so pressing Save
 * twice (or again after a lost answer) records the payment once.
 */
export function PaymentModal({
  companyId,
  onClose,
  onCreated,
}: {
  companyId?: string;
  onClose: () => void;
  onCreated: (payment: Payment) => void;
}) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      companyId: companyId ?? (null as string | null),
      receivedOn: todayIn(me.workspace.timeZone) as string | null,
      amount: '',
      currency: me.workspace.defaultCurrency,
      method: 'bank_transfer' as string,
      bankReference: '',
      payerName: '',
      payerTaxId: '',
      purpose: '',
    },
  });
  const bodyOf = (values: typeof form.values) => ({
    companyId: values.companyId,
    receivedOn: values.receivedOn,
    amountMinor: toMinor(values.amount, values.currency) ?? -1,
    currency: values.currency,
    method: values.method,
    bankReference: values.bankReference.trim() || null,
    payerName: values.payerName,
    payerTaxId: values.payerTaxId.trim() || null,
    purpose: values.purpose,
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    const checked = CreatePaymentBody.safeParse(bodyOf(values));
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0]);
        form.setFieldError(field === 'amountMinor' ? 'amount' : field, issue.message);
      }
      return;
    }
    try {
      const payment = await post<Payment>('/payments', bodyOf(values), { 'idempotency-key': idempotencyKey });
      for (const key of MONEY_QUERY_KEYS) void client.invalidateQueries({ queryKey: [...key] });
      onCreated(payment);
    } catch (error) {
      setFormError(
        applyFieldErrors(
          error,
          (field, message) => form.setFieldError(field === 'amountMinor' ? 'amount' : field, message),
          FIELDS,
        ),
      );
    }
  });
  return (
    <Modal opened onClose={onClose} size="lg" title={t('payment.enterTitle')}>
      <DatesLocale>
        <form onSubmit={submit}>
          <Stack>
            <CompanySelect
              label={t('invoice.client')}
              value={form.values.companyId}
              onChange={(value) => form.setFieldValue('companyId', value)}
              error={form.errors.companyId}
            />
            <SimpleGrid cols={3}>
              <DateInput
                label={t('payment.receivedOn')}
                valueFormat="D MMM YYYY"
                required
                {...form.getInputProps('receivedOn')}
              />
              <TextInput
                label={t('payment.amount')}
                inputMode="decimal"
                required
                {...form.getInputProps('amount')}
              />
              <TextInput label={t('invoice.currency')} maxLength={3} {...form.getInputProps('currency')} />
            </SimpleGrid>
            <SimpleGrid cols={2}>
              <Select
                label={t('payment.method')}
                allowDeselect={false}
                data={PAYMENT_RECEIVED_METHODS.map((value) => ({
                  value,
                  label: t(`paymentMethod.${value}`),
                }))}
                {...form.getInputProps('method')}
              />
              <TextInput label={t('payment.reference')} {...form.getInputProps('bankReference')} />
              <TextInput label={t('payment.payer')} {...form.getInputProps('payerName')} />
              <TextInput label={t('payment.payerTaxId')} {...form.getInputProps('payerTaxId')} />
            </SimpleGrid>
            <Textarea label={t('payment.purpose')} autosize minRows={1} {...form.getInputProps('purpose')} />
            <FormFooter
              error={formError}
              onCancel={onClose}
              submitLabel={t('payment.save')}
              submitting={form.submitting}
            />
          </Stack>
        </form>
      </DatesLocale>
    </Modal>
  );
}
