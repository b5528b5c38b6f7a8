import { describe, expect, it } from 'vitest';
import { verify } from '../verify';
import { composeRequest, type ComposeOptions } from '../compose';
import { demoContext } from '../../../../tools/issuer/demo-trust';

// The vendor's v2 example as a file (spec §4: base64 of the compact JSON); its shared key is "sharedkey".
const VENDOR_FILE =
  'eyJyZXF1ZXN0Ijp7InNjaGVtYV92ZXJzaW9uIjoyLCJhcGlfa2V5IjoiYXBpa2V5IiwiZGF0ZSI6IkZyaSwgMjkgQXVnIDIwMjUgMDc6MjI6MzcgR01UIiwiaGFyZHdhcmVfaWQiOiI4YjA2YzYwNTNiN2EyMDQwZjA3YzYwYjYyZjE3ZjM3OGNjYzUwMzBlMjE2NzZmOGExMDBhOTdhYjM2MzAzYWQwIiwiaXBfbG9jYWwiOiIxOTIuMTY4LjEuMjI2IiwibGljZW5zZV9rZXkiOiJCU0s4LUNMQ1ktUEI1RS1CWEZPIiwibWFjX2FkZHJlc3MiOiI1QS04QS05MC0wOC0xMy04NCIsIm9zX2hvc3RuYW1lIjoiTWFjIiwib3NfdmVyIjoiRGFyd2luIDI0LjYuMCIsInByb2R1Y3QiOiJmb29hcHAiLCJyZXF1ZXN0IjoiYWN0aXZhdGlvbiIsInJlcXVlc3RfaWQiOiJEMDEwNzE0RS03MkRELUU0Q0YtQkVCQi00MTA1RUMxQjJBMEYiLCJzZGtfbGFuZyI6ImNwcCIsInNka192ZXIiOiI3LjQxLjEiLCJzaWduYXR1cmUiOiJBN1RnM2RCQ2MzT3NlZ2tQZFBjNkkxL3NScUhqMXVTdUJSM2FkOHVhRW5rPSJ9LCJzaWduYXR1cmUiOiJhYWQxNjkzYmY4YjM5NDcxOWI2OTVlOTE2ZTA3YWVlMjlkNGRkZjJhZmIyNGNjNDNmZWJkNGQ0M2E2NjBiNzAzIn0=';

const OPTIONS: ComposeOptions = {
  product: 'demoapp',
  hardwareId: 'kiosk-17',
  licenseKey: 'AAAA-BBBB-CCCC-DDDD',
  apiKey: 'demo-api-key',
  sharedKey: 'demo-shared-key',
  now: Date.parse('2026-06-01T00:00:00Z'),
  requestId: 'req-1',
  osHostname: 'kiosk17',
  variables: { site: 'plant-7' }
};

const encode = (json: string) => Buffer.from(json, 'utf8').toString('base64');
const withKey = (sharedKey?: string) => demoContext(sharedKey === undefined ? {} : { sharedKey });

