import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { composeRequest, type ComposeOptions } from './compose';
import { VerifyError } from './errors';

// The vendor's v2 example (LicenseSpring docs, "Offline Request Schema"); shared key "sharedkey".
// Spec §4: both signatures reproduce, and the file content below is derived from them.
const VENDOR: ComposeOptions = {
  product: 'fooapp',
  hardwareId: '8b06c6053b7a2040f07c60b62f17f378ccc5030e21676f8a100a97ab36303ad0',
  licenseKey: 'BSK8-CLCY-PB5E-BXFO',
  apiKey: 'apikey',
  sharedKey: 'sharedkey',
  date: 'Fri, 29 Aug 2025 07:22:37 GMT',
  requestId: 'D010714E-72DD-E4CF-BEBB-4105EC1B2A0F',
  // Deliberately not in alphabetical order: the composer must order them.
  sdkVer: '7.41.1',
  osVer: 'Darwin 24.6.0',
  sdkLang: 'cpp',
  osHostname: 'Mac',
  macAddress: '5A-8A-90-08-13-84',
  ipLocal: '192.168.1.226'
};
const VENDOR_INNER_SIGNATURE = 'A7Tg3dBCc3OsegkPdPc6I1/sRqHj1uSuBR3ad8uaEnk=';
const VENDOR_OUTER_SIGNATURE = 'aad1693bf8b394719b695e916e07aee29d4ddf2afb24cc43febd4d43a660b703';
const VENDOR_INNER_JSON =
  '{"schema_version":2,"api_key":"apikey","date":"Fri, 29 Aug 2025 07:22:37 GMT","hardware_id":"8b06c6053b7a2040f07c60b62f17f378ccc5030e21676f8a100a97ab36303ad0","ip_local":"192.168.1.226","license_key":"BSK8-CLCY-PB5E-BXFO","mac_address":"5A-8A-90-08-13-84","os_hostname":"Mac","os_ver":"Darwin 24.6.0","product":"fooapp","request":"activation","request_id":"D010714E-72DD-E4CF-BEBB-4105EC1B2A0F","sdk_lang":"cpp","sdk_ver":"7.41.1","signature":"A7Tg3dBCc3OsegkPdPc6I1/sRqHj1uSuBR3ad8uaEnk="}';
const VENDOR_FILE =
  'eyJyZXF1ZXN0Ijp7InNjaGVtYV92ZXJzaW9uIjoyLCJhcGlfa2V5IjoiYXBpa2V5IiwiZGF0ZSI6IkZyaSwgMjkgQXVnIDIwMjUgMDc6MjI6MzcgR01UIiwiaGFyZHdhcmVfaWQiOiI4YjA2YzYwNTNiN2EyMDQwZjA3YzYwYjYyZjE3ZjM3OGNjYzUwMzBlMjE2NzZmOGExMDBhOTdhYjM2MzAzYWQwIiwiaXBfbG9jYWwiOiIxOTIuMTY4LjEuMjI2IiwibGljZW5zZV9rZXkiOiJCU0s4LUNMQ1ktUEI1RS1CWEZPIiwibWFjX2FkZHJlc3MiOiI1QS04QS05MC0wOC0xMy04NCIsIm9zX2hvc3RuYW1lIjoiTWFjIiwib3NfdmVyIjoiRGFyd2luIDI0LjYuMCIsInByb2R1Y3QiOiJmb29hcHAiLCJyZXF1ZXN0IjoiYWN0aXZhdGlvbiIsInJlcXVlc3RfaWQiOiJEMDEwNzE0RS03MkRELUU0Q0YtQkVCQi00MTA1RUMxQjJBMEYiLCJzZGtfbGFuZyI6ImNwcCIsInNka192ZXIiOiI3LjQxLjEiLCJzaWduYXR1cmUiOiJBN1RnM2RCQ2MzT3NlZ2tQZFBjNkkxL3NScUhqMXVTdUJSM2FkOHVhRW5rPSJ9LCJzaWduYXR1cmUiOiJhYWQxNjkzYmY4YjM5NDcxOWI2OTVlOTE2ZTA3YWVlMjlkNGRkZjJhZmIyNGNjNDNmZWJkNGQ0M2E2NjBiNzAzIn0=';

