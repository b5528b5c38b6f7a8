import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { verify } from '../verify';
import { buildTrustStore } from '../config';
import { demoConfig, demoContext } from '../../../../tools/issuer/demo-trust';
import { demoKeys, sign } from '../../../../tools/issuer/keys';
import { demoLicenseFacts } from '../../../../tools/issuer/datasets';
import { b64urlPadded } from '../../../../tools/issuer/signed-key';
import { mintActivationProof } from '../../../../tools/issuer/activation-proof';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LICENSE_KEY = 'C1D2E3-F4A5B6-C7D8E9-F0A1B2-C3D4E5-V3';
const FINGERPRINT = 'a1:b2:c3:d4:e5:f6';
const bound = { licenseKey: LICENSE_KEY, fingerprint: FINGERPRINT };

async function trusting(ids: string[]) {
  const config = demoConfig();
  return demoContext({
    trust: await buildTrustStore({ ...config, keys: config.keys.filter((k) => ids.includes(k.id)) })
  });
}

const proofFor = (options: Parameters<typeof mintActivationProof>[0] = {}) =>
  mintActivationProof({ licenseKey: LICENSE_KEY, machine: { fingerprint: FINGERPRINT }, ...options });

describe('activation proofs', () => {
  it('a minted proof bound to this device is genuine and valid, with its dataset and summary', async () => {
    const facts = demoLicenseFacts();
    const v = await verify(proofFor({ facts, ts: '2026-03-01T12:00:00.000Z' }), await demoContext(bound));
    expect(v).toMatchObject({ kind: 'activation-proof', genuine: true, status: 'valid' });
    expect(v.key?.id).toBe('demo-rsa-pkcs1');
    expect(Object.keys(v.data as object)).toEqual(['account', 'product', 'policy', 'license', 'machine', 'ts']);
    expect(v.summary).toMatchObject({
      licenseId: facts.licenseId,
      licenseKey: LICENSE_KEY,
      fingerprint: FINGERPRINT,
      product: facts.productId,
      licenseExpiry: facts.expiry
    });
    expect(v.signedAt).toBe('2026-03-01T12:00:00.000Z');
    expect(v.expiresAt).toBe('2027-01-18T09:30:00.000Z');
    expect(v.needs).toBeUndefined();
    expect(
      v.checks
        .filter((c) => ['license-key', 'fingerprint', 'product', 'license-expiry', 'clock'].includes(c.id))
        .every((c) => c.ok)
    ).toBe(true);
    expect(v.checks).toHaveLength(6);
  });

  it('without the device values it is valid but asks for them to check the binding', async () => {
    const v = await verify(proofFor(), await demoContext());
    expect(v).toMatchObject({ genuine: true, status: 'valid', needs: ['license-key', 'fingerprint'] });
    expect(v.checks.some((c) => c.id === 'license-key' || c.id === 'fingerprint')).toBe(false);
  });

  it('every single-byte change of the signed part or the signature is not genuine', async () => {
    const ctx = await demoContext(bound);
    const proof = proofFor();
    const dot = proof.indexOf('.');
    for (let i = 0; i < dot; i++) {
      const c = ALPHABET[(ALPHABET.indexOf(proof[i]!) + 1) % 64]!;
      const v = await verify(proof.slice(0, i) + c + proof.slice(i + 1), ctx);
      expect(v.genuine, `character ${i}`).toBe(false);
      expect(v.dataset).toBeUndefined();
    }
    const signature = Buffer.from(proof.slice(dot + 1), 'base64url');
    for (let i = 0; i < signature.length; i++) {
      const forged = Buffer.from(signature);
      forged[i]! ^= 1 << (i % 8);
      const v = await verify(`${proof.slice(0, dot)}.${b64urlPadded(forged)}`, ctx);
      expect(v, `signature byte ${i}`).toMatchObject({ genuine: false, status: 'invalid' });
    }
  });

  it('a proof from another issuer is not genuine', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const v = await verify(proofFor({ privateKey }), await demoContext(bound));
    expect(v).toMatchObject({ genuine: false, status: 'invalid' });
  });

  it('only PKCS#1 v1.5 counts: a PSS signature by the same RSA key is not genuine, even though that key is trusted for PSS', async () => {
    const signing = proofFor().split('.')[0]!;
    const pss = `${signing}.${b64urlPadded(sign('rsa-pss-sha256', demoKeys().rsa, signing))}`;
    expect(await verify(pss, await demoContext(bound))).toMatchObject({ genuine: false, status: 'invalid' });
  });

  it("another algorithm's trust store does not verify it", async () => {
    for (const ids of [['demo-ed25519'], ['demo-rsa-pss'], ['demo-ecdsa']]) {
      const v = await verify(proofFor(), await trusting(ids));
      expect(v, ids[0]).toMatchObject({ genuine: false, status: 'invalid' });
      expect(v.reason).toMatch(/trusts no rsa-sha256 key/);
    }
  });

  it('truncated and doubled proofs are not genuine', async () => {
    const ctx = await demoContext(bound);
    const proof = proofFor();
    for (const input of [
      proof.slice(0, -1),
      proof.slice(0, -4),
      proof.slice(0, proof.length / 2),
      proof.slice(0, proof.indexOf('.') + 1),
      'proof/',
      proof + proof
    ]) {
      const v = await verify(input, ctx);
      expect(v.genuine, input.slice(-20)).toBe(false);
      expect(['invalid', 'malformed']).toContain(v.status);
    }
  });

  it('a proof for another machine is wrong-device', async () => {
    const v = await verify(proofFor(), await demoContext({ ...bound, fingerprint: 'ff:ff:ff:ff:ff:ff' }));
    expect(v).toMatchObject({ genuine: true, status: 'wrong-device' });
    expect(v.checks.find((c) => c.id === 'fingerprint')?.ok).toBe(false);
  });

  it('a proof for another license key is wrong-device', async () => {
    const v = await verify(proofFor(), await demoContext({ ...bound, licenseKey: 'OTHER-KEY-V3' }));
    expect(v).toMatchObject({ genuine: true, status: 'wrong-device' });
    expect(v.checks.find((c) => c.id === 'license-key')?.ok).toBe(false);
  });

  it('a custom dataset without the bound values cannot pass the binding', async () => {
    const dataset = JSON.stringify({ product: { id: demoConfig().products[0] }, note: 'hand-made' });
    const v = await verify(mintActivationProof({ dataset }), await demoContext(bound));
    expect(v).toMatchObject({ genuine: true, status: 'wrong-device', dataset });
    expect(v.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(['license-key', 'fingerprint']);
  });

  it('a proof for a product this verifier does not accept is wrong-product', async () => {
    const v = await verify(
      proofFor({ facts: demoLicenseFacts({ productId: 'another-product' }) }),
      await demoContext(bound)
    );
    expect(v).toMatchObject({ genuine: true, status: 'wrong-product' });
  });

  it('an expired license is expired; within the grace period it is still valid', async () => {
    const ctx = await demoContext(bound);
    const expired = await verify(proofFor({ facts: demoLicenseFacts({ expiry: '2026-05-01T00:00:00.000Z' }) }), ctx);
    expect(expired).toMatchObject({ genuine: true, status: 'expired' });
    const grace = await verify(proofFor({ facts: demoLicenseFacts({ expiry: '2026-05-30T00:00:00.000Z' }) }), ctx);
    expect(grace).toMatchObject({ status: 'valid', expiresAt: '2026-06-02T00:00:00.000Z' });
    const never = await verify(proofFor({ facts: demoLicenseFacts({ expiry: null }) }), ctx);
    expect(never).toMatchObject({ status: 'valid', expiresAt: null });
  });

  it("a clock behind the proof's ts is clock-tampered", async () => {
    const v = await verify(proofFor({ ts: '2026-06-01T00:10:00.000Z' }), await demoContext(bound));
    expect(v).toMatchObject({ genuine: true, status: 'clock-tampered' });
    // Within the five-minute tolerance it is not.
    expect(await verify(proofFor({ ts: '2026-06-01T00:04:00.000Z' }), await demoContext(bound))).toMatchObject({
      status: 'valid'
    });
  });
});
