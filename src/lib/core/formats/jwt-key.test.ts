import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { verify } from '../verify';
import { buildTrustStore } from '../config';
import { base64UrlEncode, utf8Encode } from '../crypto/encoding';
import { hmacSha256 } from '../crypto/primitives';
import { demoConfig, demoContext } from '../../../../tools/issuer/demo-trust';
import { demoKeys, publicPem, sign } from '../../../../tools/issuer/keys';
import { demoLicenseFacts } from '../../../../tools/issuer/datasets';
import { mintJwtKey } from '../../../../tools/issuer/jwt-key';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const seg = (text: string) => base64UrlEncode(utf8Encode(text), false);
const unix = (iso: string) => Date.parse(iso) / 1000;

async function trusting(ids: string[], config = demoConfig()) {
  return demoContext({
    trust: await buildTrustStore({ ...config, keys: config.keys.filter((k) => ids.includes(k.id)) })
  });
}

/** Sign `header.claims` with the demo RSA key as RS256, whatever the header says. */
function signRs256(header: string, claims: string): string {
  const signing = `${seg(header)}.${seg(claims)}`;
  return `${signing}.${base64UrlEncode(sign('rsa-sha256', demoKeys().rsa, signing), false)}`;
}

const claimsOf = (token: string) => Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8');

