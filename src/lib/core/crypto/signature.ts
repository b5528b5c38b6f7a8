/** Finding which trusted key, under its own pinned algorithm, signed some bytes. */
import type { Algorithm, TrustedKey } from './keys';
import type { VerifiedBy } from '../verdict';

/**
 * The algorithm that verified the last signature of each length. One RSA key is often pinned twice
 * (PSS and PKCS#1 v1.5) and a vendor signs with one of the two, so trying that one first saves a
 * failed RSA verify per verdict. It changes only the order of the trials: every key still verifies
 * under its own pinned algorithm, keys of one algorithm keep the config's order, and nothing about
 * a verdict is remembered. (Signatures of different schemes never verify the same bytes.)
 */
const lastAlgorithm = new Map<number, Algorithm>();

/**
 * The first trusted key whose pinned algorithm verifies `signature` over `data`. `algorithms`
 * narrows the candidates when the format names its algorithm (license files, response headers);
 * it can only remove keys, never change how a key verifies.
 */
export async function findSigner(
  keys: readonly TrustedKey[],
  signature: Uint8Array,
  data: Uint8Array,
  algorithms?: readonly Algorithm[]
): Promise<TrustedKey | undefined> {
  const preferred = lastAlgorithm.get(signature.length);
  // Two passes over the keys, the preferred algorithm's first, rather than a reordered copy of
  // the list for every verdict.
  for (const first of [true, false]) {
    for (const key of keys) {
      if ((key.algorithm === preferred) !== first || (algorithms && !algorithms.includes(key.algorithm))) continue;
      if (await key.verify(signature, data)) {
        lastAlgorithm.set(signature.length, key.algorithm);
        return key;
      }
    }
  }
  return undefined;
}

export const verifiedBy = (key: TrustedKey): VerifiedBy => ({
  id: key.id,
  algorithm: key.algorithm,
  fingerprint: key.fingerprint
});

export function noSignerMessage(keys: readonly TrustedKey[], algorithms?: readonly Algorithm[]): string {
  const candidates = algorithms ? keys.filter((k) => algorithms.includes(k.algorithm)) : keys;
  if (candidates.length === 0) {
    return `This verifier trusts no ${algorithms?.join(' or ') ?? ''} key, so the signature cannot be checked.`.replace(
      'no  key',
      'no key'
    );
  }
  return 'The signature does not verify with any trusted key: it is forged, altered, or from another vendor.';
}

/**
 * What an account key signs, by the shape of the signed bytes. The legacy schemes sign raw bytes
 * with no prefix of their own (a v1 key its dataset, `X-Signature` a response body), so bytes that
 * are another scheme's signing input would carry that artifact's signature into a legacy one.
 */
const PREFIXED_INPUTS: readonly (readonly [string, string])[] = [
  ['key/', 'a signed license key'],
  ['proof/', 'an activation proof'],
  ['license/', 'a license file'],
  ['machine/', 'a machine file'],
  ['(request-target): ', 'a signed API response']
];

const isBase64UrlByte = (b: number): boolean =>
  (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b === 45 /* - */ || b === 95; /* _ */

/** `header.claims` of a JWS: `eyJ`, base64url, one dot, base64url. */
function isJwsSigningInput(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x65 || bytes[1] !== 0x79 || bytes[2] !== 0x4a) return false;
  let dots = 0;
  for (const b of bytes) {
    if (b === 0x2e) dots++;
    else if (!isBase64UrlByte(b)) return false;
  }
  return dots === 1;
}

function startsWithAscii(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** The artifact whose signing input `bytes` are, or undefined when they are no other scheme's. */
export function foreignSigningInput(bytes: Uint8Array): string | undefined {
  for (const [prefix, artifact] of PREFIXED_INPUTS) if (startsWithAscii(bytes, prefix)) return artifact;
  return isJwsSigningInput(bytes) ? 'a JWT license key' : undefined;
}

/** The keys a legacy raw-bytes scheme may be verified with: RSA keys the config enabled for it. */
export const legacyKeys = (keys: readonly TrustedKey[]): TrustedKey[] => keys.filter((k) => k.legacy);
