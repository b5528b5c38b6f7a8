/**
 * Verdict integrity, tried as an attacker who holds genuine artifacts (minted by the demo issuer
 * with the demo keys) and a text editor. One block per class of finding in issue 10; each edit is
 * made here, in the test, and each asserts the exact status.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import fc from 'fast-check';
import { verify } from '../../src/lib/core/verify';
import { worstCases } from '../../tools/bench/worst-cases';
import { buildTrustStore } from '../../src/lib/core/config';
import type { VerifyContext } from '../../src/lib/core/context';
import type { Verdict } from '../../src/lib/core/verdict';
import { composeRequest } from '../../src/lib/core/compose';
import { demoConfig, demoContext } from '../../tools/issuer/demo-trust';
import { demoLicenseFacts, keyDataset } from '../../tools/issuer/datasets';
import { mintSignedKey } from '../../tools/issuer/signed-key';
import { mintJwtKey } from '../../tools/issuer/jwt-key';
import { mintEncryptedKey } from '../../tools/issuer/encrypted-key';
import { mintActivationProof } from '../../tools/issuer/activation-proof';
import {
  licenseFileDocument,
  mintLicenseFile,
  DEMO_FINGERPRINT,
  DEMO_LICENSE_KEY
} from '../../tools/issuer/license-file';
import {
  mintLegacyResponse,
  mintResponse,
  responseEnvelope,
  responseHar,
  validateKeyBody
} from '../../tools/issuer/keygen-response';
import { mintLicenseSpringLicense } from '../../tools/issuer/licensespring';
import {
  b64,
  b64url,
  envelope,
  liftJwt,
  liftLegacyKey,
  liftLicenseFile,
  liftLicenseSpring,
  liftProof,
  liftResponse,
  liftSignedKey,
  presentations,
  type SignedInput
} from './signed-inputs';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ctx = (overrides: Partial<VerifyContext> = {}) => demoContext({ now: NOW, ...overrides });
const current = (overrides = {}) =>
  demoLicenseFacts({ created: iso(NOW - 30 * DAY), expiry: iso(NOW + 365 * DAY), ...overrides });
const lapsed = () => demoLicenseFacts({ created: iso(NOW - 400 * DAY), expiry: iso(NOW - 35 * DAY) });
const xSignature = (input: SignedInput, date = NOW) =>
  envelope({ date: new Date(date).toUTCString(), 'x-signature': b64(input.signature) }, input.input);
const checkOf = (v: Verdict, id: string) => v.checks.find((c) => c.id === id);
/** The demo config without the legacy opt-in on its RSA keys. */
const withoutLegacy = async () => {
  const config = demoConfig();
  return ctx({ trust: await buildTrustStore({ ...config, keys: config.keys.map(({ legacy: _, ...k }) => k) }) });
};
const genuineValid = (v: Verdict) => v.genuine && v.status === 'valid';

describe("1. legacy X-Signature responses carry no other artifact's signature, and their age is signed", () => {
  it('an expired legacy key, a JWT, a proof and an RSA license file re-signed as response bodies are refused', async () => {
    const lifted = [
      liftLegacyKey(mintSignedKey({ algorithm: 'rsa-sha256', dataset: keyDataset(lapsed()), legacy: true })),
      liftJwt(mintJwtKey({ facts: current() })),
      liftProof(mintActivationProof({ facts: current(), ts: iso(NOW - DAY) })),
      liftLicenseFile(mintLicenseFile({ alg: 'base64+rsa-sha256', issued: iso(NOW - DAY) }))
    ];
    for (const input of lifted) {
      const v = await verify(xSignature(input), await ctx());
      expect(v, input.from).toMatchObject({ kind: 'keygen-response', genuine: false, status: 'invalid' });
      expect(checkOf(v, 'signature')?.message, input.from).toMatch(/refused without trusting it/);
    }
  });

  it('a 300-day-old genuine legacy response with its Date header edited to today is not valid', async () => {
    const today = (r: ReturnType<typeof mintLegacyResponse>) => ({
      ...r,
      headers: { ...r.headers, Date: new Date(NOW).toUTCString() }
    });
    // With a signed meta.ts, that is its age.
    const validation = await verify(
      responseEnvelope(today(mintLegacyResponse({ date: NOW - 300 * DAY }))),
      await ctx()
    );
    expect(validation).toMatchObject({ genuine: true, status: 'expired', signedAt: iso(NOW - 300 * DAY) });
    // Without one, its age is unknown: the Date header is not signed.
    const license = JSON.stringify({
      data: (JSON.parse(validateKeyBody(current(), { ts: iso(NOW - 300 * DAY) })) as { data: unknown }).data
    });
    const document = await verify(
      responseEnvelope(
        today(
          mintLegacyResponse({
            date: NOW - 300 * DAY,
            body: license,
            method: 'GET',
            path: '/v1/accounts/demo/licenses/x'
          })
        )
      ),
      await ctx()
    );
    expect(document).toMatchObject({ genuine: true, status: 'invalid' });
    expect(checkOf(document, 'response-age')?.ok).toBe(false);
  });

  it("without the config's legacy opt-in, no X-Signature verifies at all", async () => {
    const v = await verify(responseEnvelope(mintLegacyResponse({ date: NOW })), await withoutLegacy());
    expect(v).toMatchObject({ genuine: false, status: 'invalid' });
    expect(checkOf(v, 'signature')?.message).toMatch(/"legacy": true/);
  });
});

