/**
 * The demo samples behind "Try a sample": every artifact kind minted with the demo keys around
 * `now`, each genuine, forged (one signed character changed) and, where the format expires,
 * expired; plus a few that show the other statuses. Run as a script it prints them as JSON: that is
 * how the build embeds them (tools/demo-samples-plugin.ts), in demo builds only.
 */
import { pathToFileURL } from 'node:url';
import type { Algorithm } from '../../src/lib/core/crypto/keys';
import type { ArtifactKind, Status } from '../../src/lib/core/verdict';
import { composeRequest } from '../../src/lib/core/compose';
import { demoConfig } from './demo-trust';
import { demoLicenseFacts, keyDataset, type LicenseFacts } from './datasets';
import { mintSignedKey } from './signed-key';
import { mintEncryptedKey } from './encrypted-key';
import { mintJwtKey } from './jwt-key';
import { mintActivationProof } from './activation-proof';
import { DEMO_FINGERPRINT, DEMO_LICENSE_KEY, encode64, mintLicenseFile, type LicenseFileAlg } from './license-file';
import { mintLegacyResponse, mintResponse, responseEnvelope, responseHar, validateKeyBody } from './keygen-response';
import { mintLicenseSpringLicense } from './licensespring';

/** One sample as the app receives it (`virtual:demo-samples`, declared in src/app.d.ts). */
export interface DemoSample {
  /** Stable id, e.g. `signed-key-ed25519-forged`. */
  id: string;
  kind: ArtifactKind;
  label: string;
  text: string;
  /** The status the sample is minted to produce (genuine samples: `valid`). */
  expected: Status;
  /** Secrets a technician would type for this sample (an encrypted file's license key, …). */
  licenseKey?: string;
  fingerprint?: string;
}

const DAY = 86_400_000;
const OTHER_PRODUCT = '00000000-0000-4000-8000-00000000beef';
const OTHER_FINGERPRINT = '9e:41:07:c3:5a:d8:26:f1';
const PROOF_LICENSE_KEY = '7C1A2F-4B9E3D-8A6F10-D2E5B7-91C4F8-V3';
const PROOF_FINGERPRINT = '4f:9a:1c:7e:2b:d0:85:36';
const HARDWARE_ID = 'A53F-0CBC-15FC-7E81-BF35-A720-A575-7C0C';

const iso = (ms: number) => new Date(ms).toISOString();

/** Another base64 character at `index`, so the text still decodes but no longer matches its signature. */
function changeChar(text: string, index: number): string {
  const c = text[index];
  if (c === undefined || !/[A-Za-z0-9+/_-]/.test(c)) throw new Error(`no base64 character to change at ${index}`);
  return text.slice(0, index) + (c === 'A' ? 'B' : 'A') + text.slice(index + 1);
}

/** `prefix<encoded>.<signature>` tokens (signed keys, proofs, JWTs): change the middle of the encoded part. */
const forgeToken = (token: string, prefix = ''): string =>
  changeChar(token, prefix.length + Math.floor((token.indexOf('.', prefix.length) - prefix.length) / 2));

/** A license file with one character of its signed `enc` changed, re-armoured as Keygen writes it. */
function forgeLicenseFile(file: string): string {
  const [begin, ...rest] = file.trim().split('\n');
  const end = rest.pop()!;
  const payload = JSON.parse(Buffer.from(rest.join(''), 'base64').toString('utf8')) as {
    enc: string;
    sig: string;
    alg: string;
  };
  payload.enc = changeChar(payload.enc, Math.floor(payload.enc.length / 2));
  return `${begin}\n${encode64(JSON.stringify(payload))}${end}\n`;
}

/** A base64 JSON file (LicenseSpring) with `from` replaced by `to` inside its signed content. */
function editBase64Json(file: string, from: string, to: string): string {
  const json = Buffer.from(file, 'base64').toString('utf8');
  if (!json.includes(from)) throw new Error(`"${from}" is not in the file`);
  return Buffer.from(json.replace(from, to), 'utf8').toString('base64');
}

/** Everything a sample needs besides its text, with `expected` defaulting to valid. */
type Meta = Omit<DemoSample, 'kind' | 'text' | 'expected'> & { expected?: Status };

