import {
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONTRACT_STATUSES,
  type Contract,
  CreateContractBody,
  PAYMENT_METHODS,
  UpdateContractBody,
} from '../../contract/money.ts';
import { ApiError, applyFieldErrors, patch, post } from '../api/client.ts';
import { DatesLocale } from '../app/DatesLocale.tsx';
import { FormFooter } from '../app/FormFooter.tsx';
import { todayIn } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { type Me, useMe } from '../auth/me.ts';
import { useMoneySettings } from './money-data.ts';
import { bpToPercent, minorToInput, toMinor } from './money-input.ts';

const FIELDS = [
  'number',
  'title',
  'status',
  'signedOn',
  'startsOn',
  'endsOn',
  'currency',
  'monthlyFeeMinor',
  'vatRateBp',
  'paymentMethods',
  'paymentTermsDays',
  'billingEmail',
  'terms',
];

/** Adds or edits a client's contract: number, dates, terms, monthly fee, accepted payment methods. */
export function ContractModal({
  companyId,
  contract,
  onClose,
  onSaved,
}: {
  companyId: string;
  contract: Contract | null;
  onClose: () => void;
  onSaved: (contract: Contract) => void;
}) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const [formError, setFormError] = useState<string | null>(null);
  const settings = useMoneySettings();
  const form = useForm({
    initialValues: {
      number: contract?.number ?? '',
      title: contract?.title ?? '',
      status: (contract?.status ?? 'active') as string,
      signedOn: contract?.signedOn ?? null,
      startsOn: (contract?.startsOn ?? todayIn(me.workspace.timeZone)) as string | null,
      endsOn: contract?.endsOn ?? null,
      currency: contract?.currency ?? me.workspace.defaultCurrency,
      monthlyFee: minorToInput(contract?.monthlyFeeMinor, contract?.currency ?? me.workspace.defaultCurrency),
      vatRate: contract?.vatRateBp == null ? 'default' : String(contract.vatRateBp),
      paymentMethods: (contract?.paymentMethods ?? ['bank_transfer']) as string[],
      paymentTermsDays: contract?.paymentTermsDays ?? settings.data?.defaultPaymentTermsDays ?? 5,
      billingEmail: contract?.billingEmail ?? '',
      terms: contract?.terms ?? '',
    },
  });
  const bodyOf = (v: typeof form.values) => {
    const fee = v.monthlyFee.trim() ? (toMinor(v.monthlyFee, v.currency) ?? -1) : null;
    const fields = {
      number: v.number,
      title: v.title,
      status: v.status,
      signedOn: v.signedOn || null,
      startsOn: v.startsOn,
      endsOn: v.endsOn || null,
      currency: v.currency,
      monthlyFeeMinor: fee,
      vatRateBp: v.vatRate === 'default' ? null : Number(v.vatRate),
      paymentMethods: v.paymentMethods,
      paymentTermsDays: v.paymentTermsDays,
      billingEmail: v.billingEmail.trim() || null,
      terms: v.terms,
    };
    return contract ? { ...fields, version: contract.version } : { ...fields, companyId };
  };
  const place = (field: string, message: string) =>
    form.setFieldError(
      field === 'monthlyFeeMinor' ? 'monthlyFee' : field === 'vatRateBp' ? 'vatRate' : field,
      message,
    );
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    const body = bodyOf(values);
    const checked = (contract ? UpdateContractBody : CreateContractBody).safeParse(body);
    if (!checked.success) {
      for (const issue of checked.error.issues) place(String(issue.path[0]), issue.message);
      return;
    }
    try {
      onSaved(
        contract
          ? await patch<Contract>(`/contracts/${contract.id}`, body)
          : await post<Contract>('/contracts', body),
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') notifyError(error);
      else setFormError(applyFieldErrors(error, place, FIELDS));
    }
  });
  return (
    <Modal opened onClose={onClose} size="lg" title={contract ? t('contract.edit') : t('contract.add')}>
      <DatesLocale>
        <form onSubmit={submit}>
          <Stack>
            <SimpleGrid cols={2}>
              <TextInput label={t('contract.number')} required {...form.getInputProps('number')} />
              <Select
                label={t('contract.statusLabel')}
                allowDeselect={false}
                data={CONTRACT_STATUSES.map((value) => ({ value, label: t(`contract.status.${value}`) }))}
                {...form.getInputProps('status')}
              />
            </SimpleGrid>
            <TextInput label={t('contract.titleLabel')} {...form.getInputProps('title')} />
            <SimpleGrid cols={3}>
              <DateInput
                label={t('contract.signedOn')}
                valueFormat="D MMM YYYY"
                clearable
                {...form.getInputProps('signedOn')}
              />
              <DateInput
                label={t('contract.startsOn')}
                valueFormat="D MMM YYYY"
                required
                {...form.getInputProps('startsOn')}
              />
              <DateInput
                label={t('contract.endsOn')}
                valueFormat="D MMM YYYY"
                clearable
                {...form.getInputProps('endsOn')}
              />
            </SimpleGrid>
            <SimpleGrid cols={3}>
              <TextInput label={t('invoice.currency')} maxLength={3} {...form.getInputProps('currency')} />
              <TextInput
                label={t('contract.monthlyFee')}
                description={t('contract.monthlyFeeHint')}
                inputMode="decimal"
                {...form.getInputProps('monthlyFee')}
              />
              <Select
                label={t('contract.vat')}
                allowDeselect={false}
                data={[
                  { value: 'default', label: t('contract.vatDefault') },
                  ...[0, 500, 700, 1000, 2000, 2200].map((bp) => ({
                    value: String(bp),
                    label: `${bpToPercent(bp)} %`,
                  })),
                ]}
                {...form.getInputProps('vatRate')}
              />
            </SimpleGrid>
            <Checkbox.Group label={t('invoice.paymentMethods')} {...form.getInputProps('paymentMethods')}>
              <Group mt={4}>
                {PAYMENT_METHODS.map((method) => (
                  <Checkbox key={method} value={method} label={t(`paymentMethod.${method}`)} />
                ))}
              </Group>
            </Checkbox.Group>
            <SimpleGrid cols={2}>
              <NumberInput
                label={t('contract.paymentTerms')}
                min={0}
                max={365}
                {...form.getInputProps('paymentTermsDays')}
              />
              <TextInput
                label={t('contract.billingEmail')}
                type="email"
                {...form.getInputProps('billingEmail')}
              />
            </SimpleGrid>
            <Textarea label={t('contract.terms')} autosize minRows={2} {...form.getInputProps('terms')} />
            <FormFooter
              error={formError}
              onCancel={onClose}
              submitLabel={t('app.save')}
              submitting={form.submitting}
            />
          </Stack>
        </form>
      </DatesLocale>
    </Modal>
  );
}