describe('2. no input up to the size limit hangs the verifier', () => {
  // A quadratic pattern takes hours on these, a linear one milliseconds, so the per-test timeout is
  // the bound that matters here; the bench times them against WORST_CASE_BOUND_MS.
  for (const [name, input] of worstCases()) {
    it(`${name}: answered, not crashed`, { timeout: 10_000 }, async () => {
      const v = await verify(input, await ctx());
      expect(v.genuine).toBe(false);
      expect(v.error?.code).not.toBe('ERR_INTERNAL');
    });
  }
});

describe('3. a cached response is valid only for a license validation or a license or machine document', () => {
  it('a genuinely signed error body relabelled 200 is invalid', async () => {
    const body = JSON.stringify({
      errors: [{ title: 'Not found', detail: 'The requested license was not found', code: 'NOT_FOUND' }]
    });
    const r = mintResponse({ algorithm: 'ed25519', date: NOW, body, status: 404 });
    const v = await verify(responseEnvelope({ ...r, status: 200 }), await ctx());
    expect(v).toMatchObject({ genuine: true, status: 'invalid' });
    expect(checkOf(v, 'type')).toMatchObject({ ok: false, message: expect.stringMatching(/error \("Not found"\)/) });
  });

  it('a signed GET /licenses/:id whose license is BANNED, or suspended with no meta, is invalid', async () => {
    const validation = JSON.parse(validateKeyBody(current(), { ts: iso(NOW) })) as {
      data: { attributes: Record<string, unknown> };
    };
    const path = `/v1/accounts/demo/licenses/${current().licenseId}`;
    for (const attributes of [
      { status: 'BANNED' },
      { suspended: true },
      { status: 'SUSPENDED' },
      { status: 'INACTIVE' }
    ]) {
      const body = JSON.stringify({
        data: { ...validation.data, attributes: { ...validation.data.attributes, ...attributes } }
      });
      const v = await verify(
        responseEnvelope(mintResponse({ algorithm: 'ed25519', date: NOW, body, method: 'GET', path })),
        await ctx()
      );
      expect(v, JSON.stringify(attributes)).toMatchObject({ genuine: true, status: 'invalid' });
      expect(checkOf(v, 'license-status')?.ok).toBe(false);
    }
  });

  it('a list, another resource, or an empty document is not valid', async () => {
    for (const body of ['{"data":[]}', '{"data":{"id":"u1","type":"users","attributes":{}}}', '{"meta":{}}', '[1]']) {
      const v = await verify(
        responseEnvelope(
          mintResponse({ algorithm: 'ed25519', date: NOW, body, method: 'GET', path: '/v1/accounts/demo/me' })
        ),
        await ctx()
      );
      expect(v, body).toMatchObject({ genuine: true, status: 'invalid' });
    }
  });

  it('a validation saying valid with a code Keygen never sends, or with no license, is not valid', async () => {
    for (const meta of [
      { valid: true, code: 'TOTALLY_FINE' },
      { valid: 'yes', code: 'VALID' }
    ]) {
      const body = JSON.stringify({
        ...JSON.parse(validateKeyBody(current(), { ts: iso(NOW) })),
        meta: { ts: iso(NOW), ...meta }
      });
      const v = await verify(responseEnvelope(mintResponse({ algorithm: 'ed25519', date: NOW, body })), await ctx());
      expect(v.status, JSON.stringify(meta)).toBe(typeof meta.valid === 'boolean' ? 'invalid' : 'malformed');
    }
    const noLicense = JSON.stringify({ meta: { ts: iso(NOW), valid: true, code: 'VALID' }, data: null });
    expect(
      await verify(responseEnvelope(mintResponse({ algorithm: 'ed25519', date: NOW, body: noLicense })), await ctx())
    ).toMatchObject({ status: 'invalid' });
  });
});

