/**
 * Keygen JWT keys (`RSA_2048_JWT_RS256`): a compact JWS `header.claims.signature` from Ruby-JWT,
 * header `{"alg":"RS256"}`, unpadded base64url segments, RSASSA-PKCS1-v1_5 SHA-256 over the ASCII
 * of `header.claims`. The header's `alg` must say RS256, but the key's own pin decides how the
 * signature is checked: `none` and HMAC-with-the-public-key tokens never reach a verifier.
 */
import { base64UrlDecode, utf8Decode, utf8Encode } from '../crypto/encoding';
import { fail } from '../errors';
import type { VerifyContext } from '../context';
import { findSigner, noSignerMessage, verifiedBy } from '../crypto/signature';
import { check, makeVerdict, type Check, type Verdict } from '../verdict';
import { isObj, tryParseJson, type Obj } from '../dataset';
import {
  clockCheck,
  expiryCheck,
  iso,
  namedProducts,
  notBeforeCheck,
  productCheck,
  unboundDevice,
  withGrace
} from '../policy';

const SCHEME = 'RSA_2048_JWT_RS256';
const ALGORITHMS = ['rsa-sha256'] as const;
/** Keygen keys are short; custom claims still fit in far less. */
const MAX_TOKEN_CHARS = 65_536;
/** The largest time `Date` can hold, in ms. */
const MAX_DATE_MS = 8.64e15;

function decodeHeader(segment: string): Obj {
  const header = tryParseJson(utf8Decode(base64UrlDecode(segment, 'JWT header'), 'JWT header'));
  if (!isObj(header)) fail('ERR_FORMAT_MALFORMED', 'The JWT header is not a JSON object.');
  return header;
}

/** Why the header is refused before any signature is checked, or undefined when it is RS256. */
function headerProblem(header: Obj): string | undefined {
  const alg = header.alg;
  if (alg !== 'RS256') {
    const shown = typeof alg === 'string' ? `"${alg.slice(0, 20)}"` : 'no algorithm';
    return `The token declares ${shown} where Keygen JWT keys are always RS256; it is refused without trusting it.`;
  }
  // RFC 7515 §4.1.11: a token that names extensions the verifier must understand is refused.
  if ('crit' in header) return 'The token requires header extensions ("crit") this verifier does not implement.';
  return undefined;
}

/** A NumericDate claim (seconds since the epoch) in ms; undefined when absent, NaN when unreadable. */
function numericDate(claims: Obj, name: string): number | undefined {
  if (!(name in claims)) return undefined;
  const value = claims[name];
  const ms = typeof value === 'number' ? value * 1000 : NaN;
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? ms : NaN;
}

function claimChecks(claims: Obj, ctx: VerifyContext): { checks: Check[]; issuedAt?: number; expiry?: string | null } {
  const checks: Check[] = [];
  const iat = numericDate(claims, 'iat');
  const issuedAt = iat !== undefined && !Number.isNaN(iat) ? iat : undefined;
  checks.push(clockCheck(ctx, issuedAt));

  const exp = numericDate(claims, 'exp');
  let expiry: string | null | undefined;
  if (exp !== undefined && Number.isNaN(exp)) {
    checks.push(check('token-expiry', false, 'The token has an unreadable expiry ("exp").', 'invalid'));
  } else {
    // No `exp` means the license never expires. Keygen sets `exp` from the license's expiry, so
    // the license grace period applies to it.
    expiry = exp === undefined ? null : iso(exp);
    checks.push(expiryCheck('token-expiry', 'token', expiry, ctx, ctx.trust.config.gracePeriodSeconds));
  }

  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined) {
    checks.push(
      Number.isNaN(nbf)
        ? check('not-before', false, 'The token has an unreadable start ("nbf").', 'invalid')
        : notBeforeCheck('token', nbf, ctx)
    );
  }

  const account = ctx.trust.config.account?.id;
  if (account !== undefined) {
    const aud = claims.aud;
    const audiences =
      typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
    if (audiences.includes(account))
      checks.push(check('account', true, `It is issued for account ${account}.`, 'wrong-product'));
    else {
      const shown = audiences.length ? `account ${audiences.join(', ').slice(0, 120)}` : 'no account ("aud")';
      checks.push(
        check('account', false, `It is issued for ${shown}, not the account this verifier trusts.`, 'wrong-product')
      );
    }
  }
  const product = productCheck(namedProducts(claims), ctx);
  if (product) checks.push(product);
  return { checks, ...(issuedAt !== undefined ? { issuedAt } : {}), ...(expiry !== undefined ? { expiry } : {}) };
}

/** Verify a Keygen `RSA_2048_JWT_RS256` key. */
export async function verifyJwtKey(text: string, ctx: VerifyContext): Promise<Verdict> {
  const kind = 'jwt-key';
  if (text.length > MAX_TOKEN_CHARS) fail('ERR_FORMAT_MALFORMED', 'This is too long to be a JWT license key.');
  const parts = text.split('.');
  if (parts.length !== 3)
    fail('ERR_FORMAT_MALFORMED', `A JWT has three parts joined by dots; this one has ${parts.length}.`);
  const [encodedHeader, encodedClaims, encodedSignature] = parts as [string, string, string];
  if (text.includes('='))
    fail('ERR_FORMAT_MALFORMED', 'A JWT never pads its parts with "="; this one does, so it was altered.');
  if (!encodedHeader || !encodedClaims) fail('ERR_FORMAT_MALFORMED', 'The JWT has an empty header or claims part.');

  const refused = headerProblem(decodeHeader(encodedHeader));
  if (refused) return makeVerdict({ kind, genuine: false, checks: [check('signature', false, refused, 'invalid')] });
  if (!encodedSignature) fail('ERR_FORMAT_MALFORMED', 'The JWT has no signature.');
  const signature = base64UrlDecode(encodedSignature, 'JWT signature');

  const keys = ctx.trust.keys;
  const signer = await findSigner(keys, signature, utf8Encode(`${encodedHeader}.${encodedClaims}`), ALGORITHMS);
  if (!signer) {
    return makeVerdict({
      kind,
      genuine: false,
      checks: [check('signature', false, noSignerMessage(keys, ALGORITHMS), 'invalid')]
    });
  }
  const checks: Check[] = [check('signature', true, `Signed by trusted key ${signer.id} (${SCHEME}).`, 'invalid')];
  const dataset = utf8Decode(base64UrlDecode(encodedClaims, 'JWT claims'), 'JWT claims');
  const claims = tryParseJson(dataset);
  const base = { kind, genuine: true, scheme: SCHEME, key: verifiedBy(signer), dataset, data: claims } as const;
  if (!isObj(claims)) {
    checks.push(
      check(
        'type',
        false,
        'The token is signed, but its claims are not a JSON object, so nothing in it can be checked.',
        'invalid'
      )
    );
    return makeVerdict({ ...base, checks });
  }
  const policy = claimChecks(claims, ctx);
  checks.push(...policy.checks);
  const licenseId = typeof claims.sub === 'string' ? claims.sub : undefined;
  return makeVerdict({
    ...base,
    checks,
    summary: {
      ...(licenseId !== undefined ? { licenseId } : {}),
      ...(policy.expiry !== undefined ? { licenseExpiry: policy.expiry } : {})
    },
    notCovered: unboundDevice('JWT license key', ctx),
    ...(policy.issuedAt !== undefined ? { signedAt: iso(policy.issuedAt) } : {}),
    expiresAt: withGrace(policy.expiry, ctx) ?? null
  });
}
