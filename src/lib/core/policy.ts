/**
 * Checks that run after the signature has verified. Each returns one `Check`; the formats pick the
 * ones that apply to what they carry.
 */
import { check, type Check, type CheckId } from './verdict';
import type { VerifyContext } from './context';

/** Keygen's MaxClockDrift: how far a clock may lag a signed time before we call it tampered. */
export const CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

/** Parse an ISO 8601 or IMF-fixdate time; NaN when it is not one. */
export function parseTime(value: unknown): number {
  if (typeof value !== 'string' || value.length > 64) return NaN;
  return Date.parse(value);
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** A time as technicians read it: `2026-06-01 12:00 UTC`. */
export function describe(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
}

/**
 * The device clock must not lag the time floor or the artifact's own signed time by more than
 * five minutes: a signed time is proof that "now" is at least that late.
 */
export function clockCheck(ctx: VerifyContext, signedAt: number | undefined): Check {
  const floor = Math.max(ctx.floor ?? -Infinity, signedAt ?? -Infinity);
  if (!Number.isFinite(floor) || ctx.now >= floor - CLOCK_TOLERANCE_MS) {
    return check('clock', true, 'The device clock is consistent with every signed time seen.', 'clock-tampered');
  }
  const source = signedAt !== undefined && signedAt >= (ctx.floor ?? -Infinity) ? 'this artifact was signed' : 'a time already verified on this device';
  return check('clock', false, `The device clock (${describe(ctx.now)}) is behind ${source} (${describe(floor)}): it was set back.`, 'clock-tampered');
}

/** An expiry (ISO time or null for "never"), with the configured grace period. */
export function expiryCheck(id: CheckId, what: string, expiry: string | null | undefined, ctx: VerifyContext, graceSeconds = 0): Check {
  if (expiry === null || expiry === undefined) return check(id, true, `The ${what} does not expire.`, 'expired');
  const at = parseTime(expiry);
  if (Number.isNaN(at)) return check(id, false, `The ${what} has an unreadable expiry "${String(expiry).slice(0, 40)}".`, 'invalid');
  if (ctx.now <= at) return check(id, true, `The ${what} is valid until ${describe(at)}.`, 'expired');
  const graceEnd = at + graceSeconds * 1000;
  if (ctx.now <= graceEnd) {
    return check(id, true, `The ${what} expired ${describe(at)} but is within the grace period until ${describe(graceEnd)}.`, 'expired');
  }
  return check(id, false, `The ${what} expired ${describe(at)}.`, 'expired');
}

/** A start-of-validity time that must have passed. */
export function notBeforeCheck(what: string, start: number, ctx: VerifyContext): Check {
  if (ctx.now + CLOCK_TOLERANCE_MS >= start) return check('not-before', true, `The ${what} became valid ${describe(start)}.`, 'not-yet-valid');
  return check('not-before', false, `The ${what} is not valid before ${describe(start)}.`, 'not-yet-valid');
}

/** Product allow-list; skipped (undefined) when the config allows any product. */
export function productCheck(productIds: string[], ctx: VerifyContext): Check | undefined {
  const allowed = ctx.trust.config.products;
  if (allowed.length === 0) return undefined;
  const hit = productIds.find((p) => allowed.includes(p));
  if (hit) return check('product', true, `Product ${hit} is one this verifier accepts.`, 'wrong-product');
  const shown = productIds.length ? productIds.join(', ') : 'no product';
  return check('product', false, `It is for ${shown}, not a product this verifier accepts.`, 'wrong-product');
}

/** A signed value that must equal what this device holds; skipped when the device value is unknown. */
export function bindingCheck(id: 'fingerprint' | 'license-key' | 'hardware-id', what: string, expected: string | undefined, signed: unknown): Check | undefined {
  if (expected === undefined || expected === '') return undefined;
  if (typeof signed !== 'string') return check(id, false, `It carries no ${what} to compare with this device's.`, 'wrong-device');
  if (signed === expected) return check(id, true, `The ${what} matches this device.`, 'wrong-device');
  return check(id, false, `It is bound to another ${what}, not this device's.`, 'wrong-device');
}

/** The earliest of several expiries (ISO or null = never). */
export function earliestExpiry(...expiries: (string | null | undefined)[]): string | null {
  let best: number | null = null;
  for (const e of expiries) {
    const t = parseTime(e);
    if (!Number.isNaN(t) && (best === null || t < best)) best = t;
  }
  return best === null ? null : iso(best);
}