describe('JWT keys (RSA_2048_JWT_RS256)', () => {
  it('a minted key is genuine and valid, with its claims and summary', async () => {
    const facts = demoLicenseFacts();
    const token = mintJwtKey({ facts });
    expect(token.startsWith('eyJhbGciOiJSUzI1NiJ9.')).toBe(true);
    const v = await verify(token, await demoContext());
    expect(v).toMatchObject({ kind: 'jwt-key', genuine: true, status: 'valid', scheme: 'RSA_2048_JWT_RS256' });
    expect(v.key?.id).toBe('demo-rsa-pkcs1');
    expect(v.data).toMatchObject({
      iss: 'https://keygen.sh',
      aud: facts.accountId,
      sub: facts.licenseId,
      iat: unix(facts.created),
      exp: unix(facts.expiry!)
    });
    expect(v.summary).toEqual({ licenseId: facts.licenseId, licenseExpiry: facts.expiry });
    expect(v.signedAt).toBe(facts.created);
    expect(v.expiresAt).toBe('2027-01-18T09:30:00.000Z');
    expect(v.checks.map((c) => [c.id, c.ok])).toEqual([
      ['signature', true],
      ['clock', true],
      ['token-expiry', true],
      ['not-before', true],
      ['account', true],
      ['product', true]
    ]);
  });

  it('every single-byte change of the signed part or the signature is not genuine', async () => {
    const ctx = await demoContext();
    const token = mintJwtKey();
    const lastDot = token.lastIndexOf('.');
    for (let i = 0; i < lastDot; i++) {
      if (token[i] === '.') continue;
      const c = ALPHABET[(ALPHABET.indexOf(token[i]!) + 1) % 64]!;
      const v = await verify(token.slice(0, i) + c + token.slice(i + 1), ctx);
      expect(v.genuine, `character ${i}`).toBe(false);
      expect(v.dataset).toBeUndefined();
    }
    const signature = Buffer.from(token.slice(lastDot + 1), 'base64url');
    for (let i = 0; i < signature.length; i++) {
      const forged = Buffer.from(signature);
      forged[i]! ^= 1 << (i % 8);
      const v = await verify(`${token.slice(0, lastDot)}.${base64UrlEncode(forged, false)}`, ctx);
      expect(v, `signature byte ${i}`).toMatchObject({ genuine: false, status: 'invalid' });
    }
  });

  it('a token from another issuer is not genuine', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const v = await verify(mintJwtKey({ privateKey }), await demoContext());
    expect(v).toMatchObject({ genuine: false, status: 'invalid' });
    expect(v.data).toBeUndefined();
  });

  it('the key pin decides: the same RSA key pinned to PSS, or an Ed25519-only trust store, does not verify it', async () => {
    const token = mintJwtKey();
    for (const ids of [['demo-rsa-pss'], ['demo-ed25519']]) {
      const v = await verify(token, await trusting(ids));
      expect(v, ids[0]).toMatchObject({ genuine: false, status: 'invalid' });
      expect(v.reason).toMatch(/trusts no rsa-sha256 key/);
    }
  });

  it('refuses alg "none", with or without a signature', async () => {
    const ctx = await demoContext();
    const token = mintJwtKey();
    const [, claims, signature] = token.split('.');
    for (const forged of [`${seg('{"alg":"none"}')}.${claims}.`, `${seg('{"alg":"none"}')}.${claims}.${signature}`]) {
      const v = await verify(forged, ctx);
      expect(v).toMatchObject({ kind: 'jwt-key', genuine: false, status: 'invalid' });
      expect(v.reason).toMatch(/"none".*RS256/);
    }
  });

  it('refuses HS256 signed with the public key as the HMAC secret (algorithm confusion)', async () => {
    const ctx = await demoContext();
    const claims = seg(claimsOf(mintJwtKey()));
    const secret = publicPem(demoKeys().rsa);
    // HS256 is refused by its header; relabelled RS256, the MAC reaches the RSA check and fails there.
    for (const [header, reason] of [
      ['{"alg":"HS256"}', /"HS256"/],
      ['{"alg":"RS256"}', /does not verify/]
    ] as const) {
      const signing = `${seg(header)}.${claims}`;
      const mac = base64UrlEncode(await hmacSha256(secret, utf8Encode(signing)), false);
      const v = await verify(`${signing}.${mac}`, ctx);
      expect(v, header).toMatchObject({ genuine: false, status: 'invalid' });
      expect(v.reason).toMatch(reason);
    }
  });

  it('refuses a header without alg, and a genuine token that demands unknown extensions ("crit")', async () => {
    const ctx = await demoContext();
    const claims = claimsOf(mintJwtKey());
    expect((await verify(signRs256('{"typ":"JWT"}', claims), ctx)).reason).toMatch(/no algorithm/);
    const crit = await verify(signRs256('{"alg":"RS256","crit":["exp"]}', claims), ctx);
    expect(crit).toMatchObject({ genuine: false, status: 'invalid' });
    expect(crit.reason).toMatch(/crit/);
    // The same header content without `crit` does verify, so the refusal is about `crit` alone.
    expect(await verify(signRs256('{"alg":"RS256","typ":"JWT"}', claims), ctx)).toMatchObject({
      genuine: true,
      status: 'valid'
    });
  });

  it('refuses padded segments: a JWT never pads', async () => {
    const v = await verify(mintJwtKey() + '==', await demoContext());
    expect(v).toMatchObject({ kind: 'jwt-key', genuine: false, status: 'malformed' });
    expect(v.reason).toMatch(/never pads/);
  });

  it('truncated and doubled tokens are not genuine', async () => {
    const ctx = await demoContext();
    const token = mintJwtKey();
    for (const input of [
      token.slice(0, -1),
      token.slice(0, -2),
      token.slice(0, -10),
      token.slice(0, token.length / 2),
      token.slice(0, token.lastIndexOf('.') + 1),
      token + token
    ]) {
      const v = await verify(input, ctx);
      expect(v.genuine).toBe(false);
      expect(['invalid', 'malformed', 'unsupported']).toContain(v.status);
    }
  });

  it('a signed payload that is not a JSON object is genuine but cannot be valid', async () => {
    const v = await verify(signRs256('{"alg":"RS256"}', '["not","claims"]'), await demoContext());
    expect(v).toMatchObject({ genuine: true, status: 'invalid' });
    expect(v.checks.find((c) => c.id === 'type')?.ok).toBe(false);
  });

  it('exp in the past is expired; within the grace period still valid; no exp never expires', async () => {
    const ctx = await demoContext();
    const expired = await verify(mintJwtKey({ facts: demoLicenseFacts({ expiry: '2026-05-01T00:00:00.000Z' }) }), ctx);
    expect(expired).toMatchObject({ genuine: true, status: 'expired' });
    expect(expired.checks.find((c) => c.id === 'token-expiry')?.ok).toBe(false);
    const grace = await verify(mintJwtKey({ facts: demoLicenseFacts({ expiry: '2026-05-30T00:00:00.000Z' }) }), ctx);
    expect(grace).toMatchObject({ status: 'valid', expiresAt: '2026-06-02T00:00:00.000Z' });
    const never = await verify(mintJwtKey({ facts: demoLicenseFacts({ expiry: null }) }), ctx);
    expect(never).toMatchObject({ status: 'valid', expiresAt: null });
    expect(never.data).not.toHaveProperty('exp');
  });

  it('nbf in the future is not yet valid', async () => {
    const account = demoConfig().account!.id;
    const claims = {
      sub: 'l1',
      aud: account,
      product: demoLicenseFacts().productId,
      iat: unix('2026-05-01T00:00:00Z'),
      nbf: unix('2026-07-01T00:00:00Z')
    };
    const v = await verify(mintJwtKey({ claims }), await demoContext());
    expect(v).toMatchObject({ genuine: true, status: 'not-yet-valid' });
  });

  it('an unreadable exp or nbf is not valid', async () => {
    const account = demoConfig().account!.id;
    for (const claims of [
      { aud: account, exp: '2027-01-01' },
      { aud: account, nbf: 1e300 }
    ]) {
      expect(await verify(mintJwtKey({ claims }), await demoContext()), JSON.stringify(claims)).toMatchObject({
        genuine: true,
        status: 'invalid'
      });
    }
  });

  it('a clock behind iat is clock-tampered', async () => {
    const v = await verify(mintJwtKey(), await demoContext({ now: Date.parse('2026-01-01T00:00:00Z') }));
    expect(v.status).toBe('clock-tampered');
  });

  it('the audience must be the configured account; without a configured account it is not checked', async () => {
    const ctx = await demoContext();
    const other = await verify(mintJwtKey({ facts: demoLicenseFacts({ accountId: 'another-account' }) }), ctx);
    expect(other).toMatchObject({ genuine: true, status: 'wrong-product' });
    expect(other.checks.find((c) => c.id === 'account')?.ok).toBe(false);
    const missing = await verify(mintJwtKey({ claims: { sub: 'l1' } }), ctx);
    expect(missing).toMatchObject({ status: 'wrong-product' });
    const listed = await verify(
      mintJwtKey({ claims: { aud: ['x', demoConfig().account!.id], product: demoLicenseFacts().productId } }),
      ctx
    );
    expect(listed).toMatchObject({ status: 'valid' });
    const { account: _, ...withoutAccount } = demoConfig();
    const unbound = await verify(
      mintJwtKey({ facts: demoLicenseFacts({ accountId: 'another-account' }) }),
      await trusting(['demo-rsa-pkcs1'], withoutAccount)
    );
    expect(unbound).toMatchObject({ genuine: true, status: 'valid' });
    expect(unbound.checks.some((c) => c.id === 'account')).toBe(false);
  });
});