describe('4. a HAR file is answered by its newest signed response, not its last entry', () => {
  it('an older VALID placed after a newer SUSPENDED is suspended', async () => {
    const facts = current();
    const suspended = mintResponse({
      algorithm: 'ed25519',
      date: NOW - 3_600_000,
      body: validateKeyBody(facts, { code: 'SUSPENDED', ts: iso(NOW - 3_600_000) })
    });
    const valid = mintResponse({
      algorithm: 'ed25519',
      date: NOW - 2 * DAY,
      body: validateKeyBody(facts, { ts: iso(NOW - 2 * DAY) })
    });
    const v = await verify(responseHar([suspended, valid]), await ctx());
    expect(v).toMatchObject({ genuine: true, status: 'invalid', signedAt: iso(NOW - 3_600_000) });
    expect(checkOf(v, 'validation')?.message).toMatch(/SUSPENDED/);
    // The same pair in time order gives the same answer.
    expect((await verify(responseHar([valid, suspended]), await ctx())).status).toBe('invalid');
  });
});

describe('5. a device the user names is never silently skipped', () => {
  it('a validation with no fingerprint scope is wrong-device when a fingerprint is given', async () => {
    const r = mintResponse({ algorithm: 'ed25519', date: NOW, body: validateKeyBody(current(), { ts: iso(NOW) }) });
    expect((await verify(responseEnvelope(r), await ctx())).status).toBe('valid');
    const v = await verify(responseEnvelope(r), await ctx({ fingerprint: DEMO_FINGERPRINT }));
    expect(v).toMatchObject({ genuine: true, status: 'wrong-device' });
    expect(checkOf(v, 'fingerprint')?.message).toMatch(/carries no device fingerprint/);
  });

  it('a format that binds no device says so when a fingerprint is given', async () => {
    const v = await verify(
      mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(current()) }),
      await ctx({ fingerprint: DEMO_FINGERPRINT })
    );
    expect(v.status).toBe('valid');
    expect(v.notCovered).toContain(
      'A license key is not bound to any device, so the fingerprint given was not compared.'
    );
  });
});

describe('6. a LicenseSpring request cannot be downgraded from v2 to v1', () => {
  const options = {
    product: 'demoapp',
    hardwareId: 'HW-1',
    licenseKey: 'AAAA-BBBB',
    apiKey: 'demo-api-key',
    sharedKey: 'demo-shared-key',
    now: NOW
  };
  it('the inner object of a v2 request, edited and presented alone, is malformed', async () => {
    const composed = await composeRequest(options);
    const inner = JSON.parse(composed.json).request as Record<string, unknown>;
    const edited = { ...inner, product: 'otherapp', request: 'deactivation' };
    const v = await verify(b64(JSON.stringify(edited)), await ctx({ sharedKey: 'demo-shared-key' }));
    expect(v).toMatchObject({ genuine: false, status: 'malformed' });
    expect(v.reason).toMatch(/schema_version/);
  });

  it('a genuine v1 request shows only what its signature covers', async () => {
    const composed = await composeRequest({ ...options, schema: 1 });
    const edited = JSON.stringify({ ...JSON.parse(composed.json), product: 'otherapp' });
    const v = await verify(b64(edited), await ctx({ sharedKey: 'demo-shared-key' }));
    expect(v).toMatchObject({ genuine: true, status: 'valid' });
    expect(v.summary?.product).toBeUndefined();
    expect(JSON.stringify(v.data)).not.toContain('otherapp');
    expect(v.notCovered?.[0]).toMatch(/product.* not signed/);
  });
});

