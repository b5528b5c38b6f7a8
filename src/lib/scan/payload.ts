/**
 * What a scanned code may hold: an artifact's text, a `/#/v/…` link to this app, or any URL whose
 * fragment or query carries an artifact (a vendor's portal link, a printed activation URL). Only
 * the shape is looked at here; whatever comes out is verified like pasted text.
 */
import { detect } from '../core/detect';

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

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Values of `a=1&b=2`, percent-decoded. A `+` stays a `+`: standard base64 (LicenseSpring files)
 * uses it, and no artifact contains a space.
 */
function parameterValues(part: string): string[] {
  return part
    .split('&')
    .map((pair) => pair.slice(pair.indexOf('=') + 1))
    .filter((value) => value !== '')
    .map(percentDecoded);
}

const isArtifact = (text: string) => detect(text.trim()) !== 'unknown';

/** The artifact text a code carries: itself, or what its link carries; unchanged when neither. */
export function artifactFromCode(code: string): string {
  const text = code.trim();
  if (isArtifact(text)) return text;

  // A link to this app, absolute or not: everything after `#/v/` is the artifact.
  const hashAt = text.indexOf('#');
  const appLink = hashAt < 0 ? undefined : payloadFromHash(text.slice(hashAt));
  if (appLink !== undefined) return appLink.trim();

  if (!URL_LIKE.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  const fragment = url.hash.slice(1);
  const candidates = [percentDecoded(fragment), ...parameterValues(fragment), ...parameterValues(url.search.slice(1))];
  return candidates.map((candidate) => candidate.trim()).find(isArtifact) ?? text;
}
