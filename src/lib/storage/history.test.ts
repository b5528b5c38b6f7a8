import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearHistory, listHistory, recordHistory, type HistoryInput } from './history';
import { freshDatabase } from '../../../tests/support/storage-cases';

const KEY = 'C1B6DE-39A6E3-DE1529-8559A0-4AF593-V3';
const ON = { enabled: true, limit: 500 };

const input = (at: number, overrides: Partial<HistoryInput> = {}): HistoryInput => ({
  at,
  source: 'paste',
  kind: 'keygen-response',
  status: 'valid',
  genuine: true,
  reason: 'Genuine, and every check passed.',
  ...overrides
});

beforeEach(freshDatabase);

describe('history', () => {
  it('keeps what, when, how and the verdict, with the license key masked everywhere', async () => {
    await recordHistory(
      input(1000, {
        source: 'file',
        label: `license-${KEY}.lic`,
        licenseKey: KEY,
        reason: `Key ${KEY} is bound to another device.`,
        status: 'wrong-device'
      }),
      ON
    );
    const [entry] = await listHistory();
    expect(entry).toMatchObject({
      at: 1000,
      source: 'file',
      kind: 'keygen-response',
      status: 'wrong-device',
      genuine: true,
      key: 'C1B6••••••••••••3-V3'
    });
    expect(JSON.stringify(entry)).not.toContain(KEY);
    expect(entry!.label).toBe('license-C1B6••••••••••••3-V3.lic');
    expect(entry!.reason).toBe('Key C1B6••••••••••••3-V3 is bound to another device.');
  });

  it('lists newest first, and filters by status', async () => {
    await recordHistory(input(1, { status: 'valid' }), ON);
    await recordHistory(input(3, { status: 'expired' }), ON);
    await recordHistory(input(2, { status: 'invalid', genuine: false }), ON);
    await recordHistory(input(4, { status: 'expired' }), ON);
    expect((await listHistory()).map((h) => h.at)).toEqual([4, 3, 2, 1]);
    expect((await listHistory({ status: 'expired' })).map((h) => h.at)).toEqual([4, 3]);
    expect((await listHistory({ status: 'clock-tampered' })).map((h) => h.at)).toEqual([]);
    expect((await listHistory({ limit: 2 })).map((h) => h.at)).toEqual([4, 3]);
  });

  it('is capped: the oldest entries go as new ones come', async () => {
    const capped = { enabled: true, limit: 3 };
    for (let at = 1; at <= 5; at++) await recordHistory(input(at), capped);
    expect((await listHistory()).map((h) => h.at)).toEqual([5, 4, 3]);
  });

  it('drops the oldest recorded, even when the clock was set back in between', async () => {
    const capped = { enabled: true, limit: 2 };
    await recordHistory(input(5000), capped);
    await recordHistory(input(1000), capped);
    await recordHistory(input(3000), capped);
    expect((await listHistory()).map((h) => h.at)).toEqual([3000, 1000]);
  });

  it('records nothing when the config switches history off (kiosks)', async () => {
    expect(await recordHistory(input(1), { enabled: false, limit: 500 })).toBeUndefined();
    expect(await listHistory()).toEqual([]);
  });

  it('clears', async () => {
    await recordHistory(input(1), ON);
    await recordHistory(input(2), ON);
    await clearHistory();
    expect(await listHistory()).toEqual([]);
  });
});
