/**
 * The raw RSA public operation, which WebCrypto does not expose: Keygen's legacy encrypted keys
 * are `RSA_private_encrypt` blocks that only `c^e mod n` and a padding check can open.
 */
import { hexDecode, hexEncode } from './encoding';

/**
 * Left-to-right square-and-multiply over the exponent's bits. For e = 65537 that is 16 real
 * squarings and one real multiply (the first step only squares and multiplies 1).
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  const b = base % modulus;
  let result = 1n;
  for (const bit of exponent.toString(2)) {
    result = (result * result) % modulus;
    if (bit === '1') result = (result * b) % modulus;
  }
  return result;
}

/**
 * Open a PKCS#1 v1.5 block-type-1 block (`00 01 FF…FF 00 ‖ data`, at least eight `FF`) with a
 * public key. Returns the data, or null for any deviation: wrong length, `c ≥ n`, or bad padding.
 */
export function rsaOpenType1(key: { n: bigint; e: bigint; size: number }, block: Uint8Array): Uint8Array | null {
  // e = 1 would make the "decryption" the identity: anyone could write a block that opens.
  if (block.length !== key.size || key.e < 3n) return null;
  const c = BigInt('0x' + hexEncode(block));
  // c and c + n would both open to the same data: only the canonical c < n is the key.
  if (c >= key.n) return null;
  const em = hexDecode(
    modPow(c, key.e, key.n)
      .toString(16)
      .padStart(key.size * 2, '0')
  );
  if (em[0] !== 0x00 || em[1] !== 0x01) return null;
  let i = 2;
  while (i < em.length && em[i] === 0xff) i++;
  if (i - 2 < 8 || i >= em.length || em[i] !== 0x00) return null;
  return em.subarray(i + 1);
}
