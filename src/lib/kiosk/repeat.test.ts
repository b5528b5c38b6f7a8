import { describe, expect, it } from 'vitest';
import { createRepeatFilter } from './repeat';

describe('camera repeat filter', () => {
  it('a code held in view counts once, however long it is held', () => {
    let now = 0;
    const filter = createRepeatFilter(2000, () => now);
    expect(filter.accept('key/A')).toBe(true);
    // Read every 100 ms for a minute.
    for (now = 100; now < 60_000; now += 100) expect(filter.accept('key/A')).toBe(false);
  });

  it('the same code counts again once it has been out of view for the quiet time', () => {
    let now = 0;
    const filter = createRepeatFilter(2000, () => now);
    filter.accept('key/A');
    now = 1999;
    expect(filter.accept('key/A')).toBe(false);
    now = 3999;
    expect(filter.accept('key/A')).toBe(true);
  });

  it('another code counts at once, and so does the first one after it', () => {
    let now = 0;
    const filter = createRepeatFilter(2000, () => now);
    expect(filter.accept('key/A')).toBe(true);
    now = 10;
    expect(filter.accept('key/B')).toBe(true);
    now = 20;
    expect(filter.accept('key/A')).toBe(true);
  });
});
