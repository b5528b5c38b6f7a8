/** What the "Show as QR" button must ask before it puts an artifact on screen. */
import { LICENSE_KEY_KINDS, type Verdict } from '../core/verdict';

/**
 * Why showing `verdict`'s artifact needs a yes, or null. A key is a secret by itself; a request
 * holds the key or password it was composed with; any other artifact whose license key could be
 * read without one being typed (nothing was decrypted) carries that key in the clear. A key the
 * user typed is never part of the code either way: only the artifact's own text is shown.
 */
export function secretNote(verdict: Pick<Verdict, 'kind' | 'summary' | 'checks'>): string | null {
  if (LICENSE_KEY_KINDS.has(verdict.kind)) return 'This is a license key.';
  if (verdict.kind === 'licensespring-request')
    return 'A request file holds the license key or password it was composed with.';
  if (verdict.kind === 'keygen-response')
    return 'A Keygen response holds the request it answered and the full answer: license, machine and account details.';
  const decrypted = verdict.checks.some((check) => check.id === 'decryption' && check.ok);
  if (verdict.summary?.licenseKey && !decrypted)
    return `This ${verdict.kind === 'machine-file' ? 'machine file' : 'artifact'} contains its license key in readable form.`;
  return null;
}

/**
 * What "Show as QR" puts in the code for `verdict`, given the input `text`: the input itself, or
 * for a cached Keygen response only its signed exchange (`verdict.artifact`), never the input: a
 * HAR file also holds request headers, cookies, posted forms and other sites' traffic. Null when
 * nothing may be shown (`NOT_SHOWN` says why).
 */
export function qrText(verdict: Pick<Verdict, 'kind' | 'artifact'>, text: string): string | null {
  if (verdict.kind === 'keygen-response') return verdict.artifact ?? null;
  return text.trim() || null;
}

export const NOT_SHOWN =
  "This response's body is not text, so it cannot be shown as a QR code apart from the rest of the HAR file.";