describe('7. legacy v1 keys are no signing oracle', () => {
  it('a JWT, a PSS v2 key and a signed response re-wrapped as v1 keys are not genuine', async () => {
    const lifted = [
      liftJwt(mintJwtKey({ facts: current() })),
      liftSignedKey(mintSignedKey({ algorithm: 'rsa-pss-sha256', dataset: keyDataset(current()) })),
      liftResponse(responseEnvelope(mintResponse({ algorithm: 'rsa-pss-sha256', date: NOW }))),
      liftResponse(responseEnvelope(mintLegacyResponse({ date: NOW })))
    ];
    for (const input of lifted) {
      const v = await verify(`${b64url(input.input)}.${b64url(input.signature)}`, await ctx());
      expect(v, input.from).toMatchObject({ kind: 'legacy-signed-key', genuine: false, status: 'invalid' });
    }
  });

  it("without the config's legacy opt-in, a genuine v1 key is not genuine", async () => {
    const v = await verify(
      mintSignedKey({ algorithm: 'rsa-sha256', dataset: keyDataset(current()), legacy: true }),
      await withoutLegacy()
    );
    expect(v).toMatchObject({ genuine: false, status: 'invalid' });
  });
});

describe('8. policy: product, license status, enabled flags and expiry types are checked in every kind that carries them', () => {
  const OTHER = '00000000-0000-4000-8000-00000000beef';
  it('encrypted keys and JWTs for another product are wrong-product', async () => {
    expect((await verify(mintEncryptedKey({ facts: current({ productId: OTHER }) }), await ctx())).status).toBe(
      'wrong-product'
    );
    expect((await verify(mintJwtKey({ facts: current({ productId: OTHER }) }), await ctx())).status).toBe(
      'wrong-product'
    );
  });

  it('a license file whose license is SUSPENDED, BANNED, EXPIRED, INACTIVE or suspended is not valid', async () => {
    const doc = licenseFileDocument({ issued: iso(NOW - DAY) }) as { data: { attributes: Record<string, unknown> } };
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'SUSPENDED' }, 'invalid'],
      [{ status: 'BANNED' }, 'invalid'],
      [{ status: 'INACTIVE' }, 'invalid'],
      [{ suspended: true }, 'invalid'],
      [{ status: 'EXPIRED', expiry: iso(NOW - 30 * DAY) }, 'expired'],
      [{ status: 7 }, 'malformed']
    ];
    for (const [attributes, status] of cases) {
      const dataset = { ...doc, data: { ...doc.data, attributes: { ...doc.data.attributes, ...attributes } } };
      const v = await verify(
        mintLicenseFile({ dataset, issued: iso(NOW - DAY) }),
        await ctx({ licenseKey: DEMO_LICENSE_KEY })
      );
      expect(v, JSON.stringify(attributes)).toMatchObject({ genuine: true, status });
    }
  });

  it('a LicenseSpring answer with license_enabled or license_active false is invalid', async () => {
    for (const extra of [{ license_enabled: false }, { license_active: false }, { license_active: 'yes' }]) {
      const file = mintLicenseSpringLicense({
        requestId: 'r1',
        hardwareId: 'HW-1',
        licenseKey: 'AAAA',
        productCode: 'demoapp',
        validityPeriod: null,
        extra
      });
      const v = await verify(file, await ctx({ requests: new Map([['r1', { hardwareId: 'HW-1' }]]) }));
      expect(v, JSON.stringify(extra)).toMatchObject({
        genuine: true,
        status: typeof Object.values(extra)[0] === 'boolean' ? 'invalid' : 'malformed'
      });
    }
  });

  it('a numeric expiry is malformed in signed keys, encrypted keys and proofs, never "does not expire"', async () => {
    const facts = current();
    const numeric = (dataset: string) => dataset.replace(`"expiry":"${facts.expiry}"`, '"expiry":1700000000');
    const artifacts = [
      mintSignedKey({ algorithm: 'ed25519', dataset: numeric(keyDataset(facts)) }),
      mintEncryptedKey({
        dataset: JSON.stringify({
          id: facts.licenseId,
          created: facts.created,
          expiry: 1700000000,
          product: { id: facts.productId }
        })
      }),
      mintActivationProof({
        dataset: JSON.stringify({
          product: { id: facts.productId },
          license: { key: 'K', expiry: 1700000000 },
          machine: { fingerprint: 'F' },
          ts: iso(NOW - DAY)
        })
      })
    ];
    for (const text of artifacts) {
      const v = await verify(text, await ctx());
      expect(v, v.kind).toMatchObject({ genuine: true, status: 'malformed' });
      expect(checkOf(v, 'license-expiry')?.ok, v.kind).toBe(false);
    }
  });

  it('a machine file without its license says that the license was not checked', async () => {
    const doc = licenseFileDocument({ type: 'machine', issued: iso(NOW - DAY) }) as Record<string, unknown>;
    const { included: _, ...withoutLicense } = doc;
    const v = await verify(
      mintLicenseFile({ type: 'machine', dataset: withoutLicense, issued: iso(NOW - DAY) }),
      await ctx({ licenseKey: DEMO_LICENSE_KEY, fingerprint: DEMO_FINGERPRINT })
    );
    expect(v.genuine).toBe(true);
    expect(v.notCovered).toContain(
      "The license this machine file belongs to was not included in it, so the license's own expiry and status were not checked."
    );
  });
});

