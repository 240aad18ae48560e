import {
  Button,
  Card,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPANY_SIZES } from '../../contract/companies.ts';
import { type MoneySettings as Settings, UpdateMoneySettingsBody } from '../../contract/money.ts';
import { applyFieldErrors, put } from '../api/client.ts';
import { notifyError, notifySaved } from '../app/notify.tsx';
import { useMoneySettings } from '../money/money-data.ts';
import { bpToPercent, percentToBp } from '../money/money-input.ts';

const BANK_FIELDS = [
  'recipient',
  'inn',
  'kpp',
  'bankName',
  'bik',
  'account',
  'correspondentAccount',
  'address',
  'iban',
  'swift',
] as const;

/**
 * Settings → Money: the bank details printed on invoices, VAT on/off and its default rate,
 * numbering and payment terms, who may pay by card, and SMTP for overdue reminders.
 */
export function MoneySettings() {
  const settings = useMoneySettings();
  if (!settings.data) return null;
  return <MoneySettingsForm settings={settings.data} />;
}

function valuesOf(s: Settings) {
  return {
    vatEnabled: s.vatEnabled,
    defaultVatRate: bpToPercent(s.defaultVatRateBp),
    invoiceNumberPrefix: s.invoiceNumberPrefix,
    defaultPaymentTermsDays: s.defaultPaymentTermsDays,
    cardPaymentSizes: s.cardPaymentSizes as string[],
    overdueEmails: s.overdueEmails,
    bank: { ...s.bank },
    smtp: {
      host: s.smtp.host,
      port: s.smtp.port,
      secure: s.smtp.secure,
      user: s.smtp.user,
      from: s.smtp.from,
    },
    smtpPassword: '',
    clearPassword: false,
  };
}

function MoneySettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: valuesOf(settings) });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the saved settings change
  useEffect(() => form.setValues(valuesOf(settings)), [settings]);

  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    const rate = percentToBp(v.defaultVatRate);
    if (rate === null) return form.setFieldError('defaultVatRate', t('moneySettings.badRate'));
    const body = {
      vatEnabled: v.vatEnabled,
      defaultVatRateBp: rate,
      invoiceNumberPrefix: v.invoiceNumberPrefix,
      defaultPaymentTermsDays: v.defaultPaymentTermsDays,
      cardPaymentSizes: v.cardPaymentSizes,
      overdueEmails: v.overdueEmails,
      bank: v.bank,
      smtp: {
        ...v.smtp,
        ...(v.clearPassword ? { password: null } : v.smtpPassword ? { password: v.smtpPassword } : {}),
      },
    };
    const place = (field: string, message: string) =>
      form.setFieldError(field === 'defaultVatRateBp' ? 'defaultVatRate' : field, message);
    const checked = UpdateMoneySettingsBody.safeParse(body);
    if (!checked.success) {
      for (const issue of checked.error.issues) place(issue.path.join('.'), issue.message);
      return;
    }
    try {
      const saved = await put<Settings>('/settings/money', body);
      client.setQueryData(['money-settings'], saved);
      notifySaved();
    } catch (error) {
      const unplaced = applyFieldErrors(error, (field, message) => place(field, message), [
        'vatEnabled',
        'defaultVatRateBp',
        'invoiceNumberPrefix',
        'defaultPaymentTermsDays',
        'cardPaymentSizes',
      ]);
      // Bank and SMTP problems name nested fields (bank.inn): put them beside their inputs too.
      if (error && typeof error === 'object' && 'fields' in error) {
        for (const problem of (error as { fields: { field: string; message: string }[] }).fields)
          if (/^(bank|smtp)\./.test(problem.field)) form.setFieldError(problem.field, problem.message);
      }
      if (unplaced) setFormError(unplaced);
      else if (!(error && typeof error === 'object' && 'fields' in error)) notifyError(error);
    }
  });

  return (
    <form onSubmit={submit}>
      <Stack maw={900}>
        <Card withBorder>
          <Title order={4} mb="xs">
            {t('moneySettings.vatAndNumbers')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Switch
              label={t('moneySettings.vatEnabled')}
              {...form.getInputProps('vatEnabled', { type: 'checkbox' })}
            />
            <TextInput
              label={t('moneySettings.defaultVatRate')}
              rightSection="%"
              disabled={!form.values.vatEnabled}
              {...form.getInputProps('defaultVatRate')}
            />
            <TextInput
              label={t('moneySettings.prefix')}
              description={t('moneySettings.prefixHint')}
              {...form.getInputProps('invoiceNumberPrefix')}
            />
            <NumberInput
              label={t('moneySettings.paymentTerms')}
              min={0}
              max={365}
              {...form.getInputProps('defaultPaymentTermsDays')}
            />
            <MultiSelect
              label={t('moneySettings.cardSizes')}
              description={t('moneySettings.cardSizesHint')}
              data={COMPANY_SIZES.map((value) => ({ value, label: t(`size.${value}`) }))}
              {...form.getInputProps('cardPaymentSizes')}
            />
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={4} mb={4}>
            {t('moneySettings.bank')}
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            {t('moneySettings.bankHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {BANK_FIELDS.map((field) => (
              <TextInput
                key={field}
                label={t(`moneySettings.bankFields.${field}`)}
                {...form.getInputProps(`bank.${field}`)}
              />
            ))}
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={4} mb={4}>
            {t('moneySettings.smtp')}
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            {t('moneySettings.smtpHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('moneySettings.smtpHost')} {...form.getInputProps('smtp.host')} />
            <NumberInput
              label={t('moneySettings.smtpPort')}
              min={1}
              max={65535}
              {...form.getInputProps('smtp.port')}
            />
            <TextInput label={t('moneySettings.smtpUser')} {...form.getInputProps('smtp.user')} />
            <PasswordInput
              label={t('moneySettings.smtpPassword')}
              placeholder={settings.smtp.passwordSet ? t('moneySettings.passwordSet') : ''}
              autoComplete="new-password"
              {...form.getInputProps('smtpPassword')}
            />
            <TextInput label={t('moneySettings.smtpFrom')} {...form.getInputProps('smtp.from')} />
            <Stack gap="xs" justify="flex-end">
              <Checkbox
                label={t('moneySettings.smtpSecure')}
                {...form.getInputProps('smtp.secure', { type: 'checkbox' })}
              />
              {settings.smtp.passwordSet && (
                <Checkbox
                  label={t('moneySettings.clearPassword')}
                  {...form.getInputProps('clearPassword', { type: 'checkbox' })}
                />
              )}
            </Stack>
          </SimpleGrid>
          <Switch
            mt="md"
            label={t('moneySettings.overdueEmails')}
            {...form.getInputProps('overdueEmails', { type: 'checkbox' })}
          />
        </Card>
        {formError && (
          <Text c="red" size="sm" role="alert">
            {formError}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={form.submitting}>
            {t('app.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
