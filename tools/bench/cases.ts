/**
 * The artifacts the bench measures, minted by the demo issuer (Node only). Adding a kind is one
 * entry in `CASES`: mint the artifact, and name the raw operations its verdict rests on.
 */
import { createHash, createHmac, type KeyObject } from 'node:crypto';
import { ALGORITHMS, type Algorithm } from '../../src/lib/core/crypto/keys';
import { ecdsaDerToP1363 } from '../../src/lib/core/crypto/der';
import { demoKeyFor, demoKeys, publicPem } from '../issuer/keys';
import { mintSignedKey } from '../issuer/signed-key';
import { demoLicenseFacts, keyDataset } from '../issuer/datasets';
import { mintEncryptedKey } from '../issuer/encrypted-key';
import { mintJwtKey } from '../issuer/jwt-key';
import { mintActivationProof } from '../issuer/activation-proof';
import { DEMO_FINGERPRINT, DEMO_LICENSE_KEY, mintLicenseFile, type LicenseFileAlg } from '../issuer/license-file';
import {
  mintLegacyResponse,
  mintResponse,
  responseEnvelope,
  responseHar,
  type ResponseAlgorithm,
  type SignedResponse
} from '../issuer/keygen-response';
import { mintLicenseSpringLicense } from '../issuer/licensespring';
import { demoConfig } from '../issuer/demo-trust';
import { DEMO_NOW, type BenchCase, type RawOp } from './harness';

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');

const SIGN_SCHEMES: Record<Algorithm, string> = {
  ed25519: 'ED25519_SIGN',
  'rsa-pss-sha256': 'RSA_2048_PKCS1_PSS_SIGN_V2',
  'rsa-sha256': 'RSA_2048_PKCS1_SIGN_V2',
  'ecdsa-p256': 'ECDSA_P256_SIGN'
};

const VERIFY_LABEL: Record<Algorithm, string> = {
  ed25519: 'Ed25519 verify',
  'rsa-pss-sha256': 'RSA-2048 PSS verify',
  'rsa-sha256': 'RSA-2048 PKCS#1 v1.5 verify',
  'ecdsa-p256': 'ECDSA P-256 verify'
};

/**
 * The raw verify of `signature` over `data` with the demo key for `algorithm`. ECDSA signatures
 * arrive DER-encoded and WebCrypto takes r‖s, so the raw side gets them converted, untimed.
 */
function rawVerify(
  algorithm: Algorithm,
  signature: Uint8Array,
  data: Uint8Array | string,
  key: KeyObject = demoKeyFor(algorithm)
): RawOp {
  const sig = algorithm === 'ecdsa-p256' ? ecdsaDerToP1363(signature) : signature;
  return { op: 'verify', algorithm, publicKey: publicPem(key), signature: b64(sig), data: b64(data) };
}

function signedKeyCase(algorithm: Algorithm, legacy = false): BenchCase {
  const dataset = keyDataset(demoLicenseFacts());
  const artifact = mintSignedKey({ algorithm, dataset, legacy });
  const dot = artifact.indexOf('.');
  const signature = Buffer.from(artifact.slice(dot + 1), 'base64url');
  // v2 signs the encoded `key/…` text; v1 the raw dataset.
  const signed = legacy ? dataset : artifact.slice(0, dot);
  const scheme = legacy ? SIGN_SCHEMES[algorithm].replace('_V2', '') : SIGN_SCHEMES[algorithm];
  return {
    name: `${legacy ? 'legacy-signed-key' : 'signed-key'} ${scheme}`,
    artifact,
    raw: [rawVerify(algorithm, signature, signed)],
    rawLabel: VERIFY_LABEL[algorithm]
  };
}

function encryptedKeyCase(): BenchCase {
  const artifact = mintEncryptedKey();
  return {
    name: 'encrypted-key RSA_2048_PKCS1_ENCRYPT',
    artifact,
    raw: [{ op: 'rsa-public', publicKey: publicPem(demoKeys().rsa), block: b64(Buffer.from(artifact, 'base64url')) }],
    rawLabel: 'BigInt c^e mod n (RSA-2048)'
  };
}

function jwtKeyCase(): BenchCase {
  const artifact = mintJwtKey();
  const dot = artifact.lastIndexOf('.');
  return {
    name: 'jwt-key RSA_2048_JWT_RS256',
    artifact,
    raw: [rawVerify('rsa-sha256', Buffer.from(artifact.slice(dot + 1), 'base64url'), artifact.slice(0, dot))],
    rawLabel: VERIFY_LABEL['rsa-sha256']
  };
}

const PROOF_FINGERPRINT = '4f:9a:1c:7e:2b:d0:85:36';

