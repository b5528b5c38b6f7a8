import { describe, expect, it } from 'vitest';
import { verify } from '../../src/lib/core/verify';
import { demoConfig, demoContext } from './demo-trust';
import { mintDemoSamples } from './samples';

describe('demo samples', () => {
  it('each verifies to the status it was minted for, with the secrets it carries', async () => {
    const now = Date.parse('2026-08-01T12:00:00Z');
    const samples = await mintDemoSamples(now);
    const sharedKey = demoConfig().licenseSpring?.sharedKey;
    const outcomes = await Promise.all(
      samples.map(async (s) => {
        // As the app builds it: the config's shared key, and no request composed on this device.
        const ctx = await demoContext({ now, requests: new Map(), ...(sharedKey ? { sharedKey } : {}) });
        if (s.licenseKey) ctx.licenseKey = s.licenseKey;
        if (s.fingerprint) ctx.fingerprint = s.fingerprint;
        const v = await verify(s.text, ctx);
        return { id: s.id, kind: v.kind, status: v.status, genuine: v.genuine };
      })
    );
    expect(outcomes).toEqual(
      samples.map((s) => ({
        id: s.id,
        kind: s.kind,
        status: s.expected,
        genuine: !s.id.endsWith('-forged')
      }))
    );
  });

  it('covers every artifact kind with a genuine, a forged and (where it expires) an expired sample', async () => {
    const samples = await mintDemoSamples();
    const kinds = new Set(samples.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(
      [
        'activation-proof',
        'encrypted-key',
        'jwt-key',
        'keygen-response',
        'legacy-signed-key',
        'license-file',
        'licensespring-license',
        'licensespring-request',
        'machine-file',
        'signed-key'
      ].sort()
    );
    for (const kind of kinds) {
      const of = samples.filter((s) => s.kind === kind);
      expect(
        of.some((s) => s.expected === 'valid'),
        kind
      ).toBe(true);
      expect(
        of.some((s) => s.id.endsWith('-forged') && s.expected === 'invalid'),
        kind
      ).toBe(true);
      if (kind !== 'licensespring-request')
        expect(
          of.some((s) => s.expected === 'expired'),
          kind
        ).toBe(true);
    }
    expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
  });
});
