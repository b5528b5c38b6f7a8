import { describe, expect, it } from 'vitest';
import { parseConfig, buildTrustStore } from './config';
import { demoConfig } from '../../../tools/issuer/demo-trust';
import { readFileSync } from 'node:fs';

const demo = JSON.parse(readFileSync(new URL('../../../config/demo.json', import.meta.url), 'utf8'));
/** A config document as JSON gives it: any field may be set to anything, which is what these tests do. */
type Key = Record<string, unknown>;
type Doc = Record<string, unknown> & { keys: Key[]; branding: Key; history: Key };
const withChange = (change: (c: Doc) => void) => {
  const copy = structuredClone(demo);
  change(copy);
  return copy;
};

describe('config', () => {
  it('the demo config parses, imports, and fills defaults', async () => {
    const config = demoConfig();
    expect(config.demo).toBe(true);
    expect(config.kiosk).toEqual({
      startInKiosk: false,
      resetSeconds: 15,
      exit: { method: 'long-press', holdSeconds: 3 },
      sound: true
    });
    const store = await buildTrustStore(config);
    expect(store.keys.map((k) => k.id)).toEqual(['demo-ed25519', 'demo-rsa-pss', 'demo-rsa-pkcs1', 'demo-ecdsa']);
    expect(store.licenseSpringKeys).toHaveLength(1);
  });

  const broken: [string, (c: Doc) => void, RegExp][] = [
    ['no keys', (c) => (c.keys = []), /"keys"/],
    ['unknown setting', (c) => (c.colour = 'red'), /"colour" is not a known setting/],
    ['bad algorithm', (c) => (c.keys[1]!.algorithm = 'rsa'), /"keys\[1\]\.algorithm"/],
    ['repeated id', (c) => (c.keys[1]!.id = c.keys[0]!.id), /"keys\[1\]\.id" repeats/],
    ['bad colour', (c) => (c.branding.color = 'blue'), /"branding\.color"/],
    ['negative grace', (c) => (c.gracePeriodSeconds = -1), /"gracePeriodSeconds"/],
    ['history flag', (c) => (c.history.enabled = 'yes'), /"history\.enabled"/],
    ['history limit', (c) => (c.history.limit = 0), /"history\.limit"/],
    ['kiosk pin', (c) => (c.kiosk = { exit: { method: 'pin', pin: '12' } }), /"kiosk\.exit\.pin"/],
    ['kiosk method', (c) => (c.kiosk = { exit: { method: 'wave' } }), /"kiosk\.exit\.method"/],
    ['kiosk reset', (c) => (c.kiosk = { resetSeconds: 1 }), /"kiosk\.resetSeconds"/],
    ['legacy flag', (c) => (c.keys[1]!.legacy = 'yes'), /"keys\[1\]\.legacy" must be true or false/],
    [
      'legacy on an Ed25519 key',
      (c) => (c.keys[0]!.legacy = true),
      /"keys\[0\]\.legacy" applies only to rsa-sha256 and rsa-pss-sha256/
    ]
  ];
  for (const [what, change, message] of broken) {
    it(`refuses ${what}, naming the field`, () => {
      expect(() => parseConfig(withChange(change))).toThrow(message);
    });
  }

  it('names the key whose public key does not import', async () => {
    const config = parseConfig(withChange((c) => (c.keys[2]!.publicKey = c.keys[0]!.publicKey)));
    await expect(buildTrustStore(config)).rejects.toThrow(/key "demo-rsa-pkcs1"/);
  });
});
