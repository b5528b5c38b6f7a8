/**
 * `/#/v/<payload>` links, in a module of their own: the Verify screen reads its address before it
 * loads anything that reads codes.
 */

const LINK_PREFIX = '#/v/';

/**
 * The artifact carried by a `/#/v/<payload>` link, percent-decoded; undefined for any other hash.
 * The fragment never reaches a server, so a printed QR code can carry a license key safely.
 */
export function payloadFromHash(hash: string): string | undefined {
  if (!hash.startsWith(LINK_PREFIX)) return undefined;
  const encoded = hash.slice(LINK_PREFIX.length);
  try {
    return decodeURIComponent(encoded);
  } catch {
    // A stray "%" is more likely part of the artifact than a broken escape.
    return encoded;
  }
}
