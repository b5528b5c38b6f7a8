import { describe, expect, it } from 'vitest';
import { verify } from '../verify';
import { buildTrustStore, parseConfig } from '../config';
import type { VerifyContext } from '../context';
import type { Verdict } from '../verdict';
import { demoContext } from '../../../../tools/issuer/demo-trust';
import { demoLicenseFacts } from '../../../../tools/issuer/datasets';
import { demoKeys, sign } from '../../../../tools/issuer/keys';
import {
  mintLegacyResponse,
  mintResponse,
  responseEnvelope,
  responseHar,
  validateKeyBody,
  type ResponseAlgorithm,
  type SignedResponse
} from '../../../../tools/issuer/keygen-response';
import vectors from '../../../../tests/vectors/keygen-public.json';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const FRESH = NOW - HOUR;
const ALGORITHMS: ResponseAlgorithm[] = ['ed25519', 'rsa-pss-sha256', 'rsa-sha256'];

const checkOf = (v: Verdict, id: string) => v.checks.find((c) => c.id === id);
const fresh = (options: Partial<Parameters<typeof mintResponse>[0]> = {}) =>
  mintResponse({ algorithm: 'ed25519', date: FRESH, ...options });
const withHeaders = (r: SignedResponse, headers: Record<string, string>): SignedResponse => ({
  ...r,
  headers: { ...r.headers, ...headers }
});
const signatureParam = (r: SignedResponse, name: string) =>
  new RegExp(`${name}="([^"]*)"`).exec(r.headers['Keygen-Signature']!)![1]!;

describe("the vendors' real response samples", () => {
  type ResponseVector = {
    id: string;
    publicKey: string;
    input: {
      method: string;
      path: string;
      host: string;
      date: string;
      digest: string;
      body: string;
      keygenSignature: string;
    };
  };
  const sample = (id: string) => (vectors as unknown as ResponseVector[]).find((v) => v.id === id)!;
  const envelope = (v: ResponseVector) =>
    responseEnvelope({
      method: v.input.method,
      path: v.input.path,
      host: v.input.host,
      status: 200,
      headers: { Date: v.input.date, Digest: v.input.digest, 'Keygen-Signature': v.input.keygenSignature },
      body: v.input.body
    });
  async function contextFor(
    v: ResponseVector,
    options: { account?: { id: string; slug?: string }; now: string }
  ): Promise<VerifyContext> {
    const config = parseConfig({
      keys: [{ id: 'vendor', algorithm: 'ed25519', publicKey: v.publicKey }],
      maxResponseAgeSeconds: 300,
      ...(options.account ? { account: options.account } : {})
    });
    return { trust: await buildTrustStore(config), now: Date.parse(options.now) };
  }

  const me = sample('resp-keygen-go-me');
  const account = { id: '1fddcec8-8dd3-4d8d-9b16-215cac0f9b52', slug: 'demo' };

  it('keygen-go /me: genuine and valid a minute after it was signed', async () => {
    const v = await verify(envelope(me), await contextFor(me, { account, now: '2022-06-15T18:53:00Z' }));
    expect(v).toMatchObject({
      kind: 'keygen-response',
      genuine: true,
      status: 'valid',
      scheme: 'Keygen-Signature ed25519',
      dataset: me.input.body
    });
    expect(v.signedAt).toBe('2022-06-15T18:52:14.000Z');
    expect(v.expiresAt).toBe('2022-06-15T18:57:14.000Z');
    expect(v.summary).toMatchObject({ licenseKey: 'C1B6DE-39A6E3-DE1529-8559A0-4AF593-V3', licenseExpiry: null });
    expect(v.checks.map((c) => c.id)).toEqual([
      'digest',
      'signature',
      'key-id',
      'request-binding',
      'response-age',
      'clock',
      'http-status',
      'type',
      'license-expiry',
      'license-status'
    ]);
  });

  it('keygen-go /me: still genuine in 2026, but stale under a 5-minute maximum age', async () => {
    const v = await verify(envelope(me), await contextFor(me, { now: '2026-06-01T00:00:00Z' }));
    expect(v).toMatchObject({ genuine: true, status: 'expired' });
    expect(checkOf(v, 'response-age')?.ok).toBe(false);
    expect(checkOf(v, 'request-binding')?.message).toMatch(/no account is configured/);
  });

  it('keygen-go /me: a verifier for another account sees a replay, not a genuine answer', async () => {
    const v = await verify(
      envelope(me),
      await contextFor(me, {
        account: { id: 'bf9b523f-dd65-48a2-9512-fb66ba6c3714', slug: 'keygen' },
        now: '2022-06-15T18:53:00Z'
      })
    );
    expect(v).toMatchObject({ genuine: false, status: 'invalid' });
    expect(checkOf(v, 'key-id')?.ok).toBe(false);
    expect(checkOf(v, 'request-binding')?.ok).toBe(false);
    expect(v.dataset).toBeUndefined();
  });

  it('docs example: the signature verifies but the body was edited, so it is not genuine', async () => {
    const docs = sample('resp-docs-digest-mismatch');
    const v = await verify(
      envelope(docs),
      await contextFor(docs, {
        account: { id: 'bf9b523f-dd65-48a2-9512-fb66ba6c3714', slug: 'keygen' },
        now: '2021-06-09T16:09:00Z'
      })
    );
    expect(v).toMatchObject({ genuine: false, status: 'invalid' });
    expect(checkOf(v, 'digest')).toMatchObject({ ok: false });
    expect(checkOf(v, 'signature')).toMatchObject({ ok: true });
    expect(v.reason).toMatch(/not the one that was signed/);
    expect(v.dataset).toBeUndefined();
    expect(v.data).toBeUndefined();
  });
});

