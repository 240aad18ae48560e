import { describe, expect, it } from 'vitest';
import { type AllocationCheckInvoice, checkAllocations } from './allocation.ts';
import { invoiceStatus, isOverdue, storedStatusFromAmounts } from './invoice-status.ts';
import { classifyRevenue } from './revenue-kind.ts';

describe('invoice status', () => {
  const sent = { status: 'sent' as const, totalMinor: 1000, paidMinor: 0, dueDate: '2026-03-10' };
  it('is overdue only after the due day, while money is open', () => {
    expect(invoiceStatus(sent, '2026-03-10')).toBe('sent');
    expect(invoiceStatus(sent, '2026-03-11')).toBe('overdue');
    expect(invoiceStatus({ ...sent, status: 'partially_paid', paidMinor: 400 }, '2026-03-11')).toBe(
      'overdue',
    );
    expect(invoiceStatus({ ...sent, status: 'paid', paidMinor: 1000 }, '2026-04-01')).toBe('paid');
    expect(invoiceStatus({ ...sent, status: 'cancelled' }, '2026-04-01')).toBe('cancelled');
    expect(invoiceStatus({ ...sent, status: 'draft' }, '2026-04-01')).toBe('draft');
    expect(isOverdue({ ...sent, dueDate: null }, '2030-01-01')).toBe(false);
  });
  it('follows the paid amount', () => {
    expect(storedStatusFromAmounts(1000, 0)).toBe('sent');
    expect(storedStatusFromAmounts(1000, 1)).toBe('partially_paid');
    expect(storedStatusFromAmounts(1000, 999)).toBe('partially_paid');
    expect(storedStatusFromAmounts(1000, 1000)).toBe('paid');
  });
});

describe('checkAllocations', () => {
  const invoice = (id: string, extra: Partial<AllocationCheckInvoice> = {}): AllocationCheckInvoice => ({
    id,
    number: `2026-${id}`,
    status: 'sent',
    currency: 'RUB',
    companyId: 'c1',
    totalMinor: 1000,
    paidMinor: 0,
    ...extra,
  });
  const invoices = new Map([
    ['1', invoice('1')],
    ['2', invoice('2', { status: 'partially_paid', paidMinor: 600 })],
    ['3', invoice('3', { currency: 'USD' })],
    ['4', invoice('4', { status: 'draft' })],
    ['5', invoice('5', { status: 'cancelled' })],
    ['6', invoice('6', { companyId: 'c2' })],
  ]);
  const payment = { amountMinor: 2000, allocatedMinor: 0, currency: 'RUB', companyId: 'c1' };

  it('spreads one payment over several invoices', () => {
    expect(
      checkAllocations(
        payment,
        [
          { invoiceId: '1', amountMinor: 1000 },
          { invoiceId: '2', amountMinor: 400 },
        ],
        invoices,
      ),
    ).toEqual([]);
  });
  it('refuses more than is open on an invoice, counting earlier lines of the request', () => {
    expect(checkAllocations(payment, [{ invoiceId: '2', amountMinor: 401 }], invoices)).toEqual([
      { field: 'allocations.0.amountMinor', message: expect.stringContaining('at most 400') },
    ]);
    const errors = checkAllocations(
      payment,
      [
        { invoiceId: '1', amountMinor: 600 },
        { invoiceId: '1', amountMinor: 600 },
      ],
      invoices,
    );
    expect(errors.map((e) => e.field)).toEqual(['allocations.1.amountMinor']);
  });
  it('refuses more than is left of the payment', () => {
    const errors = checkAllocations(
      { ...payment, allocatedMinor: 1500 },
      [{ invoiceId: '1', amountMinor: 600 }],
      invoices,
    );
    expect(errors).toEqual([
      { field: 'allocations.0.amountMinor', message: expect.stringContaining('at most 500') },
    ]);
  });
  it('refuses drafts, cancelled, other currencies, other clients and unknown invoices', () => {
    const errors = checkAllocations(
      payment,
      ['3', '4', '5', '6', 'nope'].map((invoiceId) => ({ invoiceId, amountMinor: 1 })),
      invoices,
    );
    expect(errors.map((e) => e.field)).toEqual([
      'allocations.0.invoiceId',
      'allocations.1.invoiceId',
      'allocations.2.invoiceId',
      'allocations.3.invoiceId',
      'allocations.4.invoiceId',
    ]);
  });
  it('lets a payment without a client pay any client', () => {
    expect(
      checkAllocations({ ...payment, companyId: null }, [{ invoiceId: '6', amountMinor: 10 }], invoices),
    ).toEqual([]);
  });
});

describe('classifyRevenue', () => {
  const base = {
    invoiceOrigin: 'manual' as const,
    recurringContract: false,
    dealKind: null,
    clientPaidBefore: false,
  };
  it('counts monthly invoices as recurring', () => {
    expect(classifyRevenue({ ...base, invoiceOrigin: 'recurring', dealKind: 'new' })).toBe('recurring');
    expect(classifyRevenue({ ...base, recurringContract: true })).toBe('recurring');
  });
  it('follows the deal kind', () => {
    expect(classifyRevenue({ ...base, dealKind: 'new', clientPaidBefore: true })).toBe('new_sale');
    expect(classifyRevenue({ ...base, dealKind: 'upsell' })).toBe('upsell');
    expect(classifyRevenue({ ...base, dealKind: 'renewal' })).toBe('upsell');
    expect(classifyRevenue({ ...base, dealKind: 'renewal', recurringContract: true })).toBe('recurring');
  });
  it('without a deal: the first money is a new sale, later money an upsell', () => {
    expect(classifyRevenue(base)).toBe('new_sale');
    expect(classifyRevenue({ ...base, clientPaidBefore: true })).toBe('upsell');
  });
});
