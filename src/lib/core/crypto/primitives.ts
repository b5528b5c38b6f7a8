/** The WebCrypto primitives the formats share, each with the exact parameters the formats fix. */
import { concatBytes, toBuffer, utf8Encode } from './encoding';

export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', toBuffer(data)));
}

/** An HMAC-SHA256 key from UTF-8 or bytes, imported once for all the MACs of one verdict. */
export function hmacKey(key: string | Uint8Array): Promise<CryptoKey> {
  const raw = typeof key === 'string' ? utf8Encode(key) : toBuffer(key);
  // A zero-length HMAC key is legal (RFC 2104) but WebCrypto refuses it; pad to one block of zeros,
  // which HMAC defines as the same key.
  return crypto.subtle.importKey(
    'raw',
    raw.length ? raw : new Uint8Array(64),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign']
  );
}

/** HMAC-SHA256 of `message`, with a key from `hmacKey` or given as UTF-8 or bytes. */
export async function hmacSha256(key: CryptoKey | string | Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const k = typeof key === 'string' || key instanceof Uint8Array ? await hmacKey(key) : key;
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, toBuffer(message)));
}

/** `a` and `b` as one view when `b` follows `a` in the same buffer (a tag decoded into its ciphertext's room). */
function adjacent(a: Uint8Array, b: Uint8Array): Uint8Array | undefined {
  return a.buffer === b.buffer && b.byteOffset === a.byteOffset + a.length
    ? new Uint8Array(a.buffer, a.byteOffset, a.length + b.length)
    : undefined;
}

/**
 * AES-256-GCM with a 96-bit IV, a 128-bit tag and no AAD (Keygen license files). Returns null when
 * the tag does not verify: a wrong license key or fingerprint looks exactly like tampering. Other IV
 * sizes are refused outright: Node's WebCrypto rejects short IVs that Chromium's accepts, and a
 * verdict must not depend on the device.
 */
export async function aesGcmDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad?: Uint8Array
): Promise<Uint8Array | null> {
  if (tag.length !== 16 || key.length !== 32 || iv.length !== 12) return null;
  const k = await crypto.subtle.importKey('raw', toBuffer(key), 'AES-GCM', false, ['decrypt']);
  const joined = adjacent(ciphertext, tag) ?? concatBytes(ciphertext, tag);
  try {
    const params: AesGcmParams = { name: 'AES-GCM', iv: toBuffer(iv), tagLength: 128 };
    if (aad?.length) params.additionalData = toBuffer(aad);
    return new Uint8Array(await crypto.subtle.decrypt(params, k, toBuffer(joined)));
  } catch {
    return null;
  }
}
