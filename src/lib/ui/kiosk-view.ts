/**
 * What the kiosk shows of a verdict, readable from two metres: the status (colour, icon and word,
 * from the app's one mapping), and for a genuine license its licensee and expiry. Nothing else: a
 * passer-by learns no key, reason or history.
 */
import type { Verdict } from '../core/verdict';
import { statusView, type StatusView } from './verdict-view';

export interface KioskVerdictView extends StatusView {
  licensee?: string;
  /** "Expires 15 Jan 2027", "Expired 3 Jan 2026", "Never expires". */
  expiry?: string;
}

export function kioskView(verdict: Verdict, now: number, locale?: string, timeZone?: string): KioskVerdictView {
  const view: KioskVerdictView = { ...statusView(verdict) };
  // Decoded content is trusted only when the signature verified.
  if (!verdict.genuine) return view;
  if (verdict.summary?.licensee) view.licensee = verdict.summary.licensee;
  // The license's own expiry; a file or response without one expires with the verdict.
  const expiry = verdict.summary?.licenseExpiry !== undefined ? verdict.summary.licenseExpiry : verdict.expiresAt;
  if (expiry === null) view.expiry = 'Never expires';
  const at = expiry ? Date.parse(expiry) : NaN;
  if (!Number.isNaN(at)) {
    // The day only: the time of day is noise at two metres.
    const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(at);
    view.expiry = `${at <= now ? 'Expired' : 'Expires'} ${day}`;
  }
  return view;
}

/** The sentence a screen reader announces: the same facts as the screen, nothing more. */
export function kioskAnnouncement(view: KioskVerdictView): string {
  return [view.label, view.licensee, view.expiry].filter(Boolean).join('. ') + '.';
}
