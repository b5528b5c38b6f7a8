/** Mint Keygen JWT keys (`RSA_2048_JWT_RS256`) as Ruby-JWT does for Keygen's server. */
import { randomUUID, type KeyObject } from 'node:crypto';
import { demoKeys, sign } from './keys';
import { demoLicenseFacts, type LicenseFacts } from './datasets';

export interface JwtKeyOptions {
  /** License facts for the default claims. */
  facts?: LicenseFacts;
  /** Custom claims (Keygen's `key` attribute as a JSON object), signed instead of the defaults. */
  claims?: Record<string, unknown>;
  /** RSA private key; the demo key by default. */
  privateKey?: KeyObject;
}

const unixSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const b64url = (text: string | Uint8Array) => Buffer.from(text).toString('base64url');

/**
 * Header exactly `{"alg":"RS256"}`; default claims `{jti, iss, aud: account, sub: license, iat,
 * nbf[, exp]}` (no `exp` for a license that never expires) plus a custom `product` claim, as a
 * vendor that restricts products must add; segments unpadded.
 */
export function mintJwtKey(options: JwtKeyOptions = {}): string {
  const f = options.facts ?? demoLicenseFacts();
  const claims = options.claims ?? {
    jti: randomUUID(),
    iss: 'https://keygen.sh',
    aud: f.accountId,
    sub: f.licenseId,
    iat: unixSeconds(f.created),
    nbf: unixSeconds(f.created),
    product: f.productId,
    ...(f.expiry !== null ? { exp: unixSeconds(f.expiry) } : {})
  };
  const signing = `${b64url('{"alg":"RS256"}')}.${b64url(JSON.stringify(claims))}`;
  return `${signing}.${b64url(sign('rsa-sha256', options.privateKey ?? demoKeys().rsa, signing))}`;
}