describe('9. only a signed time the verdict accepted moves the time floor', () => {
  // The storage half (rememberVerification) is in src/lib/storage/remember.test.ts.
  it('a far-future genuine key is clock-tampered and proves no time', async () => {
    const { provenTime } = await import('../../src/lib/core/policy');
    const future = await verify(
      mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(current({ created: iso(NOW + 365 * DAY) })) }),
      await ctx()
    );
    expect(future).toMatchObject({ genuine: true, status: 'clock-tampered' });
    expect(provenTime(future)).toBeUndefined();
    const fine = await verify(mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(current()) }), await ctx());
    expect(provenTime(fine)).toBe(Date.parse(current().created));
  });
});

describe('10. a crash in the verifier is reported as one, not as bad input', () => {
  it('an exception inside verification is ERR_INTERNAL', async () => {
    const base = await ctx();
    const exploding = {
      ...base,
      trust: {
        ...base.trust,
        keys: base.trust.keys.map((k) => ({ ...k, verify: () => Promise.reject(new TypeError('boom')) }))
      }
    };
    const v = await verify(mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(current()) }), exploding);
    expect(v).toMatchObject({ genuine: false, status: 'malformed', error: { code: 'ERR_INTERNAL' } });
    expect(v.reason).toMatch(/nothing in it was verified/);
  });
});

