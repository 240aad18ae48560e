import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A Russian mobile number as people type it — +7 or 8, then 9 and nine more digits, with spaces,
 * brackets and dashes — which libphonenumber reads as +79XXXXXXXXX (every +7 9XX range is a valid
 * mobile range in its metadata; normalise-phone.test.ts checks that against libphonenumber itself).
 * Most phones in Russian call lists are such, and reading them here is some ten times cheaper.
 */
const RU_MOBILE = /^(?:\+7|8)[\s()-]*9(?:[\s()-]*\d){9}$/;

/**
 * A phone as typed ("8 (916) 123-45-67", "+7 916 1234567") → E.164 ("+79161234567"), reading
 * numbers without a country code as Russian by default. Null when it is not a valid number.
 */
export function normalisePhone(
  input: string,
  defaultCountry: 'RU' | 'US' | 'GB' | 'AZ' = 'RU',
): string | null {
  const text = input.trim();
  // "8 …" is Russian only when Russian is the default; "+7 …" always is.
  if (RU_MOBILE.test(text) && (defaultCountry === 'RU' || text.startsWith('+')))
    return `+7${text.replace(/\D/g, '').slice(1)}`;
  const phone = parsePhoneNumberFromString(text, defaultCountry);
  return phone?.isValid() ? phone.number : null;
}
