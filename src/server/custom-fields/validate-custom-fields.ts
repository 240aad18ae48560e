import type { FieldError } from '../http/errors.ts';
import type { CustomFieldType } from './schema.ts';

export interface CustomFieldRule {
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
}

type Value = string | number | boolean | null;

/**
 * Checks custom field values against the workspace's definitions: unknown keys, wrong types,
 * options outside a select's list, and missing required fields (on create, or when the
 * record has no value yet). Returns the cleaned values and per-field errors.
 */
export function validateCustomFields(
  rules: CustomFieldRule[],
  values: Record<string, Value>,
  options: { existing?: Record<string, unknown>; fieldPrefix?: string } = {},
): { values: Record<string, Value>; errors: FieldError[] } {
  const prefix = options.fieldPrefix ?? 'customFields';
  const byKey = new Map(rules.map((rule) => [rule.key, rule]));
  const errors: FieldError[] = [];
  const cleaned: Record<string, Value> = {};

  for (const [key, value] of Object.entries(values)) {
    const rule = byKey.get(key);
    const field = `${prefix}.${key}`;
    if (!rule) {
      errors.push({ field, message: 'There is no such custom field. An admin can add it in Settings.' });
      continue;
    }
    if (value === null || value === '') {
      cleaned[key] = null;
      continue;
    }
    const problem = checkType(rule, value);
    if (problem) errors.push({ field, message: problem });
    else cleaned[key] = value;
  }

  const merged = { ...(options.existing ?? {}), ...cleaned };
  for (const rule of rules) {
    if (!rule.required) continue;
    const value = merged[rule.key];
    if (value === undefined || value === null || value === '') {
      if (!errors.some((e) => e.field === `${prefix}.${rule.key}`)) {
        errors.push({ field: `${prefix}.${rule.key}`, message: `${rule.label} is required.` });
      }
    }
  }
  return { values: cleaned, errors };
}

function checkType(rule: CustomFieldRule, value: Exclude<Value, null>): string | undefined {
  switch (rule.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 2000
        ? undefined
        : 'Expected text (up to 2000 characters).';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'Expected a number.';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'Expected true or false.';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value)
        ? undefined
        : 'Expected a date as YYYY-MM-DD.';
    case 'select':
      return typeof value === 'string' && rule.options.includes(value)
        ? undefined
        : `Expected one of: ${rule.options.join(', ')}.`;
  }
}

/** True for an existing calendar day written as YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
