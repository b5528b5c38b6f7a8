import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verify } from '../verify';
import { MAX_LICENSE_FILE_CHARS, verifyLicenseFile } from './license-file';
import { parseConfig, type TrustStore } from '../config';
import { ALGORITHMS, importTrustedKey } from '../crypto/keys';
import type { VerifyContext } from '../context';
import type { Verdict } from '../verdict';
import { demoContext, demoTrustStore } from '../../../../tools/issuer/demo-trust';
import {
  checkoutExpiry,
  DEMO_FINGERPRINT,
  DEMO_LICENSE_KEY,
  LICENSE_FILE_ENCODINGS,
  licenseFileDocument,
  mintLicenseFile,
  type LicenseFileAlg,
  type LicenseFileOptions
} from '../../../../tools/issuer/license-file';

interface FileVector {
  id: string;
  kind: 'license-file' | 'machine-file';
  publicKey: string;
  input: string;
  licenseKey: string;
  fingerprint?: string;
  expect: { alg: string; meta: { issued: string; expiry: string; ttl: number }; dataset: unknown };
}

const VECTORS_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../tests/vectors/keygen-public.json'
);
const VECTORS = (JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as { kind: string }[]).filter(
  (v): v is FileVector => v.kind === 'license-file' || v.kind === 'machine-file'
);

/** A trust store holding only the sample's own published Ed25519 key. */
async function vectorTrust(publicKey: string): Promise<TrustStore> {
  const config = parseConfig({ keys: [{ id: 'keygen-demo-account', algorithm: 'ed25519', publicKey }] });
  return { keys: [await importTrustedKey(config.keys[0]!)], licenseSpringKeys: [], config };
}

const plus = (iso: string, ms: number) => Date.parse(iso) + ms;
const DAY = 86_400_000;
const deviceSecrets = { licenseKey: DEMO_LICENSE_KEY, fingerprint: DEMO_FINGERPRINT };
const checkOf = (v: Verdict, id: string) => v.checks.find((c) => c.id === id);

function expectNothingShown(v: Verdict) {
  expect(v.genuine).toBe(false);
  expect(v.status).not.toBe('valid');
  expect(v.dataset).toBeUndefined();
  expect(v.data).toBeUndefined();
  expect(v.summary).toBeUndefined();
}

/** Split a minted file into its label and its unwrapped base64 body. */
function unarmour(file: string): { label: string; body: string } {
  const m = /^-----BEGIN (LICENSE|MACHINE) FILE-----\n([\s\S]*)-----END \1 FILE-----\n$/.exec(file);
  if (!m) throw new Error('not a minted file');
  return { label: m[1]!, body: m[2]!.replace(/\s/g, '') };
}

function armour(label: string, body: string, width = 60, eol = '\n'): string {
  const lines = body.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
  return `-----BEGIN ${label} FILE-----${eol}${lines.join(eol)}${eol}-----END ${label} FILE-----${eol}`;
}

const payloadOf = (file: string) =>
  JSON.parse(Buffer.from(unarmour(file).body, 'base64').toString('utf8')) as Record<string, string>;
const withPayload = (file: string, payload: unknown, label = unarmour(file).label) =>
  armour(label, Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)).toString('base64'));

