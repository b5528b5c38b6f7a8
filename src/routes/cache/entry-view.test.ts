import { describe, expect, it } from 'vitest';
import { exportFileName, lifetimeText } from './entry-view';

const HOUR = 3_600_000;

describe('cache entry wording', () => {
  it('says how long an entry stays good, in at most two units', () => {
    expect(lifetimeText({ expired: false, timeLeftMs: 6 * 24 * HOUR + 23 * HOUR + 59 * 60_000 })).toBe(
      '6 days 23 hours left'
    );
    expect(lifetimeText({ expired: false, timeLeftMs: 90 * 60_000 + 30_000 })).toBe('1 hour 30 minutes left');
    expect(lifetimeText({ expired: false, timeLeftMs: 20_000 })).toBe('Less than a minute left');
  });

  it('says how long ago an expired entry ran out', () => {
    expect(lifetimeText({ expired: true, timeLeftMs: -2 * HOUR })).toBe('Expired 2 hours ago');
    expect(lifetimeText({ expired: true, timeLeftMs: 0 })).toBe('Expired less than a minute ago');
  });

  it('dates the export file', () => {
    expect(exportFileName(Date.parse('2026-06-01T23:59:00Z'))).toBe('offline-verifier-cache-2026-06-01.json');
  });
});
