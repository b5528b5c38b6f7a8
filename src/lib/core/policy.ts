/**
 * Checks that run after the signature has verified. Each returns one `Check`; the formats pick the
 * ones that apply to what they carry.
 */
import { check, type Check, type CheckId, type Status, type Verdict } from './verdict';
import type { VerifyContext } from './context';
import { get, getString, isObj } from './dataset';
import { parseTime } from './time';

/** Keygen's MaxClockDrift: how far a clock may lag a signed time before we call it tampered. */
export const CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

export { parseTime };

/** The latest time `Date` holds: grace periods and ages added to a signed time stop there. */
const MAX_TIME_MS = 8.64e15;
const clamp = (ms: number): number => Math.max(-MAX_TIME_MS, Math.min(MAX_TIME_MS, ms));

const MS_PER_DAY = 86_400_000;
/** 10000-01-01T00:00:00Z: from there on `toISOString` writes a six-digit year. */
const YEAR_10000_MS = 253_402_300_800_000;
const two = (n: number): string => (n < 10 ? '0' : '') + n;

/**
 * `new Date(ms).toISOString()` for whole milliseconds in 1970–9999, by arithmetic (H. Hinnant's
 * civil_from_days): every verdict writes several times, and a `Date` and its formatting cost more
 * than the rest of its policy. Other times go through `Date`.
 */
export function iso(ms: number): string {
  if (!(ms >= 0 && ms < YEAR_10000_MS && Number.isInteger(ms))) return new Date(clamp(ms)).toISOString();
  const days = Math.floor(ms / MS_PER_DAY);
  let rest = ms - days * MS_PER_DAY;
  // Days since 0000-03-01, in 400-year eras of 146,097 days; years start on 1 March.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${year}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${millis < 100 ? '0' : ''}${two(millis)}Z`;
}

/** A time as technicians read it: `2026-06-01 12:00 UTC`. */
export function formatTime(ms: number): string {
  // An ISO time always ends `:ss.sssZ` (8 characters), whatever the year's width.
  const text = iso(ms);
  return `${text.slice(0, -14)} ${text.slice(-13, -8)} UTC`;
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
  const source =
    signedAt !== undefined && signedAt >= (ctx.floor ?? -Infinity)
      ? 'this artifact was signed'
      : 'a time already verified on this device';
  return check(
    'clock',
    false,
    `The device clock (${formatTime(ctx.now)}) is behind ${source} (${formatTime(floor)}): it was set back.`,
    'clock-tampered'
  );
}

/**
 * An expiry (ISO time, or null for "never"), with the grace period. Any other JSON type is
 * `malformed`: a signed number or object is never read as "does not expire".
 */
export function expiryCheck(id: CheckId, what: string, expiry: unknown, ctx: VerifyContext, graceSeconds = 0): Check {
  if (expiry === null || expiry === undefined) return check(id, true, `The ${what} does not expire.`, 'expired');
  if (typeof expiry !== 'string')
    return check(
      id,
      false,
      `The ${what}'s expiry is a ${jsonType(expiry)}, not a time: the signed data is malformed.`,
      'malformed'
    );
  const at = parseTime(expiry);
  if (Number.isNaN(at))
    return check(id, false, `The ${what} has an unreadable expiry "${expiry.slice(0, 40)}".`, 'malformed');
  if (ctx.now <= at) return check(id, true, `The ${what} is valid until ${formatTime(at)}.`, 'expired');
  const graceEnd = at + graceSeconds * 1000;
  if (ctx.now <= graceEnd) {
    return check(
      id,
      true,
      `The ${what} expired ${formatTime(at)} but is within the grace period until ${formatTime(graceEnd)}.`,
      'expired'
    );
  }
  return check(id, false, `The ${what} expired ${formatTime(at)}.`, 'expired');
}

