import type { Verdict } from '../../src/lib/core/verdict';

/**
 * The verdict as the CLI prints it: `checks` as {id, ok, message}. `artifact` (the signed exchange
 * cut out of a HAR, for the app's Show as QR) is left out: it would repeat the input the user gave.
 */
export function printable(verdict: Verdict, source: string) {
  const { artifact: _shownAsQr, ...shown } = verdict;
  return { source, ...shown, checks: verdict.checks.map(({ id, ok, message }) => ({ id, ok, message })) };
}
