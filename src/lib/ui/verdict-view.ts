/**
 * How a verdict reads on screen: words, tone and icon per status, the summary rows, the screen
 * reader announcement. Plain functions so the wording is tested without a browser.
 */
import { maskKey } from '../core/mask';
import { parseTime } from '../core/time';
import type { ArtifactKind, Need, Status, Summary, Verdict } from '../core/verdict';

export type Tone = 'good' | 'warn' | 'alert' | 'bad' | 'neutral';
export type IconName = 'check' | 'cross' | 'clock' | 'alert' | 'question' | 'lock';

export interface StatusView {
  label: string;
  tone: Tone;
  icon: IconName;
}

// Colour is never the only signal: every status also has its own icon and words.
export const STATUS_VIEW: Record<Status, StatusView> = {
  valid: { label: 'Valid', tone: 'good', icon: 'check' },
  expired: { label: 'Expired', tone: 'warn', icon: 'clock' },
  'not-yet-valid': { label: 'Not yet valid', tone: 'warn', icon: 'clock' },
  'wrong-device': { label: 'Wrong device', tone: 'alert', icon: 'alert' },
  'wrong-product': { label: 'Wrong product', tone: 'alert', icon: 'alert' },
  'clock-tampered': { label: 'Clock set back', tone: 'bad', icon: 'alert' },
  invalid: { label: 'Not genuine', tone: 'bad', icon: 'cross' },
  malformed: { label: 'Unreadable', tone: 'neutral', icon: 'question' },
  unsupported: { label: 'Unsupported', tone: 'neutral', icon: 'question' }
};

/**
 * The status as shown. Two cases read differently from the bare status: an input that cannot be
 * checked until the user types a secret (locked, not accused of forgery), and a genuine signature
 * over content that fails a check (invalid, but "not genuine" would be untrue).
 */
export function statusView(verdict: Verdict): StatusView {
  if (verdict.status === 'invalid' && verdict.needs?.length) {
    return { label: verdict.genuine ? 'Locked' : 'Unverified', tone: 'neutral', icon: 'lock' };
  }
  if (verdict.status === 'invalid' && verdict.genuine) return { label: 'Invalid', tone: 'bad', icon: 'cross' };
  return STATUS_VIEW[verdict.status];
}

/** Whether the verdict cannot be decided without what `needs` lists (rather than merely checking more). */
export const isLocked = (verdict: Verdict): boolean => verdict.status === 'invalid' && (verdict.needs?.length ?? 0) > 0;

/** What the input is, as a noun a technician uses. */
export const KIND_NOUN: Record<ArtifactKind, string> = {
  'signed-key': 'license key',
  'legacy-signed-key': 'license key (legacy v1)',
  'encrypted-key': 'encrypted license key',
  'jwt-key': 'license token (JWT)',
  'activation-proof': 'activation proof',
  'license-file': 'license file',
  'machine-file': 'machine file',
  'keygen-response': 'cached validation response',
  'licensespring-license': 'LicenseSpring license file',
  'licensespring-request': 'LicenseSpring request file',
  unknown: 'input'
};

export const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export interface NeedView {
  label: string;
  /** Why it is asked for when the verdict cannot be decided without it. */
  unlock: string;
  /** Why it is asked for when it only adds a check (a file bound to a license key or device). */
  bind: string;
  /** Typed secrets are masked like passwords; a fingerprint is not a secret. */
  secret: boolean;
}

export const NEED_VIEW: Record<Need, NeedView> = {
  'license-key': {
    label: 'License key',
    unlock: 'The file is encrypted with its license key. Type it to decrypt and check the contents.',
    bind: 'Type the license key this device holds to check that the file belongs to it.',
    secret: true
  },
  fingerprint: {
    label: 'Device fingerprint',
    unlock: "A machine file is encrypted with the license key and this device's fingerprint.",
    bind: "Type this device's fingerprint to check that the file is for it.",
    secret: false
  },
  'shared-key': {
    label: 'Shared key',
    unlock:
      'A request file is signed with the LicenseSpring shared key (or client secret). Type it to check the signatures.',
    bind: 'Type the LicenseSpring shared key (or client secret) to check the signatures.',
    secret: true
  }
};

/**
 * How to ask for what `needs` lists: `unlock` when nothing can be decided without it, `retry` when
 * what was typed did not match, `bind` when it would only add a check to a verdict already made.
 */
export type NeedsPrompt = 'unlock' | 'retry' | 'bind';

const SECRET_CHECKS = new Set(['decryption', 'signature', 'license-key', 'fingerprint', 'hardware-id']);

export function needsPrompt(verdict: Verdict): NeedsPrompt | undefined {
  if (!verdict.needs?.length) return undefined;
  if (isLocked(verdict)) return 'unlock';
  if (verdict.checks.some((c) => !c.ok && SECRET_CHECKS.has(c.id))) return 'retry';
  return 'bind';
}