describe('minted responses', () => {
  for (const algorithm of ALGORITHMS) {
    it(`${algorithm}: envelope and HAR are genuine and valid, the body kept byte for byte`, async () => {
      const r = mintResponse({ algorithm, date: FRESH });
      for (const text of [responseEnvelope(r), responseHar([r]), responseHar([r], { base64: true })]) {
        const v = await verify(text, await demoContext());
        expect(v).toMatchObject({
          kind: 'keygen-response',
          genuine: true,
          status: 'valid',
          scheme: `Keygen-Signature ${algorithm}`,
          dataset: r.body
        });
        expect(v.key?.algorithm).toBe(algorithm);
        expect(checkOf(v, 'validation')?.message).toMatch(/VALID/);
        expect(v.signedAt).toBe(new Date(FRESH).toISOString());
        expect(v.expiresAt).toBe(new Date(FRESH + 7 * DAY).toISOString());
        expect(v.summary?.licenseKey).toBe((v.data as { data: { attributes: { key: string } } }).data.attributes.key);
      }
    });
  }

  it('an RSA signature labelled with the other RSA algorithm, or as ed25519, is not genuine', async () => {
    const pss = fresh({ algorithm: 'rsa-pss-sha256' });
    const ed = fresh();
    const relabel = (r: SignedResponse, from: string, to: string) =>
      withHeaders(r, {
        'Keygen-Signature': r.headers['Keygen-Signature']!.replace(`algorithm="${from}"`, `algorithm="${to}"`)
      });
    for (const forged of [
      relabel(pss, 'rsa-pss-sha256', 'rsa-sha256'),
      relabel(pss, 'rsa-pss-sha256', 'ed25519'),
      relabel(ed, 'ed25519', 'rsa-sha256')
    ]) {
      expect(await verify(responseEnvelope(forged), await demoContext())).toMatchObject({
        genuine: false,
        status: 'invalid'
      });
    }
  });

  it('an algorithm Keygen does not sign responses with is unsupported', async () => {
    const r = fresh();
    const v = await verify(
      responseEnvelope(
        withHeaders(r, { 'Keygen-Signature': r.headers['Keygen-Signature']!.replace('ed25519', 'hmac-sha256') })
      ),
      await demoContext()
    );
    expect(v).toMatchObject({ genuine: false, status: 'unsupported' });
  });
});

