/** Mint Keygen legacy encrypted keys (`RSA_2048_PKCS1_ENCRYPT`) as Keygen's server does. */
import { constants, privateEncrypt, type KeyObject } from 'node:crypto';
import { demoKeys } from './keys';
import { demoLicenseFacts, type LicenseFacts } from './datasets';
import { b64urlPadded } from './signed-key';

export interface EncryptedKeyOptions {
  /**
   * License facts for Keygen's default dataset `{"id","created","duration","expiry"}`, plus the
   * `product` a vendor that restricts products must add to its seed.
   */
  facts?: LicenseFacts;
  /** A custom seed (Keygen's `key` attribute, at most 245 bytes for a 2048-bit key) instead. */
  dataset?: string;
  /** RSA private key; the demo key by default. */
  privateKey?: KeyObject;
}

/**
 * `RSA_private_encrypt` with PKCS#1 v1.5 block-type-1 padding, then Ruby's padded
 * `urlsafe_encode64`: one 344-character token for a 2048-bit key.
 */
export function mintEncryptedKey(options: EncryptedKeyOptions = {}): string {
  const f = options.facts ?? demoLicenseFacts();
  const dataset =
    options.dataset ??
    JSON.stringify({
      id: f.licenseId,
      created: f.created,
      duration: f.duration,
      expiry: f.expiry,
      product: { id: f.productId }
    });
  const key = options.privateKey ?? demoKeys().rsa;
  return b64urlPadded(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(dataset, 'utf8')));
}
