/**
 * How a license key appears wherever it is kept or shown without being asked for: on the verdict
 * card, in history, in the cache list. One rule, so what is stored is never less masked than what
 * is displayed.
 */

/** The first and last four characters of a license key; the rest hidden. */
export function maskKey(key: string): string {
  if (key.length <= 8) return '•'.repeat(key.length);
  return `${key.slice(0, 4)}${'•'.repeat(Math.min(key.length - 8, 12))}${key.slice(-4)}`;
}
