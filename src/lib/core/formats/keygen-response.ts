/**
 * Cached Keygen API responses: the app's envelope (`keygen-response/1`) or a browser HAR file.
 * `Keygen-Signature` signs four lines: `(request-target): <method> <path>`, `host`, `date` and
 * `digest`, where `Digest` is the SHA-256 of the raw body. Legacy `X-Signature` signs the raw body
 * alone (RSA PKCS#1 v1.5), so it binds neither the request nor a time.
 */
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from '../crypto/encoding';
import { fail } from '../errors';
import type { Algorithm, TrustedKey } from '../crypto/keys';
import type { VerifyContext } from '../context';
import type { DetectedJson } from '../detect';
import { findSigner, foreignSigningInput, legacyKeys, noSignerMessage, verifiedBy } from '../crypto/signature';
import { sha256 } from '../crypto/primitives';
import { check, makeVerdict, type Check, type Status, type Verdict } from '../verdict';
import { get, getString, isObj, summarizeDocument, tryParseJson, type Obj } from '../dataset';
import {
  bindingCheck,
  clockCheck,
  earliestExpiry,
  expiryCheck,
  formatTime,
  iso,
  licenseStatusCheck,
  parseTime,
  productCheck,
  withGrace
} from '../policy';

const ENVELOPE_FORMAT = 'keygen-response/1';
/** Keygen responses are a few kilobytes; list responses with includes stay well under this. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
export const MAX_HAR_ENTRIES = 10_000;
const MAX_HEADERS = 200;
const MAX_HEADER_VALUE = 8192;
const MAX_PATH = 8192;

const SIGNED_HEADERS = '(request-target) host date digest';
const RESPONSE_ALGORITHMS: readonly Algorithm[] = ['ed25519', 'rsa-pss-sha256', 'rsa-sha256'];
/** Validating (POST) and reading (GET) are the requests whose answers are worth caching. */
const CACHEABLE_METHODS = ['GET', 'POST'];

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const METHOD = /^[A-Za-z]{1,16}$/;
// The request-target as sent on the wire: printable ASCII, no spaces.
const PATH = /^\/[\x21-\x7e]*$/;
const HOST = /^[A-Za-z0-9.-]{1,253}$/;

/** One request and its answer, however it was carried. */
interface Exchange {
  method: string;
  path: string;
  host: string;
  status: number;
  /** Lower-case names. */
  headers: ReadonlyMap<string, string>;
  body: Uint8Array;
  /** The body as it arrived when it arrived as text (an envelope, a HAR without base64). */
  text?: string;
  /** Where it came from when the input held several, for the check messages. */
  origin?: string;
}

function headerMap(pairs: Iterable<[unknown, unknown]>, where: string): Map<string, string> {
  const headers = new Map<string, string>();
  let count = 0;
  for (const [name, value] of pairs) {
    if (++count > MAX_HEADERS) fail('ERR_FORMAT_MALFORMED', `The ${where} has more than ${MAX_HEADERS} headers.`);
    if (typeof name !== 'string' || typeof value !== 'string')
      fail('ERR_FORMAT_MALFORMED', `The ${where} has a header that is not a name and a text value.`);
    // HTTP/2 pseudo-headers (`:status`) are not response headers.
    if (name.startsWith(':')) continue;
    if (!HEADER_NAME.test(name))
      fail('ERR_FORMAT_MALFORMED', `The ${where} has a header with an impossible name "${name.slice(0, 40)}".`);
    if (value.length > MAX_HEADER_VALUE || /[\r\n]/.test(value))
      fail('ERR_FORMAT_MALFORMED', `The ${where} header "${name}" is too long or spans lines.`);
    const key = name.toLowerCase();
    const previous = headers.get(key);
    if (previous !== undefined && previous !== value)
      fail(
        'ERR_FORMAT_MALFORMED',
        `The ${where} has two different "${name}" headers; it is ambiguous which one was signed.`
      );
    headers.set(key, value);
  }
  return headers;
}

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') fail('ERR_FORMAT_MALFORMED', `The cached response has no ${what}.`);
  return value;
}

function checkRequest(method: string, path: string, host: string): void {
  if (!METHOD.test(method)) fail('ERR_FORMAT_MALFORMED', `"${method.slice(0, 20)}" is not an HTTP method.`);
  if (path.length > MAX_PATH || !PATH.test(path))
    fail(
      'ERR_FORMAT_MALFORMED',
      'The request path must start with "/" and be the path exactly as sent (printable ASCII, no spaces).'
    );
  if (!HOST.test(host))
    fail(
      'ERR_FORMAT_MALFORMED',
      `The request host "${host.slice(0, 60)}" is not a host name (give it without scheme or port).`
    );
}

