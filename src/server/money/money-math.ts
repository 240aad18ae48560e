/**
 * The money arithmetic lives in `src/contract/money-math.ts` (pure, no server dependencies), so
 * the web app's invoice editor computes live totals with the very same rounding as the API.
 */
export * from '../../contract/money-math.ts';
