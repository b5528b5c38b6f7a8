/**
 * Trust anchors. A public key arrives as Ed25519 hex, base64 SPKI DER, PEM, base64-of-PEM or JWK,
 * and is always pinned to one algorithm by whoever configured it: the artifact never chooses.
 */
import {
  base64Decode,
  base64UrlDecode,
  bytesEqual,
  concatBytes,
  hexDecode,
  hexEncode,
  toBuffer,
  utf8Decode,
  utf8Encode
} from './encoding';
import { ed25519Verifier, type Ed25519Backend } from './ed25519';
import { ecdsaDerToP1363, readDer } from './der';
import { fail, VerifyError } from '../errors';

export const ALGORITHMS = ['ed25519', 'rsa-pss-sha256', 'rsa-sha256', 'ecdsa-p256'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export const isAlgorithm = (value: unknown): value is Algorithm =>
  typeof value === 'string' && (ALGORITHMS as readonly string[]).includes(value);

export interface KeySpec {
  id: string;
  algorithm: Algorithm;
  /** Ed25519 hex, base64 SPKI DER, PEM, base64 of a PEM, or a JWK (object or JSON text). */
  publicKey: string | JsonWebKey;
  /**
   * RSA keys only: also accept the legacy schemes that sign raw bytes with no prefix (v1 signed
   * keys, `X-Signature` responses). Off unless the vendor still has such artifacts in the field.
   */
  legacy?: boolean;
}

export interface TrustedKey {
  readonly id: string;
  readonly algorithm: Algorithm;
  /** Lower-case hex SHA-256 of the SubjectPublicKeyInfo DER. */
  readonly fingerprint: string;
  /** Trusted for the legacy raw-bytes schemes too (see `KeySpec.legacy`). */
  readonly legacy: boolean;
  /** Verify with the pinned algorithm. Never throws: malformed signatures are simply false. */
  verify(signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  /** RSA keys only: modulus and exponent for the raw public operation (legacy encrypted keys). */
  readonly rsa?: { n: bigint; e: bigint; size: number };
}

const ED25519_SPKI_PREFIX = hexDecode('302a300506032b6570032100');
const OID_ED25519 = '06032b6570';
const OID_RSA = '06092a864886f70d010101';
const OID_EC = '06072a8648ce3d0201';

/** What a textual key turned out to be, before it is bound to an algorithm. */
type KeyMaterial =
  { kind: 'spki'; der: Uint8Array } | { kind: 'jwk'; jwk: JsonWebKey } | { kind: 'raw-ed25519'; raw: Uint8Array };

const MAX_KEY_TEXT = 16_384;
const PEM_BEGIN = utf8Encode('-----BEGIN');

function parseKeyMaterial(publicKey: string | JsonWebKey, depth = 0): KeyMaterial {
  if (typeof publicKey !== 'string') return { kind: 'jwk', jwk: publicKey };
  const text = publicKey.trim();
  if (text.length === 0) fail('ERR_KEY_INVALID', 'the public key is empty');
  if (text.length > MAX_KEY_TEXT) fail('ERR_KEY_INVALID', 'the public key is too long');
  if (/PRIVATE KEY-----/.test(text))
    fail('ERR_KEY_INVALID', 'this is a private key; only public keys belong in a verifier');
  if (text.startsWith('{')) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch {
      fail('ERR_KEY_INVALID', 'the public key looks like JSON but does not parse');
    }
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
      fail('ERR_KEY_INVALID', 'a JWK must be a JSON object');
    return { kind: 'jwk', jwk: jwk as JsonWebKey };
  }
  if (/^[0-9a-fA-F]{64}$/.test(text)) return { kind: 'raw-ed25519', raw: hexDecode(text) };
  if (text.includes('-----BEGIN')) {
    const m = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
    if (!m) fail('ERR_KEY_INVALID', 'the PEM armour is incomplete');
    if (m[1] === 'RSA PUBLIC KEY')
      fail('ERR_KEY_INVALID', 'PKCS#1 "RSA PUBLIC KEY" is not supported; use the SPKI "PUBLIC KEY" form');
    if (m[1] !== 'PUBLIC KEY') fail('ERR_KEY_INVALID', `PEM type "${m[1]}" is not a public key`);
    return { kind: 'spki', der: base64Decode(m[2]!.replace(/\s+/g, ''), 'PEM body') };
  }
  const bytes = base64Decode(text.replace(/\s+/g, ''), 'public key');
  // Some vendors publish base64 of the PEM text itself ("LS0tLS1CRUdJTi…"). Compare bytes: DER is
  // not UTF-8, so decoding it as text would refuse every RSA and EC key given as base64 DER.
  if (depth === 0 && bytes.length > PEM_BEGIN.length && bytesEqual(bytes.subarray(0, PEM_BEGIN.length), PEM_BEGIN)) {
    return parseKeyMaterial(utf8Decode(bytes, 'public key'), 1);
  }
  return { kind: 'spki', der: bytes };
}

/** The key family an SPKI DER declares, read from its AlgorithmIdentifier OID. */
function spkiFamily(der: Uint8Array): 'ed25519' | 'rsa' | 'ec' {
  const outer = readDer(der, 0);
  const algId = readDer(der, outer.start);
  if (outer.tag !== 0x30 || outer.end !== der.length || algId.tag !== 0x30)
    fail('ERR_KEY_INVALID', 'not a SubjectPublicKeyInfo');
  const oid = readDer(der, algId.start);
  const oidHex = hexEncode(der.subarray(algId.start, oid.end));
  if (oidHex === OID_ED25519) return 'ed25519';
  if (oidHex === OID_RSA) return 'rsa';
  if (oidHex === OID_EC) return 'ec';
  fail('ERR_KEY_INVALID', 'unknown public key algorithm');
}

function jwkFamily(jwk: JsonWebKey): 'ed25519' | 'rsa' | 'ec' {
  if ('d' in jwk || 'p' in jwk)
    fail('ERR_KEY_INVALID', 'this JWK holds a private key; only public keys belong in a verifier');
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'ed25519';
  if (jwk.kty === 'RSA') return 'rsa';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ec';
  fail('ERR_KEY_INVALID', `unsupported JWK (kty ${String(jwk.kty)}, crv ${String(jwk.crv)})`);
}

function familyOf(material: KeyMaterial): 'ed25519' | 'rsa' | 'ec' {
  if (material.kind === 'raw-ed25519') return 'ed25519';
  return material.kind === 'jwk' ? jwkFamily(material.jwk) : spkiFamily(material.der);
}

const FAMILY_OF: Record<Algorithm, 'ed25519' | 'rsa' | 'ec'> = {
  ed25519: 'ed25519',
  'rsa-pss-sha256': 'rsa',
  'rsa-sha256': 'rsa',
  'ecdsa-p256': 'ec'
};

/** Algorithms a key of this shape can be pinned to (an RSA key serves PSS and PKCS#1 v1.5). */
export function algorithmsFor(publicKey: string | JsonWebKey): Algorithm[] {
  const family = familyOf(parseKeyMaterial(publicKey));
  return ALGORITHMS.filter((a) => FAMILY_OF[a] === family);
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hexEncode(new Uint8Array(await crypto.subtle.digest('SHA-256', toBuffer(bytes))));
}

const bigintFromB64url = (s: string | undefined): bigint => {
  if (!s) fail('ERR_KEY_INVALID', 'RSA key without modulus or exponent');
  const hex = hexEncode(base64UrlDecode(s, 'JWK member'));
  return BigInt('0x' + (hex || '0'));
};

async function importEd25519(material: KeyMaterial, backend?: Ed25519Backend) {
  let raw: Uint8Array;
  if (material.kind === 'raw-ed25519') raw = material.raw;
  else if (material.kind === 'jwk') raw = base64UrlDecode(material.jwk.x ?? '', 'JWK x');
  else {
    const der = material.der;
    if (der.length !== 44 || hexEncode(der.subarray(0, 12)) !== hexEncode(ED25519_SPKI_PREFIX))
      fail('ERR_KEY_INVALID', 'malformed Ed25519 SPKI');
    raw = der.subarray(12);
  }
  if (raw.length !== 32) fail('ERR_KEY_INVALID', 'an Ed25519 public key is 32 bytes');
  const spki = concatBytes(ED25519_SPKI_PREFIX, raw);
  return { spki, verify: await ed25519Verifier(raw, backend) };
}

/** `value` as `size` big-endian bytes. */
function bigEndian(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1, v = value; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** a < b for two big-endian numbers of the same length, without a BigInt per signature. */
function lessThan(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

async function importRsa(material: KeyMaterial, algorithm: 'rsa-pss-sha256' | 'rsa-sha256', pssSaltLength?: number) {
  const params = { name: algorithm === 'rsa-pss-sha256' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  let key: CryptoKey;
  try {
    key =
      material.kind === 'jwk'
        ? await crypto.subtle.importKey('jwk', { kty: 'RSA', n: material.jwk.n, e: material.jwk.e }, params, true, [
            'verify'
          ])
        : await crypto.subtle.importKey('spki', toBuffer((material as { der: Uint8Array }).der), params, true, [
            'verify'
          ]);
  } catch {
    fail('ERR_KEY_INVALID', 'the RSA public key does not import');
  }
  const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  if (bits < 2048) fail('ERR_KEY_INVALID', `RSA keys under 2048 bits are refused (this one has ${bits})`);
  const jwk = await crypto.subtle.exportKey('jwk', key);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', key));
  const size = Math.ceil(bits / 8);
  // Keygen signs PSS with the maximum salt (Ruby `salt_length: :max`): emLen − hLen − 2.
  const saltLength = pssSaltLength ?? Math.ceil((bits - 1) / 8) - 34;
  const verifyParams = algorithm === 'rsa-pss-sha256' ? { name: 'RSA-PSS', saltLength } : { name: 'RSASSA-PKCS1-v1_5' };
  const n = bigintFromB64url(jwk.n);
  const modulus = bigEndian(n, size);
  const verify = async (signature: Uint8Array, data: Uint8Array) => {
    if (signature.length !== size) return false;
    // s and s + n verify alike; only s < n is the signature (WebKit's WebCrypto does not check).
    if (!lessThan(signature, modulus)) return false;
    try {
      return await crypto.subtle.verify(verifyParams, key, toBuffer(signature), toBuffer(data));
    } catch {
      return false;
    }
  };
  return { spki, verify, rsa: { n, e: bigintFromB64url(jwk.e), size } };
}

async function importEcdsa(material: KeyMaterial) {
  const params = { name: 'ECDSA', namedCurve: 'P-256' };
  let key: CryptoKey;
  try {
    key =
      material.kind === 'jwk'
        ? await crypto.subtle.importKey(
            'jwk',
            { kty: 'EC', crv: 'P-256', x: material.jwk.x, y: material.jwk.y },
            params,
            true,
            ['verify']
          )
        : await crypto.subtle.importKey('spki', toBuffer((material as { der: Uint8Array }).der), params, true, [
            'verify'
          ]);
  } catch {
    fail('ERR_KEY_INVALID', 'the ECDSA P-256 public key does not import');
  }
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', key));
  const verify = async (signature: Uint8Array, data: Uint8Array) => {
    try {
      return await crypto.subtle.verify(
        { name: 'ECDSA', hash: 'SHA-256' },
        key,
        ecdsaDerToP1363(signature),
        toBuffer(data)
      );
    } catch {
      return false;
    }
  };
  return { spki, verify, key };
}

export interface ImportOptions {
  ed25519Backend?: Ed25519Backend;
  /** RSA-PSS salt length in bytes. Defaults to the maximum, which is what Keygen signs with. */
  pssSaltLength?: number;
}

/**
 * Import one configured key. Refuses private keys, keys of another family than the pinned
 * algorithm, and RSA keys under 2048 bits.
 */
export async function importTrustedKey(spec: KeySpec, options: ImportOptions = {}): Promise<TrustedKey> {
  if (!spec.id) fail('ERR_KEY_INVALID', 'a key needs an id');
  if (!isAlgorithm(spec.algorithm))
    fail('ERR_KEY_INVALID', `key "${spec.id}": unknown algorithm "${String(spec.algorithm)}"`);
  try {
    const material = parseKeyMaterial(spec.publicKey);
    const family = familyOf(material);
    if (family !== FAMILY_OF[spec.algorithm])
      fail('ERR_KEY_INVALID', `it is an ${family} key, not one for ${spec.algorithm}`);
    if (spec.legacy && family !== 'rsa') fail('ERR_KEY_INVALID', 'only RSA keys signed the legacy schemes');
    const imported: { spki: Uint8Array; verify: TrustedKey['verify']; rsa?: TrustedKey['rsa'] } =
      spec.algorithm === 'ed25519'
        ? await importEd25519(material, options.ed25519Backend)
        : spec.algorithm === 'ecdsa-p256'
          ? await importEcdsa(material)
          : await importRsa(material, spec.algorithm, options.pssSaltLength);
    return {
      id: spec.id,
      algorithm: spec.algorithm,
      fingerprint: await sha256Hex(imported.spki),
      legacy: spec.legacy === true,
      verify: imported.verify,
      ...(imported.rsa ? { rsa: imported.rsa } : {})
    };
  } catch (err) {
    if (err instanceof VerifyError) throw new VerifyError('ERR_KEY_INVALID', `key "${spec.id}": ${err.message}`);
    throw err;
  }
}

/** Import an ECDSA P-256 key for IEEE P1363 signatures (`r ‖ s`), as WebCrypto takes them. */
export async function importEcdsaP1363(
  publicKey: string | JsonWebKey
): Promise<(signature: Uint8Array, data: Uint8Array) => Promise<boolean>> {
  const { key } = await importEcdsa(parseKeyMaterial(publicKey));
  return async (signature, data) => {
    // r ‖ s is exactly 64 bytes; Firefox's WebCrypto also takes some shorter and longer ones.
    if (signature.length !== 64) return false;
    try {
      return await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, toBuffer(signature), toBuffer(data));
    } catch {
      return false;
    }
  };
}