function checkStatus(status: unknown): number {
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    fail('ERR_FORMAT_MALFORMED', 'The cached response has no HTTP status code.');
  return status;
}

function bodyBytes(text: string): Uint8Array {
  // A string of n code units is at least n UTF-8 bytes: refuse before encoding.
  if (text.length > MAX_BODY_BYTES)
    fail('ERR_INPUT_TOO_LARGE', `The response body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`);
  const bytes = utf8Encode(text);
  if (bytes.length > MAX_BODY_BYTES)
    fail('ERR_INPUT_TOO_LARGE', `The response body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`);
  return bytes;
}

/**
 * The body as text. Text that arrived as text is that text when it is well-formed UTF-16, which
 * is exactly what decoding its UTF-8 bytes gives back; otherwise (lone surrogates, base64) the
 * bytes are decoded.
 */
function bodyText(x: Exchange, what?: string): string {
  return x.text !== undefined && x.text.isWellFormed() ? x.text : utf8Decode(x.body, what);
}

function readEnvelope(doc: Record<string, unknown>): Exchange {
  const request = doc.request;
  const response = doc.response;
  if (!isObj(request) || !isObj(response))
    fail('ERR_FORMAT_MALFORMED', 'The cached response needs a "request" and a "response" object.');
  const method = requireText(request.method, 'request method');
  const path = requireText(request.path, 'request path');
  const host = requireText(request.host, 'request host');
  checkRequest(method, path, host);
  if (!isObj(response.headers)) fail('ERR_FORMAT_MALFORMED', 'The cached response has no headers object.');
  if (typeof response.body !== 'string') fail('ERR_FORMAT_MALFORMED', 'The cached response has no body text.');
  return {
    method,
    path,
    host,
    status: checkStatus(response.status),
    headers: headerMap(Object.entries(response.headers), 'cached response'),
    body: bodyBytes(response.body),
    text: response.body
  };
}

function harHeaderPairs(message: unknown): [unknown, unknown][] {
  const list = get(message, 'headers');
  if (!Array.isArray(list)) return [];
  return list.map((h): [unknown, unknown] => [get(h, 'name'), get(h, 'value')]);
}

const isSignedEntry = (entry: unknown): boolean =>
  harHeaderPairs(get(entry, 'response')).some(
    ([name]) => typeof name === 'string' && /^(keygen-signature|x-signature)$/i.test(name)
  );

function harBody(content: unknown): Pick<Exchange, 'body' | 'text'> {
  const text = get(content, 'text');
  if (typeof text !== 'string') {
    fail('ERR_FORMAT_MALFORMED', 'The HAR file does not include the response body; export it again "with content".');
  }
  const encoding = get(content, 'encoding');
  if (encoding === undefined || encoding === '') return { body: bodyBytes(text), text };
  if (encoding !== 'base64')
    fail('ERR_FORMAT_MALFORMED', `The HAR response body has an unknown encoding "${String(encoding).slice(0, 20)}".`);
  if (text.length > (MAX_BODY_BYTES / 3) * 4 + 4)
    fail('ERR_INPUT_TOO_LARGE', `The response body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`);
  return { body: base64Decode(text.replace(/\s+/g, ''), 'HAR response body') };
}

/** Signed entries a HAR may hold: each one is verified, so their number is bounded. */
const MAX_SIGNED_HAR_ENTRIES = 100;

