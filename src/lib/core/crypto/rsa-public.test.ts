import { describe, expect, it } from 'vitest';
import { constants, createPublicKey, generateKeyPairSync, privateEncrypt, randomBytes } from 'node:crypto';
import { modPow, rsaOpenType1 } from './rsa-public';

function naiveModPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n % modulus;
  for (let i = 0n; i < exponent; i++) result = (result * base) % modulus;
  return result;
}

const toBigInt = (b64url: string) => BigInt('0x' + Buffer.from(b64url, 'base64url').toString('hex'));

describe('modPow', () => {
  it('agrees with repeated multiplication, including exponents 0 and 1 and modulus 1', () => {
    for (const [b, e, m] of [
      [4n, 13n, 497n],
      [2n, 0n, 7n],
      [5n, 1n, 7n],
      [123456789n, 65n, 1000000007n],
      [10n, 3n, 1n],
      [1000n, 17n, 13n]
    ] as const) {
      expect(modPow(b, e, m)).toBe(naiveModPow(b, e, m));
    }
  });

  it('inverts an RSA private operation for e = 65537 and for e = 3', () => {
    for (const publicExponent of [65537, 3]) {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent });
      const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
      const n = toBigInt(jwk.n!);
      const e = toBigInt(jwk.e!);
      const message = randomBytes(256);
      message[0] = 0;
      const c = privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, message);
      expect(modPow(toBigInt(c.toString('base64url')), e, n)).toBe(toBigInt(message.toString('base64url')));
    }
  });
});

describe('rsaOpenType1', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const key = { n: toBigInt(jwk.n!), e: toBigInt(jwk.e!), size: 256 };
  const data = Buffer.from('hello');
  const block = privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, data);

  it('opens a PKCS#1 v1.5 type-1 block to its data', () => {
    expect(Buffer.from(rsaOpenType1(key, block)!)).toEqual(data);
  });

  it('refuses a block of the wrong length or not below the modulus', () => {
    expect(rsaOpenType1(key, block.subarray(1))).toBeNull();
    expect(rsaOpenType1(key, Buffer.concat([Buffer.alloc(1), block]))).toBeNull();
    expect(rsaOpenType1(key, Buffer.alloc(256, 0xff))).toBeNull();
  });

  it('refuses e = 1, under which anyone could write a block that opens', () => {
    const forged = Buffer.concat([
      Buffer.from([0, 1]),
      Buffer.alloc(256 - 3 - data.length, 0xff),
      Buffer.from([0]),
      data
    ]);
    expect(rsaOpenType1({ ...key, e: 1n }, forged)).toBeNull();
  });
});