describe('mutations are never genuine', () => {
  const r = fresh();

  async function expectForged(forged: SignedResponse) {
    const v = await verify(responseEnvelope(forged), await demoContext());
    expect(v.genuine).toBe(false);
    expect(v.dataset).toBeUndefined();
  }

  it('any changed body character', async () => {
    const ctx = await demoContext();
    for (let i = 0; i < r.body.length; i++) {
      const body = r.body.slice(0, i) + (r.body[i] === 'x' ? 'y' : 'x') + r.body.slice(i + 1);
      const v = await verify(responseEnvelope({ ...r, body }), ctx);
      if (v.genuine) throw new Error(`body change at ${i} verified`);
    }
  });

  it('a body with a byte added or removed at the end', async () => {
    await expectForged({ ...r, body: r.body + '\n' });
    await expectForged({ ...r, body: r.body.slice(0, -1) });
  });

  it('method, path, query, host or date', async () => {
    await expectForged({ ...r, method: 'GET' });
    await expectForged({ ...r, path: r.path.replace('/demo/', `/${demoLicenseFacts().accountId}/`) });
    await expectForged({ ...r, path: r.path + '?x=1' });
    await expectForged({ ...r, host: 'API.keygen.sh' });
    await expectForged(withHeaders(r, { Date: new Date(FRESH + 1000).toUTCString() }));
  });

  it('the digest, or body and digest swapped together', async () => {
    const other = fresh({ body: '{"meta":{"valid":true,"code":"VALID"}}' });
    await expectForged(withHeaders(r, { Digest: other.headers.Digest! }));
    await expectForged({ ...r, body: other.body, headers: { ...r.headers, Digest: other.headers.Digest! } });
  });

  it('any of several signature bytes', async () => {
    const original = Buffer.from(signatureParam(r, 'signature'), 'base64');
    for (const at of [0, 1, 31, 32, 63]) {
      const bytes = Buffer.from(original);
      bytes[at] = bytes[at]! ^ 0x01;
      await expectForged(
        withHeaders(r, {
          'Keygen-Signature': r.headers['Keygen-Signature']!.replace(
            signatureParam(r, 'signature'),
            bytes.toString('base64')
          )
        })
      );
    }
  });

  it('the covered header list, reordered, shortened or extended', async () => {
    for (const list of [
      '(request-target) host digest date',
      'host date digest',
      '(request-target) host date digest content-type',
      ''
    ]) {
      await expectForged(
        withHeaders(r, {
          'Keygen-Signature': r.headers['Keygen-Signature']!.replace(/headers="[^"]*"/, `headers="${list}"`)
        })
      );
    }
  });

  it('a missing Digest or Date header', async () => {
    const { Digest: _digest, ...noDigest } = r.headers;
    const { Date: _date, ...noDate } = r.headers;
    for (const headers of [noDigest, noDate]) await expectForged({ ...r, headers });
  });
});

describe('replay across endpoints', () => {
  const ctx = () => demoContext();

  it('a genuinely signed answer from a host the config does not list is not genuine', async () => {
    const v = await verify(responseEnvelope(fresh({ host: 'licensing.example.com' })), await ctx());
    expect(v).toMatchObject({ genuine: false, status: 'invalid' });
    expect(checkOf(v, 'signature')?.ok).toBe(true);
    expect(checkOf(v, 'request-binding')?.message).toMatch(/only from api\.keygen\.sh/);
  });

  it('another account in the path, another keyid, or a method that validates nothing', async () => {
    const other = await verify(
      responseEnvelope(fresh({ path: '/v1/accounts/other/licenses/actions/validate-key' })),
      await ctx()
    );
    expect(checkOf(other, 'request-binding')?.ok).toBe(false);
    const keyid = await verify(responseEnvelope(fresh({ keyid: 'bf9b523f-dd65-48a2-9512-fb66ba6c3714' })), await ctx());
    expect(checkOf(keyid, 'key-id')?.ok).toBe(false);
    const method = await verify(responseEnvelope(fresh({ method: 'DELETE' })), await ctx());
    expect(checkOf(method, 'request-binding')?.ok).toBe(false);
    for (const v of [other, keyid, method]) expect(v).toMatchObject({ genuine: false, status: 'invalid' });
  });

  it('the account may appear by id or by slug, exactly as it was requested', async () => {
    const byId = fresh({ path: `/v1/accounts/${demoLicenseFacts().accountId}/licenses/actions/validate-key` });
    expect(await verify(responseEnvelope(byId), await ctx())).toMatchObject({ genuine: true, status: 'valid' });
  });
});

