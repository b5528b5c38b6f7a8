import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTime, iso } from './policy';

/** What `Date` writes, with the clamp to the times it can hold. */
const dateIso = (ms: number) => new Date(Math.max(-8.64e15, Math.min(8.64e15, ms))).toISOString();

describe('writing times', () => {
  it('writes every time exactly as Date does, in the computed years and outside them', () => {
    const computed = fc.integer({ min: 0, max: 253_402_300_799_999 });
    const anyTime = fc.oneof(
      computed,
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.double({ min: -1e16, max: 1e16, noNaN: true })
    );
    fc.assert(
      fc.property(anyTime, (ms) => {
        expect(iso(ms)).toBe(dateIso(ms));
        expect(formatTime(ms)).toBe(dateIso(ms).slice(0, -8).replace('T', ' ') + ' UTC');
      }),
      { numRuns: 20_000 }
    );
  });

  it('gets the calendar edges right: leap days, century years, the last millisecond of 9999', () => {
    for (const text of [
      '1970-01-01T00:00:00.000Z',
      '2000-02-29T23:59:59.999Z',
      '2100-03-01T00:00:00.000Z',
      '2024-12-31T12:34:56.007Z',
      '9999-12-31T23:59:59.999Z',
      '+010000-01-01T00:00:00.000Z'
    ])
      expect(iso(Date.parse(text))).toBe(text);
    expect(formatTime(Date.parse('2026-06-01T12:00:00Z'))).toBe('2026-06-01 12:00 UTC');
  });
});
