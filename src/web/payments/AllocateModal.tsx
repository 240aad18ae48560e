import { Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvoiceSummary, Payment } from '../../contract/money.ts';
import { ApiError, del, get, post, query } from '../api/client.ts';
import { formatDay, formatMoneyExact } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { CompanySelect } from '../money/CompanySelect.tsx';
import { InvoiceStatusBadge } from '../money/InvoiceStatusBadge.tsx';
import { MONEY_QUERY_KEYS } from '../money/money-data.ts';
import { minorToInput, toMinor } from '../money/money-input.ts';

/**
 * Puts a payment on the client's open invoices: partial amounts, one payment over several
 * invoices. The server refuses more than an invoice has open (its message shows beside the row);
 * an allocation made by mistake can be taken back.
 */
export function AllocateModal({ payment: initial, onClose }: { payment: Payment; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [payment, setPayment] = useState(initial);
  const [companyId, setCompanyId] = useState<string | null>(initial.companyId);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const money = (minor: number) => formatMoneyExact(minor, payment.currency);

  const invoices = useQuery({
    queryKey: ['open-invoices', companyId, payment.currency],
    enabled: Boolean(companyId),
    queryFn: () =>
      get<{ items: InvoiceSummary[] }>(`/invoices${query({ companyId, limit: 200, sort: 'dueDate' })}`).then(
        (page) =>
          page.items.filter(
            (invoice) =>
              invoice.currency === payment.currency &&
              invoice.openMinor > 0 &&
              invoice.status !== 'draft' &&
              invoice.status !== 'cancelled',
          ),
      ),
  });
  const open = invoices.data ?? [];

  const refresh = (saved: Payment) => {
    setPayment(saved);
    for (const key of MONEY_QUERY_KEYS) void client.invalidateQueries({ queryKey: [...key] });
  };

  /** Fills what is left of the payment into the invoices, oldest due first, as far as it goes. */
  const fillAll = () => {
    let left = BigInt(payment.unallocatedMinor);
    const next: Record<string, string> = {};
    for (const invoice of open) {
      const amount = left < BigInt(invoice.openMinor) ? left : BigInt(invoice.openMinor);
      if (amount > 0n) next[invoice.id] = minorToInput(Number(amount), payment.currency);
      left -= amount;
    }
    setAmounts(next);
  };

  const allocate = async () => {
    setErrors({});
    setFormError(null);
    const rows = open.filter((invoice) => (amounts[invoice.id] ?? '').trim() !== '');
    const local: Record<string, string> = {};
    const allocations = rows.map((invoice) => {
      const amountMinor = toMinor(amounts[invoice.id]!, payment.currency);
      if (!amountMinor) local[invoice.id] = t('payment.badAmount');
      return { invoiceId: invoice.id, amountMinor: amountMinor ?? 0 };
    });
    if (Object.keys(local).length > 0) return setErrors(local);
    if (allocations.length === 0) return setFormError(t('payment.nothingToAllocate'));
    setBusy(true);
    try {
      refresh(await post<Payment>(`/payments/${payment.id}/allocate`, { allocations }));
      setAmounts({});
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        const placed: Record<string, string> = {};
        for (const problem of error.fields) {
          const index = Number(/^allocations\.(\d+)\./.exec(problem.field)?.[1] ?? Number.NaN);
          const invoice = rows[index];
          const message = problem.message.replace(/(\d+) \(minor units\)/, (_, minor: string) =>
            money(Number(minor)),
          );
          if (invoice) placed[invoice.id] = message;
          else setFormError(problem.message);
        }
        setErrors(placed);
      } else if (error instanceof ApiError) setFormError(error.detail);
      else notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const takeBack = async (allocationId: string) => {
    try {
      refresh(await del<Payment>(`/payments/${payment.id}/allocations/${allocationId}`));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Modal opened onClose={onClose} size="xl" title={t('payment.allocateTitle')}>
      <Stack>
        <Group justify="space-between">
          <Text size="sm">
            {formatDay(payment.receivedOn)} · {payment.payerName || payment.companyName || '—'}
            {payment.bankReference ? ` · № ${payment.bankReference}` : ''}
          </Text>
          <Text size="sm" data-testid="allocate-left">
            {t('payment.leftOf', {
              left: money(payment.unallocatedMinor),
              amount: money(payment.amountMinor),
            })}
          </Text>
        </Group>
        {payment.allocations.length > 0 && (
          <Table data-testid="allocations">
            <Table.Tbody>
              {payment.allocations.map((allocation) => (
                <Table.Tr key={allocation.id}>
                  <Table.Td>{t('payment.allocatedToInvoice', { number: allocation.invoiceNumber })}</Table.Td>
                  <Table.Td ta="right">{money(allocation.amountMinor)}</Table.Td>
                  <Table.Td w={120}>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => void takeBack(allocation.id)}
                    >
                      {t('payment.takeBack')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {!initial.companyId && (
          <CompanySelect
            label={t('payment.whichClient')}
            value={companyId}
            onChange={setCompanyId}
            initialName={payment.companyName}
          />
        )}
        {payment.unallocatedMinor > 0 &&
          companyId &&
          (open.length === 0 ? (
            <Text c="dimmed" size="sm">
              {invoices.isLoading ? t('app.loading') : t('payment.noOpenInvoices')}
            </Text>
          ) : (
            <Table data-testid="open-invoices">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('invoice.number')}</Table.Th>
                  <Table.Th>{t('invoice.dueDate')}</Table.Th>
                  <Table.Th>{t('invoice.statusLabel')}</Table.Th>
                  <Table.Th ta="right">{t('invoice.open')}</Table.Th>
                  <Table.Th w={200}>{t('payment.toAllocate')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {open.map((invoice) => (
                  <Table.Tr key={invoice.id}>
                    <Table.Td>№ {invoice.number}</Table.Td>
                    <Table.Td>{formatDay(invoice.dueDate)}</Table.Td>
                    <Table.Td>
                      <InvoiceStatusBadge invoice={invoice} />
                    </Table.Td>
                    <Table.Td ta="right">{money(invoice.openMinor)}</Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        inputMode="decimal"
                        aria-label={t('payment.amountFor', { number: invoice.number })}
                        value={amounts[invoice.id] ?? ''}
                        error={errors[invoice.id]}
                        onChange={(event) => {
                          const value = event.currentTarget.value;
                          setAmounts((current) => ({ ...current, [invoice.id]: value }));
                        }}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ))}
        {formError && (
          <Text c="red" size="sm" role="alert">
            {formError}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('app.close')}
          </Button>
          {payment.unallocatedMinor > 0 && open.length > 0 && (
            <>
              <Button variant="light" onClick={fillAll}>
                {t('payment.fill')}
              </Button>
              <Button loading={busy} onClick={() => void allocate()}>
                {t('payment.allocate')}
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
