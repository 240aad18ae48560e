import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ClientBudget,
  CreateInvoiceBody,
  type Invoice,
  PAYMENT_METHODS,
  type Payment,
  UpdateInvoiceBody,
} from '../../contract/money.ts';
import { ApiError, get, patch, post, query } from '../api/client.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { DatesLocale } from '../app/DatesLocale.tsx';
import { formatDay, formatMoneyExact, todayIn } from '../app/format.ts';
import { notifyError, notifySaved } from '../app/notify.tsx';
import { can, type Me, useMe } from '../auth/me.ts';
import { CompanySelect } from '../money/CompanySelect.tsx';
import { InvoiceStatusBadge } from '../money/InvoiceStatusBadge.tsx';
import { MONEY_QUERY_KEYS, useContracts, useMoneySettings, useServices } from '../money/money-data.ts';
import { liveLine, liveTotals, minorToInput, toMinor } from '../money/money-input.ts';
import { PaymentMethodsText } from '../money/PaymentMethodsText.tsx';
import { VatSelect } from '../money/VatSelect.tsx';

type Method = (typeof PAYMENT_METHODS)[number];

interface LineValues {
  key: string;
  serviceId: string | null;
  description: string;
  unit: string;
  quantity: string;
  price: string;
  vatRateBp: number | null;
}

interface Values {
  companyId: string | null;
  contractId: string | null;
  budgetBlockId: string | null;
  currency: string;
  dueDate: string | null;
  language: 'ru' | 'en';
  notes: string;
  paymentMethods: Method[];
  lines: LineValues[];
}

let lineCounter = 0;
const newKey = () => `line-${++lineCounter}`;

const CURRENCIES = ['RUB', 'USD', 'EUR', 'KZT', 'BYN', 'AZN', 'AMD', 'GEL', 'UZS', 'CNY', 'AED', 'GBP'];

/** `/invoices/new?companyId=…` and `/invoices/$invoiceId`: the draft editor, issue, cancel and PDF. */
export function NewInvoice() {
  const search = useSearch({ strict: false }) as { companyId?: string };
  // The preset client's name, so the picker shows it whether or not it is among the first results.
  const company = useQuery({
    queryKey: ['company', search.companyId],
    enabled: Boolean(search.companyId),
    queryFn: () => get<{ id: string; name: string }>(`/companies/${search.companyId}`),
  });
  if (search.companyId && !company.data && !company.error) return null;
  return (
    <InvoiceEditor
      invoice={null}
      presetCompanyId={search.companyId ?? null}
      presetCompanyName={company.data?.name ?? null}
    />
  );
}

export function InvoicePage() {
  const { t } = useTranslation();
  const { invoiceId } = useParams({ from: '/invoices/$invoiceId' });
  const invoice = useQuery({
    queryKey: ['invoice', invoiceId],
    queryFn: () => get<Invoice>(`/invoices/${invoiceId}`),
  });
  if (invoice.error instanceof ApiError && invoice.error.status === 404)
    return <Text>{t('invoice.notFound')}</Text>;
  if (!invoice.data) return <Text c="dimmed">{t('app.loading')}</Text>;
  return (
    <InvoiceEditor
      key={invoice.data.id}
      invoice={invoice.data}
      presetCompanyId={null}
      presetCompanyName={null}
    />
  );
}

function valuesOf(invoice: Invoice): Values {
  return {
    companyId: invoice.companyId,
    contractId: invoice.contractId,
    budgetBlockId: invoice.budgetBlockId,
    currency: invoice.currency,
    dueDate: invoice.dueDate,
    language: invoice.language,
    notes: invoice.notes,
    paymentMethods: invoice.paymentMethods,
    lines: invoice.lines.map((line) => ({
      key: newKey(),
      serviceId: line.serviceId,
      description: line.description,
      unit: line.unit,
      quantity: line.quantity,
      price: minorToInput(line.unitPriceMinor, invoice.currency),
      vatRateBp: line.vatRateBp,
    })),
  };
}

