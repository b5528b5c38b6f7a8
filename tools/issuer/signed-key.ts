/** Mint Keygen signed keys: v2 `key/…` for every scheme, and legacy v1 RSA keys. */
import type { KeyObject } from 'node:crypto';
import type { Algorithm } from '../../src/lib/core/crypto/keys';
import { demoKeyFor, sign } from './keys';

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
/** Ruby's `urlsafe_encode64` keeps the `=` padding; Node's base64url drops it. */
export const b64urlPadded = (bytes: Uint8Array | string) => {
  const s = b64url(bytes);
  return s + '='.repeat((4 - (s.length % 4)) % 4);
};

export function mintSignedKey(options: {
  algorithm: Algorithm;
  dataset: string;
  legacy?: boolean;
  privateKey?: KeyObject;
}): string {
  const key = options.privateKey ?? demoKeyFor(options.algorithm);
  if (options.legacy) {
    if (options.algorithm !== 'rsa-sha256' && options.algorithm !== 'rsa-pss-sha256')
      throw new Error('legacy v1 keys are RSA only');
    return `${b64urlPadded(options.dataset)}.${b64urlPadded(sign(options.algorithm, key, options.dataset))}`;
  }
  const signing = `key/${b64urlPadded(options.dataset)}`;
  return `${signing}.${b64urlPadded(sign(options.algorithm, key, signing))}`;
}
