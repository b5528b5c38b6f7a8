/**
 * The page half of `floor.ts`. Beside the raw ops and `verify()`, the least any verifier of the
 * artifact must do on top of its crypto: decode the signature, encode the signing input, parse what
 * it shows. Written bare, with no strictness, policy or verdict, so `verify()` can only be slower.
 */
import { verify } from '../../src/lib/core/verify';
import { contextFor, importForVerify, prepareRaw, trustStoreFrom, type BenchCase } from './harness';
import type { SignedResponse } from '../issuer/keygen-response';

type Op = () => Promise<unknown>;
export interface FloorRow {
  name: string;
  rawUs: number;
  bareUs: number;
  verifyUs: number;
}

const S = crypto.subtle;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** `Uint8Array.fromBase64` (Chromium 140+), not yet in TypeScript's lib. */
const fromBase64 = (
  Uint8Array as unknown as { fromBase64(text: string, options?: { alphabet: string }): Uint8Array<ArrayBuffer> }
).fromBase64;

/** A v2 signed key: `key/<dataset>.<signature>`, signed over the text before the dot. */
async function bareSignedKey(c: BenchCase): Promise<Op> {
  const raw = c.raw[0]!;
  if (raw.op !== 'verify') throw new Error(`${c.name}: not a signature case`);
  const { key, params } = await importForVerify(raw.algorithm, raw.publicKey);
  return async () => {
    const dot = c.artifact.indexOf('.');
    const signature = fromBase64(c.artifact.slice(dot + 1), { alphabet: 'base64url' });
    if (!(await S.verify(params, key, signature, encoder.encode(c.artifact.slice(0, dot)))))
      throw new Error('bare verify failed');
    return JSON.parse(decoder.decode(fromBase64(c.artifact.slice(4, dot), { alphabet: 'base64url' })));
  };
}

