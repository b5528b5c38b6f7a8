/**
 * What a kiosk keeps of a scan. The time floor always learns the clock and the signed time: it is
 * what catches a clock set back. History only when the config keeps it, license keys masked. The
 * cache never: it keeps artifacts whole, to verify them again, and a public kiosk must not hold
 * visitors' license keys where the next person could read them back.
 */
import type { VerifyContext } from '../core/context';
import { parseTime } from '../core/policy';
import type { Verdict } from '../core/verdict';
import { licenseKeyOf } from '../storage/cache';
import { raiseFloor } from '../storage/floor';
import { recordHistory } from '../storage/history';

/** Storage trouble is not reported: nobody at a kiosk could act on it, and the verdict stands. */
export async function keepKioskScan(text: string, verdict: Verdict, ctx: VerifyContext): Promise<void> {
  const signedAt = verdict.genuine ? parseTime(verdict.signedAt) : NaN;
  const licenseKey = licenseKeyOf(text, verdict, undefined);
  const { kind, status, genuine, reason } = verdict;
  await Promise.allSettled([
    raiseFloor(Number.isNaN(signedAt) ? ctx.now : Math.max(ctx.now, signedAt)),
    recordHistory(
      { at: ctx.now, source: 'scan', kind, status, genuine, reason, ...(licenseKey ? { licenseKey } : {}) },
      ctx.trust.config.history
    )
  ]);
}