function activationProofCase(): BenchCase {
  const artifact = mintActivationProof({ licenseKey: DEMO_LICENSE_KEY, machine: { fingerprint: PROOF_FINGERPRINT } });
  const dot = artifact.indexOf('.');
  return {
    name: 'activation-proof (bound to key and fingerprint)',
    artifact,
    context: { licenseKey: DEMO_LICENSE_KEY, fingerprint: PROOF_FINGERPRINT },
    raw: [rawVerify('rsa-sha256', Buffer.from(artifact.slice(dot + 1), 'base64url'), artifact.slice(0, dot))],
    rawLabel: VERIFY_LABEL['rsa-sha256']
  };
}

/** A license or machine file, and for `aes-256-gcm` files the raw decrypt after the raw verify. */
function licenseFileCase(type: 'license' | 'machine', alg: LicenseFileAlg): BenchCase {
  const artifact = mintLicenseFile({ type, alg });
  const armoured = /-----BEGIN [A-Z]+ FILE-----([\s\S]*?)-----END/.exec(artifact)![1]!;
  const payload = JSON.parse(Buffer.from(armoured.replace(/\s+/g, ''), 'base64').toString('utf8')) as {
    enc: string;
    sig: string;
  };
  const algorithm = alg.split('+')[1] as Algorithm;
  const raw: RawOp[] = [rawVerify(algorithm, Buffer.from(payload.sig, 'base64'), `${type}/${payload.enc}`)];
  const encrypted = alg.startsWith('aes-256-gcm+');
  const secret = type === 'license' ? DEMO_LICENSE_KEY : DEMO_LICENSE_KEY + DEMO_FINGERPRINT;
  if (encrypted) {
    const [ciphertext, iv, tag] = payload.enc.split('.').map((part) => Buffer.from(part, 'base64')) as [
      Buffer,
      Buffer,
      Buffer
    ];
    const key = createHash('sha256').update(secret).digest();
    // The AES key is SHA-256 of the secret the user typed: derived and imported for every verdict.
    raw.push({ op: 'sha256', data: b64(secret), expected: b64(key) });
    raw.push({
      op: 'aes-256-gcm-decrypt',
      key: b64(key),
      iv: b64(iv),
      ciphertextAndTag: b64(Buffer.concat([ciphertext, tag]))
    });
  }
  return {
    name: `${type}-file ${alg}`,
    artifact,
    context:
      type === 'license'
        ? { licenseKey: DEMO_LICENSE_KEY }
        : { licenseKey: DEMO_LICENSE_KEY, fingerprint: DEMO_FINGERPRINT },
    raw,
    rawLabel:
      VERIFY_LABEL[algorithm] + (encrypted ? ' + SHA-256 of the secret + AES-256-GCM key import and decrypt' : '')
  };
}

/** Signed an hour before the bench's "now", well inside the demo config's maximum response age. */
const RESPONSE_DATE = DEMO_NOW - 3_600_000;

function responseRaw(response: SignedResponse, algorithm: ResponseAlgorithm): RawOp[] {
  const h = response.headers;
  const signature = /signature="([^"]+)"/.exec(h['Keygen-Signature']!)![1]!;
  const signing = [
    `(request-target): ${response.method.toLowerCase()} ${response.path}`,
    `host: ${response.host}`,
    `date: ${h.Date}`,
    `digest: ${h.Digest}`
  ].join('\n');
  return [
    { op: 'sha256', data: b64(response.body), expected: h.Digest!.slice('sha-256='.length) },
    rawVerify(algorithm, Buffer.from(signature, 'base64'), signing)
  ];
}

function keygenResponseCase(algorithm: ResponseAlgorithm, container: 'envelope' | 'HAR'): BenchCase {
  const response = mintResponse({ algorithm, date: RESPONSE_DATE });
  return {
    name: `keygen-response ${algorithm} (${container})`,
    artifact: container === 'envelope' ? responseEnvelope(response) : responseHar([response]),
    raw: responseRaw(response, algorithm),
    rawLabel: `SHA-256 + ${VERIFY_LABEL[algorithm]}`
  };
}

function legacyResponseCase(): BenchCase {
  const response = mintLegacyResponse({ date: RESPONSE_DATE });
  return {
    name: 'keygen-response X-Signature rsa-sha256 (envelope)',
    artifact: responseEnvelope(response),
    raw: [rawVerify('rsa-sha256', Buffer.from(response.headers['X-Signature']!, 'base64'), response.body)],
    rawLabel: VERIFY_LABEL['rsa-sha256']
  };
}

const LS_HARDWARE_ID = '8b06c6053b7a2040f07c60b62f17f378ccc5030e21676f8a100a97ab36303ad0';
const LS_REQUEST_ID = 'D010714E-72DD-E4CF-BEBB-4105EC1B2A0F';
const LS_LICENSE_KEY = 'BSK8-CLCY-PB5E-BXFO';

