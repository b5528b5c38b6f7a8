/**
 * Keygen machine activation proofs: `proof/<b64url(dataset)>.<b64url(sig)>`, always signed with
 * the account's RSA key, RSASSA-PKCS1-v1_5 SHA-256 over the ASCII of `proof/<b64url(dataset)>`,
 * whatever the license's own scheme. A proof is only worth anything bound to this device: its
 * license key and machine fingerprint must be the ones the device holds.
 */
import { base64UrlDecode, utf8Decode, utf8Encode } from '../crypto/encoding';
import { fail } from '../errors';
import type { VerifyContext } from '../context';
import { findSigner, noSignerMessage, verifiedBy } from '../crypto/signature';
import { check, makeVerdict, type Check, type Need, type Verdict } from '../verdict';
import { get, getString, isObj, summarizeKeyDataset, tryParseJson } from '../dataset';
import {
  bindingCheck,
  clockCheck,
  expiryCheck,
  iso,
  namedProducts,
  parseTime,
  productCheck,
  withGrace
} from '../policy';

const PREFIX = 'proof/';
const ALGORITHMS = ['rsa-sha256'] as const;
/** Default proofs are under 1 KiB; a custom dataset gets generous room, not unbounded room. */
const MAX_PROOF_CHARS = 65_536;

function proofChecks(data: unknown, ctx: VerifyContext): { checks: Check[]; signedAt?: number; expiry?: unknown } {
  const checks: Check[] = [];
  const ts = parseTime(getString(data, 'ts'));
  const signedAt = Number.isNaN(ts) ? undefined : ts;
  checks.push(clockCheck(ctx, signedAt));
  const optional = [
    bindingCheck('license-key', 'license key', ctx.licenseKey, get(data, 'license', 'key')),
    bindingCheck('fingerprint', 'machine fingerprint', ctx.fingerprint, get(data, 'machine', 'fingerprint')),
    productCheck(namedProducts(data), ctx)
  ];
  for (const c of optional) if (c) checks.push(c);
  const license = get(data, 'license');
  const hasExpiry = isObj(license) && 'expiry' in license;
  if (hasExpiry)
    checks.push(expiryCheck('license-expiry', 'license', license.expiry, ctx, ctx.trust.config.gracePeriodSeconds));
  return { checks, ...(signedAt !== undefined ? { signedAt } : {}), ...(hasExpiry ? { expiry: license.expiry } : {}) };
}

/** Verify a Keygen machine activation proof. */
export async function verifyActivationProof(text: string, ctx: VerifyContext): Promise<Verdict> {
  const kind = 'activation-proof';
  if (text.length > MAX_PROOF_CHARS) fail('ERR_FORMAT_MALFORMED', 'This is too long to be an activation proof.');
  if (!text.startsWith(PREFIX)) fail('ERR_FORMAT_MALFORMED', 'An activation proof starts with "proof/".');
  const dot = text.indexOf('.');
  if (dot < 0) fail('ERR_FORMAT_MALFORMED', 'An activation proof has two parts joined by a dot; this one has no dot.');
  const signingData = text.slice(0, dot);
  const encodedDataset = signingData.slice(PREFIX.length);
  const encodedSignature = text.slice(dot + 1);
  if (!encodedDataset || !encodedSignature)
    fail('ERR_FORMAT_MALFORMED', 'The activation proof has an empty dataset or signature.');
  const signature = base64UrlDecode(encodedSignature, 'proof signature');
  const datasetBytes = base64UrlDecode(encodedDataset, 'proof dataset');

  const keys = ctx.trust.keys;
  const signer = await findSigner(keys, signature, utf8Encode(signingData), ALGORITHMS);
  if (!signer) {
    return makeVerdict({
      kind,
      genuine: false,
      checks: [check('signature', false, noSignerMessage(keys, ALGORITHMS), 'invalid')]
    });
  }
  const checks: Check[] = [
    check(
      'signature',
      true,
      `Signed by trusted key ${signer.id} (activation proof, RSA PKCS#1 v1.5 SHA-256).`,
      'invalid'
    )
  ];
  const dataset = utf8Decode(datasetBytes, 'proof dataset');
  const data = tryParseJson(dataset);
  const policy = proofChecks(data, ctx);
  checks.push(...policy.checks);
  // Without the device's values the binding cannot be checked; the UI asks for them.
  const needs: Need[] = [];
  if (!ctx.licenseKey) needs.push('license-key');
  if (!ctx.fingerprint) needs.push('fingerprint');
  return makeVerdict({
    kind,
    genuine: true,
    checks,
    scheme: 'rsa-sha256',
    key: verifiedBy(signer),
    dataset,
    data,
    summary: summarizeKeyDataset(data),
    ...(policy.signedAt !== undefined ? { signedAt: iso(policy.signedAt) } : {}),
    expiresAt: withGrace(policy.expiry, ctx) ?? null,
    needs
  });
}
