/**
 * The measuring half of the bench, shared verbatim by Node and the Chromium page (no `node:`
 * imports). It times the full `verify()` verdict against the raw WebCrypto work the same verdict
 * rests on, with trusted keys imported once and the same bytes, so the ratio is the cost of
 * everything that is not cryptography: detection, parsing, decoding, key trial order and policy.
 * Keys that come from the user's secret (AES from a license key, HMAC from a shared key) are
 * derived and imported inside the raw timing too, since every verdict has to do that.
 */
import { verify } from '../../src/lib/core/verify';
import { buildTrustStore, parseConfig, type TrustStore } from '../../src/lib/core/config';
import type { VerifyContext } from '../../src/lib/core/context';
import {
  base64Decode,
  base64UrlDecode,
  bytesEqual,
  hexEncode,
  toBuffer,
  utf8Encode
} from '../../src/lib/core/crypto/encoding';
import type { Algorithm } from '../../src/lib/core/crypto/keys';
import { ed25519Backend, type Ed25519Backend } from '../../src/lib/core/crypto/ed25519';
import type { Verdict } from '../../src/lib/core/verdict';
import { worstCases, worstParts } from './worst-cases';
import { TransferCollector } from '../../src/lib/core/ur/transfer';

/** One raw WebCrypto (or BigInt) operation. Bytes travel as std base64 so a case is plain JSON. */
export type RawOp =
  | { op: 'verify'; algorithm: Algorithm; publicKey: string; signature: string; data: string }
  /** The key is imported inside the timing: it derives from the user's secret, new with each verdict. */
  | { op: 'aes-256-gcm-decrypt'; key: string; iv: string; ciphertextAndTag: string }
  | { op: 'sha256'; data: string; expected: string }
  /** One import of the shared key (inside the timing, as for the verdict), then one MAC per message. */
  | { op: 'hmac-sha256'; key: string; messages: Array<{ data: string; expected: string }> }
  /** The bare `c^e mod n` of a legacy RSA "private encrypt" block; the result must be PKCS#1 type-1 padded. */
  | { op: 'rsa-public'; publicKey: string; block: string };

/** The parts of a `VerifyContext` a case may set, as JSON (`requests` as entries). */
export interface CaseContext {
  licenseKey?: string;
  fingerprint?: string;
  requests?: Array<[string, { hardwareId: string }]>;
  sharedKey?: string;
}

/** One artifact to measure: what `verify()` gets, and the raw operations its verdict depends on. */
export interface BenchCase {
  /** Row label: the artifact kind and its scheme. */
  name: string;
  artifact: string;
  context?: CaseContext;
  /** Its verdict must be genuine and `valid`: the bench measures the full path, not an early failure. */
  raw: RawOp[];
  /** What the raw column is, in a few words (`Ed25519 verify`). */
  rawLabel: string;
}

export interface Row {
  name: string;
  rawLabel: string;
  verifyUs: number;
  rawUs: number;
  /** verify() time per op over raw time per op (median of interleaved block pairs). */
  ratio: number;
  /** Set when the case could not be measured (wrong verdict, raw op failed). */
  error?: string;
  /** Bulk rows: how many artifacts, and how many came out genuine and valid. */
  count?: number;
  valid?: number;
}

export interface MeasureOptions {
  /** Target duration of one timed block. */
  blockMs: number;
  /** Timed blocks per side; the median is reported. */
  blocks: number;
  /** Warm-up (JIT, key caches) per side before sizing the blocks. */
  warmupMs: number;
}

export const FULL: MeasureOptions = { blockMs: 100, blocks: 7, warmupMs: 60 };
export const QUICK: MeasureOptions = { blockMs: 8, blocks: 3, warmupMs: 5 };

/** The fixed "now" of the demo issuer's datasets (tools/issuer/demo-trust.ts). */
export const DEMO_NOW = Date.parse('2026-06-01T00:00:00Z');

type Op = () => Promise<unknown>;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Run `fn` for at least `ms` (and 3 times); returns the ms per call it saw. */
async function warmUp(fn: Op, ms: number): Promise<number> {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms || n < 3) {
    await fn();
    n++;
  }
  return (performance.now() - start) / n;
}