function readHarEntry(entry: unknown): Exchange {
  const method = requireText(get(entry, 'request', 'method'), 'request method');
  const url = requireText(get(entry, 'request', 'url'), 'request URL');
  if (url.length > MAX_PATH + 300)
    fail('ERR_FORMAT_MALFORMED', 'The HAR request URL is too long to be a Keygen request.');
  // The path exactly as sent: read it off the URL text rather than re-serialize it with `URL`.
  const parts = /^https?:\/\/([^/?#]*)([^#]*)/i.exec(url);
  if (!parts || parts[1]!.includes('@'))
    fail('ERR_FORMAT_MALFORMED', 'The HAR request URL is not a plain http(s) URL.');
  const host = parts[1]!.replace(/:\d+$/, '');
  const path = parts[2] || '/';
  checkRequest(method, path, host);
  const response = get(entry, 'response');
  return {
    method,
    path,
    host,
    status: checkStatus(get(response, 'status')),
    headers: headerMap(harHeaderPairs(response), 'HAR response'),
    ...harBody(get(response, 'content'))
  };
}

/** Every signed entry of a HAR file; which one decides is chosen by signed time, not array order. */
function readHar(doc: Record<string, unknown>): Exchange[] {
  const entries = get(doc, 'log', 'entries');
  if (!Array.isArray(entries)) fail('ERR_FORMAT_MALFORMED', 'The HAR file has no list of entries.');
  if (entries.length > MAX_HAR_ENTRIES)
    fail(
      'ERR_INPUT_TOO_LARGE',
      `The HAR file has more than ${MAX_HAR_ENTRIES} entries; save only the license requests.`
    );
  const signed = entries.filter(isSignedEntry);
  if (signed.length === 0) {
    fail(
      'ERR_FORMAT_MALFORMED',
      'The HAR file holds no response signed by Keygen (no Keygen-Signature or X-Signature header).'
    );
  }
  if (signed.length > MAX_SIGNED_HAR_ENTRIES) {
    fail(
      'ERR_INPUT_TOO_LARGE',
      `The HAR file holds more than ${MAX_SIGNED_HAR_ENTRIES} signed responses; save only the license requests.`
    );
  }
  return signed.map(readHarEntry);
}

function readExchanges(text: string, json?: DetectedJson): Exchange[] {
  const doc = json ? json.doc : tryParseJson(text);
  if (!isObj(doc)) fail('ERR_JSON', 'The cached response is not a readable JSON document.');
  if (isObj(doc.log)) return readHar(doc);
  if (doc.format === ENVELOPE_FORMAT) return [readEnvelope(doc)];
  fail('ERR_FORMAT_UNKNOWN', `This JSON is neither a "${ENVELOPE_FORMAT}" cached response nor a HAR file.`);
}

/** `keyid="…", algorithm="…", …`: split on commas, then at each item's first `=`, quotes stripped. */
function parseSignatureHeader(value: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const item of value.split(',')) {
    const eq = item.indexOf('=');
    const name = item.slice(0, eq).trim().toLowerCase();
    if (eq < 0 || name === '')
      fail('ERR_FORMAT_MALFORMED', 'The Keygen-Signature header is not a list of name="value" items.');
    let v = item.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    if (params.has(name)) fail('ERR_FORMAT_MALFORMED', `The Keygen-Signature header names "${name}" twice.`);
    params.set(name, v);
  }
  return params;
}

/** Keygen's `Date` is an IMF-fixdate (`Wed, 15 Jun 2022 18:52:14 GMT`); anything else is refused. */
function parseHttpDate(value: string | undefined): number {
  if (value === undefined) return NaN;
  const ms = parseTime(value);
  return !Number.isNaN(ms) && new Date(ms).toUTCString() === value ? ms : NaN;
}

function duration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  for (const [size, unit] of [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute']
  ] as const) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

const shown = (x: Exchange) =>
  `${x.method.toUpperCase()} ${x.host}${x.path.length > 120 ? x.path.slice(0, 120) + '…' : x.path}`;
const suffix = (x: Exchange) => (x.origin ? ` This is ${x.origin}.` : '');

/** How old the response is against the configured maximum age. */
function ageCheck(at: number, source: string, ctx: VerifyContext): Check {
  const max = ctx.trust.config.maxResponseAgeSeconds * 1000;
  const age = ctx.now - at;
  if (age > max) {
    return check(
      'response-age',
      false,
      `The response was ${source} ${formatTime(at)}, ${duration(age)} ago; cached responses are accepted for ${duration(max)}.`,
      'expired'
    );
  }
  return check(
    'response-age',
    true,
    `The response was ${source} ${formatTime(at)}; it is accepted as a cached response until ${formatTime(at + max)}.`,
    'expired'
  );
}

async function digestCheck(x: Exchange): Promise<Check> {
  const digest = x.headers.get('digest');
  if (digest === undefined)
    return check(
      'digest',
      false,
      'The response has no Digest header, so nothing ties its body to the signature.',
      'invalid'
    );
  const expected = `sha-256=${base64Encode(await sha256(x.body))}`;
  if (digest === expected)
    return check(
      'digest',
      true,
      'The body is byte for byte the one that was signed (SHA-256 digest matches).',
      'invalid'
    );
  return check(
    'digest',
    false,
    'The body is not the one that was signed: its SHA-256 does not match the signed Digest header.',
    'invalid'
  );
}

function keyIdCheck(keyid: string | undefined, ctx: VerifyContext): Check | undefined {
  const account = ctx.trust.config.account;
  if (!account) return undefined;
  if (keyid === account.id)
    return check('key-id', true, `The signature names account ${account.id}, the one this verifier trusts.`, 'invalid');
  const named = keyid === undefined ? 'no account' : `account "${keyid.slice(0, 64)}"`;
  return check(
    'key-id',
    false,
    `The signature names ${named}, not account ${account.id} that this verifier is configured for.`,
    'invalid'
  );
}

/** Method, host and account of the signed request: a response replayed from elsewhere fails here. */
function requestBindingCheck(x: Exchange, ctx: VerifyContext): Check {
  const { hosts, account } = ctx.trust.config;
  const fails = (problem: string) =>
    check('request-binding', false, `The response answers ${shown(x)}, ${problem}`, 'invalid');
  if (!CACHEABLE_METHODS.includes(x.method.toUpperCase())) return fails('which neither validates nor reads a license.');
  if (!hosts.some((h) => h.toLowerCase() === x.host.toLowerCase()))
    return fails(`but this verifier accepts responses only from ${hosts.join(', ')}.`);
  if (!account)
    return check(
      'request-binding',
      true,
      `Bound to ${shown(x)}, an allowed host (no account is configured to compare the path with).`,
      'invalid'
    );
  const prefix = '/v1/accounts/';
  const segment = x.path.startsWith(prefix) ? (/^[^/?]*/.exec(x.path.slice(prefix.length))?.[0] ?? '') : '';
  if (segment !== account.id && segment !== account.slug)
    return fails(
      `which is not under this verifier's account (${[account.slug, account.id].filter(Boolean).join(' or ')}).`
    );
  return check(
    'request-binding',
    true,
    `Bound to ${shown(x)}: an allowed host and this verifier's account.`,
    'invalid'
  );
}

/** Keygen's validation codes (`meta.code`); a code outside this list is not one Keygen sends. */
const VALIDATION_CODES = new Set([
  'VALID',
  'NOT_FOUND',
  'SUSPENDED',
  'EXPIRED',
  'OVERDUE',
  'BANNED',
  'NO_MACHINE',
  'NO_MACHINES',
  'TOO_MANY_MACHINES',
  'TOO_MANY_CORES',
  'TOO_MANY_PROCESSES',
  'TOO_MANY_USERS',
  'HEARTBEAT_NOT_STARTED',
  'HEARTBEAT_DEAD',
  'FINGERPRINT_SCOPE_REQUIRED',
  'FINGERPRINT_SCOPE_MISMATCH',
  'FINGERPRINT_SCOPE_EMPTY',
  'COMPONENTS_SCOPE_REQUIRED',
  'COMPONENTS_SCOPE_MISMATCH',
  'COMPONENTS_SCOPE_EMPTY',
  'PRODUCT_SCOPE_REQUIRED',
  'PRODUCT_SCOPE_MISMATCH',
  'POLICY_SCOPE_REQUIRED',
  'POLICY_SCOPE_MISMATCH',
  'MACHINE_SCOPE_REQUIRED',
  'MACHINE_SCOPE_MISMATCH',
  'USER_SCOPE_REQUIRED',
  'USER_SCOPE_MISMATCH',
  'ENTITLEMENTS_MISSING',
  'ENTITLEMENTS_SCOPE_EMPTY',
  'VERSION_SCOPE_REQUIRED',
  'VERSION_SCOPE_MISMATCH',
  'CHECKSUM_SCOPE_REQUIRED',
  'CHECKSUM_SCOPE_MISMATCH'
]);

/** Keygen's validation codes mapped to what they mean for this device. */
function validationStatus(code: string): Status {
  if (code === 'EXPIRED') return 'expired';
  if (code === 'PRODUCT_SCOPE_MISMATCH') return 'wrong-product';
  if (code === 'NO_MACHINE' || code === 'NO_MACHINES' || code.includes('_SCOPE_')) return 'wrong-device';
  return 'invalid';
}

/** Keygen's own answer in `meta`: valid only with `valid: true` and a code Keygen sends. */
function validationCheck(meta: Obj): Check {
  const { valid, code } = meta;
  if (typeof valid !== 'boolean' || typeof code !== 'string') {
    return check(
      'validation',
      false,
      'The validation result has no true/false "valid" and text "code": the signed data is malformed.',
      'malformed'
    );
  }
  const detail = typeof meta.detail === 'string' ? meta.detail : undefined;
  const said = detail ? `${code.slice(0, 64)} (${detail.slice(0, 120)})` : code.slice(0, 64);
  if (!VALIDATION_CODES.has(code))
    return check('validation', false, `Keygen's answer has the unknown code ${said}.`, 'invalid');
  if (valid) return check('validation', true, `Keygen validated the license: ${said}.`, 'invalid');
  return check('validation', false, `Keygen did not validate the license: ${said}.`, validationStatus(code));
}

/**
 * The one device the signed body is bound to: the validation's `scope.fingerprint`, a
 * `scope.fingerprints` list naming one device, or the machine document's own fingerprint. A list
 * of several devices binds none of them: under Keygen's MATCH_ANY it proves only that one of them
 * is activated.
 */
interface BoundFingerprint {
  fingerprint?: string;
  several?: number;
}

function boundFingerprint(data: unknown): BoundFingerprint {
  const scope = get(data, 'meta', 'scope');
  const one = getString(scope, 'fingerprint');
  if (one !== undefined) return { fingerprint: one };
  const many = get(scope, 'fingerprints');
  if (Array.isArray(many) && many.length) {
    const distinct = new Set(many);
    const [only] = distinct;
    return distinct.size === 1 && typeof only === 'string' ? { fingerprint: only } : { several: distinct.size };
  }
  const machine =
    getString(data, 'data', 'type') === 'machines' ? getString(data, 'data', 'attributes', 'fingerprint') : undefined;
  return machine === undefined ? {} : { fingerprint: machine };
}

function fingerprintCheck(bound: BoundFingerprint, ctx: VerifyContext): Check | undefined {
  if (bound.several !== undefined && ctx.fingerprint) {
    return check(
      'fingerprint',
      false,
      `It was validated for ${bound.several} devices at once, which shows only that one of them is activated, not this one.`,
      'wrong-device'
    );
  }
  return bindingCheck('fingerprint', 'device fingerprint', ctx.fingerprint, bound.fingerprint);
}

/** The license a machine document names, when the response included it. */
function includedLicense(doc: Obj, machine: unknown): unknown {
  const id = getString(machine, 'relationships', 'license', 'data', 'id');
  const included = doc.included;
  if (id === undefined || !Array.isArray(included)) return undefined;
  return included.find((r) => getString(r, 'type') === 'licenses' && getString(r, 'id') === id);
}

type BodyKind = 'validation' | 'license' | 'machine';

/** What a signed body is. Only a license validation or a license or machine document can be valid. */
function classifyBody(data: unknown): { kind: BodyKind } | { problem: string } {
  if (!isObj(data))
    return { problem: 'The signed body is not a JSON object, so it is not a Keygen answer about a license.' };
  if ('errors' in data) {
    const title = Array.isArray(data.errors) ? getString(data.errors[0], 'title') : undefined;
    return {
      problem: `Keygen answered with an error${title ? ` ("${title.slice(0, 80)}")` : ''}, not a validation; the HTTP status beside it is not signed.`
    };
  }
  const resource = data.data;
  const type = getString(resource, 'type');
  if (isObj(data.meta) && 'valid' in data.meta) {
    if (data.meta.valid === true && type !== 'licenses')
      return {
        problem: 'The validation result carries no license resource, so it says nothing checkable about a license.'
      };
    return { kind: 'validation' };
  }
  if (type === 'licenses') return { kind: 'license' };
  if (type === 'machines') return { kind: 'machine' };
  const what = Array.isArray(resource)
    ? 'a list'
    : type
      ? `a "${type.slice(0, 40)}" document`
      : 'no license or machine';
  return { problem: `The signed body is ${what}, not a license validation or a license or machine document.` };
}

const BODY_NOUNS: Record<BodyKind, string> = {
  validation: 'a license validation',
  license: 'a license document',
  machine: 'a machine document'
};

interface BodyResult {
  checks: Check[];
  notCovered: string[];
  licenseExpiry?: unknown;
}

/** Checks on what the signed body says, once it is known to be genuine. */
function bodyChecks(data: unknown, bound: BoundFingerprint, ctx: VerifyContext): BodyResult {
  const kind = classifyBody(data);
  if ('problem' in kind) return { checks: [check('type', false, kind.problem, 'invalid')], notCovered: [] };
  const doc = data as Obj;
  const checks: Check[] = [check('type', true, `The signed body is ${BODY_NOUNS[kind.kind]}.`, 'invalid')];
  const notCovered: string[] = [];
  if (kind.kind === 'validation') checks.push(validationCheck(doc.meta as Obj));
  const resource = doc.data;
  const license = kind.kind === 'machine' ? includedLicense(doc, resource) : resource;
  const attributes = get(license, 'attributes');
  const result: BodyResult = { checks, notCovered };
  if (isObj(attributes) && 'expiry' in attributes) {
    result.licenseExpiry = attributes.expiry;
    checks.push(expiryCheck('license-expiry', 'license', attributes.expiry, ctx, ctx.trust.config.gracePeriodSeconds));
  }
  const status = licenseStatusCheck(license);
  if (status) checks.push(status);
  if (kind.kind === 'machine' && license === undefined) {
    notCovered.push(
      "The response did not include the machine's license, so the license's own expiry and status were not checked."
    );
  }
  const products = [
    getString(license, 'relationships', 'product', 'data', 'id'),
    getString(resource, 'relationships', 'product', 'data', 'id')
  ];
  const productResult = productCheck([...new Set(products.filter((p): p is string => p !== undefined))], ctx);
  if (productResult) checks.push(productResult);
  // A device the user named must be the one the answer is scoped to: an unscoped validation says
  // nothing about this device.
  const fingerprint = fingerprintCheck(bound, ctx);
  if (fingerprint) checks.push(fingerprint);
  const key = bindingCheck('license-key', 'license key', ctx.licenseKey, getString(license, 'attributes', 'key'));
  if (key) checks.push(key);
  return result;
}

function statusCheck(status: number): Check {
  if (status >= 200 && status < 300) return check('http-status', true, `Keygen answered ${status}.`, 'invalid');
  return check('http-status', false, `Keygen answered ${status}: an error, not a validation.`, 'invalid');
}

/** What a genuine body adds to the verdict: its checks, summary and lifetime (`at` = signed time). */
function genuineParts(data: unknown, ctx: VerifyContext, at: number) {
  const bound = boundFingerprint(data);
  const body = bodyChecks(data, bound, ctx);
  const summary = summarizeDocument(data);
  if (!summary.fingerprint && bound.fingerprint) summary.fingerprint = bound.fingerprint;
  const cacheEnd = Number.isNaN(at) ? undefined : iso(at + ctx.trust.config.maxResponseAgeSeconds * 1000);
  const licenseEnd = withGrace(body.licenseExpiry, ctx);
  return { summary, checks: body.checks, notCovered: body.notCovered, expiresAt: earliestExpiry(cacheEnd, licenseEnd) };
}

async function verifySigned(x: Exchange, header: string, ctx: VerifyContext): Promise<Verdict> {
  const params = parseSignatureHeader(header);
  const algorithm = params.get('algorithm');
  const encoded = params.get('signature');
  if (!algorithm || !encoded)
    fail('ERR_FORMAT_MALFORMED', 'The Keygen-Signature header lacks its algorithm or signature.');
  if (!(RESPONSE_ALGORITHMS as readonly string[]).includes(algorithm)) {
    fail(
      'ERR_ALGORITHM_UNSUPPORTED',
      `Keygen response signatures use ed25519, rsa-pss-sha256 or rsa-sha256, not "${algorithm.slice(0, 40)}".`
    );
  }
  const signature = base64Decode(encoded, 'response signature');
  const kind = 'keygen-response';
  const scheme = `Keygen-Signature ${algorithm}`;
  const digest = await digestCheck(x);
  const date = x.headers.get('date');
  const covered = params.get('headers');
  const keys = ctx.trust.keys;
  const pinned = [algorithm as Algorithm];

  let signatureResult: Check;
  let signer: TrustedKey | undefined;
  if (covered !== SIGNED_HEADERS) {
    signatureResult = check(
      'signature',
      false,
      `The signature claims to cover "${(covered ?? '').slice(0, 80)}", not Keygen's "${SIGNED_HEADERS}"; it cannot be trusted.`,
      'invalid'
    );
  } else if (date === undefined || !x.headers.has('digest')) {
    signatureResult = check(
      'signature',
      false,
      'The response lacks the Date or Digest header that the signature covers, so it cannot be verified.',
      'invalid'
    );
  } else {
    const signing = [
      `(request-target): ${x.method.toLowerCase()} ${x.path}`,
      `host: ${x.host}`,
      `date: ${date}`,
      `digest: ${x.headers.get('digest')}`
    ].join('\n');
    signer = await findSigner(keys, signature, utf8Encode(signing), pinned);
    signatureResult = signer
      ? check(
          'signature',
          true,
          `Signed by trusted key ${signer.id} (${algorithm}) for ${shown(x)} at ${date}.${suffix(x)}`,
          'invalid'
        )
      : check('signature', false, noSignerMessage(keys, pinned) + suffix(x), 'invalid');
  }
  if (!signer) return makeVerdict({ kind, genuine: false, scheme, checks: [digest, signatureResult] });

  // Digest, signature, account and request together say "Keygen sent this body for our request".
  const authenticity = [
    digest,
    signatureResult,
    keyIdCheck(params.get('keyid'), ctx),
    requestBindingCheck(x, ctx)
  ].filter((c): c is Check => c !== undefined);
  if (authenticity.some((c) => !c.ok)) return makeVerdict({ kind, genuine: false, scheme, checks: authenticity });

  const at = parseHttpDate(date);
  const timeChecks = Number.isNaN(at)
    ? [
        check(
          'response-age',
          false,
          `The signed Date "${date!.slice(0, 40)}" is not an HTTP date, so the response's age is unknown.`,
          'invalid'
        ),
        clockCheck(ctx, undefined)
      ]
    : [ageCheck(at, 'signed by Keygen', ctx), clockCheck(ctx, at)];
  const dataset = bodyText(x, 'The response body');
  const data = tryParseJson(dataset);
  const parts = genuineParts(data, ctx, at);
  return makeVerdict({
    kind,
    genuine: true,
    scheme,
    key: verifiedBy(signer),
    checks: [...authenticity, ...timeChecks, statusCheck(x.status), ...parts.checks],
    dataset,
    data,
    summary: parts.summary,
    notCovered: parts.notCovered,
    ...(Number.isNaN(at) ? {} : { signedAt: iso(at) }),
    expiresAt: parts.expiresAt
  });
}

/**
 * Why a body is refused for an `X-Signature` before its signature is checked. That scheme signs
 * the raw body with the account's RSA key, as v1 keys sign their dataset: only a Keygen JSON:API
 * body (with `data`, `meta` or `errors`) is one, never another artifact's signing input. A body
 * that passes comes back read, to be used only once its signature has verified.
 */
function readLegacyBody(x: Exchange): { problem: string } | { dataset: string; data: Obj } {
  const foreign = foreignSigningInput(x.body);
  if (foreign)
    return {
      problem: `The body is the signing input of ${foreign}, not a Keygen response: refused without trusting it.`
    };
  let dataset: string | undefined;
  let doc: unknown;
  try {
    dataset = bodyText(x);
    doc = tryParseJson(dataset);
  } catch {
    doc = undefined;
  }
  if (dataset !== undefined && isObj(doc) && ('data' in doc || 'meta' in doc || 'errors' in doc))
    return { dataset, data: doc };
  return {
    problem:
      'The body is not a Keygen JSON:API document, so an X-Signature over it is not a Keygen response: refused without trusting it.'
  };
}

async function verifyLegacy(x: Exchange, header: string, ctx: VerifyContext): Promise<Verdict> {
  const kind = 'keygen-response';
  const scheme = 'X-Signature rsa-sha256';
  const unverified = (message: string) =>
    makeVerdict({ kind, genuine: false, scheme, checks: [check('signature', false, message + suffix(x), 'invalid')] });
  const keys = legacyKeys(ctx.trust.keys).filter((k) => k.algorithm === 'rsa-sha256');
  if (keys.length === 0)
    return unverified(
      'This is a legacy X-Signature response, and no trusted rsa-sha256 key is enabled for legacy schemes ("legacy": true).'
    );
  const read = readLegacyBody(x);
  if ('problem' in read) return unverified(read.problem);
  const signature = base64Decode(header.trim(), 'X-Signature');
  const signer = await findSigner(keys, signature, x.body);
  if (!signer) return unverified(noSignerMessage(keys));
  // Genuine now: the body read before the check is the one the signature covers.
  const { dataset, data } = read;
  // Only the body is signed: its `meta.ts` is the one signed time. The Date header is not.
  const ts = parseTime(getString(data, 'meta', 'ts'));
  const age = Number.isNaN(ts)
    ? check(
        'response-age',
        false,
        "The body carries no signed time (meta.ts) and an X-Signature does not sign the Date header, so the response's age is unknown.",
        'invalid'
      )
    : ageCheck(ts, 'validated by Keygen (signed meta.ts)', ctx);
  const parts = genuineParts(data, ctx, ts);
  return makeVerdict({
    kind,
    genuine: true,
    scheme,
    key: verifiedBy(signer),
    checks: [
      check(
        'signature',
        true,
        `Signed by trusted key ${signer.id} with a legacy X-Signature (RSA PKCS#1 v1.5 over the body only).${suffix(x)}`,
        'invalid'
      ),
      age,
      clockCheck(ctx, Number.isNaN(ts) ? undefined : ts),
      statusCheck(x.status),
      ...parts.checks
    ],
    dataset,
    data,
    summary: parts.summary,
    notCovered: [
      `A legacy X-Signature signs only the body: the request it answered (${shown(x)}) is not covered, so it could be an answer to another request.`,
      ...parts.notCovered
    ],
    ...(Number.isNaN(ts) ? {} : { signedAt: iso(ts) }),
    expiresAt: parts.expiresAt
  });
}

function verifyExchange(x: Exchange, ctx: VerifyContext): Promise<Verdict> {
  const modern = x.headers.get('keygen-signature');
  if (modern !== undefined) return verifySigned(x, modern, ctx);
  const legacy = x.headers.get('x-signature');
  if (legacy !== undefined) return verifyLegacy(x, legacy, ctx);
  fail('ERR_FORMAT_MALFORMED', 'The response carries no Keygen-Signature or X-Signature header: it is not signed.');
}

/** Signed times compared to the second: a `Date` header has no finer grain than that. */
const signedSecond = (v: Verdict): number => Math.floor(Date.parse(v.signedAt!) / 1000);

/**
 * A HAR's answer is its newest genuine response by signed time, whatever it says: array order is
 * not signed, and an older VALID placed after a newer SUSPENDED, error or unrelated answer must not
 * win. Equally new answers: the failing one wins. Entries that do not verify are passed over (and
 * counted in the verdict): leaving a response out of a HAR was always possible.
 */
function newestAnswer(verdicts: Verdict[]): Verdict {
  let best: Verdict | undefined;
  for (const v of verdicts.filter((v) => v.genuine && v.signedAt !== undefined)) {
    const at = signedSecond(v);
    const bestAt = best ? signedSecond(best) : -Infinity;
    if (at > bestAt || (at === bestAt && v.status !== 'valid')) best = v;
  }
  return best ?? verdicts.findLast((v) => v.genuine) ?? verdicts[verdicts.length - 1]!;
}

/** The only headers the verification reads, as Keygen names them. */
const VERIFIED_HEADERS = ['Date', 'Digest', 'Keygen-Signature', 'X-Signature'];

/**
 * `x` alone as a `keygen-response/1` envelope: what the signature covers and nothing else (no
 * request headers, cookies or other responses). Undefined when its body is not UTF-8 text,
 * which the envelope cannot carry byte for byte.
 */
function envelopeOf(x: Exchange, decoded: string | undefined): string | undefined {
  let body: string;
  try {
    body = decoded ?? bodyText(x);
  } catch {
    return undefined;
  }
  const headers: Record<string, string> = {};
  for (const name of VERIFIED_HEADERS) {
    const value = x.headers.get(name.toLowerCase());
    if (value !== undefined) headers[name] = value;
  }
  return JSON.stringify(
    {
      format: ENVELOPE_FORMAT,
      request: { method: x.method, path: x.path, host: x.host },
      response: { status: x.status, headers, body }
    },
    null,
    2
  );
}

async function verifyWithArtifact(x: Exchange, ctx: VerifyContext): Promise<Verdict> {
  const verdict = await verifyExchange(x, ctx);
  if (verdict.genuine) {
    // A genuine verdict's dataset is its body, decoded already.
    const artifact = envelopeOf(x, verdict.dataset);
    if (artifact !== undefined) verdict.artifact = artifact;
  }
  return verdict;
}

/** Verify a cached Keygen response: the app's envelope, or the newest signed answer of a HAR file. */
export async function verifyKeygenResponse(text: string, ctx: VerifyContext, json?: DetectedJson): Promise<Verdict> {
  const exchanges = readExchanges(text, json);
  // An envelope, or a HAR with one signed response, is answered by that response alone.
  if (exchanges.length === 1) return verifyWithArtifact(exchanges[0]!, ctx);
  for (const x of exchanges)
    x.origin = `one of ${exchanges.length} signed responses in the HAR file, which is answered by its newest by signed time`;
  const verdicts: Verdict[] = [];
  for (const x of exchanges) verdicts.push(await verifyWithArtifact(x, ctx));
  const answer = newestAnswer(verdicts);
  if (!answer.genuine) return answer;
  const forged = verdicts.filter((v) => !v.genuine).length;
  const undated = verdicts.filter((v) => v !== answer && v.genuine && v.signedAt === undefined).length;
  const sentences = [
    ...(forged
      ? [
          `${forged} other signed response${forged === 1 ? '' : 's'} in the HAR file did not verify and ${forged === 1 ? 'was' : 'were'} passed over.`
        ]
      : []),
    ...(undated
      ? [
          `${undated} other genuine response${undated === 1 ? '' : 's'} in the HAR file carr${undated === 1 ? 'ies' : 'y'} no signed time, so ${undated === 1 ? 'it' : 'they'} could be newer; not weighed.`
        ]
      : [])
  ];
  if (sentences.length) answer.notCovered = [...(answer.notCovered ?? []), ...sentences];
  return answer;
}
