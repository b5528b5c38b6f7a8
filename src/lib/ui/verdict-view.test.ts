import { describe, expect, it, onTestFinished } from 'vitest';
import { verify } from '../core/verify';
import type { Status, Verdict } from '../core/verdict';
import { demoContext } from '../../../tools/issuer/demo-trust';
import { demoLicenseFacts, keyDataset } from '../../../tools/issuer/datasets';
import { mintSignedKey } from '../../../tools/issuer/signed-key';
import { DEMO_LICENSE_KEY, mintLicenseFile } from '../../../tools/issuer/license-file';
import { composeRequest } from '../core/compose';
import { maskKey } from '../core/mask';
import {
  STATUS_VIEW,
  announcement,
  decodedText,
  groupHex,
  relativeTime,
  statusView,
  summaryRows,
  timeView
} from './verdict-view';

const validKey = () => mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(demoLicenseFacts()) });

describe('how a verdict reads', () => {
  it('announces a genuine key with its status, kind and signer', async () => {
    const v = await verify(validKey(), await demoContext());
    expect(announcement(v)).toBe(
      'Valid license key, genuine, signed by demo-ed25519. Genuine, and every check passed.'
    );
  });

  it('calls a forgery not genuine and shows none of its content', async () => {
    const key = validKey();
    const forged = key.slice(0, 20) + (key[20] === 'A' ? 'B' : 'A') + key.slice(21);
    const v = await verify(forged, await demoContext());
    expect(statusView(v).label).toBe('Not genuine');
    expect(announcement(v)).toMatch(/^Not genuine license key\. The signature does not verify/);
    expect(decodedText(v, true)).toBeUndefined();
  });

  it('shows an encrypted file without its key as locked, not as a forgery', async () => {
    const file = mintLicenseFile({ alg: 'aes-256-gcm+ed25519' });
    const v = await verify(file, await demoContext());
    expect(v).toMatchObject({ genuine: true, needs: ['license-key'] });
    expect(statusView(v)).toMatchObject({ label: 'Locked', icon: 'lock' });
    const opened = await verify(file, await demoContext({ licenseKey: DEMO_LICENSE_KEY }));
    expect(statusView(opened).label).toBe('Valid');
  });

  it('shows a request file without the shared key as unverified', async () => {
    const request = await composeRequest({
      product: 'demoapp',
      hardwareId: 'HW-1',
      licenseKey: 'K-1',
      apiKey: 'a',
      sharedKey: 's',
      now: Date.parse('2026-05-31T00:00:00Z')
    });
    const v = await verify(request.content, await demoContext());
    expect(v.needs).toEqual(['shared-key']);
    expect(statusView(v).label).toBe('Unverified');
    expect(announcement(v)).toContain('not genuine');
  });

  it('gives every status its own words and an icon, so colour is never the only signal', () => {
    const labels = Object.values(STATUS_VIEW).map((v) => v.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(STATUS_VIEW.valid).toMatchObject({ label: 'Valid', tone: 'good', icon: 'check' });
    expect(STATUS_VIEW.invalid).toMatchObject({ label: 'Not genuine', tone: 'bad', icon: 'cross' });
    expect(STATUS_VIEW.malformed.label).toBe('Unreadable');
  });

  it('masks the license key inside the decoded data until shown', async () => {
    const v = await verify(
      mintLicenseFile({ alg: 'base64+ed25519' }),
      await demoContext({ licenseKey: DEMO_LICENSE_KEY })
    );
    expect(v.summary?.licenseKey).toBe(DEMO_LICENSE_KEY);
    expect(decodedText(v, false)).not.toContain(DEMO_LICENSE_KEY);
    expect(decodedText(v, false)).toContain(maskKey(DEMO_LICENSE_KEY));
    expect(decodedText(v, true)).toContain(DEMO_LICENSE_KEY);
  });

  it("never shows a LicenseSpring user's password from a request file", async () => {
    const { composeRequest } = await import('../core/compose');
    const composed = await composeRequest({
      product: 'demoapp',
      hardwareId: 'hw-1',
      username: 'ada@example.com',
      password: 'correct horse',
      apiKey: 'demo-api-key',
      sharedKey: 'demo-shared-key',
      now: Date.parse('2026-06-01T00:00:00Z')
    });
    const v = await verify(composed.content, await demoContext({ sharedKey: 'demo-shared-key' }));
    expect(v.genuine).toBe(true);
    for (const show of [false, true]) {
      expect(decodedText(v, show)).not.toContain('correct horse');
      expect(decodedText(v, show)).toContain('"password": "••••••••"');
    }
  });

  it('lists the summary a technician needs, and says "never" and "unlimited" in words', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    const rows = summaryRows(
      {
        licensee: 'Ada',
        product: 'p-1',
        licenseExpiry: null,
        fileExpiry: '2026-06-04T00:00:00Z',
        entitlements: ['A', 'B'],
        maxMachines: null,
        licenseKey: 'ABCD-1234-EFGH'
      },
      now,
      'en-GB',
      'UTC'
    );
    expect(rows.map((r) => r.label)).toEqual([
      'Licensee',
      'License key',
      'Product',
      'License expiry',
      'File expiry',
      'Entitlements',
      'Max machines'
    ]);
    expect(rows.find((r) => r.label === 'License expiry')).toMatchObject({ value: 'Never expires' });
    expect(rows.find((r) => r.label === 'Max machines')).toMatchObject({ value: 'Unlimited' });
    expect(rows.find((r) => r.label === 'File expiry')).toMatchObject({
      time: { iso: '2026-06-04T00:00:00.000Z', relative: 'in 3 days' }
    });
  });

  it('says how far away a time is in the largest whole unit', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    expect(relativeTime(now + 400 * 86_400_000, now, 'en')).toBe('next year');
    expect(relativeTime(now - 3 * 86_400_000, now, 'en')).toBe('3 days ago');
    expect(relativeTime(now + 10_000, now, 'en')).toBe('this minute');
  });

  it('groups fingerprints by four hex digits', () => {
    expect(groupHex('0123456789abcdef01')).toBe('0123 4567 89ab cdef 01');
  });

  it('never announces a status it has no words for', () => {
    const statuses: Status[] = [
      'valid',
      'expired',
      'not-yet-valid',
      'wrong-device',
      'wrong-product',
      'clock-tampered',
      'invalid',
      'malformed',
      'unsupported'
    ];
    for (const status of statuses) {
      const v: Verdict = {
        kind: 'license-file',
        genuine: status !== 'invalid',
        status,
        reason: 'Because.',
        checks: []
      };
      expect(announcement(v)).toMatch(new RegExp(`^${STATUS_VIEW[status].label}`));
    }
  });
});

describe('times on the card', () => {
  it('a signed time without a zone is shown as the UTC time the core checked, in any device zone', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    onTestFinished(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });
    const view = timeView('2026-06-02T12:00:00', Date.parse('2026-06-01T00:00:00Z'), 'en-GB', 'America/Los_Angeles');
    expect(view?.iso).toBe('2026-06-02T12:00:00.000Z');
  });
});
