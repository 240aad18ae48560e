/**
 * How full a person is against their cap, as a colour: green below 80 %, yellow from 80 % up to the
 * cap, red at or above it; indigo when no cap applies (load is shown instead).
 */
export function capColor(accounts: number, cap: number | null): 'green' | 'yellow' | 'red' | 'indigo' {
  if (cap === null || cap <= 0) return 'indigo';
  // Whole numbers: compare 5 × accounts with 4 × cap rather than a rounded share.
  if (accounts >= cap) return 'red';
  if (accounts * 5 >= cap * 4) return 'yellow';
  return 'green';
}
