import { intBetween, pick } from './random.ts';
import {
  REGIONS,
  RU_BRANDS,
  RU_FIRST_NAMES_MALE,
  RU_INDUSTRIES,
  RU_LAST_NAMES,
  RU_LEGAL_FORMS,
} from './vocabulary.ts';

/**
 * The generated call list of `npm run bench:import`: a file as a lead vendor would send it —
 * Russian headers, formatted phone numbers, a repeated company now and then (the same INN and
 * phone as an earlier row: merged) and a broken row now and then (a short INN: reported).
 */

export const CALL_LIST_HEADERS = [
  'Компания',
  'ИНН',
  'Сайт',
  'Телефон',
  'Email',
  'Контакт',
  'Регион',
  'Отрасль',
];

/** Every 50th row repeats an earlier company; every 200th has a broken INN. */
export const REPEAT_EVERY = 50;
export const BROKEN_EVERY = 200;

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function phoneOf(index: number): string {
  const digits = String(index).padStart(9, '0');
  return `+7 (9${digits.slice(0, 2)}) ${digits.slice(2, 5)}-${digits.slice(5, 7)}-${digits.slice(7, 9)}`;
}

/** The cells of data row `index` (0-based, after the header). */
export function callListRow(index: number): string[] {
  const repeated = index % REPEAT_EVERY === REPEAT_EVERY - 1 && index >= REPEAT_EVERY;
  const source = repeated ? index - 17 : index;
  const brand = `${pick(RU_BRANDS, source, 1)} ${source + 1}`;
  const domain = `brand-${source + 1}.example.ru`;
  const broken = index % BROKEN_EVERY === BROKEN_EVERY - 77;
  return [
    `${pick(RU_LEGAL_FORMS, source, 2)} «${brand}»`,
    broken ? '12345' : String(7_700_000_000 + source),
    domain,
    phoneOf(source),
    `info@${domain}`,
    `${pick(RU_FIRST_NAMES_MALE, index, 3)} ${pick(RU_LAST_NAMES, index, 4)}`,
    pick(REGIONS, source, 5),
    intBetween(index, 6, 0, 9) === 0 ? '' : pick(RU_INDUSTRIES, source, 7),
  ];
}

/** The file as CSV text in chunks of `chunkRows` lines (the header first). */
export function* callListCsv(rows: number, chunkRows = 5_000): Generator<string> {
  yield `${CALL_LIST_HEADERS.join(',')}\n`;
  for (let start = 0; start < rows; start += chunkRows) {
    let text = '';
    const end = Math.min(rows, start + chunkRows);
    for (let index = start; index < end; index++) text += `${callListRow(index).map(csvCell).join(',')}\n`;
    yield text;
  }
}
