import type { Verdict } from '../../src/lib/core/verdict';

/** The verdict as the CLI prints it: `checks` as {id, ok, message}. */
export function printable(verdict: Verdict, source: string) {
  return { source, ...verdict, checks: verdict.checks.map(({ id, ok, message }) => ({ id, ok, message })) };
}