describe('real Keygen license and machine files', () => {
  for (const vector of VECTORS) {
    const { issued, expiry } = vector.expect.meta;
    const secrets = {
      licenseKey: vector.licenseKey,
      ...(vector.fingerprint ? { fingerprint: vector.fingerprint } : {})
    };

    it(`${vector.id}: genuine and valid inside its validity, dataset decrypted exactly`, async () => {
      const trust = await vectorTrust(vector.publicKey);
      const v = await verify(vector.input, { trust, now: plus(issued, DAY), ...secrets });
      expect(v).toMatchObject({
        kind: vector.kind,
        genuine: true,
        status: 'valid',
        scheme: vector.expect.alg,
        signedAt: issued,
        expiresAt: expiry
      });
      expect(v.data).toEqual(vector.expect.dataset);
      expect(JSON.parse(v.dataset!)).toEqual(vector.expect.dataset);
      expect(v.summary).toMatchObject({ issued, fileExpiry: expiry, licenseKey: vector.licenseKey });
    });

    it(`${vector.id}: past its meta.expiry it is genuine but expired`, async () => {
      const v = await verify(vector.input, {
        trust: await vectorTrust(vector.publicKey),
        now: plus(expiry, DAY),
        ...secrets
      });
      expect(v).toMatchObject({ genuine: true, status: 'expired' });
      expect(checkOf(v, 'file-expiry')?.ok).toBe(false);
    });

    it(`${vector.id}: without its secret it is genuine, unread, and says what to enter`, async () => {
      const v = await verify(vector.input, { trust: await vectorTrust(vector.publicKey), now: plus(issued, DAY) });
      expect(v).toMatchObject({
        genuine: true,
        status: 'invalid',
        needs: vector.fingerprint ? ['license-key', 'fingerprint'] : ['license-key']
      });
      expect(checkOf(v, 'decryption')).toMatchObject({ ok: false });
      expect(v.reason).toMatch(/enter the license key/);
      expect(v.dataset).toBeUndefined();
      expect(v.data).toBeUndefined();
    });

    it(`${vector.id}: a wrong license key does not decrypt it`, async () => {
      const v = await verify(vector.input, {
        trust: await vectorTrust(vector.publicKey),
        now: plus(issued, DAY),
        ...secrets,
        licenseKey: vector.licenseKey.replace(/.$/, '4')
      });
      expect(v).toMatchObject({ genuine: true, status: 'wrong-device' });
      expect(checkOf(v, 'decryption')?.ok).toBe(false);
      expect(v.dataset).toBeUndefined();
      expect(v.data).toBeUndefined();
    });

    it(`${vector.id}: another vendor's key does not verify it`, async () => {
      const v = await verify(vector.input, await demoContext({ ...secrets, now: plus(issued, DAY) }));
      expectNothingShown(v);
      expect(checkOf(v, 'signature')?.ok).toBe(false);
    });
  }

  it('mf-python-b10760: the wrong fingerprint does not decrypt it', async () => {
    const vector = VECTORS.find((v) => v.kind === 'machine-file')!;
    const ctx = {
      trust: await vectorTrust(vector.publicKey),
      now: plus(vector.expect.meta.issued, DAY),
      licenseKey: vector.licenseKey
    };
    const v = await verify(vector.input, { ...ctx, fingerprint: vector.fingerprint!.replace(/^./, 'f') });
    expect(v).toMatchObject({ genuine: true, status: 'wrong-device' });
    expect(v.data).toBeUndefined();
  });

  it("the issuer computes meta.expiry with Keygen's calendar arithmetic", () => {
    for (const { expect: e } of VECTORS) expect(checkoutExpiry(e.meta.issued, e.meta.ttl)).toBe(e.meta.expiry);
  });
});

describe('every alg combination minted by the issuer', () => {
  for (const type of ['license', 'machine'] as const) {
    for (const encoding of LICENSE_FILE_ENCODINGS) {
      for (const sig of [...ALGORITHMS, 'ecdsa-secp256r1'] as const) {
        const alg: LicenseFileAlg = `${encoding}+${sig}`;
        it(`${type} file ${alg}`, async () => {
          const options: LicenseFileOptions = { type, alg };
          const v = await verify(mintLicenseFile(options), await demoContext(deviceSecrets));
          expect(v).toMatchObject({ kind: `${type}-file`, genuine: true, status: 'valid', scheme: alg });
          expect(v.key?.algorithm).toBe(sig === 'ecdsa-secp256r1' ? 'ecdsa-p256' : sig);
          expect(v.data).toEqual(licenseFileDocument(options));
          expect(v.needs).toBeUndefined();
        });
      }
    }
  }
});