async function timeBlock(fn: Op, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return (performance.now() - start) / n;
}

/**
 * µs per awaited call of each function. Blocks alternate between the two so that a noisy
 * neighbour on a shared machine slows both sides of a ratio alike.
 */
async function measurePair(
  subject: Op,
  baseline: Op,
  options: MeasureOptions
): Promise<{ subjectUs: number; baselineUs: number; ratio: number }> {
  const size = (msPerOp: number) => Math.max(3, Math.round(options.blockMs / Math.max(msPerOp, 1e-4)));
  const subjectN = size(await warmUp(subject, options.warmupMs));
  const baselineN = size(await warmUp(baseline, options.warmupMs));
  const subjectTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let b = 0; b < options.blocks; b++) {
    subjectTimes.push(await timeBlock(subject, subjectN));
    baselineTimes.push(await timeBlock(baseline, baselineN));
  }
  // The ratio is the median of the adjacent pairs' ratios, so a slow spell cancels within its pair.
  const ratio = median(subjectTimes.map((t, i) => t / baselineTimes[i]!));
  return { subjectUs: median(subjectTimes) * 1e3, baselineUs: median(baselineTimes) * 1e3, ratio };
}

function spkiFromPem(pem: string): Uint8Array<ArrayBuffer> {
  const m = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(pem);
  if (!m) throw new Error('bench: a raw op needs an SPKI PEM public key');
  return toBuffer(base64Decode(m[1]!.replace(/\s+/g, '')));
}

const b64 = (s: string) => toBuffer(base64Decode(s));

