import {
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Grade } from '../../contract/people.ts';
import { type SalesFlowSettings, UpdateSalesFlowSettingsBody } from '../../contract/sales-flow.ts';
import { ApiError, get, patch } from '../api/client.ts';
import { notifySaved } from '../app/notify.tsx';
import { type Me, useMe } from '../auth/me.ts';

const SIZES = ['micro', 'small', 'medium', 'large', 'enterprise'] as const;

interface Values {
  autoAssignOnQualified: boolean;
  autoAssignOnWon: boolean;
  defaultClientCap: number | string;
  keyAccountMinGradeRank: string;
  /** Per size: a grade rank as text for the picker; '0' means any grade. */
  minGradeRankBySize: Record<(typeof SIZES)[number], string>;
  referenceMonthlyPayment: number | string;
  openDeal: number | string;
  openLead: number | string;
  openTask: number | string;
  tenderReminderDays: number | string;
  callRetryHours: number | string;
  callMaxAttempts: number | string;
}

function fromSettings(settings: SalesFlowSettings): Values {
  return {
    autoAssignOnQualified: settings.autoAssignOnQualified,
    autoAssignOnWon: settings.autoAssignOnWon,
    defaultClientCap: settings.defaultClientCap,
    keyAccountMinGradeRank: String(settings.keyAccountMinGradeRank),
    minGradeRankBySize: Object.fromEntries(
      SIZES.map((size) => [size, String(settings.minGradeRankBySize[size] ?? 0)]),
    ) as Values['minGradeRankBySize'],
    referenceMonthlyPayment: settings.referenceMonthlyPaymentMinor / 100,
    openDeal: settings.loadWeights.openDeal,
    openLead: settings.loadWeights.openLead,
    openTask: settings.loadWeights.openTask,
    tenderReminderDays: settings.tenderReminderDays,
    callRetryHours: settings.callRetryHours,
    callMaxAttempts: settings.callMaxAttempts,
  };
}

function toBody(values: Values) {
  return {
    autoAssignOnQualified: values.autoAssignOnQualified,
    autoAssignOnWon: values.autoAssignOnWon,
    defaultClientCap: Number(values.defaultClientCap),
    keyAccountMinGradeRank: Number(values.keyAccountMinGradeRank),
    minGradeRankBySize: Object.fromEntries(
      SIZES.filter((size) => Number(values.minGradeRankBySize[size]) > 0).map((size) => [
        size,
        Number(values.minGradeRankBySize[size]),
      ]),
    ),
    referenceMonthlyPaymentMinor: Math.round(Number(values.referenceMonthlyPayment) * 100),
    loadWeights: {
      openDeal: Number(values.openDeal),
      openLead: Number(values.openLead),
      openTask: Number(values.openTask),
    },
    tenderReminderDays: Number(values.tenderReminderDays),
    callRetryHours: Number(values.callRetryHours),
    callMaxAttempts: Number(values.callMaxAttempts),
  };
}

/** Where an error about a setting (`loadWeights.openDeal`, …) shows in this form. */
function formField(path: string): string {
  if (path.startsWith('loadWeights.')) return path.slice('loadWeights.'.length);
  if (path === 'referenceMonthlyPaymentMinor') return 'referenceMonthlyPayment';
  return path;
}

/**
 * The workspace's sales-flow rules (DOMAIN.md §2–§3): automatic assignment, caps, which grades
 * key and large clients need, how load is weighed, tender reminders and call retries.
 */
export function SalesFlow() {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: ['settings', 'sales-flow'],
    queryFn: () => get<SalesFlowSettings>('/settings/sales-flow'),
  });
  const grades = useQuery({
    queryKey: ['grades'],
    queryFn: () => get<{ items: z.infer<typeof Grade>[] }>('/grades'),
  });
  if (!settings.data) return <Text c="dimmed">{t('app.loading')}</Text>;
  return <SalesFlowForm settings={settings.data} grades={grades.data?.items ?? []} />;
}

