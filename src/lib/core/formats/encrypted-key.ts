/**
 * Keygen legacy encrypted keys (`RSA_2048_PKCS1_ENCRYPT`): one base64url token holding
 * `RSA_private_encrypt(dataset)` with PKCS#1 v1.5 block-type-1 padding. Opening the block with a
 * trusted public key and finding intact padding is the only integrity check the format has.
 */
import { base64UrlDecode, utf8Decode } from '../crypto/encoding';
import { fail } from '../errors';
import type { TrustedKey } from '../crypto/keys';
import type { VerifyContext } from '../context';
import { noSignerMessage, verifiedBy } from '../crypto/signature';
import { check, makeVerdict, type Check, type Verdict } from '../verdict';
import { get, getString, isObj, tryParseJson } from '../dataset';
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
import { rsaOpenType1 } from '../crypto/rsa-public';

const SCHEME = 'RSA_2048_PKCS1_ENCRYPT';
/** One RSA-8192 block in base64url: far above the 2048-bit keys Keygen issues. */
const MAX_TOKEN_CHARS = 1368;

/** The trusted key whose public operation opens `block` to correctly padded UTF-8, and the text. */
function openWithTrustedKey(
  keys: readonly TrustedKey[],
  block: Uint8Array
): { key: TrustedKey; dataset: string } | undefined {
  for (const key of keys) {
    if (!key.rsa) continue;
    const data = rsaOpenType1(key.rsa, block);
    if (!data) continue;
    try {
      return { key, dataset: utf8Decode(data) };
    } catch {
      // Keygen's seed is a string: padding that holds invalid UTF-8 did not come from Keygen. This
      // also refuses every PKCS#1 v1.5 signature of the same key (a type-1 block too): its SHA-256
      // DigestInfo holds 0x86, which no UTF-8 text can start a character with.
    }
  }
  return undefined;
}

function notOpenedMessage(keys: readonly TrustedKey[], candidates: readonly TrustedKey[], length: number): string {
  if (candidates.length === 0) return noSignerMessage(keys, ['rsa-sha256']);
  const sizes = [...new Set(candidates.map((k) => k.rsa?.size))];
  if (!sizes.includes(length)) {
    return `The key is ${length} bytes long where a trusted RSA key's block is ${sizes.join(' or ')}: it is truncated, lengthened, or from another vendor.`;
  }
  return 'The key does not open to a correctly padded block with any trusted RSA key: it is forged, altered, or from another vendor.';
}

/** Verify a Keygen `RSA_2048_PKCS1_ENCRYPT` key. */
export async function verifyEncryptedKey(text: string, ctx: VerifyContext): Promise<Verdict> {
  const kind = 'encrypted-key';
  if (text.length > MAX_TOKEN_CHARS) fail('ERR_FORMAT_MALFORMED', 'This is too long to be an encrypted license key.');
  const block = base64UrlDecode(text, 'encrypted key');
  // Keygen maps this scheme to `rsa-sha256`; a key pinned to PSS or another family never opens it.
  const candidates = ctx.trust.keys.filter((k) => k.algorithm === 'rsa-sha256');
  const opened = openWithTrustedKey(candidates, block);
  if (!opened) {
    const message = notOpenedMessage(ctx.trust.keys, candidates, block.length);
    return makeVerdict({ kind, genuine: false, checks: [check('signature', false, message, 'invalid')] });
  }

  const { key, dataset } = opened;
  const checks: Check[] = [check('signature', true, `Opened with trusted key ${key.id} (${SCHEME}).`, 'invalid')];
  const data = tryParseJson(dataset);
  const created = parseTime(getString(data, 'created'));
  const signedAt = Number.isNaN(created) ? undefined : created;
  checks.push(clockCheck(ctx, signedAt));
  const hasExpiry = isObj(data) && 'expiry' in data;
  const expiry = get(data, 'expiry');
  if (hasExpiry)
    checks.push(expiryCheck('license-expiry', 'license', expiry, ctx, ctx.trust.config.gracePeriodSeconds));
  const product = productCheck(namedProducts(data), ctx);
  if (product) checks.push(product);
  const notCovered = unboundDevice('license key', ctx);
  if (!hasExpiry) notCovered.push('The key names no expiry: it is valid for as long as its signing key is trusted.');
  const licenseId = getString(data, 'id');
  return makeVerdict({
    kind,
    genuine: true,
    checks,
    scheme: SCHEME,
    key: verifiedBy(key),
    dataset,
    data,
    summary: {
      ...(licenseId !== undefined ? { licenseId } : {}),
      ...(typeof expiry === 'string' || expiry === null ? { licenseExpiry: expiry } : {})
    },
    notCovered,
    ...(signedAt !== undefined ? { signedAt: iso(signedAt) } : {}),
    expiresAt: withGrace(expiry, ctx) ?? null
  });
}
