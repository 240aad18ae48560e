import {
  Button,
  Divider,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateInput, DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconUserQuestion } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Deal, UpdateDealBody } from '../../contract/deals.ts';
import { ApiError, applyFieldErrors, get, patch } from '../api/client.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { DatesLocale } from '../app/DatesLocale.tsx';
import { FormFooter } from '../app/FormFooter.tsx';
import { isoToLocal, localToIso } from '../app/format.ts';
import { notifyError, notifySaved } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';
import { zodValidate } from '../app/zod-form.ts';
import { WhoGetsThis } from '../assignments/WhoGetsThis.tsx';
import { can, type Me, useMe } from '../auth/me.ts';
import { LinkedInstructions } from '../knowledge/LinkedInstructions.tsx';

interface Values {
  title: string;
  amountMinor: number | string;
  monthlyAmountMinor: number | string;
  expectedCloseDate: string | null;
  nextStep: string;
  nextStepAt: string | null;
  ownerId: string | null;
  bizdevId: string | null;
  demoAt: string | null;
  terms: string;
  tenderDeadline: string | null;
}

const FIELDS: (keyof Values)[] = [
  'title',
  'amountMinor',
  'monthlyAmountMinor',
  'expectedCloseDate',
  'nextStep',
  'nextStepAt',
  'ownerId',
  'bizdevId',
  'demoAt',
  'terms',
  'tenderDeadline',
];

const toMinor = (value: number | string) => Math.round(Number(value || 0) * 100);
const textOrNull = (value: string) => (value.trim() ? value.trim() : null);

function toBody(values: Values) {
  return {
    title: values.title,
    amountMinor: toMinor(values.amountMinor),
    monthlyAmountMinor: toMinor(values.monthlyAmountMinor),
    expectedCloseDate: values.expectedCloseDate || null,
    nextStep: textOrNull(values.nextStep),
    nextStepAt: localToIso(values.nextStepAt),
    ownerId: values.ownerId,
    bizdevId: values.bizdevId,
    demoAt: localToIso(values.demoAt),
    terms: textOrNull(values.terms),
    tenderDeadline: values.tenderDeadline || null,
  };
}

/** Only what the person changed goes to the server, so untouched fields keep their exact values. */
function changes(values: Values, deal: Deal): Record<string, unknown> {
  const before = toBody(fromDeal(deal));
  const after = toBody(values);
  return Object.fromEntries(
    Object.entries(after).filter(([key, value]) => before[key as keyof typeof before] !== value),
  );
}

function fromDeal(deal: Deal): Values {
  return {
    title: deal.title,
    amountMinor: deal.amountMinor / 100,
    monthlyAmountMinor: deal.monthlyAmountMinor / 100,
    expectedCloseDate: deal.expectedCloseDate,
    nextStep: deal.nextStep ?? '',
    nextStepAt: isoToLocal(deal.nextStepAt),
    ownerId: deal.ownerId,
    bizdevId: deal.bizdevId,
    demoAt: isoToLocal(deal.demoAt),
    terms: deal.terms ?? '',
    tenderDeadline: deal.tenderDeadline,
  };
}

/**
 * Edits a deal: amounts and dates, the next step, the owner, and the sales-flow fields — the
 * BizDev manager and the demo booked with them, the individual terms agreed, a tender's deadline.
 */