describe('time, validation and binding outcomes', () => {
  it('older than the maximum age: expired, still genuine', async () => {
    const v = await verify(responseEnvelope(fresh({ date: NOW - 8 * DAY })), await demoContext());
    expect(v).toMatchObject({ genuine: true, status: 'expired' });
    expect(checkOf(v, 'response-age')?.message).toMatch(/8 days ago/);
  });

  it('signed in the future, or below the time floor: clock-tampered', async () => {
    expect((await verify(responseEnvelope(fresh({ date: NOW + 10 * 60_000 })), await demoContext())).status).toBe(
      'clock-tampered'
    );
    expect((await verify(responseEnvelope(fresh()), await demoContext({ floor: NOW + DAY }))).status).toBe(
      'clock-tampered'
    );
  });

  it('license expiry: grace honoured, then expired; expiresAt is the earliest end', async () => {
    const body = (expiry: string) =>
      validateKeyBody(demoLicenseFacts({ expiry }), { ts: new Date(FRESH).toISOString() });
    const inGrace = await verify(
      responseEnvelope(fresh({ body: body(new Date(NOW - DAY).toISOString()) })),
      await demoContext()
    );
    expect(inGrace.status).toBe('valid');
    expect(inGrace.expiresAt).toBe(new Date(NOW + 2 * DAY).toISOString());
    const past = await verify(
      responseEnvelope(fresh({ body: body(new Date(NOW - 4 * DAY).toISOString()) })),
      await demoContext()
    );
    expect(past).toMatchObject({ genuine: true, status: 'expired' });
    expect(checkOf(past, 'license-expiry')?.ok).toBe(false);
  });

  const codes: [string, string][] = [
    ['EXPIRED', 'expired'],
    ['FINGERPRINT_SCOPE_MISMATCH', 'wrong-device'],
    ['NO_MACHINE', 'wrong-device'],
    ['NO_MACHINES', 'wrong-device'],
    ['FINGERPRINT_SCOPE_REQUIRED', 'wrong-device'],
    ['PRODUCT_SCOPE_MISMATCH', 'wrong-product'],
    ['SUSPENDED', 'invalid']
  ];
  for (const [code, status] of codes) {
    it(`Keygen's ${code} is ${status}, and the sentence names the code`, async () => {
      const body = validateKeyBody(demoLicenseFacts(), { code, valid: false, ts: new Date(FRESH).toISOString() });
      const v = await verify(responseEnvelope(fresh({ body })), await demoContext());
      expect(v).toMatchObject({ genuine: true, status });
      expect(checkOf(v, 'validation')).toMatchObject({ ok: false });
      expect(v.reason).toContain(code);
    });
  }

  it('a signed error status is genuine but not valid', async () => {
    const v = await verify(
      responseEnvelope(
        fresh({
          status: 404,
          method: 'GET',
          path: '/v1/accounts/demo/licenses/nope',
          body: '{"errors":[{"title":"Not found"}]}'
        })
      ),
      await demoContext()
    );
    expect(v).toMatchObject({ genuine: true, status: 'invalid' });
    expect(checkOf(v, 'http-status')?.ok).toBe(false);
  });

  it('a product the config does not accept is wrong-product', async () => {
    const body = validateKeyBody(demoLicenseFacts({ productId: '00000000-0000-4000-8000-000000000000' }), {
      ts: new Date(FRESH).toISOString()
    });
    expect((await verify(responseEnvelope(fresh({ body })), await demoContext())).status).toBe('wrong-product');
  });

  it('a validation scoped to another fingerprint, or for another license key, is wrong-device', async () => {
    const body = validateKeyBody(demoLicenseFacts(), { ts: new Date(FRESH).toISOString(), fingerprint: 'device-a' });
    const text = responseEnvelope(fresh({ body }));
    const here = await verify(text, await demoContext({ fingerprint: 'device-a' }));
    expect(here.status).toBe('valid');
    expect(checkOf(here, 'fingerprint')?.ok).toBe(true);
    expect(here.summary?.fingerprint).toBe('device-a');
    expect((await verify(text, await demoContext({ fingerprint: 'device-b' }))).status).toBe('wrong-device');
    expect((await verify(text, await demoContext({ licenseKey: 'SOME-OTHER-KEY' }))).status).toBe('wrong-device');
  });
});