/** A start-of-validity time that must have passed. */
export function notBeforeCheck(what: string, start: number, ctx: VerifyContext): Check {
  if (ctx.now + CLOCK_TOLERANCE_MS >= start)
    return check('not-before', true, `The ${what} became valid ${formatTime(start)}.`, 'not-yet-valid');
  return check('not-before', false, `The ${what} is not valid before ${formatTime(start)}.`, 'not-yet-valid');
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
export function bindingCheck(
  id: 'fingerprint' | 'license-key' | 'hardware-id',
  what: string,
  expected: string | undefined,
  signed: unknown
): Check | undefined {
  if (expected === undefined || expected === '') return undefined;
  if (typeof signed !== 'string')
    return check(id, false, `It carries no ${what} to compare with this device's.`, 'wrong-device');
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

const jsonType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value === 'object' ? 'JSON object' : typeof value;

/** End of validity including the grace period, as ISO; null for never, undefined when unreadable. */
export function withGrace(expiry: unknown, ctx: VerifyContext): string | null | undefined {
  if (expiry === null || expiry === undefined) return expiry;
  const at = parseTime(expiry);
  return Number.isNaN(at) ? undefined : iso(at + ctx.trust.config.gracePeriodSeconds * 1000);
}

/** The product ids a Keygen dataset names: `product.id` (keys, proofs) or a `product` claim. */
export function namedProducts(data: unknown): string[] {
  const product = getString(data, 'product', 'id') ?? getString(data, 'product');
  return product === undefined ? [] : [product];
}

/** Keygen license statuses that still grant access; the others say why not. */
const LICENSE_STATUSES = new Map<string, Status | undefined>([
  ['ACTIVE', undefined],
  ['EXPIRING', undefined],
  ['EXPIRED', 'expired'],
  ['SUSPENDED', 'invalid'],
  ['BANNED', 'invalid'],
  ['INACTIVE', 'invalid']
]);

/**
 * The signed `status` and `suspended` of a Keygen license resource (license files, included
 * licenses, API responses). Undefined when the resource carries neither.
 */
export function licenseStatusCheck(license: unknown): Check | undefined {
  const attributes = get(license, 'attributes');
  if (!isObj(attributes)) return undefined;
  const { status, suspended } = attributes;
  if (status === undefined && suspended === undefined) return undefined;
  if (suspended !== undefined && typeof suspended !== 'boolean')
    return check(
      'license-status',
      false,
      'The license\'s "suspended" flag is not true or false: the signed data is malformed.',
      'malformed'
    );
  if (status !== undefined && typeof status !== 'string')
    return check(
      'license-status',
      false,
      "The license's status is not text: the signed data is malformed.",
      'malformed'
    );
  if (suspended === true) return check('license-status', false, 'The license is suspended.', 'invalid');
  if (status === undefined) return check('license-status', true, 'The license is not suspended.', 'invalid');
  if (!LICENSE_STATUSES.has(status))
    return check('license-status', false, `The license has the unknown status "${status.slice(0, 40)}".`, 'invalid');
  // EXPIRED restates the expiry, which its own check weighs with the grace period.
  if (status === 'EXPIRED' && typeof attributes.expiry === 'string')
    return check(
      'license-status',
      true,
      "The license's status is EXPIRED; its expiry, checked with the grace period, decides.",
      'invalid'
    );
  const fails = LICENSE_STATUSES.get(status);
  if (fails === undefined) return check('license-status', true, `The license is ${status}.`, 'invalid');
  return check('license-status', false, `The license is ${status}.`, fails);
}

/**
 * The time a verdict proves "now" has reached: its signed time, when genuine and its own clock
 * check passed. A far-future signed time fails that check, so it can never raise the floor.
 */
export function provenTime(verdict: Verdict): number | undefined {
  if (!verdict.genuine || verdict.checks.some((c) => c.id === 'clock' && !c.ok)) return undefined;
  const at = parseTime(verdict.signedAt);
  return Number.isNaN(at) ? undefined : at;
}

/** Said when the user named a device but the artifact, by its format, binds none. */
export function unboundDevice(noun: string, ctx: VerifyContext): string[] {
  return ctx.fingerprint ? [`A ${noun} is not bound to any device, so the fingerprint given was not compared.`] : [];
}
