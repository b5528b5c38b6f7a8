/** The RSA signature guard that WebKit's WebCrypto lacks: only s < n is a signature. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importTrustedKey } from './keys';
import { demoKeys, publicPem } from '../../../../tools/issuer/keys';

afterEach(() => vi.restoreAllMocks());

describe('an RSA key checks s < n itself', () => {
  it('refuses a signature equal to or above the modulus before WebCrypto sees it, and passes one below', async () => {
    const key = await importTrustedKey({ id: 'rsa', algorithm: 'rsa-sha256', publicKey: publicPem(demoKeys().rsa) });
    const n = key.rsa!.n;
    const bytes = (v: bigint) =>
      Uint8Array.from(v.toString(16).padStart(512, '0').match(/../g)!, (h) => parseInt(h, 16));
    const verify = vi.spyOn(crypto.subtle, 'verify');
    expect(await key.verify(bytes(n), new Uint8Array(1))).toBe(false);
    expect(await key.verify(bytes(n + 1n), new Uint8Array(1))).toBe(false);
    expect(verify).not.toHaveBeenCalled();
    expect(await key.verify(bytes(n - 1n), new Uint8Array(1))).toBe(false);
    expect(verify).toHaveBeenCalledTimes(1);
  });
});
