import { describe, expect, it } from 'vitest';
import { verify } from '../verify';
import type { VerifyContext } from '../context';
import type { Verdict } from '../verdict';
import { importTrustedKey } from '../crypto/keys';
import { demoContext } from '../../../../tools/issuer/demo-trust';
import { demoKeys } from '../../../../tools/issuer/keys';
import { mintLicenseSpringLicense, type LicenseSpringLicenseOptions } from '../../../../tools/issuer/licensespring';

const REQUEST_ID = '6f1d2c3b-4a5e-4f60-8b7a-9c0d1e2f3a4b';
const HARDWARE_ID = '8b06c6053b7a2040f07c60b62f17f378ccc5030e21676f8a100a97ab36303ad0';
const FACTS: LicenseSpringLicenseOptions = {
  requestId: REQUEST_ID,
  hardwareId: HARDWARE_ID,
  licenseKey: 'BSK8-CLCY-PB5E-BXFO',
  productCode: 'demoapp',
  validityPeriod: '2027-01-15T00:00:00.000Z'
};

// LicenseSpring's production RSA-4096 key (spec §6, from the Python SDK): it must not accept demo files.
const LICENSESPRING_PRODUCTION_KEY = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAwEt7ZQWSzeBYNBwyi3KW
+XU/6I+ju90R5ZpTvSE4VWL8KSgVJ6bWKIhaKTL2hbUpIQQgS5ZKfa4SEEMdIm5k
xe0u2F64JFAVQunx/1O/UXsD7ADVt93Q/hxA9Npa16tKepZoyhi79sxpaxyy/WTd
sZKuTLApX7bWX6/XPhaPjNyiWeeK2Naka44B+F+PwN/ey3rZUra3pBltShwy2dmK
IxJVmprf5ttMYBB+ouqPin3VgDw5Jq1FZwpLBiOe+ogR+sHu7QYWwLq6AgC4e3Jq
gryEvqfJr/XkvOnAdcAIZm6tK6DdnLWCy6Onrk7t0VQK5nnGF1CKE+jcAByWopcI
VCwfYrs1UCSY1YibKXNJoyvEhgLyCC+KAgXKf8omcg1Q18XKu5XSrvrCzXLnRnaF
NpFDjcg5AJJab78hX7qGPC+e8PjuBYwh2vtx5mFj7/c+T59JM/vXwwvW9DsnDztD
WEDFhzGanU71NgwrZbRoNSyTW0UjbZsyJVSIX6233Ng0y5L9mDe8p8P+u1B0sXAA
ozEKL/yG4Qu5r4LIw4iv6JVPT1xbWlH4Vc4KaN3toaf4+G0EkFy6ncvBncWifLAR
SoWpQ5YsygDdQNVYdmMsoQ76UTuNxo3eZ0sQJjbQVBqlkcXrAdtUCpuojPRsl/Xs
9zVOJrzZPG0I98E5quNbRkMCAwEAAQ==
-----END PUBLIC KEY-----`;

const decode = (lic: string) => Buffer.from(lic, 'base64').toString('utf8');
const encode = (json: string) => Buffer.from(json, 'utf8').toString('base64');
/** Edit the file's JSON, keeping member order (no integer-like keys in these files). */
const edit = (lic: string, change: (doc: Record<string, unknown>) => void) => {
  const doc = JSON.parse(decode(lic));
  change(doc);
  return encode(JSON.stringify(doc));
};
const checkOf = (v: Verdict, id: string) => v.checks.find((c) => c.id === id);

function composedHere(hardwareId = HARDWARE_ID): Promise<VerifyContext> {
  return demoContext({ requests: new Map([[REQUEST_ID, { hardwareId }]]) });
}

describe('LicenseSpring .lic answers', () => {
  it('accepts a minted answer and matches it to the request composed here', async () => {
    const v = await verify(mintLicenseSpringLicense(FACTS), await composedHere());
    expect(v).toMatchObject({
      kind: 'licensespring-license',
      genuine: true,
      status: 'valid',
      scheme: 'license_signature_v2'
    });
    expect(v.key).toMatchObject({ id: 'licensespring', algorithm: 'rsa-sha256' });
    for (const id of [
      'signature',
      'clock',
      'request-id',
      'hardware-id',
      'product',
      'license-expiry',
      'legacy-signature'
    ]) {
      expect(checkOf(v, id)?.ok, id).toBe(true);
    }
    expect(v.summary).toMatchObject({
      licensee: 'Ada Field',
      email: 'technician@example.com',
      product: 'demoapp',
      licenseKey: 'BSK8-CLCY-PB5E-BXFO',
      licenseExpiry: '2027-01-15T00:00:00.000Z',
      fingerprint: HARDWARE_ID,
      entitlements: ['export']
    });
    expect(v.signedAt).toBe('2026-05-31T12:00:00.000Z');
    // Three days of configured grace on top of the validity period.
    expect(v.expiresAt).toBe('2027-01-18T00:00:00.000Z');
    expect((v.data as { request_id: string }).request_id).toBe(REQUEST_ID);
  });

  it('refuses an answer to a request this device did not compose', async () => {
    const v = await verify(mintLicenseSpringLicense({ ...FACTS, requestId: 'another-request' }), await composedHere());
    expect(v).toMatchObject({
      genuine: true,
      status: 'invalid',
      reason: 'This answer is for a request this device did not compose.'
    });
    expect(checkOf(v, 'request-id')?.ok).toBe(false);
  });

  it('skips the request match when no composed requests are known', async () => {
    const v = await verify(mintLicenseSpringLicense({ ...FACTS, requestId: 'another-request' }), await demoContext());
    expect(v.status).toBe('valid');
    expect(checkOf(v, 'request-id')).toBeUndefined();
  });

  it('refuses an answer bound to another hardware id', async () => {
    const lic = mintLicenseSpringLicense(FACTS);
    expect((await verify(lic, await composedHere('another-device'))).status).toBe('wrong-device');
    const byFingerprint = await verify(lic, await demoContext({ fingerprint: 'another-device' }));
    expect(byFingerprint.status).toBe('wrong-device');
    expect(checkOf(byFingerprint, 'hardware-id')?.ok).toBe(false);
    expect((await verify(lic, await demoContext({ fingerprint: HARDWARE_ID }))).status).toBe('valid');
  });

  it('refuses an answer for another product', async () => {
    const v = await verify(mintLicenseSpringLicense({ ...FACTS, productCode: 'otherapp' }), await composedHere());
    expect(v).toMatchObject({
      genuine: true,
      status: 'wrong-product',
      reason: 'It is for product otherapp, not demoapp.'
    });
  });

  it('applies the validity period with the configured grace; null is perpetual', async () => {
    const ctx = await composedHere();
    expect(
      (await verify(mintLicenseSpringLicense({ ...FACTS, validityPeriod: '2026-05-25T00:00:00.000Z' }), ctx)).status
    ).toBe('expired');
    const inGrace = await verify(
      mintLicenseSpringLicense({ ...FACTS, validityPeriod: '2026-05-30T00:00:00.000Z' }),
      ctx
    );
    expect(inGrace.status).toBe('valid');
    expect(checkOf(inGrace, 'license-expiry')?.message).toContain('grace period');
    const perpetual = await verify(mintLicenseSpringLicense({ ...FACTS, validityPeriod: null }), ctx);
    expect(perpetual).toMatchObject({ status: 'valid', expiresAt: null });
    expect(checkOf(perpetual, 'license-expiry')?.message).toBe('The license does not expire.');
  });

  it('calls a clock behind the signed date tampered', async () => {
    const ctx = await demoContext({ now: Date.parse('2026-05-01T00:00:00Z') });
    expect((await verify(mintLicenseSpringLicense(FACTS), ctx)).status).toBe('clock-tampered');
  });

  it('accepts the file pretty-printed, and its decoded JSON pasted directly', async () => {
    const pretty = mintLicenseSpringLicense({ ...FACTS, indent: 2 });
    expect(decode(pretty)).toContain('\n  "license_key"');
    expect((await verify(pretty, await composedHere())).genuine).toBe(true);
    expect((await verify(decode(pretty), await composedHere())).genuine).toBe(true);
    const wrapped = mintLicenseSpringLicense(FACTS).replace(/.{76}/g, '$&\n');
    expect((await verify(wrapped, await composedHere())).genuine).toBe(true);
  });

  it('verifies over non-ASCII, escapes and nested data as Python serializes them', async () => {
    const extra = {
      custom_fields: [{ name: 'site', value: 'Zürich / 東京 \u2028 "quoted" \\ tab\t' }],
      metadata: { ratio: 0.25, nested: { list: [1, 'x', null] } }
    };
    const v = await verify(mintLicenseSpringLicense({ ...FACTS, extra, indent: 1 }), await composedHere());
    expect(v.genuine).toBe(true);
  });

  describe('refresh files (license_refresh.lic)', () => {
    const refresh = { ...FACTS, refresh: true };

    it('is recognized by its signature form and needs no request match', async () => {
      const v = await verify(mintLicenseSpringLicense(refresh), await composedHere());
      expect(v).toMatchObject({ genuine: true, status: 'valid' });
      expect(checkOf(v, 'signature')?.message).toContain('refresh file');
      expect(checkOf(v, 'request-id')).toBeUndefined();
      expect(
        (await verify(mintLicenseSpringLicense(refresh), await demoContext({ fingerprint: 'another-device' }))).status
      ).toBe('wrong-device');
    });

    it('signs its legacy signature too: changing it breaks the file', async () => {
      const lic = mintLicenseSpringLicense(refresh);
      const other = JSON.parse(
        decode(mintLicenseSpringLicense({ ...refresh, validityPeriod: null }))
      ).license_signature;
      const v = await verify(
        edit(lic, (d) => (d.license_signature = other)),
        await composedHere()
      );
      expect(v.genuine).toBe(false);
    });
  });

  describe('the legacy license_signature', () => {
    it('is its own check: a bad one makes the verdict invalid though the file is genuine', async () => {
      const lic = mintLicenseSpringLicense(FACTS);
      // A genuine legacy signature, but over another validity period.
      const other = JSON.parse(decode(mintLicenseSpringLicense({ ...FACTS, validityPeriod: null }))).license_signature;
      const v = await verify(
        edit(lic, (d) => (d.license_signature = other)),
        await composedHere()
      );
      expect(v).toMatchObject({ genuine: true, status: 'invalid' });
      expect(checkOf(v, 'legacy-signature')?.ok).toBe(false);
    });

    it('is skipped when absent', async () => {
      const v = await verify(
        mintLicenseSpringLicense({ ...FACTS, withoutLegacySignature: true }),
        await composedHere()
      );
      expect(v.status).toBe('valid');
      expect(checkOf(v, 'legacy-signature')).toBeUndefined();
    });
  });

  describe('never genuine when altered', () => {
    const expectForged = async (lic: string) => {
      const v = await verify(lic, await composedHere());
      expect(v.genuine).toBe(false);
      expect(v.status === 'invalid' || v.status === 'malformed').toBe(true);
      expect(v.dataset).toBeUndefined();
      expect(v.summary).toBeUndefined();
    };

    it('a bit flipped anywhere in the signature (64 positions)', async () => {
      const lic = mintLicenseSpringLicense(FACTS);
      const signature = Buffer.from(JSON.parse(decode(lic)).license_signature_v2, 'base64');
      expect(signature.length).toBe(512);
      for (let i = 0; i < 64; i++) {
        const flipped = Buffer.from(signature);
        const at = i * 8 + (i % 8);
        flipped[at]! ^= 1 << (i % 8);
        await expectForged(edit(lic, (d) => (d.license_signature_v2 = flipped.toString('base64'))));
      }
    });

    it('a character changed anywhere in the signed content (60 positions)', async () => {
      const lic = mintLicenseSpringLicense(FACTS);
      const json = decode(lic);
      const signedEnd = json.indexOf('"license_signature"');
      const positions = [...json.slice(0, signedEnd)].flatMap((c, i) => (/[A-Za-z0-9]/.test(c) ? [i] : []));
      const step = Math.floor(positions.length / 60);
      for (let n = 0; n < 60; n++) {
        const at = positions[n * step]!;
        const replacement = json[at] === 'a' ? 'b' : json[at] === '0' ? '1' : /[0-9]/.test(json[at]!) ? '0' : 'a';
        await expectForged(encode(json.slice(0, at) + replacement + json.slice(at + 1)));
      }
    });

    it('members reordered, added or removed', async () => {
      const lic = mintLicenseSpringLicense(FACTS);
      await expectForged(
        edit(lic, (d) => {
          const hw = d.hardware_id;
          delete d.hardware_id;
          d.hardware_id = hw;
        })
      );
      await expectForged(edit(lic, (d) => (d.is_trial = true)));
      await expectForged(edit(lic, (d) => delete d.customer));
      await expectForged(edit(lic, (d) => ((d.product_details as Record<string, unknown>).short_code = 'demoapp ')));
    });

    it('signed by another key, or checked against another 4096-bit key', async () => {
      await expectForged(mintLicenseSpringLicense({ ...FACTS, privateKey: demoKeys().rsa }));
      const ctx = await composedHere();
      const production = await importTrustedKey({
        id: 'licensespring-production',
        algorithm: 'rsa-sha256',
        publicKey: LICENSESPRING_PRODUCTION_KEY
      });
      const v = await verify(mintLicenseSpringLicense(FACTS), {
        ...ctx,
        trust: { ...ctx.trust, licenseSpringKeys: [production] }
      });
      expect(v).toMatchObject({ genuine: false, status: 'invalid' });
      expect(v.reason).toContain('does not verify with any trusted key');
    });

    it('the signature truncated, doubled, emptied or removed', async () => {
      const lic = mintLicenseSpringLicense(FACTS);
      const signature = Buffer.from(JSON.parse(decode(lic)).license_signature_v2, 'base64');
      await expectForged(edit(lic, (d) => (d.license_signature_v2 = signature.subarray(0, 511).toString('base64'))));
      await expectForged(
        edit(lic, (d) => (d.license_signature_v2 = Buffer.concat([signature, signature]).toString('base64')))
      );
      await expectForged(edit(lic, (d) => (d.license_signature_v2 = '')));
      await expectForged(edit(lic, (d) => (d.license_signature_v2 = 'not base64!')));
      // The legacy signature alone covers too little to make a file genuine.
      await expectForged(edit(lic, (d) => delete d.license_signature_v2));
    });

    it('a duplicated member, which two JSON readers could read differently', async () => {
      const json = decode(mintLicenseSpringLicense(FACTS));
      const v = await verify(
        encode(json.replace('"hardware_id":', '"hardware_id":"another-device","hardware_id":')),
        await composedHere()
      );
      expect(v).toMatchObject({ genuine: false, status: 'malformed' });
    });
  });

  it('says so when no LicenseSpring key is configured', async () => {
    const ctx = await composedHere();
    const v = await verify(mintLicenseSpringLicense(FACTS), { ...ctx, trust: { ...ctx.trust, licenseSpringKeys: [] } });
    expect(v).toMatchObject({ genuine: false, status: 'invalid' });
    expect(v.reason).toContain('no LicenseSpring public key');
  });
});
