import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, retryDelaySeconds, signDelivery, webhookEventsOf } from './webhook-events.ts';

describe('webhookEventsOf', () => {
  it('names creations, updates and archiving of the records webhooks report', () => {
    expect(webhookEventsOf({ action: 'create', entityType: 'company' })).toEqual(['company.created']);
    expect(webhookEventsOf({ action: 'update', entityType: 'contact' })).toEqual(['contact.updated']);
    expect(webhookEventsOf({ action: 'archive', entityType: 'company' })).toEqual(['company.archived']);
    expect(webhookEventsOf({ action: 'create', entityType: 'task' })).toEqual(['task.created']);
  });

  it('reports a stage change, and a win or a loss only when the deal enters it', () => {
    const open = { stageKind: 'open' };
    expect(
      webhookEventsOf({ action: 'stage_change', entityType: 'deal', before: open, after: open }),
    ).toEqual(['deal.updated', 'deal.stage_changed']);
    expect(
      webhookEventsOf({
        action: 'stage_change',
        entityType: 'deal',
        before: open,
        after: { stageKind: 'won' },
      }),
    ).toEqual(['deal.updated', 'deal.stage_changed', 'deal.won']);
    expect(
      webhookEventsOf({
        action: 'stage_change',
        entityType: 'deal',
        before: open,
        after: { stageKind: 'lost' },
      }),
    ).toEqual(['deal.updated', 'deal.stage_changed', 'deal.lost']);
  });

  it('reports an invoice paid once, when it becomes paid', () => {
    const change = (before: string, after: string) =>
      webhookEventsOf({
        action: 'update',
        entityType: 'invoice',
        before: { status: before },
        after: { status: after },
      });
    expect(change('partially_paid', 'paid')).toEqual(['invoice.paid']);
    expect(change('paid', 'paid')).toEqual([]);
  });

  it('says nothing of records and actions webhooks do not carry', () => {
    expect(webhookEventsOf({ action: 'login', entityType: 'user' })).toEqual([]);
    expect(webhookEventsOf({ action: 'import', entityType: 'import' })).toEqual([]);
    expect(webhookEventsOf({ action: 'create', entityType: 'api_token' })).toEqual([]);
  });
});

describe('signing and retrying', () => {
  it('signs the timestamp and the body with the secret', () => {
    const expected = createHmac('sha256', 'topsecret').update('1700000000.{"a":1}').digest('hex');
    expect(signDelivery('topsecret', 1_700_000_000, '{"a":1}')).toBe(`sha256=${expected}`);
    expect(signDelivery('other', 1_700_000_000, '{"a":1}')).not.toBe(`sha256=${expected}`);
  });

  it('waits twice as long after each failure, at most six hours', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(MAX_ATTEMPTS)).toBe(30 * 2 ** 9);
    expect(retryDelaySeconds(20)).toBe(6 * 60 * 60);
  });
});
