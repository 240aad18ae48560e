import { describe, expect, it } from 'vitest';
import { applyRequestAction, type RequestState } from './request-flow.ts';

const received: RequestState = {
  status: 'received',
  specification: '',
  estimateHours: null,
  estimateCostMinor: null,
};
const specified: RequestState = { ...received, status: 'specified', specification: 'Add a price filter' };
const estimated: RequestState = {
  ...specified,
  status: 'estimated',
  estimateHours: 12,
  estimateCostMinor: 3_600_000,
};

describe('client request flow', () => {
  it('walks the happy path from a request to an accepted delivery', () => {
    expect(applyRequestAction(received, { action: 'specify', specification: 'Spec' })).toMatchObject({
      ok: true,
      status: 'specified',
    });
    expect(applyRequestAction(specified, { action: 'estimate', hours: 12, costMinor: 1 })).toMatchObject({
      status: 'estimated',
    });
    expect(applyRequestAction(estimated, { action: 'approve', approvedByName: 'CFO' })).toMatchObject({
      status: 'approved',
    });
    expect(applyRequestAction({ ...estimated, status: 'approved' }, { action: 'start' })).toEqual({
      ok: true,
      status: 'in_work',
      overridden: false,
    });
    expect(applyRequestAction({ ...estimated, status: 'in_work' }, { action: 'deliver' })).toMatchObject({
      status: 'delivered',
    });
    expect(applyRequestAction({ ...estimated, status: 'delivered' }, { action: 'accept' })).toMatchObject({
      status: 'accepted',
    });
  });

  it('refuses to start before the cost is approved unless a reason is given', () => {
    expect(applyRequestAction(estimated, { action: 'start' })).toEqual({
      ok: false,
      reason: 'missing_fields',
      fields: [{ field: 'overrideReason', message: expect.any(String) }],
    });
    expect(applyRequestAction(estimated, { action: 'start', overrideReason: '  ' })).toMatchObject({
      ok: false,
    });
    expect(applyRequestAction(received, { action: 'start', overrideReason: 'Site is down' })).toEqual({
      ok: true,
      status: 'in_work',
      overridden: true,
    });
  });

  it('needs a specification before an estimate, and hours and cost in it', () => {
    expect(applyRequestAction(received, { action: 'estimate', hours: 1, costMinor: 1 })).toMatchObject({
      ok: false,
      reason: 'wrong_status',
    });
    expect(
      applyRequestAction({ ...specified, specification: '' }, { action: 'estimate', hours: 1, costMinor: 1 }),
    ).toMatchObject({
      ok: false,
      fields: [{ field: 'specification' }],
    });
    const result = applyRequestAction(specified, { action: 'estimate' });
    expect(result.ok === false && result.fields.map((f) => f.field)).toEqual(['hours', 'costMinor']);
  });

  it('records who approved', () => {
    expect(applyRequestAction(estimated, { action: 'approve' })).toMatchObject({
      ok: false,
      fields: [{ field: 'approvedByName' }],
    });
    expect(
      applyRequestAction(estimated, {
        action: 'approve',
        approvedByContactId: '00000000-0000-4000-8000-000000000000',
      }),
    ).toMatchObject({ ok: true });
  });

  it('re-specifying an estimated request sends it back for a new estimate', () => {
    expect(applyRequestAction(estimated, { action: 'specify', specification: 'Changed' })).toMatchObject({
      status: 'specified',
    });
  });

  it('sends a delivery back to work, and finished requests stay finished', () => {
    expect(applyRequestAction({ ...estimated, status: 'delivered' }, { action: 'rework' })).toMatchObject({
      status: 'in_work',
    });
    for (const status of ['accepted', 'cancelled'] as const) {
      expect(applyRequestAction({ ...estimated, status }, { action: 'cancel' })).toMatchObject({
        ok: false,
        reason: 'wrong_status',
      });
    }
    expect(applyRequestAction({ ...estimated, status: 'delivered' }, { action: 'cancel' })).toMatchObject({
      ok: false,
    });
    expect(
      applyRequestAction({ ...estimated, status: 'approved' }, { action: 'approve', approvedByName: 'x' }),
    ).toMatchObject({
      ok: false,
    });
  });
});
