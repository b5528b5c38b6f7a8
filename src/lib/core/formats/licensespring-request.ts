/**
 * Opening a LicenseSpring offline request (`.req`): base64 of JSON (or the JSON itself), either v1
 * (the flat request object) or v2 (`{"request":{…},"signature":"<hex>"}`). Its HMACs are keyed with
 * the shared key (or client secret), which the verifier does not hold by default, so nothing in a
 * request is shown as verified until the user supplies that key and both HMACs check:
 *   inner  `signature` = base64 HMAC-SHA256 over "licenseSpring\ndate: <date>\n<license_key|username>
 *          \n<hardware_id>\n<api_key|client_id>";
 *   outer  `signature` = lower-case hex HMAC-SHA256 over the inner object's bytes exactly as they
 *          stand in the file (sliced from the text, never re-serialized).
 */
import { base64Decode, base64DecodeText, bytesEqual, hexEncode, textEqual, utf8Encode } from '../crypto/encoding';
import { fail } from '../errors';
import type { VerifyContext } from '../context';
import type { DetectedJson } from '../detect';
import { check, makeVerdict, type Summary, type Verdict } from '../verdict';
import { isObj, type Obj } from '../dataset';
import { hmacKey, hmacSha256 } from '../crypto/primitives';
import { walkJson } from './json-reemit';
import { parseTime, iso } from '../policy';

/** A request is a few hundred bytes; this leaves room for many device variables. */
const MAX_REQUEST_JSON = 256 * 1024;

function decodeRequestFile(text: string, json?: DetectedJson): string {
  if (text.startsWith('{')) return text;
  // Detection decoded it already; a text this short cannot be over the limit checked below.
  if (json && text.length <= Math.ceil(MAX_REQUEST_JSON / 3) * 4) return json.text;
  const compact = text.replace(/\s+/g, '');
  if (compact.length > Math.ceil(MAX_REQUEST_JSON / 3) * 4)
    fail('ERR_INPUT_TOO_LARGE', 'The request file is too large to be a LicenseSpring request.');
  return base64DecodeText(compact, 'The request file');
}

function requiredString(inner: Obj, field: string): string {
  const value = inner[field];
  if (typeof value !== 'string' || value === '')
    fail('ERR_FORMAT_MALFORMED', `The request has no "${field}", so it cannot be checked.`);
  return value;
}

/** The first of two alternative fields that is present (`license_key` before `username`, as the SDKs pick). */
function oneOf(inner: Obj, a: string, b: string): string {
  for (const field of [a, b]) {
    const value = inner[field];
    if (typeof value === 'string' && value !== '') return field;
  }
  fail('ERR_FORMAT_MALFORMED', `The request has neither "${a}" nor "${b}", so it cannot be checked.`);
}

/** The v1 signing string and the fields it covers; refuses a request that lacks any of its parts. */
function signingString(inner: Obj): { message: string; fields: string[] } {
  const holder = oneOf(inner, 'license_key', 'username');
  const auth = oneOf(inner, 'api_key', 'client_id');
  const message = [
    'licenseSpring',
    `date: ${requiredString(inner, 'date')}`,
    inner[holder],
    requiredString(inner, 'hardware_id'),
    inner[auth]
  ].join('\n');
  // What the v1 HMAC covers; every other field of a v1 request is unsigned.
  return { message, fields: ['date', holder, 'hardware_id', auth, 'signature'] };
}

/** The inner (base64) HMAC; a signature that is not even base64 simply does not verify. */
async function innerSignatureVerifies(key: CryptoKey, message: string, signature: string): Promise<boolean> {
  let given: Uint8Array;
  try {
    given = base64Decode(signature);
  } catch {
    return false;
  }
  return bytesEqual(await hmacSha256(key, utf8Encode(message)), given);
}

/** The outer HMAC covers the hex text itself: lower-case, as the vendor writes it. */
async function outerSignatureVerifies(key: CryptoKey, innerBytes: string, signature: string): Promise<boolean> {
  return textEqual(hexEncode(await hmacSha256(key, utf8Encode(innerBytes))), signature);
}

/** Only signed fields reach the summary: a v1 request's product and type are not among them. */
function summarize(inner: Obj, signed: (field: string) => boolean): Summary {
  const str = (field: string) =>
    typeof inner[field] === 'string' && signed(field) ? (inner[field] as string) : undefined;
  const summary: Summary = {};
  const product = str('product');
  const licenseKey = str('license_key');
  const username = str('username');
  const hardwareId = str('hardware_id');
  const date = parseTime(str('date'));
  if (product) summary.product = product;
  if (licenseKey) summary.licenseKey = licenseKey;
  if (username) summary.licensee = username;
  if (hardwareId) summary.fingerprint = hardwareId;
  if (!Number.isNaN(date)) summary.issued = iso(date);
  return summary;
}

