/**
 * LicenseSpring offline answers: `ls_activation.lic` (the `activate_offline` response) and the
 * portal's `license_refresh.lic`. The file is std base64 of a UTF-8 JSON object (the decoded JSON
 * is accepted too). `license_signature_v2` is RSASSA-PKCS1-v1_5 / SHA-256 by LicenseSpring's key
 * over the file re-emitted compact with its order and lexemes kept (json-reemit.ts), leaving out:
 *   an activation answer: `license_signature` and `license_signature_v2`;
 *   a refresh file:       `license_signature_v2` only (the Python SDK's `check_offline_load`).
 * Nothing in the file says which it is, so the activation form is tried first and the refresh form
 * second; both are bytes LicenseSpring signed, and the form that verifies names the file.
 */
import { base64Decode, utf8Decode, utf8Encode } from '../crypto/encoding';
import { fail } from '../errors';
import type { TrustedKey } from '../crypto/keys';
import type { VerifyContext } from '../context';
import type { DetectedJson } from '../detect';
import { findSigner, noSignerMessage, verifiedBy } from '../crypto/signature';
import { check, makeVerdict, type Check, type Need, type Summary, type Verdict } from '../verdict';
import { get, getString, isObj, type Obj } from '../dataset';
import { bindingCheck, clockCheck, expiryCheck, iso, parseTime, withGrace } from '../policy';
import { reemitJson } from './json-reemit';

/** A `.lic` is a few kilobytes; a product with many features and custom fields stays far below this. */
const MAX_LICENSE_JSON = 1024 * 1024;
const ALGORITHMS = ['rsa-sha256'] as const;
const SCHEME = 'license_signature_v2';

function decodeLicenseFile(text: string, json?: DetectedJson): string {
  if (text.startsWith('{')) return text;
  // Detection decoded it already; a text this short cannot be over the limit checked below.
  if (json && text.length <= Math.ceil(MAX_LICENSE_JSON / 3) * 4) return json.text;
  const compact = text.replace(/\s+/g, '');
  if (compact.length > Math.ceil(MAX_LICENSE_JSON / 3) * 4)
    fail('ERR_INPUT_TOO_LARGE', 'The license file is too large to be a LicenseSpring answer.');
  return utf8Decode(base64Decode(compact, 'The license file'), 'The license file');
}

