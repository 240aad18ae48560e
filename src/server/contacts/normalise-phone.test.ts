import { describe, expect, it } from 'vitest';
import { normalisePhone } from './normalise-phone.ts';

describe('normalisePhone', () => {
  it('reads Russian numbers in their usual spellings', () => {
    expect(normalisePhone('8 (916) 123-45-67')).toBe('+79161234567');
    expect(normalisePhone('+7 916 123 45 67')).toBe('+79161234567');
    expect(normalisePhone('9161234567')).toBe('+79161234567');
  });

  it('keeps foreign numbers with their country code', () => {
    expect(normalisePhone('+994 12 404 12 34')).toBe('+994124041234');
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
  });

  it('refuses what is not a phone number', () => {
    expect(normalisePhone('call me')).toBeNull();
    expect(normalisePhone('123')).toBeNull();
  });
});