describe('any signature re-presented as any other kind', () => {
  const proofFacts = current();
  const lifted: SignedInput[] = [
    ...(['ed25519', 'rsa-pss-sha256', 'rsa-sha256', 'ecdsa-p256'] as const).map((algorithm) =>
      liftSignedKey(mintSignedKey({ algorithm, dataset: keyDataset(lapsed()) }))
    ),
    liftLegacyKey(mintSignedKey({ algorithm: 'rsa-sha256', dataset: keyDataset(lapsed()), legacy: true })),
    liftLegacyKey(mintSignedKey({ algorithm: 'rsa-pss-sha256', dataset: keyDataset(lapsed()), legacy: true })),
    liftJwt(mintJwtKey({ facts: lapsed() })),
    liftProof(mintActivationProof({ facts: proofFacts, ts: iso(NOW - DAY) })),
    ...(['base64+ed25519', 'base64+rsa-sha256', 'base64+rsa-pss-sha256', 'aes-256-gcm+rsa-sha256'] as const).map(
      (alg) => liftLicenseFile(mintLicenseFile({ alg, issued: iso(NOW - 400 * DAY) }))
    ),
    liftLicenseFile(mintLicenseFile({ type: 'machine', alg: 'base64+rsa-sha256', issued: iso(NOW - 400 * DAY) })),
    ...(['ed25519', 'rsa-pss-sha256', 'rsa-sha256'] as const).map((algorithm) =>
      liftResponse(responseEnvelope(mintResponse({ algorithm, date: NOW - 300 * DAY })))
    ),
    liftResponse(responseEnvelope(mintLegacyResponse({ date: NOW - 300 * DAY }))),
    liftLicenseSpring(
      mintLicenseSpringLicense({
        requestId: 'r1',
        hardwareId: 'HW-1',
        licenseKey: 'AAAA',
        productCode: 'demoapp',
        validityPeriod: iso(NOW - 30 * DAY)
      })
    )
  ];
  // Every presentation of a lifted input as a kind other than its own, with secrets that would
  // open or bind it, at times around the original signing.
  const cases = lifted.flatMap((input) =>
    presentations(input, NOW)
      .filter((p) => p.as !== input.own)
      .map((p) => ({ ...p, from: input.from }))
  );

  it(`${cases.length} presentations × times and secrets: 10,000 cases, none valid`, { timeout: 300_000 }, async () => {
    const base = await ctx();
    const shift = fc.constantFrom(0, -DAY, 300 * DAY, -300 * DAY, 400 * DAY);
    const secrets = fc.record({
      licenseKey: fc.constantFrom(undefined, DEMO_LICENSE_KEY),
      fingerprint: fc.constantFrom(undefined, DEMO_FINGERPRINT)
    });
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), shift, secrets, async (c, dt, s) => {
        runs++;
        const context: VerifyContext = {
          ...base,
          now: NOW + dt,
          ...(s.licenseKey ? { licenseKey: s.licenseKey } : {}),
          ...(s.fingerprint ? { fingerprint: s.fingerprint } : {})
        };
        const v = await verify(c.text, context);
        if (genuineValid(v)) throw new Error(`${c.from} presented as ${c.as} is valid: ${v.reason}`);
        expect(v.error?.code).not.toBe('ERR_INTERNAL');
      }),
      { numRuns: 10_000 }
    );
    expect(runs).toBeGreaterThanOrEqual(10_000);
  });

  it('presented as their own kind, lifted inputs verify: the property above re-presents real signatures', async () => {
    const own = [
      liftSignedKey(mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(current()) })),
      liftLegacyKey(mintSignedKey({ algorithm: 'rsa-sha256', dataset: keyDataset(current()), legacy: true })),
      liftJwt(mintJwtKey({ facts: current() })),
      liftProof(mintActivationProof({ facts: current(), ts: iso(NOW - DAY) })),
      liftLicenseFile(mintLicenseFile({ alg: 'base64+rsa-sha256', issued: iso(NOW - DAY) })),
      liftResponse(responseEnvelope(mintLegacyResponse({ date: NOW })))
    ];
    for (const input of own) {
      const presented = presentations(input, NOW).find((p) => p.as === input.own)!;
      const secrets = input.from === 'license-file' ? { licenseKey: DEMO_LICENSE_KEY } : {};
      expect((await verify(presented.text, await ctx(secrets))).status, input.own).toBe('valid');
    }
  });
});

