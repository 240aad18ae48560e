/**
 * The amount in words, as a Russian invoice or act prints it under the total ("Сумма прописью"):
 * 123456 RUB → "Одна тысяча двести тридцать четыре рубля 56 копеек". Integers only (BigInt).
 * Other currencies: the whole units in words and the code, the minor units as digits.
 */
const ONES_MALE = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const ONES_FEMALE = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = [
  'десять',
  'одиннадцать',
  'двенадцать',
  'тринадцать',
  'четырнадцать',
  'пятнадцать',
  'шестнадцать',
  'семнадцать',
  'восемнадцать',
  'девятнадцать',
];
const TENS = [
  '',
  '',
  'двадцать',
  'тридцать',
  'сорок',
  'пятьдесят',
  'шестьдесят',
  'семьдесят',
  'восемьдесят',
  'девяносто',
];
const HUNDREDS = [
  '',
  'сто',
  'двести',
  'триста',
  'четыреста',
  'пятьсот',
  'шестьсот',
  'семьсот',
  'восемьсот',
  'девятьсот',
];

/** [one, few, many]: 1 рубль, 2 рубля, 5 рублей. */
type Forms = readonly [string, string, string];

export function pluralRu(n: bigint, forms: Forms): string {
  const lastTwo = n % 100n;
  const last = n % 10n;
  if (lastTwo >= 11n && lastTwo <= 14n) return forms[2];
  if (last === 1n) return forms[0];
  if (last >= 2n && last <= 4n) return forms[1];
  return forms[2];
}

/** Orders of magnitude above units: thousands are feminine ("одна тысяча"), the rest masculine. */
const SCALES: { forms: Forms; female: boolean }[] = [
  { forms: ['тысяча', 'тысячи', 'тысяч'], female: true },
  { forms: ['миллион', 'миллиона', 'миллионов'], female: false },
  { forms: ['миллиард', 'миллиарда', 'миллиардов'], female: false },
  { forms: ['триллион', 'триллиона', 'триллионов'], female: false },
  { forms: ['квадриллион', 'квадриллиона', 'квадриллионов'], female: false },
];

function tripletWords(n: number, female: boolean): string[] {
  const words: string[] = [];
  words.push(HUNDREDS[Math.trunc(n / 100)]!);
  const rest = n % 100;
  if (rest >= 10 && rest < 20) {
    words.push(TEENS[rest - 10]!);
  } else {
    words.push(TENS[Math.trunc(rest / 10)]!);
    words.push((female ? ONES_FEMALE : ONES_MALE)[rest % 10]!);
  }
  return words.filter(Boolean);
}

/** A whole number in Russian words; `female` for the units' gender (одна копейка, один рубль). */
export function numberInWordsRu(value: bigint, female = false): string {
  if (value === 0n) return 'ноль';
  const triplets: number[] = [];
  for (let rest = value; rest > 0n; rest /= 1000n) triplets.push(Number(rest % 1000n));
  const words: string[] = [];
  for (let i = triplets.length - 1; i >= 0; i--) {
    const triplet = triplets[i]!;
    if (triplet === 0) continue;
    if (i === 0) {
      words.push(...tripletWords(triplet, female));
    } else {
      const scale = SCALES[i - 1]!;
      words.push(...tripletWords(triplet, scale.female), pluralRu(BigInt(triplet), scale.forms));
    }
  }
  return words.join(' ');
}

const CURRENCY_FORMS: Record<string, { major: Forms; majorFemale: boolean; minor: Forms }> = {
  RUB: { major: ['рубль', 'рубля', 'рублей'], majorFemale: false, minor: ['копейка', 'копейки', 'копеек'] },
  USD: {
    major: ['доллар США', 'доллара США', 'долларов США'],
    majorFemale: false,
    minor: ['цент', 'цента', 'центов'],
  },
  EUR: { major: ['евро', 'евро', 'евро'], majorFemale: false, minor: ['цент', 'цента', 'центов'] },
};

/** 123456 RUB → "Одна тысяча двести тридцать четыре рубля 56 копеек". */
export function amountInWordsRu(amountMinor: number, currency: string, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const value = BigInt(amountMinor);
  const major = value / scale;
  const minor = value % scale;
  const forms = CURRENCY_FORMS[currency];
  const words = forms
    ? `${numberInWordsRu(major, forms.majorFemale)} ${pluralRu(major, forms.major)}`
    : `${numberInWordsRu(major)} ${currency}`;
  const minorText =
    digits === 0
      ? ''
      : forms
        ? ` ${minor.toString().padStart(digits, '0')} ${pluralRu(minor, forms.minor)}`
        : ` ${minor.toString().padStart(digits, '0')}`;
  const sentence = `${words}${minorText}`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
