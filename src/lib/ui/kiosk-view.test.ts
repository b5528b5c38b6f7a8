import { describe, expect, it } from 'vitest';
import { verify } from '../core/verify';
import { demoContext } from '../../../tools/issuer/demo-trust';
import { demoLicenseFacts, keyDataset } from '../../../tools/issuer/datasets';
import { mintSignedKey } from '../../../tools/issuer/signed-key';
import { kioskAnnouncement, kioskView } from './kiosk-view';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const key = (expiry: string | null) =>
  mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(demoLicenseFacts({ expiry, email: 'ada@example.com' })) });
const view = async (text: string) => kioskView(await verify(text, await demoContext()), NOW, 'en-GB', 'UTC');

describe('kiosk verdict view', () => {
  it('a valid license: status, icon, licensee and the day it expires', async () => {
    expect(await view(key('2027-01-15T09:30:00.000Z'))).toEqual({
      label: 'Valid',
      tone: 'good',
      icon: 'check',
      licensee: 'ada@example.com',
      expiry: 'Expires 15 Jan 2027'
    });
  });

  it('an expired license says when it expired; a perpetual one that it never does', async () => {
    expect(await view(key('2026-01-03T00:00:00.000Z'))).toMatchObject({
      label: 'Expired',
      tone: 'warn',
      icon: 'clock',
      expiry: 'Expired 3 Jan 2026'
    });
    expect(await view(key(null))).toMatchObject({ label: 'Valid', expiry: 'Never expires' });
  });

  it('a forgery shows its status only: nothing it claims', async () => {
    const genuine = key('2027-01-15T09:30:00.000Z');
    const at = genuine.length - 10;
    const forged = genuine.slice(0, at) + (genuine[at] === 'A' ? 'B' : 'A') + genuine.slice(at + 1);
    expect(await view(forged)).toEqual({ label: 'Not genuine', tone: 'bad', icon: 'cross' });
    expect(await view('hello')).toEqual({ label: 'Unreadable', tone: 'neutral', icon: 'question' });
  });

  it('announces what the screen shows, in the same words', async () => {
    expect(kioskAnnouncement(await view(key('2027-01-15T09:30:00.000Z')))).toBe(
      'Valid. ada@example.com. Expires 15 Jan 2027.'
    );
    expect(kioskAnnouncement({ label: 'Not genuine', tone: 'bad', icon: 'cross' })).toBe('Not genuine.');
  });
});