describe('checks after the signature', () => {
  const ctx = (overrides: Partial<VerifyContext> = {}) => demoContext({ ...deviceSecrets, ...overrides });

  it('a clock more than five minutes behind meta.issued is clock-tampered', async () => {
    const file = mintLicenseFile({ issued: '2026-06-01T00:10:00.000Z' });
    expect((await verify(file, await ctx())).status).toBe('clock-tampered');
    expect((await verify(file, await ctx({ now: Date.parse('2026-06-01T00:06:00Z') }))).status).toBe('valid');
  });

  it('meta.issued becomes signedAt, and a time floor above the clock is tampering too', async () => {
    const file = mintLicenseFile({ issued: '2026-05-20T00:00:00.000Z' });
    expect((await verify(file, await ctx())).signedAt).toBe('2026-05-20T00:00:00.000Z');
    expect((await verify(file, await ctx({ floor: Date.parse('2026-06-02T00:00:00Z') }))).status).toBe(
      'clock-tampered'
    );
  });

  it('the file expires at its signed meta.expiry, never one recomputed from ttl', async () => {
    const file = mintLicenseFile({ issued: '2026-05-01T00:00:00.000Z', ttl: 3600, expiry: '2026-07-01T00:00:00.000Z' });
    const v = await verify(file, await ctx());
    expect(v).toMatchObject({ status: 'valid', expiresAt: '2026-07-01T00:00:00.000Z' });
    const expired = await verify(file, await ctx({ now: Date.parse('2026-07-01T00:00:01Z') }));
    expect(expired).toMatchObject({ genuine: true, status: 'expired' });
    expect(checkOf(expired, 'file-expiry')?.ok).toBe(false);
  });

  it('a file with ttl null never expires; the license expiry plus grace still bounds it', async () => {
    const v = await verify(mintLicenseFile({ ttl: null }), await ctx({ now: Date.parse('2026-12-01T00:00:00Z') }));
    expect(v).toMatchObject({ status: 'valid', summary: { fileExpiry: null } });
    // Demo config grace: 3 days after the license's 2027-01-15T09:30Z expiry.
    expect(v.expiresAt).toBe('2027-01-18T09:30:00.000Z');
  });

  it("the license's own expiry counts, with the configured grace period", async () => {
    const inGrace = await verify(mintLicenseFile({ license: { expiry: '2026-05-30T00:00:00.000Z' } }), await ctx());
    expect(inGrace).toMatchObject({ status: 'valid', expiresAt: '2026-06-02T00:00:00.000Z' });
    expect(checkOf(inGrace, 'license-expiry')?.message).toMatch(/grace/);
    const past = await verify(mintLicenseFile({ license: { expiry: '2026-05-20T00:00:00.000Z' } }), await ctx());
    expect(past).toMatchObject({ genuine: true, status: 'expired' });
    expect(checkOf(past, 'license-expiry')?.ok).toBe(false);
    expect(checkOf(past, 'file-expiry')?.ok).toBe(true);
  });

  it('a machine file checks the expiry of the license it includes', async () => {
    const v = await verify(
      mintLicenseFile({ type: 'machine', license: { expiry: '2026-05-20T00:00:00.000Z' } }),
      await ctx()
    );
    expect(v.status).toBe('expired');
    expect(checkOf(v, 'license-expiry')?.ok).toBe(false);
  });

  it('a document of the other type under a valid signature fails the type check', async () => {
    const machineAsLicense = mintLicenseFile({ type: 'license', dataset: licenseFileDocument({ type: 'machine' }) });
    const v = await verify(machineAsLicense, await ctx());
    expect(v).toMatchObject({ kind: 'license-file', genuine: true, status: 'invalid' });
    expect(checkOf(v, 'type')?.ok).toBe(false);
    const licenseAsMachine = await verify(
      mintLicenseFile({ type: 'machine', dataset: licenseFileDocument({ type: 'license' }) }),
      await ctx()
    );
    expect(licenseAsMachine.status).toBe('invalid');
    expect(checkOf(licenseAsMachine, 'type')?.ok).toBe(false);
  });

  it('a genuine dataset that is not a JSON:API document fails the type check', async () => {
    const v = await verify(mintLicenseFile({ dataset: 'hello' }), await ctx());
    expect(v).toMatchObject({ genuine: true, status: 'invalid', dataset: 'hello' });
    expect(checkOf(v, 'type')?.ok).toBe(false);
  });

  it('an unencrypted license file is bound to the license key the device holds', async () => {
    const file = mintLicenseFile({ alg: 'base64+ed25519' });
    const other = await verify(file, await ctx({ licenseKey: 'ANOTHER-KEY' }));
    expect(other).toMatchObject({ genuine: true, status: 'wrong-device' });
    expect(checkOf(other, 'license-key')?.ok).toBe(false);
    const unbound = await verify(file, await demoContext());
    expect(unbound).toMatchObject({ status: 'valid', needs: ['license-key'] });
    expect(checkOf(unbound, 'license-key')).toBeUndefined();
  });

  it('an unencrypted machine file is bound to the fingerprint of this device', async () => {
    const file = mintLicenseFile({ type: 'machine', alg: 'base64+ecdsa-p256' });
    const other = await verify(file, await ctx({ fingerprint: 'aa:bb:cc' }));
    expect(other).toMatchObject({ genuine: true, status: 'wrong-device' });
    expect(checkOf(other, 'fingerprint')?.ok).toBe(false);
    const unbound = await verify(file, await demoContext());
    expect(unbound).toMatchObject({ status: 'valid', needs: ['fingerprint'] });
  });

  it('a file for a product the config does not list is wrong-product', async () => {
    const v = await verify(
      mintLicenseFile({
        type: 'machine',
        alg: 'aes-256-gcm+ed25519',
        license: { productId: 'b0000000-0000-4000-8000-000000000000' }
      }),
      await ctx()
    );
    expect(v).toMatchObject({ genuine: true, status: 'wrong-product' });
  });

  it('a machine file encrypted for another fingerprint is wrong-device and shows nothing', async () => {
    const file = mintLicenseFile({ type: 'machine', alg: 'aes-256-gcm+ed25519', fingerprint: 'another-device' });
    const v = await verify(file, await ctx());
    expect(v).toMatchObject({ genuine: true, status: 'wrong-device', needs: ['license-key', 'fingerprint'] });
    expect(v.reason).toMatch(/license key or fingerprint does not match/);
    expect(v.data).toBeUndefined();
    expect(v.summary).toBeUndefined();
  });

  it('an encrypted machine file with only the license key asks for exactly the fingerprint', async () => {
    const v = await verify(
      mintLicenseFile({ type: 'machine', alg: 'aes-256-gcm+ed25519' }),
      await demoContext({ licenseKey: DEMO_LICENSE_KEY })
    );
    expect(v).toMatchObject({ genuine: true, status: 'invalid', needs: ['fingerprint'] });
    expect(v.reason).toBe("This machine file is encrypted: enter this device's fingerprint to read and check it.");
  });

  it('the summary carries entitlements, the machine and the file times', async () => {
    const v = await verify(
      mintLicenseFile({ type: 'machine', alg: 'aes-256-gcm+ed25519', entitlements: ['OFFLINE_SUPPORT', 'EXPORT'] }),
      await ctx()
    );
    expect(v.summary).toMatchObject({
      entitlements: ['OFFLINE_SUPPORT', 'EXPORT'],
      fingerprint: DEMO_FINGERPRINT,
      licenseKey: DEMO_LICENSE_KEY,
      issued: '2026-05-15T08:00:00.000Z',
      fileExpiry: '2026-06-15T08:00:00.000Z'
    });
  });
});

