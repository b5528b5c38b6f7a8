/**
 * Keygen license files and machine files (keygen-formats.md §5):
 *
 *   -----BEGIN LICENSE FILE-----                   (or MACHINE)
 *   base64 of {"enc":…,"sig":…,"alg":"<enc>+<sig>"}, wrapped at any width
 *   -----END LICENSE FILE-----
 *
 * `sig` signs the ASCII of `license/<enc>` (or `machine/<enc>`) exactly as received. `enc` is the
 * JSON:API dataset in std base64, or AES-256-GCM `ciphertext.iv.tag` under SHA-256 of the license
 * key (license file) or license key + fingerprint (machine file).
 *
 * An encrypted file whose secret was not given is genuine but unreadable: status `invalid`, a
 * failing `decryption` check saying what to enter, and `needs` naming it. A wrong secret fails the
 * same check as `wrong-device`: once the signature has verified, a GCM tag failure can only mean
 * the file was encrypted for another license key or device.
 */
import { base64Decode, base64DecodeWrapped, utf8Decode, utf8Encode } from '../crypto/encoding';
import { fail } from '../errors';
import type { Algorithm } from '../crypto/keys';
import type { VerifyContext } from '../context';
import { findSigner, noSignerMessage, verifiedBy } from '../crypto/signature';
import { check, makeVerdict, type Check, type Need, type Summary, type Verdict } from '../verdict';
import { get, getString, isObj, jsonDepth, summarizeDocument, tryParseJson } from '../dataset';
import {
  bindingCheck,
  clockCheck,
  earliestExpiry,
  expiryCheck,
  iso,
  licenseStatusCheck,
  parseTime,
  productCheck,
  unboundDevice,
  withGrace
} from '../policy';
import { aesGcmDecrypt, sha256 } from '../crypto/primitives';

/** Longest accepted file, armour included. Real files are a few KiB; a large `include` a few dozen. */
export const MAX_LICENSE_FILE_CHARS = 1024 * 1024;

type FileType = 'license' | 'machine';

const BEGIN = /^-----BEGIN (LICENSE|MACHINE) FILE-----/;
const END = /^-----END (LICENSE|MACHINE) FILE-----/;

const ENCODINGS = ['aes-256-gcm', 'base64'] as const;
type Encoding = (typeof ENCODINGS)[number];

/** The `alg` signature names Keygen writes, plus keygen-go's `ecdsa-secp256r1` alias (§9.1). */
const SIGNATURES = new Map<string, Algorithm>([
  ['ed25519', 'ed25519'],
  ['rsa-pss-sha256', 'rsa-pss-sha256'],
  ['rsa-sha256', 'rsa-sha256'],
  ['ecdsa-p256', 'ecdsa-p256'],
  ['ecdsa-secp256r1', 'ecdsa-p256']
]);

interface Payload {
  enc: string;
  sig: string;
  alg: string;
}

interface Sealed {
  ciphertext: Uint8Array;
  iv: Uint8Array;
  tag: Uint8Array;
}

function unarmour(text: string): { type: FileType; body: string } {
  if (text.length > MAX_LICENSE_FILE_CHARS) {
    fail(
      'ERR_INPUT_TOO_LARGE',
      `The file is larger than ${MAX_LICENSE_FILE_CHARS / 1024} KiB; no license or machine file is that big.`
    );
  }
  const t = text.trim();
  const begin = BEGIN.exec(t);
  if (!begin)
    fail(
      'ERR_FORMAT_MALFORMED',
      'A license file starts with "-----BEGIN LICENSE FILE-----" or "-----BEGIN MACHINE FILE-----"; this text does not.'
    );
  const label = begin[1]!;
  const endAt = t.indexOf('-----END ', begin[0].length);
  if (endAt < 0)
    fail('ERR_FORMAT_MALFORMED', `The ${label} FILE has no "-----END ${label} FILE-----" line: it is cut short.`);
  const end = END.exec(t.slice(endAt, endAt + 40));
  if (!end) fail('ERR_FORMAT_MALFORMED', `The END line of the ${label} FILE is damaged.`);
  if (end[1] !== label)
    fail('ERR_FORMAT_MALFORMED', `The file begins as a ${label} FILE but ends as a ${end[1]} FILE.`);
  if (endAt + end[0].length !== t.length) {
    fail(
      'ERR_FORMAT_MALFORMED',
      `There is more text after "-----END ${label} FILE-----"; paste or open one file at a time.`
    );
  }
  return { type: label === 'LICENSE' ? 'license' : 'machine', body: t.slice(begin[0].length, endAt) };
}

