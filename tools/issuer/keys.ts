/**
 * The demo issuer's signing side (Node only). It signs with node:crypto, independently of the
 * verifier's WebCrypto code, so a shared mistake cannot make both sides agree on a wrong format.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, constants, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Algorithm } from '../../src/lib/core/crypto/keys';

export const DEMO_KEYS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../demo-keys-PUBLIC-TEST-MATERIAL'
);

export interface SigningKeys {
  ed25519: KeyObject;
  rsa: KeyObject;
  ecdsa: KeyObject;
  /** Stands in for LicenseSpring's RSA-4096 key. */
  licenseSpring: KeyObject;
}

const load = (name: string) => createPrivateKey(readFileSync(path.join(DEMO_KEYS_DIR, `${name}.private.pem`), 'utf8'));

let demo: SigningKeys | undefined;

/** The committed demo key pairs (public test material). */
export function demoKeys(): SigningKeys {
  demo ??= {
    ed25519: load('ed25519'),
    rsa: load('rsa-2048'),
    ecdsa: load('ecdsa-p256'),
    licenseSpring: load('licensespring-rsa-4096')
  };
  return demo;
}

/** A private key from a PEM file (the issuer's `--private-key`). */
export function privateKeyFromFile(file: string): KeyObject {
  return createPrivateKey(readFileSync(file, 'utf8'));
}

export function publicPem(key: KeyObject): string {
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

/** The demo key that signs with `algorithm`. */
export function demoKeyFor(algorithm: Algorithm, keys = demoKeys()): KeyObject {
  return algorithm === 'ed25519' ? keys.ed25519 : algorithm === 'ecdsa-p256' ? keys.ecdsa : keys.rsa;
}

/**
 * Sign as Keygen does: Ed25519 pure; RSA-PSS SHA-256 with MGF1-SHA-256 and the maximum salt
 * (222 bytes for 2048-bit keys); RSASSA-PKCS1-v1_5 SHA-256; ECDSA P-256 SHA-256 with a DER signature.
 */
export function sign(algorithm: Algorithm, key: KeyObject, data: Uint8Array | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  switch (algorithm) {
    case 'ed25519':
      return nodeSign(null, bytes, key);
    case 'rsa-pss-sha256':
      return nodeSign('sha256', bytes, {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN
      });
    case 'rsa-sha256':
      return nodeSign('sha256', bytes, { key, padding: constants.RSA_PKCS1_PADDING });
    case 'ecdsa-p256':
      return nodeSign('sha256', bytes, { key, dsaEncoding: 'der' });
  }
}
