import { describe, expect, it } from 'vitest';
import { type CustomFieldRule, validateCustomFields } from './validate-custom-fields.ts';

const rules: CustomFieldRule[] = [
  { key: 'budget', label: 'Budget', type: 'number', options: [], required: false },
  { key: 'segment', label: 'Segment', type: 'select', options: ['smb', 'key'], required: true },
  { key: 'signed_on', label: 'Signed on', type: 'date', options: [], required: false },
];

describe('validateCustomFields', () => {
  it('accepts valid values', () => {
    const result = validateCustomFields(rules, { budget: 1000, segment: 'key', signed_on: '2026-02-28' });
    expect(result.errors).toEqual([]);
    expect(result.values).toEqual({ budget: 1000, segment: 'key', signed_on: '2026-02-28' });
  });

  it('names each wrong field', () => {
    const result = validateCustomFields(rules, { budget: 'lots', segment: 'mid', colour: 'red' });
    expect(result.errors.map((e) => e.field).sort()).toEqual([
      'customFields.budget',
      'customFields.colour',
      'customFields.segment',
    ]);
  });

  it('requires a required field unless the record already has it', () => {
    expect(validateCustomFields(rules, {}).errors).toEqual([
      { field: 'customFields.segment', message: 'Segment is required.' },
    ]);
    expect(validateCustomFields(rules, {}, { existing: { segment: 'smb' } }).errors).toEqual([]);
    expect(
      validateCustomFields(rules, { segment: null }, { existing: { segment: 'smb' } }).errors,
    ).toHaveLength(1);
  });

  it('refuses a date that does not exist', () => {
    expect(validateCustomFields(rules, { segment: 'key', signed_on: '2026-13-01' }).errors).toHaveLength(1);
  });
});