describe('forgeries and damage are never genuine', () => {
  const files = [
    { name: 'encrypted license file, ed25519', file: mintLicenseFile({ alg: 'aes-256-gcm+ed25519' }) },
    { name: 'base64 machine file, ecdsa-p256', file: mintLicenseFile({ type: 'machine', alg: 'base64+ecdsa-p256' }) }
  ];

  for (const { name, file } of files) {
    it(`${name}: every sampled character of enc and sig changed`, async () => {
      const ctx = await demoContext(deviceSecrets);
      const payload = payloadOf(file);
      let tried = 0;
      for (const [field, samples] of [
        ['enc', 48],
        ['sig', 24]
      ] as const) {
        const value = payload[field]!;
        for (let i = 0; i < samples; i++) {
          const at = Math.floor((i * value.length) / samples);
          const changed = value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);
          expectNothingShown(await verify(withPayload(file, { ...payload, [field]: changed }), ctx));
          tried++;
        }
      }
      expect(tried).toBeGreaterThanOrEqual(50);
    });
  }

  it('a key the verifier does not trust', async () => {
    const trust = await vectorTrust(VECTORS[0]!.publicKey);
    const v = await verify(mintLicenseFile(), { trust, now: Date.parse('2026-06-01T00:00:00Z'), ...deviceSecrets });
    expectNothingShown(v);
    expect(v.reason).toMatch(/does not verify with any trusted key/);
  });

  it('a verifier that trusts no key of the named algorithm', async () => {
    const demo = await demoTrustStore();
    const trust = { ...demo, keys: demo.keys.filter((k) => k.algorithm !== 'ed25519') };
    const v = await verify(mintLicenseFile({ alg: 'aes-256-gcm+ed25519' }), {
      trust,
      now: Date.parse('2026-06-01T00:00:00Z'),
      ...deviceSecrets
    });
    expectNothingShown(v);
    expect(v.reason).toMatch(/trusts no ed25519 key/);
  });

  it("the alg's signature part relabelled: each key keeps its own pinned algorithm", async () => {
    const ctx = await demoContext(deviceSecrets);
    const pss = mintLicenseFile({ alg: 'base64+rsa-pss-sha256' });
    expectNothingShown(await verify(withPayload(pss, { ...payloadOf(pss), alg: 'base64+rsa-sha256' }), ctx));
    const pkcs1 = mintLicenseFile({ alg: 'base64+rsa-sha256' });
    expectNothingShown(await verify(withPayload(pkcs1, { ...payloadOf(pkcs1), alg: 'base64+rsa-pss-sha256' }), ctx));
    const ed = mintLicenseFile({ alg: 'aes-256-gcm+ed25519' });
    for (const sig of ['rsa-pss-sha256', 'rsa-sha256', 'ecdsa-p256']) {
      expectNothingShown(await verify(withPayload(ed, { ...payloadOf(ed), alg: `aes-256-gcm+${sig}` }), ctx));
    }
  });

  it("the alg's encoding part relabelled", async () => {
    const ctx = await demoContext(deviceSecrets);
    const sealed = mintLicenseFile({ alg: 'aes-256-gcm+ed25519' });
    const asPlain = await verify(withPayload(sealed, { ...payloadOf(sealed), alg: 'base64+ed25519' }), ctx);
    expectNothingShown(asPlain);
    expect(asPlain.reason).toMatch(/"alg" was altered/);
    const plain = mintLicenseFile({ alg: 'base64+ed25519' });
    expectNothingShown(await verify(withPayload(plain, { ...payloadOf(plain), alg: 'aes-256-gcm+ed25519' }), ctx));
  });

  it('LICENSE and MACHINE armour swapped', async () => {
    const ctx = await demoContext(deviceSecrets);
    for (const type of ['license', 'machine'] as const) {
      for (const alg of ['base64+ed25519', 'aes-256-gcm+ed25519'] as const) {
        const file = mintLicenseFile({ type, alg });
        const swapped = file.replace(/LICENSE|MACHINE/g, (m) => (m === 'LICENSE' ? 'MACHINE' : 'LICENSE'));
        const v = await verify(swapped, ctx);
        expectNothingShown(v);
        expect(v.kind).toBe(type === 'license' ? 'machine-file' : 'license-file');
      }
    }
  });

  it('truncated files', async () => {
    const ctx = await demoContext(deviceSecrets);
    const file = mintLicenseFile({ alg: 'aes-256-gcm+ed25519' });
    const lines = file.split('\n');
    const cuts = [
      file.slice(0, file.indexOf('-----END')),
      file.slice(0, Math.floor(file.length / 2)),
      file.slice(0, file.length - 10),
      [...lines.slice(0, -3), ...lines.slice(-2)].join('\n'),
      [lines[0], ...lines.slice(2)].join('\n')
    ];
    for (const cut of cuts) expectNothingShown(await verify(cut, ctx));
  });

  it('doubled files', async () => {
    const ctx = await demoContext(deviceSecrets);
    const file = mintLicenseFile({ alg: 'aes-256-gcm+ed25519' });
    const twice = await verify(file + file, ctx);
    expectNothingShown(twice);
    expect(twice.reason).toMatch(/more text after/);
    const { label, body } = unarmour(file);
    expectNothingShown(await verify(armour(label, body + body), ctx));
  });
});