// Independent of the composer: node:crypto HMAC over the spec's strings.
const hmac = (key: string, message: string, encoding: 'base64' | 'hex') =>
  createHmac('sha256', key).update(message, 'utf8').digest(encoding);
const decode = (content: string) => Buffer.from(content.trim(), 'base64').toString('utf8');

async function composeError(options: ComposeOptions): Promise<VerifyError> {
  const err = await composeRequest(options).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(VerifyError);
  expect((err as VerifyError).code).toBe('ERR_COMPOSE_INVALID');
  return err as VerifyError;
}

describe('composeRequest', () => {
  it('reproduces the vendor v2 example byte for byte', async () => {
    const composed = await composeRequest(VENDOR);
    expect(composed.request.signature).toBe(VENDOR_INNER_SIGNATURE);
    expect(composed.json).toBe(`{"request":${VENDOR_INNER_JSON},"signature":"${VENDOR_OUTER_SIGNATURE}"}`);
    expect(composed.content).toBe(VENDOR_FILE + '\n');
    expect(composed).toMatchObject({
      fileName: 'ls_activation.req',
      requestId: 'D010714E-72DD-E4CF-BEBB-4105EC1B2A0F'
    });
  });

  it('writes a v1 file as the flat request with only the inner signature', async () => {
    const composed = await composeRequest({ ...VENDOR, schema: 1 });
    const file = JSON.parse(decode(composed.content));
    expect(file.schema_version).toBeUndefined();
    expect(file.request).toBe('activation');
    expect(file.signature).toBe(VENDOR_INNER_SIGNATURE);
    expect(decode(composed.content)).toBe(composed.json);
  });

  it('defaults the date from `now` and a fresh request id', async () => {
    const now = Date.parse('2026-06-01T08:30:05Z');
    const { date: _date, requestId: _id, ...rest } = VENDOR;
    const a = await composeRequest({ ...rest, now });
    const b = await composeRequest({ ...rest, now });
    expect(a.request.date).toBe('Mon, 01 Jun 2026 08:30:05 GMT');
    expect(a.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.requestId).not.toBe(b.requestId);
    await composeError(rest);
  });

  it('composes a deactivation: same signatures, its own file name', async () => {
    const composed = await composeRequest({ ...VENDOR, request: 'deactivation' });
    const inner = JSON.parse(composed.json).request;
    expect(composed.fileName).toBe('ls_deactivation.req');
    expect(inner.request).toBe('deactivation');
    // The v1 signing string does not include the request type, so the inner signature is unchanged.
    expect(inner.signature).toBe(VENDOR_INNER_SIGNATURE);
    expect(JSON.parse(composed.json).signature).toBe(hmac('sharedkey', JSON.stringify(inner), 'hex'));
  });

  it('user-based: username in the signing string, password only on activation', async () => {
    const { licenseKey: _key, ...rest } = VENDOR;
    const composed = await composeRequest({ ...rest, username: 'tech@example.com', password: 'hunter2' });
    const inner = JSON.parse(composed.json).request;
    expect(inner).toMatchObject({ username: 'tech@example.com', password: 'hunter2' });
    expect(inner.license_key).toBeUndefined();
    const signing = `licenseSpring\ndate: ${VENDOR.date}\ntech@example.com\n${VENDOR.hardwareId}\napikey`;
    expect(inner.signature).toBe(hmac('sharedkey', signing, 'base64'));

    const err = await composeError({ ...rest, username: 'tech@example.com', password: 'x', request: 'deactivation' });
    expect(err.message).toContain('password');
    expect((await composeError({ ...rest, username: 'tech@example.com' })).message).toContain('"password"');
    const deactivation = await composeRequest({ ...rest, username: 'tech@example.com', request: 'deactivation' });
    expect(JSON.parse(deactivation.json).request.password).toBeUndefined();
  });

  it('OAuth: client_id in the file, keyed with the client secret', async () => {
    const { apiKey: _a, sharedKey: _s, ...rest } = VENDOR;
    const composed = await composeRequest({ ...rest, clientId: 'client-1', clientSecret: 'secret-1' });
    const file = JSON.parse(composed.json);
    expect(file.request.client_id).toBe('client-1');
    expect(file.request.api_key).toBeUndefined();
    expect(composed.json).not.toContain('secret-1');
    const signing = `licenseSpring\ndate: ${VENDOR.date}\n${VENDOR.licenseKey}\n${VENDOR.hardwareId}\nclient-1`;
    expect(file.request.signature).toBe(hmac('secret-1', signing, 'base64'));
    expect(file.signature).toBe(hmac('secret-1', JSON.stringify(file.request), 'hex'));
    await composeError({ ...rest, clientId: 'client-1', clientSecret: 'secret-1', sharedKey: 'sharedkey' });
    await composeError({ ...rest, clientId: 'client-1', apiKey: 'apikey', clientSecret: 'secret-1' });
  });

  it('refuses non-ASCII and control characters, naming the field', async () => {
    expect((await composeError({ ...VENDOR, osHostname: 'Büro-PC' })).message).toContain('"os_hostname"');
    expect((await composeError({ ...VENDOR, hardwareId: 'abc\ndef' })).message).toContain('"hardware_id"');
    expect((await composeError({ ...VENDOR, variables: { site: 'Zürich' } })).message).toContain('"variables.site"');
    expect((await composeError({ ...VENDOR, extra: ['note=日本'] })).message).toContain('"note"');
  });

  it('refuses empty required fields, integer-like names, and fields it sets itself', async () => {
    expect((await composeError({ ...VENDOR, product: '' })).message).toContain('"product"');
    expect((await composeError({ ...VENDOR, hardwareId: '   ' })).message).toContain('"hardware_id"');
    expect((await composeError({ ...VENDOR, licenseKey: '' })).message).toContain('"license_key" or "username"');
    await composeError({ ...VENDOR, username: 'also-a-user' });
    await composeError({ ...VENDOR, sharedKey: '' });
    await composeError({ ...VENDOR, variables: { '1': 'one' } });
    await composeError({ ...VENDOR, extra: ['2=two'] });
    await composeError({ ...VENDOR, extra: ['signature=forged'] });
    await composeError({ ...VENDOR, extra: ['product=other'] });
    // A second holder would make the server and the signing string disagree on who is licensed.
    await composeError({ ...VENDOR, extra: ['username=someone'] });
    await composeError({ ...VENDOR, extra: ['os_ver=duplicate'] });
    await composeError({ ...VENDOR, extra: ['x=1', 'x=2'] });
    await composeError({ ...VENDOR, extra: ['no-equals-sign'] });
  });

  it('writes variables and extra fields into the signed object', async () => {
    const composed = await composeRequest({
      ...VENDOR,
      variables: { site: 'plant-7', line: 'B' },
      extra: ['bundle_code=suite', 'note=a=b']
    });
    const file = JSON.parse(composed.json);
    expect(file.request).toMatchObject({
      variables: { site: 'plant-7', line: 'B' },
      bundle_code: 'suite',
      note: 'a=b'
    });
    expect(file.signature).toBe(hmac('sharedkey', JSON.stringify(file.request), 'hex'));
  });
});

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const text = fc.string({ unit: printable, minLength: 1, maxLength: 24 }).filter((s) => s.trim() !== '');
const name = fc.stringMatching(/^x_[a-z0-9_]{0,8}$/);