/** Decode a base64 signature; undefined when it is not base64 (it then cannot verify). */
function signatureBytes(value: string): Uint8Array | undefined {
  try {
    return base64Decode(value.replace(/\s+/g, ''));
  } catch {
    return undefined;
  }
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * The legacy `license_signature`: RSA PKCS#1 v1.5 / SHA-256 over
 * lower("<hardware_id>#<license_key or username>#<validity_period or ''>"). It covers only those
 * three values, so it is reported on its own and never makes a file genuine.
 */
async function legacySignatureCheck(
  doc: Obj,
  validity: string | null,
  keys: readonly TrustedKey[]
): Promise<Check | undefined> {
  const signature = doc.license_signature;
  if (!nonEmpty(signature)) return undefined;
  const holder = nonEmpty(doc.license_key) ? doc.license_key : nonEmpty(doc.username) ? doc.username : undefined;
  const hardwareId = doc.hardware_id;
  if (holder === undefined || typeof hardwareId !== 'string') {
    return check(
      'legacy-signature',
      false,
      'The legacy signature cannot be checked: the file names no hardware id and license key or user.',
      'invalid'
    );
  }
  const message = `${hardwareId}#${holder}#${validity ?? ''}`.toLowerCase();
  const bytes = signatureBytes(signature);
  const signer = bytes && (await findSigner(keys, bytes, utf8Encode(message), ALGORITHMS));
  return signer
    ? check(
        'legacy-signature',
        true,
        'The legacy signature (hardware id, license key, validity) also verifies.',
        'invalid'
      )
    : check(
        'legacy-signature',
        false,
        'The legacy signature does not verify although the main one does: the file was assembled from parts.',
        'invalid'
      );
}

function requestIdCheck(requestId: unknown, ctx: VerifyContext): Check | undefined {
  if (!ctx.requests) return undefined;
  if (typeof requestId === 'string' && ctx.requests.has(requestId)) {
    return check('request-id', true, `It answers request ${requestId}, composed on this device.`, 'invalid');
  }
  return check('request-id', false, 'This answer is for a request this device did not compose.', 'invalid');
}

function productCodeCheck(doc: Obj, ctx: VerifyContext): Check | undefined {
  const expected = ctx.trust.config.licenseSpring?.productCode;
  if (!expected) return undefined;
  const code = getString(doc, 'product_details', 'short_code');
  if (code === expected) return check('product', true, `It is for product ${code}.`, 'wrong-product');
  if (code === undefined)
    return check(
      'product',
      false,
      `It names no product, so it cannot be shown to be for ${expected}.`,
      'wrong-product'
    );
  return check('product', false, `It is for product ${code}, not ${expected}.`, 'wrong-product');
}

/** `license_enabled` and `license_active`: a license switched off in the portal grants nothing. */
function licenseStateCheck(doc: Obj): Check {
  for (const [field, word] of [
    ['license_enabled', 'disabled'],
    ['license_active', 'not active']
  ] as const) {
    const value = doc[field];
    if (value === undefined) continue;
    if (typeof value !== 'boolean')
      return check(
        'license-status',
        false,
        `The file's "${field}" is not true or false: the signed data is malformed.`,
        'malformed'
      );
    if (!value)
      return check(
        'license-status',
        false,
        `LicenseSpring says the license is ${word} ("${field}": false).`,
        'invalid'
      );
  }
  return check('license-status', true, 'The license is enabled and active.', 'invalid');
}

function summarize(doc: Obj, validity: string | null, signedAt: number): Summary {
  const customer = get(doc, 'customer');
  const name = [getString(customer, 'first_name'), getString(customer, 'last_name')].filter(Boolean).join(' ');
  const email = getString(customer, 'email') || undefined;
  const features = Array.isArray(doc.product_features) ? (doc.product_features as unknown[]) : [];
  const entitlements = features.map((f) => getString(f, 'code') ?? getString(f, 'name') ?? '').filter(Boolean);
  const summary: Summary = { licenseExpiry: validity };
  const licensee = name || email || getString(customer, 'company_name') || getString(doc, 'username');
  const product = getString(doc, 'product_details', 'short_code') ?? getString(doc, 'product_details', 'product_name');
  if (licensee) summary.licensee = licensee;
  if (email) summary.email = email;
  if (product) summary.product = product;
  if (typeof doc.id === 'number' || typeof doc.id === 'string') summary.licenseId = String(doc.id);
  if (nonEmpty(doc.license_key)) summary.licenseKey = doc.license_key;
  if (nonEmpty(doc.license_type)) summary.policy = doc.license_type;
  if (nonEmpty(doc.hardware_id)) summary.fingerprint = doc.hardware_id;
  if (!Number.isNaN(signedAt)) summary.issued = iso(signedAt);
  if (entitlements.length) summary.entitlements = entitlements;
  if (typeof doc.max_activations === 'number') summary.maxMachines = doc.max_activations;
  return summary;
}

/** Verify a LicenseSpring `.lic` answer and match it to the request this device composed. */
export async function verifyLicenseSpringLicense(
  text: string,
  ctx: VerifyContext,
  detected?: DetectedJson
): Promise<Verdict> {
  const kind = 'licensespring-license';
  const json = decodeLicenseFile(text, detected);
  if (json.length > MAX_LICENSE_JSON)
    fail('ERR_INPUT_TOO_LARGE', 'The license file is too large to be a LicenseSpring answer.');
  // Re-emitting checks the strict grammar before the parsed value is read. Detection parsed the
  // same text already (a strict document parses to one value), so it is not parsed again.
  const activationForm = reemitJson(json, ['license_signature', 'license_signature_v2']);
  const doc: unknown = detected?.text === json ? detected.doc : JSON.parse(json);
  if (!isObj(doc)) fail('ERR_FORMAT_MALFORMED', 'A LicenseSpring license file is a JSON object.');

  const keys = ctx.trust.licenseSpringKeys;
  const unverified = (message: string) =>
    makeVerdict({ kind, genuine: false, checks: [check('signature', false, message, 'invalid')] });
  if (keys.length === 0)
    return unverified('This verifier has no LicenseSpring public key configured, so the signature cannot be checked.');
  if (!nonEmpty(doc.license_signature_v2)) {
    return unverified(
      'The file carries no license_signature_v2; the legacy signature alone covers too little to trust the file.'
    );
  }
  const signature = signatureBytes(doc.license_signature_v2);
  if (!signature) return unverified('The license_signature_v2 is not base64, so the file cannot be genuine.');
  let refresh = false;
  let signer = await findSigner(keys, signature, utf8Encode(activationForm), ALGORITHMS);
  if (!signer && 'license_signature' in doc) {
    signer = await findSigner(keys, signature, utf8Encode(reemitJson(json, ['license_signature_v2'])), ALGORITHMS);
    refresh = signer !== undefined;
  }
  if (!signer) return unverified(noSignerMessage(keys, ALGORITHMS));

  const what = refresh ? 'refresh file' : 'activation answer';
  const checks: Check[] = [
    check('signature', true, `A LicenseSpring ${what}, signed by trusted key ${signer.id} (${SCHEME}).`, 'invalid')
  ];
  const signedAt = parseTime(doc.date);
  checks.push(clockCheck(ctx, Number.isNaN(signedAt) ? undefined : signedAt));
  // A refresh file answers no request; it is bound to the device by its hardware id alone.
  const requestId = refresh ? undefined : requestIdCheck(doc.request_id, ctx);
  if (requestId) checks.push(requestId);
  // Bound to the device the request was composed for and to the one the user names, when given.
  const composed = typeof doc.request_id === 'string' ? ctx.requests?.get(doc.request_id) : undefined;
  const expected = [...new Set([composed?.hardwareId, ctx.fingerprint].filter((h): h is string => !!h))];
  const hardwareIds = expected.map((h) => bindingCheck('hardware-id', 'hardware id', h, doc.hardware_id)!);
  checks.push(...hardwareIds);
  const deviceCompared = hardwareIds.length > 0;
  // Without a request composed here or a hardware id given, nothing ties the answer to this device:
  // it then asks for the hardware id (`needs`), and the verdict says it was not compared.
  const notCovered: string[] = [];
  if (!refresh && !ctx.requests)
    notCovered.push(
      'No requests composed on this device were given, so it was not checked that this answers one of them.'
    );
  const product = productCodeCheck(doc, ctx);
  if (product) checks.push(product);
  checks.push(licenseStateCheck(doc));
  // Python treats an empty validity_period like a missing one; null or absent means perpetual.
  // Any other type is malformed (the expiry check says so), never "perpetual".
  const period = doc.validity_period;
  checks.push(
    expiryCheck('license-expiry', 'license', period === '' ? null : period, ctx, ctx.trust.config.gracePeriodSeconds)
  );
  const validity = typeof period === 'string' && period !== '' ? period : null;
  const legacy = await legacySignatureCheck(doc, validity, keys);
  if (legacy) checks.push(legacy);

  return makeVerdict({
    kind,
    genuine: true,
    checks,
    scheme: SCHEME,
    key: verifiedBy(signer),
    dataset: json,
    data: doc,
    summary: summarize(doc, validity, signedAt),
    notCovered,
    // An answer to a request not composed here is refused as such; a hardware id would not help.
    ...(deviceCompared || requestId?.ok === false ? {} : { needs: ['fingerprint'] as Need[] }),
    ...(Number.isNaN(signedAt) ? {} : { signedAt: iso(signedAt) }),
    expiresAt: withGrace(validity, ctx) ?? null
  });
}