function licenseSpringLicenseCase(): BenchCase {
  const productCode = demoConfig().licenseSpring!.productCode;
  const artifact = mintLicenseSpringLicense({
    requestId: LS_REQUEST_ID,
    hardwareId: LS_HARDWARE_ID,
    licenseKey: LS_LICENSE_KEY,
    productCode,
    validityPeriod: '2027-01-15T00:00:00.000Z'
  });
  // An activation answer is signed as it stands without its two signature members.
  const {
    license_signature: legacy,
    license_signature_v2: v2,
    ...signed
  } = JSON.parse(Buffer.from(artifact, 'base64').toString('utf8')) as Record<string, unknown>;
  // The file also carries the legacy signature, and the verdict checks it: a failing one makes the
  // verdict invalid (a file assembled from parts), so it is work the verdict rests on.
  const legacyMessage = `${LS_HARDWARE_ID}#${LS_LICENSE_KEY}#${signed.validity_period as string}`.toLowerCase();
  return {
    name: 'licensespring-license license_signature_v2',
    artifact,
    context: { requests: [[LS_REQUEST_ID, { hardwareId: LS_HARDWARE_ID }]] },
    raw: [
      rawVerify('rsa-sha256', Buffer.from(v2 as string, 'base64'), JSON.stringify(signed), demoKeys().licenseSpring),
      rawVerify('rsa-sha256', Buffer.from(legacy as string, 'base64'), legacyMessage, demoKeys().licenseSpring)
    ],
    rawLabel: '2 × RSA-4096 PKCS#1 v1.5 verify (license_signature_v2, legacy license_signature)'
  };
}

/**
 * A v2 `.req` as LicenseSpring's C++ SDK writes it (licensespring-offline.md §3): the inner HMAC
 * over the v1 signing string, the outer hex HMAC over the inner object's compact JSON.
 */
function licenseSpringRequestCase(): BenchCase {
  const { apiKey, productCode, sharedKey } = demoConfig().licenseSpring!;
  if (!apiKey || !sharedKey) throw new Error('the demo config needs licenseSpring.apiKey and sharedKey');
  const date = new Date(DEMO_NOW - 3_600_000).toUTCString();
  const v1Message = `licenseSpring\ndate: ${date}\n${LS_LICENSE_KEY}\n${LS_HARDWARE_ID}\n${apiKey}`;
  const v1Signature = createHmac('sha256', sharedKey).update(v1Message).digest();
  const inner = JSON.stringify({
    schema_version: 2,
    api_key: apiKey,
    date,
    hardware_id: LS_HARDWARE_ID,
    license_key: LS_LICENSE_KEY,
    os_hostname: 'kiosk-07',
    product: productCode,
    request: 'activation',
    request_id: LS_REQUEST_ID,
    signature: v1Signature.toString('base64')
  });
  const outer = createHmac('sha256', sharedKey).update(inner).digest();
  const mac = (data: string, expected: Buffer) => ({ data: b64(data), expected: b64(expected) });
  return {
    name: 'licensespring-request v2 (shared key given)',
    artifact: b64(`{"request":${inner},"signature":"${outer.toString('hex')}"}`),
    context: { sharedKey },
    raw: [{ op: 'hmac-sha256', key: b64(sharedKey), messages: [mac(v1Message, v1Signature), mac(inner, outer)] }],
    rawLabel: 'HMAC key import + 2 × HMAC-SHA256'
  };
}

/** One entry per artifact kind and scheme. */
export const CASES: Array<() => BenchCase> = [
  ...ALGORITHMS.map((algorithm) => () => signedKeyCase(algorithm)),
  () => signedKeyCase('rsa-sha256', true),
  () => signedKeyCase('rsa-pss-sha256', true),
  encryptedKeyCase,
  jwtKeyCase,
  activationProofCase,
  () => licenseFileCase('license', 'base64+ed25519'),
  () => licenseFileCase('license', 'aes-256-gcm+ed25519'),
  () => licenseFileCase('machine', 'aes-256-gcm+rsa-pss-sha256'),
  () => keygenResponseCase('ed25519', 'envelope'),
  () => keygenResponseCase('rsa-pss-sha256', 'HAR'),
  legacyResponseCase,
  licenseSpringLicenseCase,
  licenseSpringRequestCase
];

export const mintCases = (): BenchCase[] => CASES.map((mint) => mint());

/** `n` ED25519_SIGN keys over distinct datasets (a fresh license id each). */
export function mintBulkKeys(n: number): string[] {
  const key = demoKeyFor('ed25519');
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++)
    keys[i] = mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(demoLicenseFacts()), privateKey: key });
  return keys;
}

export const bulkPublicKey = (): string => publicPem(demoKeyFor('ed25519'));
