/**
 * Keygen signed license keys.
 * v2 (`ED25519_SIGN`, `RSA_2048_PKCS1_PSS_SIGN_V2`, `RSA_2048_PKCS1_SIGN_V2`, `ECDSA_P256_SIGN`):
 *   `key/<b64url(dataset)>.<b64url(sig)>`, signed over the ASCII of `key/<b64url(dataset)>`.
 * v1 (legacy `RSA_2048_PKCS1_SIGN`, `RSA_2048_PKCS1_PSS_SIGN`):
 *   `<b64url(dataset)>.<b64url(sig)>`, signed over the raw dataset bytes.
 */
import { base64UrlDecode, utf8Decode, utf8Encode } from '../crypto/encoding';
import { fail } from '../errors';
import type { Algorithm } from '../crypto/keys';
import type { VerifyContext } from '../context';
import { findSigner, foreignSigningInput, legacyKeys, noSignerMessage, verifiedBy } from '../crypto/signature';
import { check, makeVerdict, type Check, type Verdict } from '../verdict';
import { get, getString, isObj, summarizeKeyDataset, tryParseJson } from '../dataset';
import {
  clockCheck,
  expiryCheck,
  iso,
  namedProducts,
  parseTime,
  productCheck,
  unboundDevice,
  withGrace
} from '../policy';

const V2_SCHEMES: Record<Algorithm, string> = {
  ed25519: 'ED25519_SIGN',
  'rsa-pss-sha256': 'RSA_2048_PKCS1_PSS_SIGN_V2',
  'rsa-sha256': 'RSA_2048_PKCS1_SIGN_V2',
  'ecdsa-p256': 'ECDSA_P256_SIGN'
};
const V1_SCHEMES: Partial<Record<Algorithm, string>> = {
  'rsa-pss-sha256': 'RSA_2048_PKCS1_PSS_SIGN',
  'rsa-sha256': 'RSA_2048_PKCS1_SIGN'
};

/** Checks a Keygen key dataset gets once its signature verified. */
function keyDatasetChecks(
  data: unknown,
  ctx: VerifyContext
): { checks: Check[]; notCovered: string[]; signedAt?: number; expiry?: unknown } {
  const checks: Check[] = [];
  const created = parseTime(getString(data, 'license', 'created'));
  const signedAt = Number.isNaN(created) ? undefined : created;
  checks.push(clockCheck(ctx, signedAt));
  const license = get(data, 'license');
  const hasExpiry = isObj(license) && 'expiry' in license;
  if (hasExpiry)
    checks.push(expiryCheck('license-expiry', 'license', license.expiry, ctx, ctx.trust.config.gracePeriodSeconds));
  const productResult = productCheck(namedProducts(data), ctx);
  if (productResult) checks.push(productResult);
  const notCovered = unboundDevice('license key', ctx);
  if (!hasExpiry) notCovered.push('The key names no expiry: it is valid for as long as its signing key is trusted.');
  return {
    checks,
    notCovered,
    ...(signedAt !== undefined ? { signedAt } : {}),
    ...(hasExpiry ? { expiry: license.expiry } : {})
  };
}

/**
 * Why a v1 dataset is refused before any signature is checked: v1 signs its dataset's raw bytes,
 * so a dataset that is another artifact's signing input, or a signed API response body, would
 * turn that artifact's signature into a key that never expires.
 */
function legacyDatasetProblem(dataset: Uint8Array): string | undefined {
  const foreign = foreignSigningInput(dataset);
  if (foreign)
    return `These signed bytes are the signing input of ${foreign}, not a legacy key's dataset: refused without trusting them.`;
  let doc: unknown;
  try {
    // Parsed whatever its first byte: JSON.parse, like every reader of it, skips white space and a BOM.
    doc = tryParseJson(utf8Decode(dataset));
  } catch {
    return undefined;
  }
  if (isObj(doc) && ('data' in doc || 'meta' in doc || 'errors' in doc)) {
    return "These signed bytes are a Keygen API response body, not a legacy key's dataset: refused without trusting them.";
  }
  return undefined;
}

/** Verify a v2 (`key/…`) or legacy v1 signed key. */
export async function verifySignedKey(text: string, ctx: VerifyContext): Promise<Verdict> {
  const legacy = !text.startsWith('key/');
  const kind = legacy ? 'legacy-signed-key' : 'signed-key';
  const dot = text.indexOf('.');
  if (dot < 0) fail('ERR_FORMAT_MALFORMED', 'A signed key has two parts joined by a dot; this one has no dot.');
  const signingData = text.slice(0, dot);
  const encodedSig = text.slice(dot + 1);
  const encodedDataset = legacy ? signingData : signingData.slice('key/'.length);
  if (!encodedDataset || !encodedSig) fail('ERR_FORMAT_MALFORMED', 'The signed key has an empty dataset or signature.');
  const signature = base64UrlDecode(encodedSig, 'key signature');
  const datasetBytes = base64UrlDecode(encodedDataset, 'key dataset');

  const refused = legacy ? legacyDatasetProblem(datasetBytes) : undefined;
  if (refused) return makeVerdict({ kind, genuine: false, checks: [check('signature', false, refused, 'invalid')] });
  // v2 signs the encoded text exactly as received; v1 signs the raw dataset bytes, and only with
  // keys the config enabled for the legacy schemes.
  const signed = legacy ? datasetBytes : utf8Encode(signingData);
  const keys = legacy ? legacyKeys(ctx.trust.keys) : ctx.trust.keys;
  const signer = await findSigner(keys, signature, signed);
  if (!signer) {
    const message =
      legacy && keys.length === 0
        ? 'This is a legacy (v1) signed key, and no trusted key is enabled for legacy schemes ("legacy": true).'
        : noSignerMessage(keys);
    return makeVerdict({ kind, genuine: false, checks: [check('signature', false, message, 'invalid')] });
  }
  const scheme = legacy ? V1_SCHEMES[signer.algorithm]! : V2_SCHEMES[signer.algorithm];
  const checks: Check[] = [check('signature', true, `Signed by trusted key ${signer.id} (${scheme}).`, 'invalid')];
  const dataset = utf8Decode(datasetBytes, 'key dataset');
  const data = tryParseJson(dataset);
  const policy = keyDatasetChecks(data, ctx);
  checks.push(...policy.checks);
  return makeVerdict({
    kind,
    genuine: true,
    checks,
    scheme,
    key: verifiedBy(signer),
    dataset,
    data,
    summary: summarizeKeyDataset(data),
    notCovered: policy.notCovered,
    ...(policy.signedAt !== undefined ? { signedAt: iso(policy.signedAt) } : {}),
    expiresAt: withGrace(policy.expiry, ctx) ?? null
  });
}