function SalesFlowForm({
  settings,
  grades,
}: {
  settings: SalesFlowSettings;
  grades: z.infer<typeof Grade>[];
}) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: fromSettings(settings),
    // The API's own schema, with errors placed by their full path (nested settings included).
    validate: (values) => {
      const result = UpdateSalesFlowSettingsBody.safeParse(toBody(values));
      if (result.success) return {};
      return Object.fromEntries(
        result.error.issues.map((issue) => [formField(issue.path.join('.')), issue.message]),
      );
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the saved settings change
  useEffect(() => form.setValues(fromSettings(settings)), [settings]);

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      const saved = await patch<SalesFlowSettings>('/settings/sales-flow', toBody(values));
      client.setQueryData(['settings', 'sales-flow'], saved);
      notifySaved();
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        for (const problem of error.fields) form.setFieldError(formField(problem.field), problem.message);
      } else setFormError(error instanceof Error ? error.message : String(error));
    }
  });

  const rankOptions = [
    { value: '0', label: t('salesFlow.anyGrade') },
    ...[...grades]
      .sort((a, b) => a.rank - b.rank)
      .map((grade) => ({ value: String(grade.rank), label: `${grade.name} (${grade.rank})` })),
  ];
  const withCurrent = (value: string) =>
    rankOptions.some((option) => option.value === value)
      ? rankOptions
      : [...rankOptions, { value, label: t('salesFlow.rank', { rank: value }) }];

  return (
    <form noValidate onSubmit={submit} aria-label={t('settings.salesFlow')}>
      <Stack maw={900}>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('salesFlow.assignment')}
          </Title>
          <Stack>
            <Switch
              label={t('salesFlow.autoAssignOnQualified')}
              description={t('salesFlow.autoAssignOnQualifiedHint')}
              {...form.getInputProps('autoAssignOnQualified', { type: 'checkbox' })}
            />
            <Switch
              label={t('salesFlow.autoAssignOnWon')}
              description={t('salesFlow.autoAssignOnWonHint')}
              {...form.getInputProps('autoAssignOnWon', { type: 'checkbox' })}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={t('salesFlow.defaultClientCap')}
                description={t('salesFlow.defaultClientCapHint')}
                min={1}
                max={1000}
                allowDecimal={false}
                {...form.getInputProps('defaultClientCap')}
              />
              <NumberInput
                label={`${t('salesFlow.referenceMonthlyPayment')}, ${me.workspace.defaultCurrency}`}
                description={t('salesFlow.referenceMonthlyPaymentHint')}
                min={0}
                thousandSeparator=" "
                {...form.getInputProps('referenceMonthlyPayment')}
              />
            </SimpleGrid>
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={4}>{t('salesFlow.grades')}</Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('salesFlow.gradesHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            <Select
              label={t('salesFlow.keyAccount')}
              allowDeselect={false}
              data={withCurrent(form.getValues().keyAccountMinGradeRank)}
              {...form.getInputProps('keyAccountMinGradeRank')}
            />
            {SIZES.map((size) => (
              <Select
                key={size}
                label={t('salesFlow.bySize', { size: t(`size.${size}`) })}
                allowDeselect={false}
                data={withCurrent(form.getValues().minGradeRankBySize[size])}
                {...form.getInputProps(`minGradeRankBySize.${size}`)}
              />
            ))}
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={4}>{t('salesFlow.weights')}</Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('salesFlow.weightsHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {(['openDeal', 'openLead', 'openTask'] as const).map((key) => (
              <NumberInput
                key={key}
                label={t(`salesFlow.${key}`)}
                min={0}
                max={10}
                step={0.05}
                decimalScale={2}
                {...form.getInputProps(key)}
              />
            ))}
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('salesFlow.reminders')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label={t('salesFlow.tenderReminderDays')}
              min={0}
              max={90}
              allowDecimal={false}
              {...form.getInputProps('tenderReminderDays')}
            />
            <NumberInput
              label={t('salesFlow.callRetryHours')}
              min={1}
              max={336}
              allowDecimal={false}
              {...form.getInputProps('callRetryHours')}
            />
            <NumberInput
              label={t('salesFlow.callMaxAttempts')}
              min={1}
              max={20}
              allowDecimal={false}
              {...form.getInputProps('callMaxAttempts')}
            />
          </SimpleGrid>
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
