import { describe, expect, it } from 'vitest';
import { constants, generateKeyPairSync, privateEncrypt } from 'node:crypto';
import { verify } from '../verify';
import { verifyEncryptedKey } from './encrypted-key';
import { buildTrustStore } from '../config';
import { demoConfig, demoContext } from '../../../../tools/issuer/demo-trust';
import { demoKeys, publicPem } from '../../../../tools/issuer/keys';
import { demoLicenseFacts } from '../../../../tools/issuer/datasets';
import { b64urlPadded } from '../../../../tools/issuer/signed-key';
import { mintEncryptedKey } from '../../../../tools/issuer/encrypted-key';

/** The demo context trusting only the listed demo keys (or extra key specs). */
async function trusting(ids: string[], extra: { id: string; algorithm: 'rsa-sha256'; publicKey: string }[] = []) {
  const config = demoConfig();
  return demoContext({
    trust: await buildTrustStore({ ...config, keys: [...config.keys.filter((k) => ids.includes(k.id)), ...extra] })
  });
}

/** A 256-byte block put through the demo key's raw private operation, so only the padding decides. */
const rawBlock = (...parts: Buffer[]) => {
  const em = Buffer.concat(parts);
  expect(em.length).toBe(256);
  return b64urlPadded(privateEncrypt({ key: demoKeys().rsa, padding: constants.RSA_NO_PADDING }, em));
};
const ff = (n: number) => Buffer.alloc(n, 0xff);
const bytes = (...b: number[]) => Buffer.from(b);