export async function importForVerify(
  algorithm: Algorithm,
  pem: string
): Promise<{ key: CryptoKey; params: AlgorithmIdentifier | RsaPssParams | EcdsaParams }> {
  const spki = spkiFromPem(pem);
  const S = crypto.subtle;
  switch (algorithm) {
    case 'ed25519':
      return {
        key: await S.importKey('spki', spki, { name: 'Ed25519' }, false, ['verify']),
        params: { name: 'Ed25519' }
      };
    case 'ecdsa-p256':
      return {
        key: await S.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']),
        params: { name: 'ECDSA', hash: 'SHA-256' }
      };
    case 'rsa-sha256':
      return {
        key: await S.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']),
        params: { name: 'RSASSA-PKCS1-v1_5' }
      };
    case 'rsa-pss-sha256': {
      const key = await S.importKey('spki', spki, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify']);
      const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
      // Keygen's maximum salt: emLen − hLen − 2.
      return { key, params: { name: 'RSA-PSS', saltLength: Math.ceil((bits - 1) / 8) - 34 } };
    }
  }
}

const bigintFromBytes = (bytes: Uint8Array) => BigInt('0x' + (hexEncode(bytes) || '0'));

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/**
 * A ready-to-time closure for one raw op: keys imported and bytes decoded here, once. It rejects
 * when the op does not give the result the artifact needs, so a broken case cannot be timed.
 */
async function prepareRawOp(raw: RawOp): Promise<Op> {
  const S = crypto.subtle;
  switch (raw.op) {
    case 'verify': {
      const { key, params } = await importForVerify(raw.algorithm, raw.publicKey);
      const signature = b64(raw.signature);
      const data = b64(raw.data);
      return async () => {
        if (!(await S.verify(params, key, signature, data)))
          throw new Error(`raw ${raw.algorithm} verify returned false`);
      };
    }
    case 'aes-256-gcm-decrypt': {
      const keyBytes = b64(raw.key);
      const iv = b64(raw.iv);
      const body = b64(raw.ciphertextAndTag);
      return async () => {
        const key = await S.importKey('raw', keyBytes, 'AES-GCM', false, ['decrypt']);
        return S.decrypt({ name: 'AES-GCM', iv, tagLength: 128 }, key, body);
      };
    }
    case 'sha256': {
      const data = b64(raw.data);
      const expected = base64Decode(raw.expected);
      return async () => {
        if (!bytesEqual(new Uint8Array(await S.digest('SHA-256', data)), expected))
          throw new Error('raw SHA-256 differs');
      };
    }
    case 'hmac-sha256': {
      const keyBytes = b64(raw.key);
      const messages = raw.messages.map((m) => ({ data: b64(m.data), expected: base64Decode(m.expected) }));
      return async () => {
        const key = await S.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        for (const m of messages) {
          if (!bytesEqual(new Uint8Array(await S.sign('HMAC', key, m.data)), m.expected))
            throw new Error('raw HMAC-SHA256 differs');
        }
      };
    }
    case 'rsa-public': {
      const key = await S.importKey(
        'spki',
        spkiFromPem(raw.publicKey),
        { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        true,
        ['verify']
      );
      const jwk = await S.exportKey('jwk', key);
      const n = bigintFromBytes(base64UrlDecode(jwk.n!));
      const e = bigintFromBytes(base64UrlDecode(jwk.e!));
      const c = bigintFromBytes(base64Decode(raw.block));
      // Type-1 padding means the block's top two bytes are 00 01.
      const topTwoBytes = BigInt(8 * base64Decode(raw.block).length - 16);
      return async () => {
        if (modPow(c, e, n) >> topTwoBytes !== 1n) throw new Error('raw RSA public op: no type-1 padding');
      };
    }
  }
}

/** All of a case's raw ops in sequence, as one timed unit. */
export async function prepareRaw(raw: RawOp[]): Promise<Op> {
  const ops = await Promise.all(raw.map(prepareRawOp));
  return async () => {
    for (const op of ops) await op();
  };
}

export function contextFor(trust: TrustStore, c: CaseContext = {}): VerifyContext {
  const { requests, ...rest } = c;
  return { trust, now: DEMO_NOW, ...rest, ...(requests ? { requests: new Map(requests) } : {}) };
}

export const trustStoreFrom = (configJson: unknown): Promise<TrustStore> => buildTrustStore(parseConfig(configJson));

function verdictProblem(v: Verdict): string | undefined {
  return v.genuine && v.status === 'valid' ? undefined : `verdict ${v.status} (${v.reason}), expected valid`;
}

const failedRow = (c: BenchCase, error: string): Row => ({
  name: c.name,
  rawLabel: c.rawLabel,
  verifyUs: NaN,
  rawUs: NaN,
  ratio: NaN,
  error
});

/** Measure one case: check the verdict and the raw ops once, then time both. */
export async function measureCase(c: BenchCase, trust: TrustStore, options: MeasureOptions): Promise<Row> {
  const ctx = contextFor(trust, c.context);
  const problem = verdictProblem(await verify(c.artifact, ctx));
  if (problem) return failedRow(c, problem);
  let raw: Op;
  try {
    raw = await prepareRaw(c.raw);
    await raw();
  } catch (err) {
    return failedRow(c, `raw baseline failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { subjectUs, baselineUs, ratio } = await measurePair(() => verify(c.artifact, ctx), raw, options);
  return { name: c.name, rawLabel: c.rawLabel, verifyUs: subjectUs, rawUs: baselineUs, ratio };
}

async function measureCases(
  cases: BenchCase[],
  trust: TrustStore,
  options: MeasureOptions,
  progress: (line: string) => void
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of cases) {
    const row = await measureCase(c, trust, options);
    progress(
      row.error
        ? `${c.name}: ${row.error}`
        : `${c.name}: ${row.verifyUs.toFixed(1)} µs vs raw ${row.rawUs.toFixed(1)} µs`
    );
    rows.push(row);
  }
  return rows;
}

/** The signing input and signature of a v2 signed key, decoded outside any timing. */
function signedKeyParts(key: string): { data: Uint8Array<ArrayBuffer>; signature: Uint8Array<ArrayBuffer> } {
  const dot = key.indexOf('.');
  return { data: utf8Encode(key.slice(0, dot)), signature: toBuffer(base64UrlDecode(key.slice(dot + 1))) };
}

/** Artifacts per `Promise.all` in the bulk runs (both sides alike). */
export const BULK_CHUNK = 1000;

/**
 * Bulk: `verify()` over every key and the raw Ed25519 verify over the same signing inputs with one
 * imported key, in chunks of `BULK_CHUNK` concurrent calls. Chunks alternate between the sides, so
 * a slow spell of a shared machine falls on both. `valid` counts verdicts that were genuine and
 * valid; anything short of `count` is reported as an error.
 */
async function measureBulk(keys: string[], publicKeyPem: string, trust: TrustStore, label: string): Promise<Row> {
  const ctx = contextFor(trust);
  const { key, params } = await importForVerify('ed25519', publicKeyPem);
  const parts = keys.map(signedKeyParts);
  let verifyMs = 0;
  let rawMs = 0;
  let valid = 0;
  let rawTrue = 0;
  for (let s = 0; s < keys.length; s += BULK_CHUNK) {
    const verifyStart = performance.now();
    const verdicts = await Promise.all(keys.slice(s, s + BULK_CHUNK).map((k) => verify(k, ctx)));
    verifyMs += performance.now() - verifyStart;
    const rawStart = performance.now();
    const results = await Promise.all(
      parts.slice(s, s + BULK_CHUNK).map((p) => crypto.subtle.verify(params, key, p.signature, p.data))
    );
    rawMs += performance.now() - rawStart;
    valid += verdicts.filter((v) => v.genuine && v.status === 'valid').length;
    rawTrue += results.filter(Boolean).length;
  }
  const verifyUs = (verifyMs * 1e3) / keys.length;
  const rawUs = (rawMs * 1e3) / keys.length;
  const row: Row = {
    name: label,
    rawLabel: 'Ed25519 verify',
    verifyUs,
    rawUs,
    ratio: verifyUs / rawUs,
    count: keys.length,
    valid
  };
  if (valid !== keys.length || rawTrue !== keys.length)
    row.error = `${valid} of ${keys.length} verdicts valid, ${rawTrue} raw verifies true`;
  return row;
}

/** Everything one runtime measures; plain JSON, so the page can fetch it. */
export interface SuitePayload {
  config: unknown;
  cases: BenchCase[];
  quick: boolean;
  bulk?: { publicKey: string; label: string };
}

export interface SuiteResult {
  rows: Row[];
  /** The slowest verdicts the size limit allows (`worst-cases.ts`), one timed run each. */
  worst: { name: string; ms: number }[];
  /** `noble` would mean this runtime has no WebCrypto Ed25519 and every Ed25519 row is pure JS. */
  ed25519Backend: Ed25519Backend;
}

/** The cases, then the bulk row when `bulkKeys` is given. */
export async function runSuite(
  payload: SuitePayload,
  bulkKeys: string[] | undefined,
  progress: (line: string) => void
): Promise<SuiteResult> {
  const trust = await trustStoreFrom(payload.config);
  const rows = await measureCases(payload.cases, trust, payload.quick ? QUICK : FULL, progress);
  if (payload.bulk && bulkKeys?.length) {
    progress(`${payload.bulk.label}: running`);
    rows.push(await measureBulk(bulkKeys, payload.bulk.publicKey, trust, payload.bulk.label));
  }
  return { rows, worst: await timeWorstCases(trust, progress), ed25519Backend: await ed25519Backend() };
}

async function timeWorstCases(trust: TrustStore, progress: (line: string) => void): Promise<SuiteResult['worst']> {
  progress('worst-case inputs: running');
  const ctx = { trust, now: DEMO_NOW };
  const worst: SuiteResult['worst'] = [];
  for (const [name, input] of worstCases()) {
    const started = performance.now();
    await verify(input, ctx);
    worst.push({ name, ms: performance.now() - started });
  }
  for (const [name, parts] of worstParts()) {
    const collector = new TransferCollector();
    let slowest = 0;
    for (const part of parts) {
      const started = performance.now();
      await collector.receive(part);
      slowest = Math.max(slowest, performance.now() - started);
    }
    worst.push({ name, ms: slowest });
  }
  return worst;
}
