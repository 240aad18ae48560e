import { parsePhoneNumberFromString } from 'libphonenumber-js';
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

  it('reads Russian mobile numbers on its fast path exactly as libphonenumber does', () => {
    const slow = (input: string, country: 'RU' | 'US' = 'RU') => {
      const phone = parsePhoneNumberFromString(input.trim(), country);
      return phone?.isValid() ? phone.number : null;
    };
    for (let range = 900; range <= 999; range++) {
      const rest = String((range * 7_919) % 10_000_000).padStart(7, '0');
      for (const typed of [
        `+7 (${range}) ${rest.slice(0, 3)}-${rest.slice(3, 5)}-${rest.slice(5)}`,
        `8${range}${rest}`,
        ` +7${range}${rest} `,
        `8 (${range}) ${rest}`,
        `8-${range}-${rest.slice(0, 3)}-${rest.slice(3)}`,
      ]) {
        expect(normalisePhone(typed), typed).toBe(slow(typed));
        expect(normalisePhone(typed, 'US'), typed).toBe(slow(typed, 'US'));
      }
    }
    expect(normalisePhone('+7 916 123-45-67 доб. 12')).toBe(slow('+7 916 123-45-67 доб. 12'));
    expect(normalisePhone('+7 916 123-45-6')).toBeNull();
  });
});