describe('reading the armour and the payload', () => {
  const file = mintLicenseFile({ alg: 'aes-256-gcm+ed25519' });
  const { label, body } = unarmour(file);

  it('accepts 60- and 80-column wraps, CRLF, trailing blank lines and no final newline', async () => {
    const ctx = await demoContext(deviceSecrets);
    const variants = [
      armour(label, body, 60),
      armour(label, body, 80),
      armour(label, body, 76, '\r\n'),
      armour(label, body) + '\n\n\n',
      armour(label, body).trimEnd(),
      armour(label, body, 64).replace(/\n/g, '\n  ')
    ];
    for (const variant of variants) {
      expect(await verify(variant, ctx)).toMatchObject({ genuine: true, status: 'valid' });
    }
  });

  it('refuses a BEGIN/END mismatch', async () => {
    const v = await verify(
      file.replace('-----END LICENSE FILE-----', '-----END MACHINE FILE-----'),
      await demoContext()
    );
    expect(v).toMatchObject({ status: 'malformed', genuine: false, error: { code: 'ERR_FORMAT_MALFORMED' } });
    expect(v.reason).toMatch(/begins as a LICENSE FILE but ends as a MACHINE FILE/);
  });

  it('refuses text outside the armour', async () => {
    const ctx = await demoContext(deviceSecrets);
    expect(await verify(`${file}Thanks for your purchase!`, ctx)).toMatchObject({
      status: 'malformed',
      genuine: false
    });
    await expect(verifyLicenseFile(`License below:\n${file}`, ctx)).rejects.toMatchObject({
      code: 'ERR_FORMAT_MALFORMED'
    });
  });

  it('refuses a file over the size limit before reading it', async () => {
    const huge = armour(label, 'A'.repeat(MAX_LICENSE_FILE_CHARS));
    expect(await verify(huge, await demoContext())).toMatchObject({
      status: 'malformed',
      error: { code: 'ERR_INPUT_TOO_LARGE' }
    });
  });

  it('refuses payloads of the wrong shape with a reason', async () => {
    const ctx = await demoContext();
    const payload = payloadOf(file);
    const cases: [unknown, string][] = [
      ['not json', 'ERR_JSON'],
      [[payload.enc, payload.sig, payload.alg], 'ERR_JSON'],
      [{ ...payload, enc: { ct: payload.enc } }, 'ERR_JSON'],
      [{ ...payload, sig: 42 }, 'ERR_FORMAT_MALFORMED'],
      [{ enc: payload.enc, alg: payload.alg }, 'ERR_FORMAT_MALFORMED'],
      [{ ...payload, enc: 'Zm9v.AAAA.AAAA' }, 'ERR_FORMAT_MALFORMED'],
      [{ ...payload, sig: 'not base64!' }, 'ERR_ENCODING']
    ];
    for (const [bad, code] of cases) {
      const v = await verify(withPayload(file, typeof bad === 'string' ? bad : JSON.stringify(bad)), ctx);
      expect(v).toMatchObject({ genuine: false, status: 'malformed', error: { code } });
    }
  });

  it('an alg Keygen does not issue is unsupported', async () => {
    const ctx = await demoContext();
    for (const alg of [
      'base64+hmac-sha256',
      'aes-128-gcm+ed25519',
      'ed25519',
      'base64+ed25519+rsa-sha256',
      'base64+constructor'
    ]) {
      const v = await verify(withPayload(file, { ...payloadOf(file), alg }), ctx);
      expect(v).toMatchObject({ genuine: false, status: 'unsupported', error: { code: 'ERR_ALGORITHM_UNSUPPORTED' } });
    }
  });

  it('a BEGIN line that is not a license or machine file is refused', async () => {
    await expect(verifyLicenseFile(file.replace(/LICENSE/g, 'PUBLIC KEY'), await demoContext())).rejects.toMatchObject({
      code: 'ERR_FORMAT_MALFORMED'
    });
  });

  it('an armour with nothing inside is malformed', async () => {
    const v = await verify('-----BEGIN MACHINE FILE-----\n\n-----END MACHINE FILE-----\n', await demoContext());
    expect(v).toMatchObject({ kind: 'machine-file', status: 'malformed' });
  });
});