/** Open a `.req` file and, given the shared key, check both of its HMACs. */
export async function verifyLicenseSpringRequest(
  text: string,
  ctx: VerifyContext,
  detected?: DetectedJson
): Promise<Verdict> {
  const kind = 'licensespring-request';
  const json = decodeRequestFile(text, detected);
  if (json.length > MAX_REQUEST_JSON)
    fail('ERR_INPUT_TOO_LARGE', 'The request is too large to be a LicenseSpring request.');
  // Strict grammar, depth and duplicate-key check before anything is read; the walk also finds the
  // inner object's bytes for the outer HMAC. Detection parsed the same text already.
  const walked = walkJson(json);
  const doc: unknown = detected?.text === json ? detected.doc : JSON.parse(json);
  if (!isObj(doc)) fail('ERR_FORMAT_MALFORMED', 'A LicenseSpring request is a JSON object.');
  const wrapped = isObj(doc.request);
  const inner = wrapped ? (doc.request as Obj) : doc;
  // The v2 inner object also holds a valid v1 signature; unwrapped, its fields beyond the v1
  // signing string would pass unsigned. `schema_version` names the form the file must have.
  if (wrapped && Object.keys(doc).some((field) => field !== 'request' && field !== 'signature')) {
    fail(
      'ERR_FORMAT_MALFORMED',
      'A v2 request file holds only "request" and "signature"; this one has more, which nothing signs.'
    );
  }
  if (wrapped && inner.schema_version !== 2)
    fail('ERR_FORMAT_MALFORMED', 'A v2 request\'s inner object must say "schema_version": 2.');
  if (!wrapped && 'schema_version' in inner) {
    fail(
      'ERR_FORMAT_MALFORMED',
      'This request says "schema_version" but is not in the v2 envelope ({"request":…,"signature":…}): it was taken out of a v2 file.'
    );
  }
  const v1 = signingString(inner);
  const signed = (field: string) => wrapped || v1.fields.includes(field);
  const innerSignature = requiredString(inner, 'signature');
  const outerSignature = wrapped ? doc.signature : undefined;
  if (wrapped && (typeof outerSignature !== 'string' || outerSignature === ''))
    fail('ERR_FORMAT_MALFORMED', 'The request has no outer "signature".');
  const scheme = wrapped ? 'HMAC-SHA256 v2 (inner and outer signature)' : 'HMAC-SHA256 v1 (inner signature)';
  const signedData = wrapped ? doc : Object.fromEntries(Object.entries(inner).filter(([field]) => signed(field)));
  const unsigned = Object.keys(inner).filter((field) => !signed(field));
  const notCovered = unsigned.length
    ? [
        `A v1 request signs only its date, license key or user, hardware id and API key or client id; ${unsigned.slice(0, 8).join(', ')}${unsigned.length > 8 ? ', …' : ''} ${unsigned.length === 1 ? 'is' : 'are'} not signed and not shown.`
      ]
    : [];
  const parts = {
    kind,
    scheme,
    dataset: wrapped ? json : JSON.stringify(signedData),
    data: signedData,
    summary: summarize(inner, signed),
    notCovered
  } as const;

  const key = ctx.sharedKey;
  if (key === undefined || key === '') {
    const message =
      'Enter the shared key (or OAuth client secret) to check this request; until then nothing in it is verified.';
    return makeVerdict({
      ...parts,
      genuine: false,
      needs: ['shared-key'],
      checks: [check('signature', false, message, 'invalid')]
    });
  }

  // One import of the shared key serves both MACs. They run one after the other: two WebCrypto
  // calls in flight at once cost Chromium more than twice one (measured), and a failed inner MAC
  // decides the verdict without the outer one.
  const mac = await hmacKey(key);
  const innerOk = await innerSignatureVerifies(mac, v1.message, innerSignature);
  const outerOk =
    innerOk &&
    (typeof outerSignature !== 'string' ||
      (await outerSignatureVerifies(mac, walked.member('request')!, outerSignature)));
  const genuine = innerOk && outerOk;
  const message = genuine
    ? wrapped
      ? 'Both signatures verify with the shared key given: the inner one and the outer one over the request as written.'
      : 'The signature verifies with the shared key given.'
    : !innerOk
      ? 'The inner signature does not verify with this shared key: the key is wrong or the request was altered.'
      : 'The outer signature does not verify: the request was altered after it was signed, or the key is wrong.';
  return makeVerdict({ ...parts, genuine, checks: [check('signature', genuine, message, 'invalid')] });
}