/** A v2 `.req`: base64 of `{"request":{…},"signature":"<hex>"}`, the request member first. */
function bareRequest(c: BenchCase): Op {
  const sharedKey = c.context!.sharedKey!;
  return async () => {
    const json = atob(c.artifact);
    const doc = JSON.parse(json) as { request: Record<string, string>; signature: string };
    const r = doc.request;
    const message = ['licenseSpring', `date: ${r.date}`, r.license_key, r.hardware_id, r.api_key].join('\n');
    const inner = json.slice(json.indexOf(':') + 1, json.lastIndexOf(',"signature"'));
    const key = await S.importKey('raw', encoder.encode(sharedKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const innerMac = new Uint8Array(await S.sign('HMAC', key, encoder.encode(message)));
    const outerMac = new Uint8Array(await S.sign('HMAC', key, encoder.encode(inner)));
    if (btoa(String.fromCharCode(...innerMac)) !== r.signature) throw new Error('bare inner MAC differs');
    if (Array.from(outerMac, (b) => b.toString(16).padStart(2, '0')).join('') !== doc.signature)
      throw new Error('bare outer MAC differs');
  };
}

/**
 * A license or machine file: armoured base64 of `{"enc","sig","alg"}`, signed over `<type>/<enc>`;
 * an AES-256-GCM `enc` (`ciphertext.iv.tag`) opens under SHA-256 of the license key (+ fingerprint).
 */
async function bareLicenseFile(c: BenchCase): Promise<Op> {
  const raw = c.raw[0]!;
  if (raw.op !== 'verify') throw new Error(`${c.name}: not a signature case`);
  const { key, params } = await importForVerify(raw.algorithm, raw.publicKey);
  const type = c.name.startsWith('machine') ? 'machine' : 'license';
  const secret = (c.context?.licenseKey ?? '') + (type === 'machine' ? (c.context?.fingerprint ?? '') : '');
  return async () => {
    const begin = c.artifact.indexOf('\n');
    // `atob` skips the armour's line breaks itself.
    const payload = JSON.parse(atob(c.artifact.slice(begin, c.artifact.lastIndexOf('-----END')))) as {
      enc: string;
      sig: string;
    };
    if (!(await S.verify(params, key, fromBase64(payload.sig), encoder.encode(`${type}/${payload.enc}`))))
      throw new Error('bare verify failed');
    const [ciphertext, iv, tag] = payload.enc.split('.').map((part) => fromBase64(part));
    if (!iv || !tag) return JSON.parse(decoder.decode(ciphertext));
    const digest = await S.digest('SHA-256', encoder.encode(secret));
    const aes = await S.importKey('raw', digest, 'AES-GCM', false, ['decrypt']);
    const sealed = new Uint8Array(ciphertext!.length + tag.length);
    sealed.set(ciphertext!);
    sealed.set(tag, ciphertext!.length);
    const plain = await S.decrypt({ name: 'AES-GCM', iv, tagLength: 128 }, aes, sealed);
    return JSON.parse(decoder.decode(plain));
  };
}

/** The parts of an envelope (`request`, `response`) or a HAR (`log`) that the bare verifier reads. */
interface BareDoc {
  request: { method: string; path: string; host: string };
  response: { status: number; headers: Record<string, string>; body: string };
  log?: {
    entries: {
      request: { method: string; url: string };
      response: { status: number; headers: { name: string; value: string }[]; content: { text: string } };
    }[];
  };
}

/** The one exchange of an envelope or of a one-entry HAR, headers by lower-case name (as the bench mints envelopes). */
function bareExchange(doc: BareDoc): SignedResponse {
  if (!doc.log) return { ...doc.request, ...doc.response };
  const { request, response } = doc.log.entries[0]!;
  const [, host, path] = /^https?:\/\/([^/]*)(.*)$/.exec(request.url)!;
  const headers: Record<string, string> = {};
  for (const h of response.headers) headers[h.name.toLowerCase()] = h.value;
  return {
    method: request.method,
    path: path!,
    host: host!,
    status: response.status,
    headers,
    body: response.content.text
  };
}

/**
 * A cached Keygen response (envelope or HAR): the digest of the body, the signature over the four
 * signed lines (or, for `X-Signature`, over the body), the body parsed, and the envelope the
 * verdict gives as its artifact.
 */
async function bareResponse(c: BenchCase): Promise<Op> {
  const raw = c.raw.find((op) => op.op === 'verify');
  if (raw?.op !== 'verify') throw new Error(`${c.name}: not a signature case`);
  const { key, params } = await importForVerify(raw.algorithm, raw.publicKey);
  return async () => {
    const x = bareExchange(JSON.parse(c.artifact) as BareDoc);
    const body = encoder.encode(x.body);
    const legacy = x.headers['x-signature'];
    let ok: boolean;
    if (legacy !== undefined) ok = await S.verify(params, key, fromBase64(legacy), body);
    else {
      const digest = new Uint8Array(await S.digest('SHA-256', body));
      if (`sha-256=${btoa(String.fromCharCode(...digest))}` !== x.headers.digest)
        throw new Error('bare digest differs');
      const signature = fromBase64(/signature="([^"]*)"/.exec(x.headers['keygen-signature']!)![1]!);
      const signing = [
        `(request-target): ${x.method.toLowerCase()} ${x.path}`,
        `host: ${x.host}`,
        `date: ${x.headers.date}`,
        `digest: ${x.headers.digest}`
      ].join('\n');
      ok = await S.verify(params, key, signature, encoder.encode(signing));
    }
    if (!ok) throw new Error('bare verify failed');
    const data: unknown = JSON.parse(x.body);
    const artifact = JSON.stringify(
      {
        format: 'keygen-response/1',
        request: { method: x.method, path: x.path, host: x.host },
        response: { status: x.status, headers: { Date: x.headers.date, Digest: x.headers.digest }, body: x.body }
      },
      null,
      2
    );
    return { data, artifact };
  };
}

function bareOp(c: BenchCase): Op | Promise<Op> {
  if (c.name.startsWith('licensespring-request')) return bareRequest(c);
  if (c.name.startsWith('keygen-response')) return bareResponse(c);
  if (/^(license|machine)-file/.test(c.name)) return bareLicenseFile(c);
  return bareSignedKey(c);
}

async function blockUs(fn: Op, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - start) * 1000) / n;
}

/** Each side's fastest of `blocks` interleaved blocks: noise only ever adds. */
async function run(config: unknown, cases: BenchCase[], blocks: number): Promise<FloorRow[]> {
  const trust = await trustStoreFrom(config);
  const rows: FloorRow[] = [];
  for (const c of cases) {
    const ctx = contextFor(trust, c.context);
    const verdict = await verify(c.artifact, ctx);
    if (!(verdict.genuine && verdict.status === 'valid')) throw new Error(`${c.name}: verdict ${verdict.status}`);
    const sides: Op[] = [await prepareRaw(c.raw), await bareOp(c), () => verify(c.artifact, ctx)];
    const sizes = await Promise.all(sides.map(async (fn) => Math.max(3, Math.round(2000 / (await blockUs(fn, 50))))));
    const best = sides.map(() => Infinity);
    for (let b = 0; b < blocks; b++)
      for (const [i, fn] of sides.entries()) best[i] = Math.min(best[i]!, await blockUs(fn, sizes[i]!));
    rows.push({ name: c.name, rawUs: best[0]!, bareUs: best[1]!, verifyUs: best[2]! });
  }
  return rows;
}

(globalThis as unknown as { floor: { run: typeof run } }).floor = { run };