describe('composeRequest (property)', () => {
  it('the file decodes to the fields given and both signatures verify with an independent HMAC', async () => {
    const options = fc.record(
      {
        request: fc.constantFrom('activation' as const, 'deactivation' as const),
        schema: fc.constantFrom(1 as const, 2 as const),
        product: text,
        hardwareId: text,
        holder: fc.oneof(fc.record({ licenseKey: text }), fc.record({ username: text, password: text })),
        auth: fc.oneof(fc.record({ apiKey: text, sharedKey: text }), fc.record({ clientId: text, clientSecret: text })),
        date: text,
        requestId: text,
        osVer: text,
        osHostname: text,
        ipLocal: text,
        macAddress: text,
        appVer: text,
        sdkVer: text,
        sdkLang: text,
        variables: fc.dictionary(name, fc.string({ unit: printable, maxLength: 12 }), { maxKeys: 4 }),
        extra: fc.uniqueArray(fc.tuple(name, fc.string({ unit: printable, maxLength: 12 })), {
          selector: ([n]) => n,
          maxLength: 3
        })
      },
      { requiredKeys: ['request', 'schema', 'product', 'hardwareId', 'holder', 'auth', 'date', 'requestId'] }
    );
    await fc.assert(
      fc.asyncProperty(options, async (o) => {
        const { holder, auth, extra, ...fields } = o;
        const password = 'password' in holder && o.request === 'activation' ? holder.password : undefined;
        const holderFields =
          'licenseKey' in holder
            ? { licenseKey: holder.licenseKey }
            : { username: holder.username, ...(password ? { password } : {}) };
        const composed = await composeRequest({
          ...fields,
          ...holderFields,
          ...auth,
          ...(extra ? { extra: extra.map(([n, v]) => `${n}=${v}`) } : {})
        });

        expect(composed.content.endsWith('\n')).toBe(true);
        expect(composed.fileName).toBe(o.request === 'activation' ? 'ls_activation.req' : 'ls_deactivation.req');
        const json = decode(composed.content);
        const file = JSON.parse(json);
        const inner = o.schema === 2 ? file.request : file;
        const key = 'sharedKey' in auth ? auth.sharedKey : auth.clientSecret;
        const authId = 'apiKey' in auth ? auth.apiKey : auth.clientId;
        const holderValue = 'licenseKey' in holder ? holder.licenseKey : holder.username;

        const expected: Record<string, unknown> = {
          request: o.request,
          product: o.product,
          hardware_id: o.hardwareId,
          date: o.date,
          request_id: o.requestId,
          ['apiKey' in auth ? 'api_key' : 'client_id']: authId,
          ['licenseKey' in holder ? 'license_key' : 'username']: holderValue
        };
        if (password) expected.password = password;
        const optional = {
          osVer: 'os_ver',
          osHostname: 'os_hostname',
          ipLocal: 'ip_local',
          macAddress: 'mac_address',
          appVer: 'app_ver',
          sdkVer: 'sdk_ver',
          sdkLang: 'sdk_lang'
        } as const;
        for (const [option, field] of Object.entries(optional)) {
          const value = o[option as keyof typeof optional];
          if (value !== undefined) expected[field] = value;
        }
        if (o.variables) expected.variables = o.variables;
        for (const [n, v] of extra ?? []) expected[n] = v;
        const { signature, schema_version, ...rest } = inner;
        expect(rest).toEqual(expected);
        expect(composed.requestId).toBe(o.requestId);
        expect(signature).toBe(
          hmac(key, `licenseSpring\ndate: ${o.date}\n${holderValue}\n${o.hardwareId}\n${authId}`, 'base64')
        );

        if (o.schema === 2) {
          expect(schema_version).toBe(2);
          const innerJson = JSON.stringify(inner);
          expect(json).toBe(`{"request":${innerJson},"signature":"${hmac(key, innerJson, 'hex')}"}`);
          const keys = Object.keys(inner);
          expect(keys[0]).toBe('schema_version');
          expect(keys.slice(1)).toEqual([...keys.slice(1)].sort());
        } else {
          expect(schema_version).toBeUndefined();
          expect(json).toBe(JSON.stringify(inner));
        }
      }),
      { numRuns: 1000 }
    );
  });
});