/** The concise sentence a screen reader announces, e.g. "Valid license key, genuine, signed by demo-ed25519." */
export function announcement(verdict: Verdict): string {
  const view = statusView(verdict);
  const noun = KIND_NOUN[verdict.kind];
  if (verdict.genuine) {
    const signer = verdict.key ? `, signed by ${verdict.key.id}` : '';
    return `${view.label} ${noun}, genuine${signer}. ${verdict.reason}`;
  }
  if (view.label === 'Not genuine') return `Not genuine ${noun}. ${verdict.reason}`;
  return `${view.label} ${noun}, not genuine. ${verdict.reason}`;
}

/** Hex in groups of four, so a fingerprint can be compared by eye or read aloud. */
export function groupHex(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000]
];

// Building an Intl formatter costs far more than formatting with it (tens of ms for a verdict
// card on a slow phone), so each is built once per locale and time zone.
const formatters = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat>();

function formatter<F extends Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/**
 * Builds the formatters a verdict card uses. The first Intl object of a tab loads the locale data
 * (~100 ms on a slow phone); done while the verifier waits for keys and storage, the card does not.
 */
export function prepareFormatters(locale?: string, timeZone?: string): void {
  timeView(new Date(0).toISOString(), 0, locale, timeZone);
}

/** "in 7 months", "3 days ago", "now": the distance from `now` in the largest whole unit. */
export function relativeTime(at: number, now: number, locale?: string): string {
  const diff = at - now;
  const format = formatter(`relative ${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.trunc(diff / ms), unit);
  }
  return format.format(0, 'minute');
}

export interface TimeView {
  /** ISO 8601, for `<time datetime>`. */
  iso: string;
  text: string;
  relative: string;
}

export function timeView(value: string, now: number, locale?: string, timeZone?: string): TimeView | undefined {
  // As the core reads it: a zone-less ISO time is UTC, never this device's local time.
  const at = parseTime(value);
  if (Number.isNaN(at)) return undefined;
  const dates = formatter(
    `date ${locale} ${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) })
  );
  const text = dates.format(at);
  return { iso: new Date(at).toISOString(), text, relative: relativeTime(at, now, locale) };
}

export type SummaryRow =
  | { label: string; kind: 'text'; value: string; mono?: boolean }
  | { label: string; kind: 'time'; value: string; time?: TimeView }
  | { label: string; kind: 'list'; value: string[] }
  | { label: string; kind: 'license-key'; value: string };

/** The facts a technician needs, in the order they look for them. Absent facts are left out. */
export function summaryRows(summary: Summary, now: number, locale?: string, timeZone?: string): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const text = (label: string, value: string | undefined, mono = false) => {
    if (value) rows.push({ label, kind: 'text', value, ...(mono ? { mono } : {}) });
  };
  const time = (label: string, value: string | null | undefined, never: string) => {
    if (value === undefined) return;
    if (value === null) rows.push({ label, kind: 'text', value: never });
    else {
      const view = timeView(value, now, locale, timeZone);
      rows.push(view ? { label, kind: 'time', value, time: view } : { label, kind: 'time', value });
    }
  };
  text('Licensee', summary.licensee);
  if (summary.email !== summary.licensee) text('Email', summary.email);
  if (summary.licenseKey) rows.push({ label: 'License key', kind: 'license-key', value: summary.licenseKey });
  text('License ID', summary.licenseId, true);
  text('Product', summary.product, true);
  text('Policy', summary.policy, true);
  text('License status', summary.licenseStatus);
  time('License expiry', summary.licenseExpiry, 'Never expires');
  time('File expiry', summary.fileExpiry, 'Never expires');
  time('Issued', summary.issued, 'Unknown');
  text('Machine', summary.machine, true);
  text('Fingerprint', summary.fingerprint, true);
  if (summary.entitlements?.length) rows.push({ label: 'Entitlements', kind: 'list', value: summary.entitlements });
  if (summary.maxMachines !== undefined)
    text('Max machines', summary.maxMachines === null ? 'Unlimited' : String(summary.maxMachines));
  return rows;
}

/** A LicenseSpring user's password, inside a `.req`: never worth showing on a screen. */
const hidePasswords = (name: string, value: unknown) =>
  name === 'password' && typeof value === 'string' ? '••••••••' : value;

/**
 * The decoded payload as readable text (JSON indented), with the license key masked unless shown
 * and any password always hidden.
 */
export function decodedText(verdict: Verdict, showKey: boolean): string | undefined {
  if (!verdict.genuine || verdict.dataset === undefined) return undefined;
  const text =
    typeof verdict.data === 'object' && verdict.data !== null
      ? JSON.stringify(verdict.data, hidePasswords, 2)
      : verdict.dataset;
  const key = verdict.summary?.licenseKey;
  return key && !showKey ? text.replaceAll(key, maskKey(key)) : text;
}