describe('legacy X-Signature', () => {
  it('genuine, but says plainly that it can be replayed; age from the signed meta.ts', async () => {
    const v = await verify(responseEnvelope(mintLegacyResponse({ date: FRESH })), await demoContext());
    expect(v).toMatchObject({
      genuine: true,
      status: 'valid',
      scheme: 'X-Signature rsa-sha256',
      key: { algorithm: 'rsa-sha256' }
    });
    expect(checkOf(v, 'request-binding')).toBeUndefined();
    expect(v.notCovered?.[0]).toMatch(/signs only the body: the request it answered .* is not covered/);
    expect(v.signedAt).toBe(new Date(FRESH).toISOString());
  });

  it('a changed body, or a PSS signature, is not genuine', async () => {
    const r = mintLegacyResponse({ date: FRESH });
    expect(
      (
        await verify(
          responseEnvelope({ ...r, body: r.body.replace('"valid":true', '"valid":false') }),
          await demoContext()
        )
      ).genuine
    ).toBe(false);
    const pss = withHeaders(r, { 'X-Signature': sign('rsa-pss-sha256', demoKeys().rsa, r.body).toString('base64') });
    expect((await verify(responseEnvelope(pss), await demoContext())).genuine).toBe(false);
  });

  it('without a signed meta.ts its age is unknown: the unsigned Date header is never used', async () => {
    const product = demoLicenseFacts().productId;
    const body = `{"data":{"id":"x","type":"licenses","attributes":{"expiry":null},"relationships":{"product":{"data":{"type":"products","id":"${product}"}}}}}`;
    for (const date of [NOW - 30 * DAY, NOW]) {
      const v = await verify(
        responseEnvelope(mintLegacyResponse({ date, body, method: 'GET', path: '/v1/accounts/demo/licenses/x' })),
        await demoContext()
      );
      expect(v).toMatchObject({ genuine: true, status: 'invalid' });
      expect(checkOf(v, 'response-age')).toMatchObject({
        ok: false,
        message: expect.stringMatching(/no signed time .* age is unknown/)
      });
      expect(v.signedAt).toBeUndefined();
    }
  });
});

