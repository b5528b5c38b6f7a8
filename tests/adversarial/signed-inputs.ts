/**
 * Test helper: what an attacker holding genuine artifacts can lift out of them (the exact bytes a
 * vendor key signed, and the signature), and every way to present those bytes as another kind.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { ArtifactKind } from '../../src/lib/core/verdict';

export interface SignedInput {
  /** The kind it was lifted from. */
  from: ArtifactKind;
  /** The name of the presentation that rebuilds the original (see `presentations`). */
  own: string;
  /** Exactly the bytes the signature covers, as text (every scheme here signs text). */
  input: string;
  signature: Uint8Array;
}

export const b64url = (data: string | Uint8Array): string => Buffer.from(data).toString('base64url');
export const b64 = (data: string | Uint8Array): string => Buffer.from(data).toString('base64');
const fromB64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** `prefix<encoded>.<sig>` tokens: v2 keys, proofs. */
function liftToken(from: ArtifactKind, token: string): SignedInput {
  const dot = token.indexOf('.');
  return { from, own: from, input: token.slice(0, dot), signature: fromB64(token.slice(dot + 1)) };
}

export const liftSignedKey = (token: string): SignedInput => liftToken('signed-key', token);
export const liftProof = (token: string): SignedInput => liftToken('activation-proof', token);

export function liftLegacyKey(token: string): SignedInput {
  const [dataset, sig] = token.split('.') as [string, string];
  return {
    from: 'legacy-signed-key',
    own: 'legacy-signed-key',
    input: Buffer.from(dataset, 'base64url').toString('utf8'),
    signature: fromB64(sig)
  };
}

export function liftJwt(token: string): SignedInput {
  const last = token.lastIndexOf('.');
  return { from: 'jwt-key', own: 'jwt-key', input: token.slice(0, last), signature: fromB64(token.slice(last + 1)) };
}

export function liftLicenseFile(file: string): SignedInput {
  const machine = file.startsWith('-----BEGIN MACHINE');
  const body = file.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const payload = JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as { enc: string; sig: string; alg: string };
  const from = machine ? 'machine-file' : 'license-file';
  return {
    from,
    own: `${from} ${payload.alg}`,
    input: `${machine ? 'machine' : 'license'}/${payload.enc}`,
    signature: fromB64(payload.sig)
  };
}

interface Envelope {
  request: { method: string; path: string; host: string };
  response: { headers: Record<string, string>; body: string };
}

/** The four-line signing string of a `Keygen-Signature` response, or the body of an `X-Signature` one. */
export function liftResponse(envelopeText: string): SignedInput {
  const { request, response } = JSON.parse(envelopeText) as Envelope;
  const legacy = response.headers['x-signature'];
  if (legacy)
    return { from: 'keygen-response', own: 'x-signature response', input: response.body, signature: fromB64(legacy) };
  const header = response.headers['keygen-signature']!;
  const signature = /signature="([^"]+)"/.exec(header)![1]!;
  const algorithm = /algorithm="([^"]+)"/.exec(header)![1]!;
  const input = [
    `(request-target): ${request.method.toLowerCase()} ${request.path}`,
    `host: ${request.host}`,
    `date: ${response.headers.date}`,
    `digest: ${response.headers.digest}`
  ].join('\n');
  return {
    from: 'keygen-response',
    own: `keygen-signature response ${algorithm}`,
    input,
    signature: fromB64(signature)
  };
}

/** The activation form a `.lic` signs: its JSON without the two signatures. */
export function liftLicenseSpring(file: string): SignedInput {
  const doc = JSON.parse(Buffer.from(file.trim(), 'base64').toString('utf8')) as Record<string, unknown>;
  const signature = fromB64(doc.license_signature_v2 as string);
  delete doc.license_signature;
  delete doc.license_signature_v2;
  return { from: 'licensespring-license', own: 'licensespring-license', input: JSON.stringify(doc), signature };
}

/** A `keygen-response/1` envelope around `body`, as the app reads a cached response. */
export const envelope = (
  headers: Record<string, string>,
  body: string,
  method = 'POST',
  path = '/v1/accounts/demo/licenses/actions/validate-key'
) =>
  JSON.stringify({
    format: 'keygen-response/1',
    request: { method, path, host: 'api.keygen.sh' },
    response: { status: 200, headers, body }
  });

const armour = (type: 'LICENSE' | 'MACHINE', json: string) =>
  `-----BEGIN ${type} FILE-----\n${b64(json).replace(/.{1,64}/g, '$&\n')}-----END ${type} FILE-----\n`;

const httpDate = (ms: number) => new Date(ms).toUTCString();

/** Every way to re-present `s` as another artifact kind, each a complete input for `verify`. */
export function presentations(s: SignedInput, now: number): { as: string; text: string }[] {
  const sig = s.signature;
  const out: { as: string; text: string }[] = [];
  const add = (as: string, text: string) => out.push({ as, text });
  const stripped = (prefix: string) => (s.input.startsWith(prefix) ? s.input.slice(prefix.length) : b64url(s.input));

  add('signed-key', s.input.startsWith('key/') ? `${s.input}.${b64url(sig)}` : `key/${b64url(s.input)}.${b64url(sig)}`);
  add('legacy-signed-key', `${b64url(s.input)}.${b64url(sig)}`);
  add(
    'jwt-key',
    /^[\w-]+\.[\w-]+$/.test(s.input)
      ? `${s.input}.${b64url(sig)}`
      : `eyJhbGciOiJSUzI1NiJ9.${b64url(s.input)}.${b64url(sig)}`
  );
  add('activation-proof', `proof/${stripped('proof/')}.${b64url(sig)}`);
  add('encrypted-key', b64url(sig));
  for (const type of ['LICENSE', 'MACHINE'] as const) {
    const enc = stripped(`${type.toLowerCase()}/`);
    for (const alg of ['base64+rsa-sha256', 'base64+rsa-pss-sha256', 'base64+ed25519', 'base64+ecdsa-p256']) {
      add(`${type.toLowerCase()}-file ${alg}`, armour(type, JSON.stringify({ enc, sig: b64(sig), alg })));
    }
  }
  add('x-signature response', envelope({ date: httpDate(now), 'x-signature': b64(sig) }, s.input));
  for (const algorithm of ['rsa-sha256', 'rsa-pss-sha256', 'ed25519']) {
    const digest = `sha-256=${createHash('sha256').update(s.input, 'utf8').digest('base64')}`;
    const header = `keyid="6a0c6f8e-3b1e-4d5a-9a57-0d3e5c1f2b44", algorithm="${algorithm}", signature="${b64(sig)}", headers="(request-target) host date digest"`;
    add(
      `keygen-signature response ${algorithm}`,
      envelope({ date: httpDate(now), digest, 'keygen-signature': header }, s.input)
    );
  }
  if (s.input.startsWith('{')) {
    try {
      const doc = JSON.parse(s.input) as Record<string, unknown>;
      add('licensespring-license', b64(JSON.stringify({ ...doc, license_signature_v2: b64(sig) })));
    } catch {
      // Not JSON: no .lic to make of it.
    }
  }
  return out;
}