function InvoiceEditor({
  invoice,
  presetCompanyId,
  presetCompanyName,
}: {
  invoice: Invoice | null;
  presetCompanyId: string | null;
  presetCompanyName: string | null;
}) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const client = useQueryClient();
  const navigate = useNavigate();
  const settings = useMoneySettings();
  const services = useServices();
  const vatOn = settings.data?.vatEnabled ?? true;
  const defaultVat = vatOn ? (settings.data?.defaultVatRateBp ?? 2200) : null;
  const blankLine = (): LineValues => ({
    key: newKey(),
    serviceId: null,
    description: '',
    unit: t('invoice.defaultUnit'),
    quantity: '1',
    price: '',
    vatRateBp: defaultVat,
  });
  const form = useForm<Values>({
    initialValues: invoice
      ? valuesOf(invoice)
      : {
          companyId: presetCompanyId,
          contractId: null,
          budgetBlockId: null,
          currency: me.workspace.defaultCurrency,
          dueDate: null,
          language: me.locale === 'en' ? 'en' : 'ru',
          notes: '',
          paymentMethods: ['bank_transfer'],
          lines: [blankLine()],
        },
  });
  const [formError, setFormError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [busy, setBusy] = useState(false);
  const contracts = useContracts(form.values.companyId);
  const budgetYear = (invoice?.issueDate ?? todayIn(me.workspace.timeZone)).slice(0, 4);
  const budget = useQuery({
    queryKey: ['finance', form.values.companyId, 'budget', budgetYear],
    enabled: Boolean(form.values.companyId),
    queryFn: () => get<ClientBudget>(`/companies/${form.values.companyId}/budgets/${budgetYear}`),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the settings' default rate fills new lines once it arrives
  useEffect(() => {
    if (!invoice && settings.data && !form.isDirty())
      form.setFieldValue(
        'lines',
        form.values.lines.map((line) => ({ ...line, vatRateBp: defaultVat })),
      );
  }, [settings.data]);

  // A newer version of the invoice (saved, issued, cancelled, paid) shows in the form.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the stored version changes
  useEffect(() => {
    if (!invoice) return;
    form.setValues(valuesOf(invoice));
    form.resetDirty(valuesOf(invoice));
  }, [invoice?.version]);

  const editable = can(me, 'money:write') && (!invoice || invoice.status === 'draft');
  const currency = form.values.currency;
  const totals = liveTotals(form.values.lines, currency);
  const money = (minor: number) => formatMoneyExact(minor, currency);

  const chooseContract = (contractId: string | null) => {
    form.setFieldValue('contractId', contractId);
    const contract = contracts.data?.find((c) => c.id === contractId);
    if (contract) {
      form.setFieldValue('currency', contract.currency);
      form.setFieldValue('paymentMethods', contract.paymentMethods);
    }
  };
  const chooseService = (index: number, serviceId: string | null) => {
    const service = services.data?.find((s) => s.id === serviceId);
    form.setFieldValue(`lines.${index}.serviceId`, serviceId);
    if (!service) return;
    form.setFieldValue(`lines.${index}.description`, service.name);
    form.setFieldValue(`lines.${index}.unit`, service.unit);
    form.setFieldValue(`lines.${index}.price`, minorToInput(service.priceMinor, service.currency));
    form.setFieldValue(`lines.${index}.vatRateBp`, vatOn ? (service.vatRateBp ?? defaultVat) : null);
  };

  /** The request body; price errors are found here, before the contract schema checks the rest. */
  const bodyOf = (values: Values) => {
    let priceProblem = false;
    const lines = values.lines.map((line, index) => {
      const unitPriceMinor = toMinor(line.price, values.currency);
      if (unitPriceMinor === null) {
        priceProblem = true;
        form.setFieldError(`lines.${index}.price`, t('invoice.badPrice'));
      }
      return {
        serviceId: line.serviceId,
        description: line.description,
        unit: line.unit,
        quantity: line.quantity.trim().replace(',', '.'),
        unitPriceMinor: unitPriceMinor ?? 0,
        vatRateBp: line.vatRateBp,
      };
    });
    const common = {
      contractId: values.contractId,
      budgetBlockId: values.budgetBlockId,
      currency: values.currency,
      paymentMethods: values.paymentMethods,
      language: values.language,
      notes: values.notes,
      dueDate: values.dueDate,
      lines,
    };
    return {
      priceProblem,
      body: invoice ? { ...common, version: invoice.version } : { ...common, companyId: values.companyId },
    };
  };

  const placeErrors = (error: unknown) => {
    if (!(error instanceof ApiError)) return notifyError(error);
    if (error.code === 'version_conflict') return notifyError(error, reload);
    let unplaced = error.fields.length === 0 ? error.detail : null;
    for (const problem of error.fields) {
      const path = problem.field.replace('unitPriceMinor', 'price');
      if (
        /^(lines\.\d+\.\w+|companyId|contractId|budgetBlockId|currency|dueDate|paymentMethods|lines)$/.test(
          path,
        )
      )
        form.setFieldError(path, problem.message);
      else unplaced = `${problem.field}: ${problem.message}`;
    }
    setFormError(unplaced);
  };

  const reload = () => {
    void client.invalidateQueries({ queryKey: ['invoice', invoice?.id] }).then(() => {
      const fresh = client.getQueryData<Invoice>(['invoice', invoice?.id]);
      if (fresh) form.setValues(valuesOf(fresh));
      form.resetDirty();
    });
  };

  const refreshMoney = () => {
    for (const key of MONEY_QUERY_KEYS) void client.invalidateQueries({ queryKey: [...key] });
  };

  /** Saves the draft; answers the saved invoice, or null when it was refused. */
  const save = async (): Promise<Invoice | null> => {
    setFormError(null);
    form.clearErrors();
    const { priceProblem, body } = bodyOf(form.values);
    const checked = (invoice ? UpdateInvoiceBody : CreateInvoiceBody).safeParse(body);
    if (!checked.success || priceProblem) {
      for (const issue of checked.error?.issues ?? []) {
        const path = issue.path.join('.').replace('unitPriceMinor', 'price');
        form.setFieldError(path, issue.message);
      }
      return null;
    }
    try {
      const saved = invoice
        ? await patch<Invoice>(`/invoices/${invoice.id}`, body)
        : await post<Invoice>('/invoices', body);
      client.setQueryData(['invoice', saved.id], saved);
      refreshMoney();
      form.setValues(valuesOf(saved));
      form.resetDirty(valuesOf(saved));
      notifySaved();
      if (!invoice)
        void navigate({ to: '/invoices/$invoiceId', params: { invoiceId: saved.id }, replace: true });
      return saved;
    } catch (error) {
      placeErrors(error);
      return null;
    }
  };

  const issue = async () => {
    if (!invoice) return;
    setBusy(true);
    try {
      const current = form.isDirty() ? await save() : invoice;
      if (!current) return;
      const issued = await post<Invoice>(`/invoices/${current.id}/issue`, { version: current.version });
      client.setQueryData(['invoice', issued.id], issued);
      refreshMoney();
      notifications.show({ color: 'green', message: t('invoice.issued', { number: issued.number }) });
    } catch (error) {
      placeErrors(error);
    } finally {
      setBusy(false);
    }
  };

  const submit = form.onSubmit(async () => {
    setBusy(true);
    await save();
    setBusy(false);
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2} data-testid="invoice-title">
            {invoice?.number
              ? t('invoice.titleNumber', { number: invoice.number })
              : invoice
                ? t('invoice.draftTitle')
                : t('invoice.new')}
          </Title>
          {invoice && <InvoiceStatusBadge invoice={invoice} />}
          {invoice?.origin === 'recurring' && <Text c="dimmed">{t('invoice.recurring')}</Text>}
        </Group>
        <Group>
          <Button variant="default" component={Link} to="/invoices">
            {t('invoice.backToList')}
          </Button>
          {editable && (
            <Button type="submit" form="invoice-form" variant="light" loading={busy}>
              {t('invoice.saveDraft')}
            </Button>
          )}
          {editable && invoice && (
            <Button onClick={() => void issue()} loading={busy}>
              {t('invoice.issue')}
            </Button>
          )}
          {can(me, 'money:write') && invoice && invoice.status !== 'cancelled' && invoice.paidMinor === 0 && (
            <Button color="red" variant="subtle" onClick={() => setCancelling(true)}>
              {t('invoice.cancel')}
            </Button>
          )}
        </Group>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, xl: invoice && !editable ? 7 : 12 }}>
          <Card withBorder component="form" id="invoice-form" onSubmit={submit}>
            <DatesLocale>
              <Stack>
                <Grid>
                  <Grid.Col span={{ base: 12, sm: 6 }}>
                    {invoice ? (
                      <Stack gap={2}>
                        <Text size="sm" fw={500}>
                          {t('invoice.client')}
                        </Text>
                        <CompanyLink companyId={invoice.companyId}>{invoice.companyName}</CompanyLink>
                      </Stack>
                    ) : (
                      <CompanySelect
                        label={t('invoice.client')}
                        required
                        value={form.values.companyId}
                        initialName={presetCompanyName}
                        onChange={(companyId) => {
                          form.setFieldValue('companyId', companyId);
                          form.setFieldValue('contractId', null);
                        }}
                        error={form.errors.companyId}
                      />
                    )}
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 6 }}>
                    <Select
                      label={t('invoice.contract')}
                      placeholder={t('invoice.noContract')}
                      clearable
                      disabled={!editable || !form.values.companyId}
                      data={[
                        ...(contracts.data ?? []).map((c) => ({
                          value: c.id,
                          label: `№ ${c.number}${c.title ? ` — ${c.title}` : ''}`,
                        })),
                        // The invoice's own contract, before (or without) the client's list.
                        ...(invoice?.contractId && !contracts.data?.some((c) => c.id === invoice.contractId)
                          ? [{ value: invoice.contractId, label: `№ ${invoice.contractNumber}` }]
                          : []),
                      ]}
                      value={form.values.contractId}
                      onChange={chooseContract}
                      error={form.errors.contractId}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 6, sm: 3 }}>
                    <Select
                      label={t('invoice.currency')}
                      searchable
                      disabled={!editable}
                      data={[...new Set([currency, ...CURRENCIES])]}
                      {...form.getInputProps('currency')}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 6, sm: 3 }}>
                    {invoice?.issueDate ? (
                      <TextInput
                        label={t('invoice.issueDate')}
                        readOnly
                        value={formatDay(invoice.issueDate)}
                      />
                    ) : (
                      <TextInput
                        label={t('invoice.issueDate')}
                        readOnly
                        value={t('invoice.onIssue')}
                        c="dimmed"
                      />
                    )}
                  </Grid.Col>
                  <Grid.Col span={{ base: 6, sm: 3 }}>
                    <DateInput
                      label={t('invoice.dueDate')}
                      valueFormat="D MMM YYYY"
                      clearable
                      readOnly={!editable}
                      placeholder={t('invoice.dueFromTerms')}
                      {...form.getInputProps('dueDate')}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 6, sm: 3 }}>
                    <Select
                      label={t('invoice.language')}
                      disabled={!editable}
                      data={[
                        { value: 'ru', label: 'Русский' },
                        { value: 'en', label: 'English' },
                      ]}
                      {...form.getInputProps('language')}
                    />
                  </Grid.Col>
                  {((budget.data?.blocks.length ?? 0) > 0 || form.values.budgetBlockId) && (
                    <Grid.Col span={{ base: 12, sm: 6 }}>
                      <Select
                        label={t('invoice.budgetBlock', { year: budgetYear })}
                        placeholder={t('budget.unassigned')}
                        clearable
                        disabled={!editable}
                        data={(budget.data?.blocks ?? []).map((block) => ({
                          value: block.id,
                          label: block.name,
                        }))}
                        {...form.getInputProps('budgetBlockId')}
                      />
                    </Grid.Col>
                  )}
                </Grid>
                {editable ? (
                  <Checkbox.Group
                    label={t('invoice.paymentMethods')}
                    {...form.getInputProps('paymentMethods')}
                  >
                    <Group mt={4}>
                      {PAYMENT_METHODS.map((method) => (
                        <Checkbox key={method} value={method} label={t(`paymentMethod.${method}`)} />
                      ))}
                    </Group>
                  </Checkbox.Group>
                ) : null}
                <PaymentMethodsText methods={form.values.paymentMethods} />
                <Table withTableBorder verticalSpacing={4} data-testid="invoice-lines">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th miw={220}>{t('invoice.line.description')}</Table.Th>
                      <Table.Th w={90}>{t('invoice.line.quantity')}</Table.Th>
                      <Table.Th w={80}>{t('invoice.line.unit')}</Table.Th>
                      <Table.Th w={130}>{t('invoice.line.price')}</Table.Th>
                      {vatOn && <Table.Th w={110}>{t('invoice.line.vat')}</Table.Th>}
                      <Table.Th w={130} ta="right">
                        {t('invoice.line.total')}
                      </Table.Th>
                      {editable && <Table.Th w={40} />}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {form.values.lines.map((line, index) => {
                      const amounts = liveLine(line, currency);
                      return (
                        <Table.Tr key={line.key} data-testid="invoice-line">
                          <Table.Td>
                            <Stack gap={4}>
                              {editable && (
                                <Select
                                  size="xs"
                                  aria-label={t('invoice.line.service', { n: index + 1 })}
                                  placeholder={t('invoice.line.fromCatalogue')}
                                  clearable
                                  searchable
                                  data={(services.data ?? [])
                                    .filter((s) => !s.archivedAt)
                                    .map((s) => ({ value: s.id, label: s.name }))}
                                  value={line.serviceId}
                                  onChange={(value) => chooseService(index, value)}
                                />
                              )}
                              <Textarea
                                size="xs"
                                autosize
                                minRows={1}
                                aria-label={t('invoice.line.descriptionOf', { n: index + 1 })}
                                readOnly={!editable}
                                variant={editable ? 'default' : 'unstyled'}
                                {...form.getInputProps(`lines.${index}.description`)}
                              />
                            </Stack>
                          </Table.Td>
                          <Table.Td>
                            <TextInput
                              size="xs"
                              aria-label={t('invoice.line.quantityOf', { n: index + 1 })}
                              readOnly={!editable}
                              variant={editable ? 'default' : 'unstyled'}
                              {...form.getInputProps(`lines.${index}.quantity`)}
                            />
                          </Table.Td>
                          <Table.Td>
                            <TextInput
                              size="xs"
                              aria-label={t('invoice.line.unitOf', { n: index + 1 })}
                              readOnly={!editable}
                              variant={editable ? 'default' : 'unstyled'}
                              {...form.getInputProps(`lines.${index}.unit`)}
                            />
                          </Table.Td>
                          <Table.Td>
                            <TextInput
                              size="xs"
                              inputMode="decimal"
                              aria-label={t('invoice.line.priceOf', { n: index + 1 })}
                              readOnly={!editable}
                              variant={editable ? 'default' : 'unstyled'}
                              {...form.getInputProps(`lines.${index}.price`)}
                            />
                          </Table.Td>
                          {vatOn && (
                            <Table.Td>
                              <VatSelect
                                size="xs"
                                aria-label={t('invoice.line.vatOf', { n: index + 1 })}
                                disabled={!editable}
                                defaultRateBp={settings.data?.defaultVatRateBp ?? 2200}
                                value={line.vatRateBp}
                                onChange={(value) => form.setFieldValue(`lines.${index}.vatRateBp`, value)}
                              />
                            </Table.Td>
                          )}
                          <Table.Td ta="right" data-testid="line-total">
                            {amounts ? money(amounts.totalMinor) : '—'}
                          </Table.Td>
                          {editable && (
                            <Table.Td>
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={t('invoice.line.remove', { n: index + 1 })}
                                disabled={form.values.lines.length === 1}
                                onClick={() => form.removeListItem('lines', index)}
                              >
                                <IconTrash size={16} />
                              </ActionIcon>
                            </Table.Td>
                          )}
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
                {typeof form.errors.lines === 'string' && (
                  <Text c="red" size="sm">
                    {form.errors.lines}
                  </Text>
                )}
                <Group justify="space-between" align="flex-start">
                  {editable ? (
                    <Button
                      variant="default"
                      leftSection={<IconPlus size={16} />}
                      onClick={() => form.insertListItem('lines', blankLine())}
                    >
                      {t('invoice.addLine')}
                    </Button>
                  ) : (
                    <span />
                  )}
                  <Table w={320} data-testid="invoice-totals">
                    <Table.Tbody>
                      <Table.Tr>
                        <Table.Td>{t('invoice.net')}</Table.Td>
                        <Table.Td ta="right" data-testid="total-net">
                          {money(totals.netMinor)}
                        </Table.Td>
                      </Table.Tr>
                      {totals.vatGroups.map((group) => (
                        <Table.Tr key={String(group.vatRateBp)}>
                          <Table.Td>
                            {group.vatRateBp === null
                              ? t('invoice.noVat')
                              : t('invoice.vatAt', { rate: group.vatRateBp / 100 })}
                          </Table.Td>
                          <Table.Td ta="right">
                            {group.vatRateBp === null ? '—' : money(group.vatMinor)}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                      <Table.Tr>
                        <Table.Td fw={700}>{t('invoice.total')}</Table.Td>
                        <Table.Td ta="right" fw={700} data-testid="total-total">
                          {money(totals.totalMinor)}
                        </Table.Td>
                      </Table.Tr>
                      {invoice && invoice.status !== 'draft' && (
                        <>
                          <Table.Tr>
                            <Table.Td>{t('invoice.paid')}</Table.Td>
                            <Table.Td ta="right">{money(invoice.paidMinor)}</Table.Td>
                          </Table.Tr>
                          <Table.Tr>
                            <Table.Td>{t('invoice.open')}</Table.Td>
                            <Table.Td ta="right" data-testid="invoice-open">
                              {money(invoice.openMinor)}
                            </Table.Td>
                          </Table.Tr>
                        </>
                      )}
                    </Table.Tbody>
                  </Table>
                </Group>
                <Textarea
                  label={t('invoice.notes')}
                  autosize
                  minRows={1}
                  readOnly={!editable}
                  {...form.getInputProps('notes')}
                />
                {formError && (
                  <Text c="red" size="sm" role="alert">
                    {formError}
                  </Text>
                )}
              </Stack>
            </DatesLocale>
          </Card>
          {invoice && <InvoicePayments invoice={invoice} />}
        </Grid.Col>
        {invoice && (
          <Grid.Col span={{ base: 12, xl: editable ? 12 : 5 }}>
            <InvoicePdf invoice={invoice} />
          </Grid.Col>
        )}
      </Grid>
      {invoice && (
        <CancelInvoiceModal
          invoice={invoice}
          opened={cancelling}
          onClose={() => setCancelling(false)}
          onCancelled={(cancelled) => {
            client.setQueryData(['invoice', cancelled.id], cancelled);
            refreshMoney();
          }}
        />
      )}
    </Stack>
  );
}

/** The invoice's PDF in Russian or English, shown in the page and downloadable. */
function InvoicePdf({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const [lang, setLang] = useState<string>(invoice.language);
  const src = `/api/v1/invoices/${invoice.id}/pdf?lang=${lang}&v=${invoice.version}`;
  const fileName = `${invoice.number ? `invoice-${invoice.number}` : 'invoice-draft'}-${lang}.pdf`;
  return (
    <Card withBorder h="100%">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('invoice.pdf')}</Title>
        <Group>
          <SegmentedControl
            size="xs"
            aria-label={t('invoice.pdfLanguage')}
            value={lang}
            onChange={setLang}
            data={[
              { value: 'ru', label: 'RU' },
              { value: 'en', label: 'EN' },
            ]}
          />
          <Anchor href={src} download={fileName} size="sm" data-testid="invoice-pdf-download">
            <Group gap={4}>
              <IconDownload size={16} />
              {t('invoice.download')}
            </Group>
          </Anchor>
        </Group>
      </Group>
      <iframe
        title={t('invoice.pdfPreview')}
        src={src}
        data-testid="invoice-pdf"
        style={{ width: '100%', height: 640, border: '1px solid var(--mantine-color-gray-3)' }}
      />
    </Card>
  );
}

/** The payments allocated to this invoice (from the client's payments). */
function InvoicePayments({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const payments = useQuery({
    queryKey: ['/payments', 'invoice', invoice.id, invoice.version],
    enabled: invoice.status !== 'draft',
    queryFn: () =>
      get<{ items: Payment[] }>(`/payments${query({ companyId: invoice.companyId, limit: 200 })}`).then(
        (page) =>
          page.items.flatMap((payment) =>
            payment.allocations
              .filter((allocation) => allocation.invoiceId === invoice.id)
              .map((allocation) => ({ payment, allocation })),
          ),
      ),
  });
  if (invoice.status === 'draft') return null;
  return (
    <Card withBorder mt="md" data-testid="invoice-payments">
      <Title order={4} mb="xs">
        {t('invoice.payments')}
      </Title>
      {(payments.data ?? []).length === 0 ? (
        <Text c="dimmed" size="sm">
          {payments.isLoading ? t('app.loading') : t('invoice.noPayments')}
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {payments.data?.map(({ payment, allocation }) => (
              <Table.Tr key={allocation.id}>
                <Table.Td>{formatDay(payment.receivedOn)}</Table.Td>
                <Table.Td>{payment.payerName || payment.companyName}</Table.Td>
                <Table.Td>{payment.bankReference ?? t(`paymentMethod.${payment.method}`)}</Table.Td>
                <Table.Td ta="right">{formatMoneyExact(allocation.amountMinor, payment.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function CancelInvoiceModal({
  invoice,
  opened,
  onClose,
  onCancelled,
}: {
  invoice: Invoice;
  opened: boolean;
  onClose: () => void;
  onCancelled: (invoice: Invoice) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    setBusy(true);
    try {
      onCancelled(
        await post<Invoice>(`/invoices/${invoice.id}/cancel`, { version: invoice.version, reason }),
      );
      onClose();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('invoice.cancelTitle')}>
      <Stack>
        <Text size="sm">{t('invoice.cancelHint')}</Text>
        <Textarea
          label={t('invoice.cancelReason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('app.close')}
          </Button>
          <Button color="red" loading={busy} onClick={() => void cancel()}>
            {t('invoice.cancel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