describe('raw bodies and HAR files', () => {
  const crlfBody =
    JSON.stringify(
      JSON.parse(
        validateKeyBody(demoLicenseFacts({ email: 'technicienne@exemple.fr' }), { ts: new Date(FRESH).toISOString() })
      ),
      null,
      2
    ).replace(/\n/g, '\r\n') + '\r\n';

  it('a body with CRLF line ends, indentation and a trailing newline verifies byte for byte', async () => {
    const r = fresh({ body: crlfBody.replace('Demo License', 'Licence démo ✓') });
    for (const text of [responseEnvelope(r), responseHar([r], { base64: true })]) {
      const v = await verify(text, await demoContext());
      expect(v).toMatchObject({ genuine: true, status: 'valid', dataset: r.body });
    }
    expect(
      (await verify(responseEnvelope({ ...r, body: r.body.replace(/\r\n/g, '\n') }), await demoContext())).genuine
    ).toBe(false);
  });

  it('a HAR verifies the newest signed entry and says so; unsigned entries are ignored', async () => {
    const older = fresh({ date: FRESH - HOUR });
    const newer = fresh();
    const unsigned: SignedResponse = {
      method: 'GET',
      path: '/app.js',
      host: 'example.com',
      status: 200,
      headers: { 'Content-Type': 'text/javascript' },
      body: '1'
    };
    const good = await verify(responseHar([older, newer, unsigned]), await demoContext());
    expect(good).toMatchObject({ genuine: true, status: 'valid', signedAt: new Date(FRESH).toISOString() });
    expect(checkOf(good, 'signature')?.message).toMatch(/one of 2 signed responses .* newest by signed time/);
    // An entry that does not verify is passed over, and the verdict says so: leaving a response
    // out of a HAR was always possible, so this gives nothing to someone who edits one.
    const forgedNewest = await verify(
      responseHar([older, { ...newer, body: newer.body.replace('VALID', 'VALIE') }]),
      await demoContext()
    );
    expect(forgedNewest).toMatchObject({ genuine: true, signedAt: new Date(FRESH - HOUR).toISOString() });
    expect(forgedNewest.notCovered).toContain(
      '1 other signed response in the HAR file did not verify and was passed over.'
    );
    const onlyForged = await verify(
      responseHar([{ ...newer, body: newer.body.replace('VALID', 'VALIE') }]),
      await demoContext()
    );
    expect(onlyForged.genuine).toBe(false);
    expect(checkOf(onlyForged, 'digest')?.ok).toBe(false);
  });

  it('a HAR gives its answering exchange alone as an envelope that verifies the same, without the rest', async () => {
    const older = fresh({ date: FRESH - HOUR });
    const newer = fresh({ body: crlfBody.replace('Demo License', 'Licence démo ✓') });
    const other: SignedResponse = {
      method: 'POST',
      path: '/login',
      host: 'example.com',
      status: 200,
      headers: { 'Set-Cookie': 'session=s3cr3t' },
      body: 'password=hunter2'
    };
    const har = JSON.parse(responseHar([older, newer, other], { base64: true })) as {
      log: { entries: { request: { headers: { name: string; value: string }[] } }[] };
    };
    for (const entry of har.log.entries)
      entry.request.headers = [
        { name: 'Authorization', value: 'Bearer s3cr3t-token' },
        { name: 'Cookie', value: 'a=s3cr3t' }
      ];
    const text = JSON.stringify(har);
    const v = await verify(text, await demoContext());
    expect(v.genuine).toBe(true);
    const shown = v.artifact!;
    expect(shown).not.toMatch(/s3cr3t|hunter2|Authorization|Cookie|example\.com/);
    expect(JSON.parse(shown)).toMatchObject({
      format: 'keygen-response/1',
      request: { method: newer.method, path: newer.path, host: newer.host },
      response: { status: 200, body: newer.body }
    });
    const again = await verify(shown, await demoContext());
    expect(again).toMatchObject({
      kind: 'keygen-response',
      genuine: true,
      status: v.status,
      signedAt: v.signedAt,
      dataset: v.dataset,
      summary: v.summary,
      artifact: shown
    });
    // A response that does not verify has nothing to show.
    expect(
      (await verify(responseHar([{ ...newer, body: newer.body.replace('VALID', 'VALIE') }]), await demoContext()))
        .artifact
    ).toBeUndefined();
  });

  it('a HAR URL keeps its query exactly as sent and loses its port', async () => {
    const r = fresh({ method: 'GET', path: '/v1/accounts/demo/licenses?limit=1&page%5Bnumber%5D=1' });
    expect(await verify(responseHar([r], { port: 443 }), await demoContext())).toMatchObject({
      genuine: true,
      status: 'valid'
    });
  });

  it('a HAR with no signed response, or too many entries, is a clear malformed error', async () => {
    const none = await verify(
      responseHar([{ method: 'GET', path: '/', host: 'example.com', status: 200, headers: {}, body: '' }]),
      await demoContext()
    );
    expect(none).toMatchObject({ status: 'malformed', error: { code: 'ERR_FORMAT_MALFORMED' } });
    expect(none.reason).toMatch(/no response signed by Keygen/);
    const many = await verify(JSON.stringify({ log: { entries: new Array(10_001).fill({}) } }), await demoContext());
    expect(many.error?.code).toBe('ERR_INPUT_TOO_LARGE');
  });
});

describe('envelope reading and writing', () => {
  it('unsigned, ambiguous, oversized or incomplete envelopes are malformed, not a crash', async () => {
    const r = fresh();
    const ctx = await demoContext();
    const { 'Keygen-Signature': _sig, 'Keygen-Date': _d, 'Keygen-Digest': _g, ...unsigned } = r.headers;
    const cases: [string, RegExp][] = [
      [responseEnvelope({ ...r, headers: unsigned }), /not signed/],
      [
        JSON.stringify({
          format: 'keygen-response/1',
          request: { method: 'POST', path: r.path, host: r.host },
          response: { status: 200, headers: { date: 'a', Date: 'b' }, body: '' }
        }),
        /two different/
      ],
      [responseEnvelope({ ...r, host: 'api.keygen.sh:443' }), /without scheme or port/],
      [
        JSON.stringify({
          format: 'keygen-response/1',
          request: { method: 'POST', path: r.path, host: r.host },
          response: { status: 200, headers: r.headers }
        }),
        /no body/
      ],
      [responseEnvelope({ ...r, path: 'licenses/actions/validate-key' }), /start with "\/"/]
    ];
    for (const [text, message] of cases) {
      const v = await verify(text, ctx);
      expect(v).toMatchObject({ genuine: false, status: 'malformed' });
      expect(v.reason).toMatch(message);
    }
    const huge = await verify(responseEnvelope({ ...r, body: 'a'.repeat(2 * 1024 * 1024 + 1) }), ctx);
    expect(huge.error?.code).toBe('ERR_INPUT_TOO_LARGE');
  });
});