describe('LicenseSpring .req files', () => {
  it('the vendor example verifies with "sharedkey"', async () => {
    const v = await verify(VENDOR_FILE, await withKey('sharedkey'));
    expect(v).toMatchObject({ kind: 'licensespring-request', genuine: true, status: 'valid' });
    expect(v.summary).toMatchObject({
      product: 'fooapp',
      licenseKey: 'BSK8-CLCY-PB5E-BXFO',
      issued: '2025-08-29T07:22:37.000Z'
    });
    expect((v.data as { request: { request_id: string } }).request.request_id).toBe(
      'D010714E-72DD-E4CF-BEBB-4105EC1B2A0F'
    );
    expect((await verify(VENDOR_FILE, await withKey('apikey'))).genuine).toBe(false);
  });

  it('a composed v2 file verifies with its shared key and shows its fields', async () => {
    const composed = await composeRequest(OPTIONS);
    const v = await verify(composed.content, await withKey('demo-shared-key'));
    expect(v).toMatchObject({ genuine: true, status: 'valid', dataset: composed.json });
    expect(v.summary).toMatchObject({ product: 'demoapp', licenseKey: 'AAAA-BBBB-CCCC-DDDD', fingerprint: 'kiosk-17' });
    expect(v.checks).toEqual([expect.objectContaining({ id: 'signature', ok: true })]);
    // The decoded JSON pasted directly is the same file.
    expect((await verify(composed.json, await withKey('demo-shared-key'))).genuine).toBe(true);
  });

  it('v1, user-based, deactivation and OAuth files verify with their keys', async () => {
    const { licenseKey: _k, apiKey: _a, sharedKey: _s, ...base } = OPTIONS;
    const files = [
      [await composeRequest({ ...OPTIONS, schema: 1 }), 'demo-shared-key'],
      [await composeRequest({ ...OPTIONS, request: 'deactivation' }), 'demo-shared-key'],
      [
        await composeRequest({
          ...base,
          username: 'tech@example.com',
          password: 'pw',
          apiKey: 'k',
          sharedKey: 'demo-shared-key'
        }),
        'demo-shared-key'
      ],
      [
        await composeRequest({ ...base, licenseKey: 'AAAA', clientId: 'client-1', clientSecret: 'client-secret' }),
        'client-secret'
      ]
    ] as const;
    for (const [composed, key] of files) {
      expect((await verify(composed.content, await withKey(key))).genuine, composed.json).toBe(true);
      expect((await verify(composed.content, await withKey(key + 'x'))).genuine, composed.json).toBe(false);
    }
  });

  it('without a shared key nothing is shown, and the key is asked for', async () => {
    const v = await verify((await composeRequest(OPTIONS)).content, await withKey());
    expect(v).toMatchObject({ genuine: false, status: 'invalid', needs: ['shared-key'] });
    expect(v.checks).toEqual([expect.objectContaining({ id: 'signature', ok: false })]);
    expect(v.reason).toContain('shared key');
    expect(v.dataset).toBeUndefined();
    expect(v.data).toBeUndefined();
    expect(v.summary).toBeUndefined();
  });

  it('fails with a wrong shared key', async () => {
    const v = await verify((await composeRequest(OPTIONS)).content, await withKey('wrong-key'));
    expect(v).toMatchObject({ genuine: false, status: 'invalid' });
    expect(v.reason).toContain('inner signature does not verify');
    expect(v.dataset).toBeUndefined();
  });

  it('any character changed in the inner JSON fails', async () => {
    const composed = await composeRequest(OPTIONS);
    const start = composed.json.indexOf('{', 1);
    const end = composed.json.lastIndexOf(',"signature":"');
    const ctx = await withKey('demo-shared-key');
    for (let at = start; at < end; at++) {
      const c = composed.json[at]!;
      const changed =
        composed.json.slice(0, at) + (c === 'a' ? 'b' : c === ' ' ? '_' : 'a') + composed.json.slice(at + 1);
      expect((await verify(encode(changed), ctx)).genuine, `position ${at}`).toBe(false);
    }
  });

  it('the outer signature covers the bytes as written: re-spaced or re-cased files fail', async () => {
    const composed = await composeRequest(OPTIONS);
    const ctx = await withKey('demo-shared-key');
    const file = JSON.parse(composed.json);
    // Same members, same order, but pretty-printed: the inner HMAC still holds, the outer does not.
    const pretty = await verify(JSON.stringify(file, null, 2), ctx);
    expect(pretty.genuine).toBe(false);
    expect(pretty.reason).toContain('outer signature');
    const upper = composed.json.replace(file.signature, file.signature.toUpperCase());
    expect((await verify(encode(upper), ctx)).genuine).toBe(false);
  });

  it('refuses a request missing a signed field as malformed', async () => {
    const file = JSON.parse((await composeRequest(OPTIONS)).json);
    delete file.request.hardware_id;
    const v = await verify(encode(JSON.stringify(file)), await withKey('demo-shared-key'));
    expect(v).toMatchObject({ genuine: false, status: 'malformed' });
    expect(v.reason).toContain('"hardware_id"');
  });
});