function readPayload(body: string, noun: string): { payload: Payload; json: string; bytes: Uint8Array } {
  const bytes = base64DecodeWrapped(body, `The ${noun} body`);
  if (bytes.length === 0) fail('ERR_FORMAT_MALFORMED', `The ${noun} has nothing between its BEGIN and END lines.`);
  const json = utf8Decode(bytes, `The ${noun} body`);
  if (jsonDepth(json) > 1)
    fail('ERR_JSON', `The ${noun} must hold one flat JSON object of enc, sig and alg; this one nests deeper.`);
  const payload = tryParseJson(json);
  if (!isObj(payload)) fail('ERR_JSON', `The ${noun} does not hold a JSON object of enc, sig and alg.`);
  for (const field of ['enc', 'sig', 'alg'] as const) {
    const value = payload[field];
    if (value === undefined) fail('ERR_FORMAT_MALFORMED', `The ${noun} has no "${field}".`);
    if (typeof value !== 'string' || value === '')
      fail('ERR_FORMAT_MALFORMED', `The ${noun}'s "${field}" must be non-empty text.`);
  }
  return { payload: payload as unknown as Payload, json, bytes };
}

const isJsonSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * The ASCII of `<type>/<enc>`, the bytes the signature covers. When the payload is ASCII and its
 * `"enc": "…"` member holds `enc` as written (no escapes), those bytes are already in the decoded
 * payload, after at least `{"enc":"`: the prefix is written over the bytes just before them and
 * that stretch is the signing input, instead of encoding kilobytes of `enc` once more. The buffer
 * is this verdict's own and nothing reads it again. Anything else is encoded from the text.
 */
function signingInput(prefix: string, enc: string, json: string, bytes: Uint8Array): Uint8Array {
  const at = json.indexOf('"enc"');
  let start = at + 5;
  while (isJsonSpace(json.charCodeAt(start))) start++;
  if (at >= 0 && json.charCodeAt(start) === 0x3a /* : */) {
    start++;
    while (isJsonSpace(json.charCodeAt(start))) start++;
    start++; // the opening quote, checked by the comparison below through the byte before `enc`
    const from = start - prefix.length;
    if (
      bytes.length === json.length &&
      json.charCodeAt(start - 1) === 0x22 &&
      from >= 0 &&
      // Equal strings compare as memory at once; `startsWith` goes character by character.
      json.slice(start, start + enc.length) === enc
    ) {
      for (let i = 0; i < prefix.length; i++) bytes[from + i] = prefix.charCodeAt(i);
      return bytes.subarray(from, start + enc.length);
    }
  }
  return utf8Encode(prefix + enc);
}

function parseAlg(alg: string, noun: string): { encoding: Encoding; algorithm: Algorithm } {
  const plus = alg.indexOf('+');
  const encoding = ENCODINGS.find((e) => e === alg.slice(0, plus));
  const algorithm = plus > 0 ? SIGNATURES.get(alg.slice(plus + 1)) : undefined;
  if (!encoding || !algorithm) {
    fail(
      'ERR_ALGORITHM_UNSUPPORTED',
      `The ${noun} uses algorithm "${alg.slice(0, 64)}", which is not one Keygen issues (base64 or aes-256-gcm, with ed25519, rsa-pss-sha256, rsa-sha256 or ecdsa-p256).`
    );
  }
  return { encoding, algorithm };
}

