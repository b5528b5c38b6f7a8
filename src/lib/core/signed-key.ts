/**
 * Keygen signed license keys.
 * v2 (`ED25519_SIGN`, `RSA_2048_PKCS1_PSS_SIGN_V2`, `RSA_2048_PKCS1_SIGN_V2`, `ECDSA_P256_SIGN`):
 *   `key/<b64url(dataset)>.<b64url(sig)>`, signed over the ASCII of `key/<b64url(dataset)>`.
 * v1 (legacy `RSA_2048_PKCS1_SIGN`, `RSA_2048_PKCS1_PSS_SIGN`):
 *   `<b64url(dataset)>.<b64url(sig)>`, signed over the raw dataset bytes.
 */
import { base64UrlDecode, utf8Decode, utf8Encode } from './encoding';
import { fail } from './errors';
import type { Algorithm } from './keys';
import type { VerifyContext } from './context';
import { findSigner, noSignerMessage, verifiedBy } from './signature';
import { check, makeVerdict, type Check, type Verdict } from './verdict';
import { getString, summarizeKeyDataset, tryParseJson } from './dataset';
import { clockCheck, expiryCheck, parseTime, productCheck } from './policy';

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
const V1_ALGORITHMS: Algorithm[] = ['rsa-pss-sha256', 'rsa-sha256'];

/** Checks every Keygen key/proof dataset gets once its signature verified. */
export function keyDatasetChecks(data: unknown, ctx: VerifyContext): { checks: Check[]; signedAt?: number; expiry?: string | null } {
  const checks: Check[] = [];
  const created = parseTime(getString(data, 'license', 'created'));
  const signedAt = Number.isNaN(created) ? undefined : created;
  checks.push(clockCheck(ctx, signedAt));
  const license = (data as { license?: { expiry?: unknown } } | undefined)?.license;
  let expiry: string | null | undefined;
  if (license && 'expiry' in license && (typeof license.expiry === 'string' || license.expiry === null)) {
    expiry = license.expiry;
    checks.push(expiryCheck('license-expiry', 'license', expiry, ctx, ctx.trust.config.gracePeriodSeconds));
  }
  const product = getString(data, 'product', 'id');
  const productResult = productCheck(product ? [product] : [], ctx);
  if (productResult) checks.push(productResult);
  return { checks, ...(signedAt !== undefined ? { signedAt } : {}), ...(expiry !== undefined ? { expiry } : {}) };
}

/** End of validity including grace, as ISO, or null for never. */
export function withGrace(expiry: string | null | undefined, ctx: VerifyContext): string | null | undefined {
  if (expiry === null || expiry === undefined) return expiry;
  const at = parseTime(expiry);
  return Number.isNaN(at) ? undefined : new Date(at + ctx.trust.config.gracePeriodSeconds * 1000).toISOString();
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

  // v2 signs the encoded text exactly as received; v1 signs the raw dataset bytes.
  const signed = legacy ? datasetBytes : utf8Encode(signingData);
  const keys = ctx.trust.keys;
  const algorithms = legacy ? V1_ALGORITHMS : undefined;
  const signer = await findSigner(keys, signature, signed, algorithms);
  if (!signer) {
    return makeVerdict({ kind, genuine: false, checks: [check('signature', false, noSignerMessage(keys, algorithms), 'invalid')] });
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
    ...(policy.signedAt !== undefined ? { signedAt: new Date(policy.signedAt).toISOString() } : {}),
    expiresAt: withGrace(policy.expiry, ctx) ?? null
  });
}