describe('found by review: the same classes, one step further', () => {
  const anyProduct = async (overrides: Partial<VerifyContext> = {}) =>
    ctx({ trust: await buildTrustStore({ ...demoConfig(), products: [] }), ...overrides });

  it('an X-Signature body with leading white space or a BOM is still refused as a v1 dataset', async () => {
    for (const lead of ['\n', ' ', '\uFEFF']) {
      const r = mintLegacyResponse({
        date: NOW - 300 * DAY,
        body: lead + validateKeyBody(lapsed(), { valid: false, code: 'EXPIRED', ts: iso(NOW - 300 * DAY) })
      });
      const v = await verify(
        `${b64url(r.body)}.${b64url(Buffer.from(r.headers['X-Signature']!, 'base64'))}`,
        await anyProduct()
      );
      expect(v, JSON.stringify(lead)).toMatchObject({ genuine: false, status: 'invalid' });
    }
  });

  it('a license status named like a built-in property is an unknown status, not valid', async () => {
    const doc = licenseFileDocument({ issued: iso(NOW - DAY) }) as { data: { attributes: Record<string, unknown> } };
    for (const status of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const dataset = { ...doc, data: { ...doc.data, attributes: { ...doc.data.attributes, status } } };
      const v = await verify(
        mintLicenseFile({ dataset, issued: iso(NOW - DAY) }),
        await ctx({ licenseKey: DEMO_LICENSE_KEY })
      );
      expect(v, status).toMatchObject({ genuine: true, status: 'invalid' });
    }
  });

  it('a validation scoped to several fingerprints binds none of them', async () => {
    const body = JSON.parse(validateKeyBody(current(), { ts: iso(NOW) })) as { meta: Record<string, unknown> };
    body.meta.scope = { fingerprints: ['ATTACKER-FP', 'VICTIM-FP'] };
    const r = mintResponse({ algorithm: 'ed25519', date: NOW, body: JSON.stringify(body) });
    const v = await verify(responseEnvelope(r), await ctx({ fingerprint: 'VICTIM-FP' }));
    expect(v).toMatchObject({ genuine: true, status: 'wrong-device' });
    expect(v.summary?.fingerprint).toBeUndefined();
  });

  it('in a HAR, a newer genuine error or unrelated answer decides over an older VALID', async () => {
    const facts = current();
    const valid = mintResponse({
      algorithm: 'ed25519',
      date: NOW - DAY,
      body: validateKeyBody(facts, { ts: iso(NOW - DAY) })
    });
    const error = mintResponse({
      algorithm: 'ed25519',
      date: NOW - 3_600_000,
      status: 404,
      body: JSON.stringify({ errors: [{ title: 'Not found' }] })
    });
    const v = await verify(responseHar([error, valid]), await ctx());
    expect(v).toMatchObject({ genuine: true, status: 'invalid', signedAt: iso(NOW - 3_600_000) });
  });

  it('a LicenseSpring answer bound to no device here says so and asks for the hardware id', async () => {
    const refresh = mintLicenseSpringLicense({
      hardwareId: 'OTHER-DEVICE',
      licenseKey: 'AAAA',
      productCode: 'demoapp',
      validityPeriod: null,
      refresh: true
    });
    const v = await verify(refresh, await ctx({ requests: new Map() }));
    expect(v.needs).toContain('fingerprint');
    expect(v.notCovered).toContain(
      "No device fingerprint was given, so the one it is bound to was not compared with this device's."
    );
    expect((await verify(refresh, await ctx({ requests: new Map(), fingerprint: 'THIS-DEVICE' }))).status).toBe(
      'wrong-device'
    );
  });

  it('a v1 request shows no unsigned alternative field (a username beside the signed license key)', async () => {
    const composed = await composeRequest({
      product: 'demoapp',
      hardwareId: 'HW-1',
      licenseKey: 'AAAA-BBBB',
      apiKey: 'demo-api-key',
      sharedKey: 'demo-shared-key',
      schema: 1,
      now: NOW
    });
    const edited = JSON.stringify({ ...JSON.parse(composed.json), username: 'ceo@victim.example', client_id: 'evil' });
    const v = await verify(b64(edited), await ctx({ sharedKey: 'demo-shared-key' }));
    expect(v.genuine).toBe(true);
    expect(v.summary?.licensee).toBeUndefined();
    expect(JSON.stringify(v.data)).not.toContain('victim');
    expect(v.notCovered?.[0]).toMatch(/username, client_id/);
  });

  it('signed times at the edge of what Date holds give a verdict, not a crash', async () => {
    const account = demoConfig().account!.id;
    const jwt = mintJwtKey({
      claims: { aud: account, product: current().productId, iat: (NOW - DAY) / 1000, exp: 8.64e12 }
    });
    const file = mintLicenseFile({ issued: iso(NOW - DAY), license: { expiry: '+275760-09-13T00:00:00.000Z' } });
    for (const [text, secrets] of [
      [jwt, {}],
      [file, { licenseKey: DEMO_LICENSE_KEY }]
    ] as const) {
      const v = await verify(text, await ctx(secrets));
      expect(v.error?.code).toBeUndefined();
      expect(v).toMatchObject({ genuine: true, status: 'valid' });
    }
  });

  it('a machine document summarises the license it names, not another one included beside it', async () => {
    const doc = licenseFileDocument({ type: 'machine', issued: iso(NOW - DAY) }) as {
      included: { type: string; id: string }[];
    };
    const swapped = {
      ...doc,
      included: doc.included.map((r) => (r.type === 'licenses' ? { ...r, id: 'another-license' } : r))
    };
    const v = await verify(
      mintLicenseFile({ type: 'machine', dataset: swapped, issued: iso(NOW - DAY) }),
      await ctx({ licenseKey: DEMO_LICENSE_KEY, fingerprint: DEMO_FINGERPRINT })
    );
    expect(v.summary?.licenseId).not.toBe('another-license');
    expect(v.notCovered?.some((s) => /was not included/.test(s))).toBe(true);
  });

  it('a time without a zone is read as UTC, so the verdict is the same in every time zone', async () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    onTestFinished(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });
    const lic = (validityPeriod: string) =>
      mintLicenseSpringLicense({
        requestId: 'r1',
        hardwareId: 'HW-1',
        licenseKey: 'AAAA',
        productCode: 'demoapp',
        validityPeriod
      });
    const requests = new Map([['r1', { hardwareId: 'HW-1' }]]);
    const before = await verify(
      lic('2026-05-31T23:00:00'),
      await ctx({ requests, now: Date.parse('2026-05-31T22:00:00Z') })
    );
    const after = await verify(
      lic('2026-05-31T23:00:00'),
      await ctx({ requests, now: Date.parse('2026-06-01T00:00:00Z') + 4 * DAY })
    );
    expect([before.status, after.status]).toEqual(['valid', 'expired']);
    expect(before.expiresAt).toBe(iso(Date.parse('2026-05-31T23:00:00Z') + demoConfig().gracePeriodSeconds * 1000));
  });
});