/** The dataset bytes, or the sealed parts; only the shape is read here, nothing is trusted yet. */
function readEnc(enc: string, encoding: Encoding, noun: string): Uint8Array | Sealed {
  const parts = enc.split('.');
  if (encoding === 'base64') {
    // The `alg` is not signed: an encrypted `enc` relabelled base64 is caught by its shape.
    if (parts.length > 1)
      fail(
        'ERR_FORMAT_MALFORMED',
        `The ${noun} is labelled base64, but its content is encrypted: its "alg" was altered.`
      );
    return base64Decode(enc, `The ${noun} dataset`);
  }
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    fail('ERR_FORMAT_MALFORMED', `The ${noun} is labelled aes-256-gcm, but its content is not ciphertext.iv.tag.`);
  }
  // The ciphertext is decoded with room for its tag after it: decryption takes the two joined.
  const ciphertext = base64Decode(parts[0]!, `The ${noun} ciphertext`, 16);
  const iv = base64Decode(parts[1]!, `The ${noun} IV`);
  const tag = base64Decode(parts[2]!, `The ${noun} tag`);
  if (iv.length !== 12) fail('ERR_FORMAT_MALFORMED', `The ${noun} IV is ${iv.length} bytes; AES-256-GCM here uses 12.`);
  if (tag.length !== 16)
    fail('ERR_FORMAT_MALFORMED', `The ${noun} tag is ${tag.length} bytes; AES-256-GCM here uses 16.`);
  const joined = new Uint8Array(ciphertext.buffer, ciphertext.byteOffset, ciphertext.length + 16);
  joined.set(tag, ciphertext.length);
  return { ciphertext, iv, tag: joined.subarray(ciphertext.length) };
}

/** What the device must enter to decrypt: the license key, plus the fingerprint for a machine file. */
function missingSecrets(type: FileType, ctx: VerifyContext): Need[] {
  const needs: Need[] = [];
  if (!ctx.licenseKey) needs.push('license-key');
  if (type === 'machine' && !ctx.fingerprint) needs.push('fingerprint');
  return needs;
}

function askFor(needs: Need[], noun: string): string {
  const what = needs.map((n) => (n === 'license-key' ? 'the license key' : "this device's fingerprint")).join(' and ');
  return `This ${noun} is encrypted: enter ${what} to read and check it.`;
}

/** The license a machine file belongs to, when the checkout included it. */
function includedLicense(doc: unknown): unknown {
  const id = getString(doc, 'data', 'relationships', 'license', 'data', 'id');
  const included = get(doc, 'included');
  if (id === undefined || !Array.isArray(included)) return undefined;
  return included.find((r) => getString(r, 'type') === 'licenses' && getString(r, 'id') === id);
}

