/**
 * The validation cache finds entries by license key, license id and fingerprint (the kiosk looks
 * a visitor up that way). Those values must come from signed data, or from secrets that opened the
 * signed ciphertext, never from a value typed or imported beside an artifact.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, importCache, lookupCache } from '../../src/lib/storage/cache';
import { freshDatabase } from '../support/storage-cases';
import { demoContext } from '../../tools/issuer/demo-trust';
import {
  DEMO_FINGERPRINT,
  DEMO_LICENSE_KEY,
  licenseFileDocument,
  mintLicenseFile
} from '../../tools/issuer/license-file';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const issued = new Date(NOW - DAY).toISOString();
const exported = (entries: object[]) =>
  JSON.stringify({ format: EXPORT_FORMAT, exportedAt: new Date(NOW).toISOString(), entries });

beforeEach(freshDatabase);

describe('the cache index holds only signed or proven values', () => {
  it('a fingerprint imported beside a license file does not make it a match for that device', async () => {
    const ctx = await demoContext({ now: NOW });
    const file = mintLicenseFile({ alg: 'base64+ed25519', issued });
    const result = await importCache(
      exported([
        { kind: 'license-file', text: file, secrets: { licenseKey: DEMO_LICENSE_KEY, fingerprint: 'VICTIM-DEVICE-FP' } }
      ]),
      ctx
    );
    expect(result.imported).toBe(1);
    expect((await lookupCache('VICTIM-DEVICE-FP', ctx)).entries).toEqual([]);
  });

  it('a license key imported beside a base64 machine file without its license is refused, not indexed', async () => {
    const ctx = await demoContext({ now: NOW });
    const { included: _, ...doc } = licenseFileDocument({ type: 'machine', issued }) as Record<string, unknown>;
    const file = mintLicenseFile({ type: 'machine', alg: 'base64+ed25519', dataset: doc, issued });
    const refused = await importCache(
      exported([
        { kind: 'machine-file', text: file, secrets: { licenseKey: 'VICTIM-KEY', fingerprint: DEMO_FINGERPRINT } }
      ]),
      ctx
    );
    expect(refused.imported).toBe(0);
    expect((await lookupCache('VICTIM-KEY', ctx)).entries).toEqual([]);
    const kept = await importCache(
      exported([{ kind: 'machine-file', text: file, secrets: { fingerprint: DEMO_FINGERPRINT } }]),
      ctx
    );
    expect(kept.imported).toBe(1);
    expect((await lookupCache(DEMO_FINGERPRINT, ctx)).entries).toHaveLength(1);
  });

  it('the secrets that decrypted an encrypted machine file do find it', async () => {
    const ctx = await demoContext({ now: NOW });
    const { included: _, ...doc } = licenseFileDocument({ type: 'machine', issued }) as Record<string, unknown>;
    const file = mintLicenseFile({ type: 'machine', alg: 'aes-256-gcm+ed25519', dataset: doc, issued });
    await importCache(
      exported([
        { kind: 'machine-file', text: file, secrets: { licenseKey: DEMO_LICENSE_KEY, fingerprint: DEMO_FINGERPRINT } }
      ]),
      ctx
    );
    expect((await lookupCache(DEMO_LICENSE_KEY, ctx)).entries).toHaveLength(1);
  });
});
