/** Finding which trusted key, under its own pinned algorithm, signed some bytes. */
import type { Algorithm, TrustedKey } from './keys';
import type { VerifiedBy } from './verdict';

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
  for (const key of keys) {
    if (algorithms && !algorithms.includes(key.algorithm)) continue;
    if (await key.verify(signature, data)) return key;
  }
  return undefined;
}

export const verifiedBy = (key: TrustedKey): VerifiedBy => ({ id: key.id, algorithm: key.algorithm, fingerprint: key.fingerprint });

export function noSignerMessage(keys: readonly TrustedKey[], algorithms?: readonly Algorithm[]): string {
  const candidates = algorithms ? keys.filter((k) => algorithms.includes(k.algorithm)) : keys;
  if (candidates.length === 0) {
    return `This verifier trusts no ${algorithms?.join(' or ') ?? ''} key, so the signature cannot be checked.`.replace('no  key', 'no key');
  }
  return 'The signature does not verify with any trusted key: it is forged, altered, or from another vendor.';
}