describe('encrypted keys (RSA_2048_PKCS1_ENCRYPT)', () => {
  it('a minted key is genuine and valid, with its dataset and summary', async () => {
    const facts = demoLicenseFacts();
    const token = mintEncryptedKey({ facts });
    expect(token).toMatch(/^[A-Za-z0-9_-]{342}==$/);
    const v = await verify(token, await demoContext());
    expect(v).toMatchObject({
      kind: 'encrypted-key',
      genuine: true,
      status: 'valid',
      scheme: 'RSA_2048_PKCS1_ENCRYPT'
    });
    expect(v.key?.id).toBe('demo-rsa-pkcs1');
    expect(v.data).toEqual({
      id: facts.licenseId,
      created: facts.created,
      duration: facts.duration,
      expiry: facts.expiry,
      product: { id: facts.productId }
    });
    expect(v.summary).toEqual({ licenseId: facts.licenseId, licenseExpiry: facts.expiry });
    expect(v.signedAt).toBe(facts.created);
    // Demo grace period: 3 days.
    expect(v.expiresAt).toBe('2027-01-18T09:30:00.000Z');
  });

  it('accepts the token without its "=" padding', async () => {
    const v = await verify(mintEncryptedKey().replace(/=+$/, ''), await demoContext());
    expect(v).toMatchObject({ genuine: true, status: 'valid' });
  });

  it('a custom non-JSON seed is returned as text; it names no product, so a product allow-list refuses it', async () => {
    const token = mintEncryptedKey({ dataset: 'zeke@keygen.example' });
    const anyProduct = await demoContext({ trust: await buildTrustStore({ ...demoConfig(), products: [] }) });
    const v = await verify(token, anyProduct);
    expect(v).toMatchObject({ genuine: true, status: 'valid', dataset: 'zeke@keygen.example', expiresAt: null });
    expect(v.checks.map((c) => c.id)).toEqual(['signature', 'clock']);
    expect(v.notCovered).toEqual(['The key names no expiry: it is valid for as long as its signing key is trusted.']);
    const restricted = await verify(token, await demoContext());
    expect(restricted).toMatchObject({ genuine: true, status: 'wrong-product' });
  });

  it('every single-byte change of the block is not genuine', async () => {
    const ctx = await demoContext();
    const block = Buffer.from(mintEncryptedKey(), 'base64url');
    for (let i = 0; i < block.length; i++) {
      const forged = Buffer.from(block);
      forged[i]! ^= 1 << (i % 8);
      const v = await verify(b64urlPadded(forged), ctx);
      expect(v, `byte ${i}`).toMatchObject({ genuine: false, status: 'invalid' });
      expect(v.dataset).toBeUndefined();
    }
  });

  it('a key from another issuer is not genuine', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const v = await verify(mintEncryptedKey({ privateKey }), await demoContext());
    expect(v).toMatchObject({ genuine: false, status: 'invalid' });
    expect(v.reason).toMatch(/does not open/);
  });

  it('only keys pinned to rsa-sha256 open it: the same RSA key pinned to PSS does not, nor Ed25519', async () => {
    const token = mintEncryptedKey();
    const pss = await verify(token, await trusting(['demo-rsa-pss']));
    expect(pss).toMatchObject({ genuine: false, status: 'invalid' });
    expect(pss.reason).toMatch(/trusts no rsa-sha256 key/);
    const ed = await verify(token, await trusting(['demo-ed25519']));
    expect(ed).toMatchObject({ genuine: false, status: 'invalid' });
  });

  it('opens with a key of another public exponent (e = 3)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 });
    const ctx = await trusting([], [{ id: 'e3', algorithm: 'rsa-sha256', publicKey: publicPem(privateKey) }]);
    const v = await verify(mintEncryptedKey({ privateKey }), ctx);
    expect(v).toMatchObject({ genuine: true, status: 'valid' });
    expect(v.key?.id).toBe('e3');
  });

  describe('padding is checked byte for byte', () => {
    const data = Buffer.from('{"id":"x"}');
    const fill = 256 - 3 - data.length;

    it('a hand-built type-1 block opens (so the refusals below are about the padding alone)', async () => {
      const v = await verify(rawBlock(bytes(0, 1), ff(fill), bytes(0), data), await demoContext());
      expect(v).toMatchObject({ genuine: true, dataset: '{"id":"x"}' });
    });

    it('exactly eight FF bytes is enough', async () => {
      const eight = Buffer.alloc(256 - 3 - 8 - 1, 0x41);
      const v = await verify(rawBlock(bytes(0, 1), ff(8), bytes(0), eight, bytes(0x42)), await demoContext());
      expect(v).toMatchObject({ genuine: true, dataset: 'A'.repeat(244) + 'B' });
    });

    const refusals: [string, Buffer[]][] = [
      ['seven FF bytes', [bytes(0, 1), ff(7), bytes(0), Buffer.alloc(256 - 3 - 7, 0x41)]],
      ['block type 2 (encryption padding)', [bytes(0, 2), ff(fill), bytes(0), data]],
      ['a first byte that is not zero', [bytes(1, 1), ff(fill), bytes(0), data]],
      ['no zero separator', [bytes(0, 1), ff(254)]],
      ['a filler byte that is not FF', [bytes(0, 1), ff(20), bytes(0xfe), ff(fill - 21), bytes(0), data]],
      [
        'data that is not UTF-8',
        [bytes(0, 1), ff(fill), bytes(0), Buffer.from([0xc3, 0x28, 0x7b, 0x7d, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20])]
      ]
    ];
    for (const [name, parts] of refusals) {
      it(`${name} is not genuine`, async () => {
        const v = await verify(rawBlock(...parts), await demoContext());
        expect(v).toMatchObject({ genuine: false, status: 'invalid' });
      });
    }
  });

  it('a block not below the modulus is refused, so no key has a second spelling (c + n)', async () => {
    const ctx = await demoContext();
    const n = ctx.trust.keys.find((k) => k.id === 'demo-rsa-pkcs1')!.rsa!.n;
    const toBlock = (x: bigint) => Buffer.from(x.toString(16).padStart(512, '0'), 'hex');
    for (const block of [toBlock(n), Buffer.alloc(256, 0xff)]) {
      expect(await verify(b64urlPadded(block), ctx)).toMatchObject({ genuine: false, status: 'invalid' });
    }
    // c + n opens to the same padded block under c^e mod n; it must still be refused.
    let c = 0n;
    while (c === 0n || c + n >= 1n << 2048n)
      c = BigInt('0x' + Buffer.from(mintEncryptedKey(), 'base64url').toString('hex'));
    expect(await verify(b64urlPadded(toBlock(c)), ctx)).toMatchObject({ genuine: true });
    expect(await verify(b64urlPadded(toBlock(c + n)), ctx)).toMatchObject({ genuine: false, status: 'invalid' });
  });

  it("is detected and opened with a larger RSA key than Keygen's 2048 bits", async () => {
    const big = demoKeys().licenseSpring;
    const ctx = await trusting([], [{ id: 'rsa-4096', algorithm: 'rsa-sha256', publicKey: publicPem(big) }]);
    const token = mintEncryptedKey({ privateKey: big });
    expect(token.length).toBe(684);
    expect(await verify(token, ctx)).toMatchObject({
      kind: 'encrypted-key',
      genuine: true,
      status: 'valid',
      key: { id: 'rsa-4096' }
    });
  });

  it('truncated or doubled tokens are not genuine, and say why', async () => {
    const ctx = await demoContext();
    const token = mintEncryptedKey();
    for (const input of [token.slice(0, 340), token.slice(0, 100), token.replace(/=+$/, '').repeat(2)]) {
      expect((await verify(input, ctx)).genuine).toBe(false);
    }
    // Through verify() too: a long single token is taken for an encrypted key, so the user is told
    // about its length rather than that the format is unknown.
    expect(await verify(token.slice(0, 340), ctx)).toMatchObject({
      kind: 'encrypted-key',
      reason: expect.stringMatching(/255 bytes long/)
    });
    const truncated = await verifyEncryptedKey(token.slice(0, 340), ctx);
    expect(truncated).toMatchObject({ genuine: false, status: 'invalid' });
    expect(truncated.reason).toMatch(/255 bytes long where a trusted RSA key's block is 256/);
    const doubled = await verifyEncryptedKey(token.replace(/=+$/, '').repeat(2), ctx);
    // Two 342-character halves are 684 characters: 513 bytes.
    expect(doubled.reason).toMatch(/513 bytes long/);
  });

  it('an expired license is genuine but expired; within the grace period it is still valid', async () => {
    const ctx = await demoContext();
    const expired = await verify(
      mintEncryptedKey({ facts: demoLicenseFacts({ expiry: '2026-05-01T00:00:00.000Z' }) }),
      ctx
    );
    expect(expired).toMatchObject({ genuine: true, status: 'expired' });
    expect(expired.checks.find((c) => c.id === 'license-expiry')?.ok).toBe(false);
    const grace = await verify(
      mintEncryptedKey({ facts: demoLicenseFacts({ expiry: '2026-05-30T00:00:00.000Z' }) }),
      ctx
    );
    expect(grace).toMatchObject({ genuine: true, status: 'valid', expiresAt: '2026-06-02T00:00:00.000Z' });
  });

  it('a license without expiry never expires', async () => {
    const v = await verify(
      mintEncryptedKey({ facts: demoLicenseFacts({ expiry: null, duration: null }) }),
      await demoContext()
    );
    expect(v).toMatchObject({ genuine: true, status: 'valid', expiresAt: null });
  });

  it('a clock set back before the signed creation time, or below the floor, is clock-tampered', async () => {
    const token = mintEncryptedKey();
    expect((await verify(token, await demoContext({ now: Date.parse('2025-12-31T00:00:00Z') }))).status).toBe(
      'clock-tampered'
    );
    expect((await verify(token, await demoContext({ floor: Date.parse('2026-06-02T00:00:00Z') }))).status).toBe(
      'clock-tampered'
    );
  });
});
