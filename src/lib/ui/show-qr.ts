/** What the "Show as QR" button must ask before it puts an artifact on screen. */
import type { ArtifactKind, Verdict } from '../core/verdict';

const KEY_KINDS: ReadonlySet<ArtifactKind> = new Set(['signed-key', 'legacy-signed-key', 'encrypted-key', 'jwt-key']);

/**
 * Why showing `verdict`'s artifact needs a yes, or null. A key is a secret by itself; a request
 * holds the key or password it was composed with; any other artifact whose license key could be
 * read without one being typed (nothing was decrypted) carries that key in the clear. A key the
 * user typed is never part of the code either way: only the artifact's own text is shown.
 */
export function secretNote(verdict: Pick<Verdict, 'kind' | 'summary' | 'checks'>): string | null {
  if (KEY_KINDS.has(verdict.kind)) return 'This is a license key.';
  if (verdict.kind === 'licensespring-request') return 'A request file holds the license key or password it was composed with.';
  const decrypted = verdict.checks.some((check) => check.id === 'decryption' && check.ok);
  if (verdict.summary?.licenseKey && !decrypted) return `This ${verdict.kind === 'machine-file' ? 'machine file' : 'artifact'} contains its license key in readable form.`;
  return null;
}