export async function mintDemoSamples(now = Date.now()): Promise<DemoSample[]> {
  const config = demoConfig();
  const samples: DemoSample[] = [];
  const add = (kind: DemoSample['kind'], text: string, meta: Meta) =>
    samples.push({ kind, text, expected: 'valid', ...meta });

  const current = (overrides: Partial<LicenseFacts> = {}) =>
    demoLicenseFacts({ created: iso(now - 30 * DAY), expiry: iso(now + 365 * DAY), ...overrides });
  const lapsed = (overrides: Partial<LicenseFacts> = {}) =>
    demoLicenseFacts({ created: iso(now - 400 * DAY), expiry: iso(now - 35 * DAY), ...overrides });

  // Signed license keys, v2: every scheme, then the other outcomes on Ed25519.
  const schemes: [Algorithm, string, string][] = [
    ['ed25519', 'ed25519', 'Ed25519'],
    ['rsa-pss-sha256', 'rsa-pss', 'RSA-PSS'],
    ['rsa-sha256', 'rsa-pkcs1', 'RSA PKCS#1 v1.5'],
    ['ecdsa-p256', 'ecdsa', 'ECDSA P-256']
  ];
  for (const [algorithm, id, label] of schemes) {
    add('signed-key', mintSignedKey({ algorithm, dataset: keyDataset(current()) }), { id: `signed-key-${id}`, label });
  }
  const signedKey = mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(current()) });
  add('signed-key', forgeToken(signedKey, 'key/'), {
    id: 'signed-key-forged',
    label: 'Forged (one character changed)',
    expected: 'invalid'
  });
  add('signed-key', mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(lapsed()) }), {
    id: 'signed-key-expired',
    label: 'Expired',
    expected: 'expired'
  });
  add(
    'signed-key',
    mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(current({ productId: OTHER_PRODUCT })) }),
    {
      id: 'signed-key-wrong-product',
      label: 'For another product',
      expected: 'wrong-product'
    }
  );
  add(
    'signed-key',
    mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(current({ created: iso(now + 2 * DAY) })) }),
    {
      id: 'signed-key-clock',
      label: 'Created after this clock (clock set back)',
      expected: 'clock-tampered'
    }
  );

  // Legacy v1 signed keys: RSA over the raw dataset.
  const legacy = mintSignedKey({ algorithm: 'rsa-sha256', dataset: keyDataset(current()), legacy: true });
  add('legacy-signed-key', legacy, { id: 'legacy-signed-key', label: 'RSA PKCS#1 v1.5' });
  add(
    'legacy-signed-key',
    mintSignedKey({ algorithm: 'rsa-pss-sha256', dataset: keyDataset(current()), legacy: true }),
    { id: 'legacy-signed-key-pss', label: 'RSA-PSS' }
  );
  add('legacy-signed-key', forgeToken(legacy), {
    id: 'legacy-signed-key-forged',
    label: 'Forged',
    expected: 'invalid'
  });
  add('legacy-signed-key', mintSignedKey({ algorithm: 'rsa-sha256', dataset: keyDataset(lapsed()), legacy: true }), {
    id: 'legacy-signed-key-expired',
    label: 'Expired',
    expected: 'expired'
  });

  // Legacy encrypted keys: one RSA block.
  const encrypted = mintEncryptedKey({ facts: current() });
  add('encrypted-key', encrypted, { id: 'encrypted-key', label: 'RSA PKCS#1 encrypted' });
  add('encrypted-key', changeChar(encrypted, 100), {
    id: 'encrypted-key-forged',
    label: 'Forged',
    expected: 'invalid'
  });
  add('encrypted-key', mintEncryptedKey({ facts: lapsed() }), {
    id: 'encrypted-key-expired',
    label: 'Expired',
    expected: 'expired'
  });

  // JWT license keys.
  const jwt = mintJwtKey({ facts: current() });
  const jwtPayloadStart = jwt.indexOf('.') + 1;
  add('jwt-key', jwt, { id: 'jwt-key', label: 'RS256' });
  add(
    'jwt-key',
    changeChar(jwt, jwtPayloadStart + Math.floor((jwt.indexOf('.', jwtPayloadStart) - jwtPayloadStart) / 2)),
    {
      id: 'jwt-key-forged',
      label: 'Forged',
      expected: 'invalid'
    }
  );
  add('jwt-key', mintJwtKey({ facts: lapsed() }), { id: 'jwt-key-expired', label: 'Expired', expected: 'expired' });
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const early = current();
  const earlyClaims = {
    iss: 'https://keygen.sh',
    aud: early.accountId,
    sub: early.licenseId,
    product: early.productId,
    iat: seconds(now - DAY),
    nbf: seconds(now + 3 * DAY),
    exp: seconds(now + 365 * DAY)
  };
  add('jwt-key', mintJwtKey({ claims: earlyClaims }), {
    id: 'jwt-key-not-yet',
    label: 'Not valid yet',
    expected: 'not-yet-valid'
  });

  // Activation proofs, bound to a license key and a machine fingerprint.
  const proofOptions = {
    licenseKey: PROOF_LICENSE_KEY,
    machine: { fingerprint: PROOF_FINGERPRINT, created: iso(now - DAY) },
    ts: iso(now - DAY)
  };
  const proof = mintActivationProof({ facts: current(), ...proofOptions });
  const proofSecrets = { licenseKey: PROOF_LICENSE_KEY, fingerprint: PROOF_FINGERPRINT };
  add('activation-proof', proof, { id: 'activation-proof', label: 'For this device', ...proofSecrets });
  add('activation-proof', forgeToken(proof, 'proof/'), {
    id: 'activation-proof-forged',
    label: 'Forged',
    expected: 'invalid',
    ...proofSecrets
  });
  add('activation-proof', mintActivationProof({ facts: lapsed(), ...proofOptions }), {
    id: 'activation-proof-expired',
    label: 'Expired',
    expected: 'expired',
    ...proofSecrets
  });
  add('activation-proof', proof, {
    id: 'activation-proof-wrong-device',
    label: 'Checked on another device',
    expected: 'wrong-device',
    licenseKey: PROOF_LICENSE_KEY,
    fingerprint: OTHER_FINGERPRINT
  });

  // License files and machine files: a checkout a month long, issued yesterday.
  const checkout = {
    issued: iso(now - DAY),
    ttl: 30 * 86_400,
    license: { created: iso(now - 30 * DAY), expiry: iso(now + 365 * DAY) }
  };
  const stale = {
    issued: iso(now - 45 * DAY),
    ttl: 30 * 86_400,
    license: { created: iso(now - 60 * DAY), expiry: iso(now + 365 * DAY) }
  };
  const licenseKeyOnly = { licenseKey: DEMO_LICENSE_KEY };
  const machineSecrets = { licenseKey: DEMO_LICENSE_KEY, fingerprint: DEMO_FINGERPRINT };
  const fileSchemes: [LicenseFileAlg, string][] = [
    ['base64+ed25519', 'Ed25519'],
    ['aes-256-gcm+ed25519', 'Ed25519, encrypted'],
    ['base64+rsa-pss-sha256', 'RSA-PSS'],
    ['aes-256-gcm+rsa-sha256', 'RSA PKCS#1 v1.5, encrypted'],
    ['base64+ecdsa-p256', 'ECDSA P-256']
  ];
  for (const [alg, label] of fileSchemes) {
    add('license-file', mintLicenseFile({ alg, ...checkout }), {
      id: `license-file-${alg.replace('+', '-')}`,
      label,
      ...licenseKeyOnly
    });
  }
  const licenseFile = mintLicenseFile({ alg: 'base64+ed25519', ...checkout });
  add('license-file', forgeLicenseFile(licenseFile), {
    id: 'license-file-forged',
    label: 'Forged',
    expected: 'invalid',
    ...licenseKeyOnly
  });
  add('license-file', mintLicenseFile({ alg: 'base64+ed25519', ...stale }), {
    id: 'license-file-expired',
    label: 'Expired checkout',
    expected: 'expired',
    ...licenseKeyOnly
  });
  add('license-file', mintLicenseFile({ alg: 'aes-256-gcm+ed25519', ...checkout }), {
    id: 'license-file-locked',
    label: 'Encrypted, asks for the license key',
    expected: 'invalid'
  });
  add('machine-file', mintLicenseFile({ type: 'machine', alg: 'aes-256-gcm+ed25519', ...checkout }), {
    id: 'machine-file',
    label: 'Ed25519, encrypted',
    ...machineSecrets
  });
  add('machine-file', mintLicenseFile({ type: 'machine', alg: 'base64+rsa-pss-sha256', ...checkout }), {
    id: 'machine-file-rsa-pss',
    label: 'RSA-PSS',
    ...machineSecrets
  });
  add('machine-file', forgeLicenseFile(mintLicenseFile({ type: 'machine', alg: 'base64+ed25519', ...checkout })), {
    id: 'machine-file-forged',
    label: 'Forged',
    expected: 'invalid',
    ...machineSecrets
  });
  add('machine-file', mintLicenseFile({ type: 'machine', alg: 'base64+ed25519', ...stale }), {
    id: 'machine-file-expired',
    label: 'Expired checkout',
    expected: 'expired',
    ...machineSecrets
  });
  add('machine-file', mintLicenseFile({ type: 'machine', alg: 'base64+ed25519', ...checkout }), {
    id: 'machine-file-wrong-device',
    label: 'Checked on another device',
    expected: 'wrong-device',
    licenseKey: DEMO_LICENSE_KEY,
    fingerprint: OTHER_FINGERPRINT
  });

  // Cached validation responses: the app's envelope and a browser's HAR export.
  const facts = current();
  const validatedAt = now - 2 * 3_600_000;
  const response = mintResponse({
    algorithm: 'ed25519',
    date: validatedAt,
    body: validateKeyBody(facts, { ts: iso(validatedAt) })
  });
  add('keygen-response', responseEnvelope(response), { id: 'keygen-response', label: 'Ed25519 envelope' });
  const harResponse = mintResponse({
    algorithm: 'rsa-pss-sha256',
    date: validatedAt,
    body: validateKeyBody(facts, { ts: iso(validatedAt) })
  });
  add('keygen-response', responseHar([harResponse]), { id: 'keygen-response-har', label: 'RSA-PSS, HAR file' });
  add(
    'keygen-response',
    responseEnvelope(mintLegacyResponse({ date: validatedAt, body: validateKeyBody(facts, { ts: iso(validatedAt) }) })),
    {
      id: 'keygen-response-legacy',
      label: 'Legacy X-Signature'
    }
  );
  // The body edited to a later expiry: the digest no longer matches what was signed.
  const laterExpiry = iso(now + 5 * 365 * DAY);
  add('keygen-response', responseEnvelope({ ...response, body: response.body.replace(facts.expiry!, laterExpiry) }), {
    id: 'keygen-response-forged',
    label: 'Forged (expiry edited)',
    expected: 'invalid'
  });
  const oldAt = now - 10 * DAY;
  add(
    'keygen-response',
    responseEnvelope(
      mintResponse({ algorithm: 'ed25519', date: oldAt, body: validateKeyBody(facts, { ts: iso(oldAt) }) })
    ),
    {
      id: 'keygen-response-stale',
      label: 'Validated 10 days ago (too old)',
      expected: 'expired'
    }
  );

  // LicenseSpring: a license file (.lic) and a request file (.req). The .lic samples are portal
  // refresh files: an activation answer is accepted only for a request composed on this device.
  const productCode = config.licenseSpring!.productCode;
  const answerDate = new Date(now - DAY).toUTCString();
  const validUntil = iso(now + 365 * DAY);
  const license = {
    hardwareId: HARDWARE_ID,
    licenseKey: PROOF_LICENSE_KEY,
    productCode,
    date: answerDate,
    refresh: true
  };
  const lic = mintLicenseSpringLicense({ ...license, validityPeriod: validUntil });
  add('licensespring-license', lic, {
    id: 'licensespring-license',
    label: 'Refresh file (.lic)',
    fingerprint: HARDWARE_ID
  });
  add('licensespring-license', editBase64Json(lic, validUntil, iso(now + 5 * 365 * DAY)), {
    id: 'licensespring-license-forged',
    label: 'Forged (validity edited)',
    expected: 'invalid',
    fingerprint: HARDWARE_ID
  });
  add('licensespring-license', mintLicenseSpringLicense({ ...license, validityPeriod: iso(now - 20 * DAY) }), {
    id: 'licensespring-license-expired',
    label: 'Expired',
    expected: 'expired',
    fingerprint: HARDWARE_ID
  });
  const ls = config.licenseSpring!;
  const request = await composeRequest({
    product: productCode,
    hardwareId: HARDWARE_ID,
    licenseKey: PROOF_LICENSE_KEY,
    apiKey: ls.apiKey ?? 'demo-api-key',
    sharedKey: ls.sharedKey ?? 'demo-shared-key',
    now: now - 3_600_000
  });
  add('licensespring-request', request.content, { id: 'licensespring-request', label: 'Activation request (.req)' });
  add('licensespring-request', editBase64Json(request.content, HARDWARE_ID, HARDWARE_ID.replace('A53F', 'A53E')), {
    id: 'licensespring-request-forged',
    label: 'Forged (hardware id edited)',
    expected: 'invalid'
  });
  return samples;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(JSON.stringify(await mintDemoSamples()));
}