describe('found by the second review', () => {
  it('a HAR names the genuine answers it could not order by time', async () => {
    const facts = current();
    const valid = mintLegacyResponse({ date: NOW - DAY, body: validateKeyBody(facts, { ts: iso(NOW - DAY) }) });
    const doc = JSON.parse(validateKeyBody(facts, { code: 'SUSPENDED', ts: iso(NOW) })) as { data: unknown };
    const undated = mintLegacyResponse({
      date: NOW,
      body: JSON.stringify({ data: doc.data }),
      method: 'GET',
      path: `/v1/accounts/demo/licenses/${facts.licenseId}`
    });
    const v = await verify(responseHar([valid, undated]), await ctx());
    expect(v.notCovered).toContain(
      '1 other genuine response in the HAR file carries no signed time, so it could be newer; not weighed.'
    );
  });

  it('a machine file without its license is no proof of the license key given', async () => {
    const { included: _, ...doc } = licenseFileDocument({ type: 'machine', issued: iso(NOW - DAY) }) as Record<
      string,
      unknown
    >;
    const file = mintLicenseFile({ type: 'machine', alg: 'base64+ed25519', dataset: doc, issued: iso(NOW - DAY) });
    const v = await verify(file, await ctx({ licenseKey: 'WRONG-KEY', fingerprint: DEMO_FINGERPRINT }));
    expect(v).toMatchObject({ genuine: true, status: 'wrong-device' });
  });

  it('a LicenseSpring answer for a composed request must also be for the device the user names', async () => {
    const file = mintLicenseSpringLicense({
      requestId: 'req-1',
      hardwareId: 'HW-A',
      licenseKey: 'AAAA',
      productCode: 'demoapp',
      validityPeriod: null
    });
    const requests = new Map([['req-1', { hardwareId: 'HW-A' }]]);
    expect((await verify(file, await ctx({ requests }))).status).toBe('valid');
    expect((await verify(file, await ctx({ requests, fingerprint: 'HW-B' }))).status).toBe('wrong-device');
  });

  it('a valid verdict that still asks for a secret says it was not compared', async () => {
    const v = await verify(mintActivationProof({ facts: current(), ts: iso(NOW - DAY) }), await ctx());
    expect(v.status).toBe('valid');
    expect(v.notCovered).toEqual([
      "No license key was given, so the one it is bound to was not compared with this device's.",
      "No device fingerprint was given, so the one it is bound to was not compared with this device's."
    ]);
  });
});