export function DealForm({ dealId, onClose }: { dealId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const deal = useQuery({ queryKey: ['deal', dealId], queryFn: () => get<Deal>(`/deals/${dealId}`) });
  return (
    <Modal opened onClose={onClose} size="lg" title={deal.data?.title ?? t('deal.edit')}>
      <DatesLocale>
        {deal.error ? (
          <Text c="red">{deal.error.message}</Text>
        ) : !deal.data ? (
          <Text c="dimmed">{t('app.loading')}</Text>
        ) : (
          <DealFields deal={deal.data} onClose={onClose} />
        )}
      </DatesLocale>
    </Modal>
  );
}

function DealFields({ deal, onClose }: { deal: Deal; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { options: people, optionsWithRole } = usePeople();
  const me = useMe().data as Me;
  const [formError, setFormError] = useState<string | null>(null);
  const [assigning, setAssigning] = useState(false);
  const form = useForm<Values>({
    initialValues: fromDeal(deal),
    validate: zodValidate(UpdateDealBody, (values: Values) => ({ ...toBody(values), version: deal.version })),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form when a newer version arrives
  useEffect(() => form.setValues(fromDeal(deal)), [deal.version]);
  const reload = () => void client.invalidateQueries({ queryKey: ['deal', deal.id] });

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      const saved = await patch<Deal>(`/deals/${deal.id}`, {
        ...changes(values, deal),
        version: deal.version,
      });
      client.setQueryData(['deal', deal.id], saved);
      void client.invalidateQueries({ queryKey: ['board'] });
      void client.invalidateQueries({ queryKey: ['deals'] });
      void client.invalidateQueries({ queryKey: ['/deals'] });
      void client.invalidateQueries({ queryKey: ['tasks'] });
      notifySaved();
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') notifyError(error, reload);
      else setFormError(applyFieldErrors(error, form.setFieldError, FIELDS));
    }
  });

  return (
    <form noValidate onSubmit={submit} aria-label={t('deal.edit')}>
      <Stack>
        <Group justify="space-between">
          <CompanyLink companyId={deal.companyId} size="sm">
            {deal.companyName}
          </CompanyLink>
          <LinkedInstructions targetType="stage" targetId={deal.stageId} />
          {can(me, 'crm:assign') && (
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconUserQuestion size={14} />}
              onClick={() => setAssigning(true)}
            >
              {t('assign.button')}
            </Button>
          )}
        </Group>
        {assigning && (
          <WhoGetsThis
            kind="deal"
            recordId={deal.id}
            subject={deal.title}
            opened
            onClose={() => setAssigning(false)}
            onAssigned={() => {
              void client.invalidateQueries({ queryKey: ['deal', deal.id] });
              void client.invalidateQueries({ queryKey: ['board'] });
            }}
          />
        )}
        <TextInput label={t('deal.title')} required data-autofocus {...form.getInputProps('title')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={`${t('deal.amount')}, ${deal.currency}`}
            min={0}
            thousandSeparator=" "
            {...form.getInputProps('amountMinor')}
          />
          <NumberInput
            label={`${t('deal.fields.monthlyAmountMinor')}, ${deal.currency}`}
            min={0}
            thousandSeparator=" "
            {...form.getInputProps('monthlyAmountMinor')}
          />
          <DateInput
            label={t('deal.expectedClose')}
            valueFormat="D MMM YYYY"
            clearable
            {...form.getInputProps('expectedCloseDate')}
          />
          <Select
            label={t('company.owner')}
            searchable
            clearable
            data={people}
            {...form.getInputProps('ownerId')}
          />
          <TextInput label={t('deal.nextStep')} {...form.getInputProps('nextStep')} />
          <DateTimePicker
            label={t('deal.fields.nextStepAt')}
            valueFormat="D MMM YYYY HH:mm"
            clearable
            {...form.getInputProps('nextStepAt')}
          />
        </SimpleGrid>
        <Divider label={t('deal.salesFlow')} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('deal.fields.bizdevId')}
            description={t('deal.bizdevHint')}
            searchable
            clearable
            data={optionsWithRole('bizdev')}
            {...form.getInputProps('bizdevId')}
          />
          <DateTimePicker
            label={t('deal.fields.demoAt')}
            description={t('deal.demoHint')}
            valueFormat="D MMM YYYY HH:mm"
            clearable
            {...form.getInputProps('demoAt')}
          />
          <DateInput
            label={t('deal.fields.tenderDeadline')}
            description={t('deal.tenderHint')}
            valueFormat="D MMM YYYY"
            clearable
            {...form.getInputProps('tenderDeadline')}
          />
        </SimpleGrid>
        <Textarea
          label={t('deal.fields.terms')}
          description={t('deal.termsHint')}
          autosize
          minRows={2}
          {...form.getInputProps('terms')}
        />
        <FormFooter
          error={formError}
          onCancel={onClose}
          submitLabel={t('app.save')}
          submitting={form.submitting}
        />
      </Stack>
    </form>
  );
}