/** Verify a Keygen license file or machine file. */
export async function verifyLicenseFile(text: string, ctx: VerifyContext): Promise<Verdict> {
  const { type, body } = unarmour(text);
  const kind = type === 'license' ? 'license-file' : 'machine-file';
  const noun = `${type} file`;
  const { payload, json, bytes } = readPayload(body, noun);
  const { encoding, algorithm } = parseAlg(payload.alg, noun);
  const content = readEnc(payload.enc, encoding, noun);
  const signature = base64Decode(payload.sig, `The ${noun} signature`);

  // The `alg` only narrows the candidate keys; each verifies with its own pinned algorithm.
  const keys = ctx.trust.keys;
  const signed = signingInput(`${type}/`, payload.enc, json, bytes);
  const signer = await findSigner(keys, signature, signed, [algorithm]);
  if (!signer) {
    return makeVerdict({
      kind,
      genuine: false,
      checks: [check('signature', false, noSignerMessage(keys, [algorithm]), 'invalid')]
    });
  }
  const verified = { kind, genuine: true, scheme: payload.alg, key: verifiedBy(signer) } as const;
  const checks: Check[] = [check('signature', true, `Signed by trusted key ${signer.id} (${payload.alg}).`, 'invalid')];

  let datasetBytes: Uint8Array;
  if (content instanceof Uint8Array) datasetBytes = content;
  else {
    const missing = missingSecrets(type, ctx);
    if (missing.length) {
      checks.push(check('decryption', false, askFor(missing, noun), 'invalid'));
      return makeVerdict({ ...verified, checks, needs: missing });
    }
    const secret = type === 'license' ? ctx.licenseKey! : ctx.licenseKey! + ctx.fingerprint!;
    const plain = await aesGcmDecrypt(await sha256(utf8Encode(secret)), content.iv, content.ciphertext, content.tag);
    if (!plain) {
      const mismatch =
        type === 'license'
          ? 'license key does not match this license file: it was encrypted for another license'
          : 'license key or fingerprint does not match this machine file: it was encrypted for another license or device';
      checks.push(check('decryption', false, `The ${mismatch}.`, 'wrong-device'));
      return makeVerdict({
        ...verified,
        checks,
        needs: type === 'license' ? ['license-key'] : ['license-key', 'fingerprint']
      });
    }
    checks.push(
      check(
        'decryption',
        true,
        `Decrypted with the license key${type === 'machine' ? ' and fingerprint' : ''} given.`,
        'invalid'
      )
    );
    datasetBytes = plain;
  }

  const dataset = utf8Decode(datasetBytes, `The ${noun} dataset`);
  const data = tryParseJson(dataset);
  const expectedType = type === 'license' ? 'licenses' : 'machines';
  const docType = getString(data, 'data', 'type');
  if (docType !== expectedType) {
    const carried = docType ? `a "${docType.slice(0, 40)}" document` : 'no license or machine document';
    checks.push(check('type', false, `It is labelled a ${noun} but carries ${carried}.`, 'invalid'));
    return makeVerdict({ ...verified, checks, dataset, data });
  }
  checks.push(check('type', true, `It carries a ${type} document, as its armour says.`, 'invalid'));

  const issued = parseTime(get(data, 'meta', 'issued'));
  const signedAt = Number.isNaN(issued) ? undefined : issued;
  checks.push(clockCheck(ctx, signedAt));
  const fileExpiry = get(data, 'meta', 'expiry');
  checks.push(expiryCheck('file-expiry', noun, fileExpiry, ctx));

  const license = type === 'license' ? get(data, 'data') : includedLicense(data);
  const licenseAttributes = get(license, 'attributes');
  const licenseExpiry = get(licenseAttributes, 'expiry');
  if (isObj(licenseAttributes) && 'expiry' in licenseAttributes) {
    checks.push(expiryCheck('license-expiry', 'license', licenseExpiry, ctx, ctx.trust.config.gracePeriodSeconds));
  }
  const licenseStatus = licenseStatusCheck(license);
  if (licenseStatus) checks.push(licenseStatus);
  const notCovered = type === 'license' ? unboundDevice('license file', ctx) : [];
  if (type === 'machine' && license === undefined) {
    notCovered.push(
      "The license this machine file belongs to was not included in it, so the license's own expiry and status were not checked."
    );
  }

  // Encryption binds a file to its secret; a base64 file is bound only by these checks, so the
  // verdict names what the device should supply when it was not given.
  const needs: Need[] = [];
  // A machine file without its license carries no key: a key the user gave cannot be shown to be
  // its own unless it decrypted the file.
  if (type === 'license' || license !== undefined || encoding === 'base64') {
    const keyCheck = bindingCheck('license-key', 'license key', ctx.licenseKey, get(licenseAttributes, 'key'));
    if (keyCheck) checks.push(keyCheck);
    else if (type === 'license' && encoding === 'base64') needs.push('license-key');
  }
  if (type === 'machine') {
    const fingerprintCheck = bindingCheck(
      'fingerprint',
      'fingerprint',
      ctx.fingerprint,
      get(data, 'data', 'attributes', 'fingerprint')
    );
    if (fingerprintCheck) checks.push(fingerprintCheck);
    else if (encoding === 'base64') needs.push('fingerprint');
  }

  const products = [
    getString(data, 'data', 'relationships', 'product', 'data', 'id'),
    getString(license, 'relationships', 'product', 'data', 'id')
  ];
  const productResult = productCheck([...new Set(products.filter((p): p is string => p !== undefined))], ctx);
  if (productResult) checks.push(productResult);

  const summary: Summary = summarizeDocument(data);
  if (signedAt !== undefined) summary.issued = iso(signedAt);
  if (typeof fileExpiry === 'string' || fileExpiry === null) summary.fileExpiry = fileExpiry;
  const licenseEnd = typeof licenseExpiry === 'string' ? withGrace(licenseExpiry, ctx) : null;
  return makeVerdict({
    ...verified,
    checks,
    dataset,
    data,
    summary,
    needs,
    notCovered,
    ...(signedAt !== undefined ? { signedAt: iso(signedAt) } : {}),
    expiresAt: earliestExpiry(typeof fileExpiry === 'string' ? fileExpiry : null, licenseEnd)
  });
}
