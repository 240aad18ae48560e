import { describe, expect, it } from 'vitest';
import { type DealFieldsForStage, missingStageFields } from './stage-requirements.ts';

const blank: DealFieldsForStage = {
  contactId: null,
  amountMinor: 0,
  monthlyAmountMinor: 0,
  expectedCloseDate: null,
  nextStep: null,
  nextStepAt: null,
  leadSourceId: null,
  lostReason: null,
  bizdevId: null,
  demoAt: null,
  terms: null,
  tenderDeadline: null,
  customFields: {},
};

describe('missingStageFields', () => {
  it('lists exactly the required fields a deal lacks, in the stage’s order', () => {
    expect(missingStageFields(['amountMinor', 'expectedCloseDate', 'contactId'], blank)).toEqual([
      'amountMinor',
      'expectedCloseDate',
      'contactId',
    ]);
    expect(
      missingStageFields(['amountMinor', 'expectedCloseDate'], {
        ...blank,
        amountMinor: 150_000_00,
        expectedCloseDate: '2026-12-31',
      }),
    ).toEqual([]);
  });

  it('treats zero money and blank text as missing', () => {
    expect(missingStageFields(['amountMinor', 'lostReason'], { ...blank, lostReason: '   ' })).toEqual([
      'amountMinor',
      'lostReason',
    ]);
  });

  it('checks custom fields by key', () => {
    expect(missingStageFields(['customFields.budget_owner'], blank)).toEqual(['customFields.budget_owner']);
    expect(
      missingStageFields(['customFields.budget_owner'], { ...blank, customFields: { budget_owner: 'CFO' } }),
    ).toEqual([]);
    expect(
      missingStageFields(['customFields.signed'], { ...blank, customFields: { signed: false } }),
    ).toEqual([]);
  });

  it('needs nothing when the stage requires nothing', () => {
    expect(missingStageFields([], blank)).toEqual([]);
  });
});
