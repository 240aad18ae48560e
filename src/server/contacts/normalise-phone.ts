import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A phone as typed ("8 (916) 123-45-67", "+7 916 1234567") → E.164 ("+79161234567"), reading
 * numbers without a country code as Russian by default. Null when it is not a valid number.
 */
export function normalisePhone(
  input: string,
  defaultCountry: 'RU' | 'US' | 'GB' | 'AZ' = 'RU',
): string | null {
  const phone = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return phone?.isValid() ? phone.number : null;
}
