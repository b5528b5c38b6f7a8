import { describe, expect, it } from 'vitest';
import { createWedgeDetector, wedgeKeydown, type WedgeDetector, type WedgeKey, type WedgeKeydown } from './wedge';

/** Feeds `text` then Enter, the gap before each key from `gaps` (cycled); returns what each key yielded. */
function type(
  detector: WedgeDetector,
  text: string,
  gaps: number[],
  start = 1000,
  extra: Partial<WedgeKey> = {}
): Array<string | null> {
  let time = start;
  return [...text, 'Enter'].map((key, i) => detector.key({ key, time: (time += gaps[i % gaps.length]!), ...extra }));
}

const scans = (results: Array<string | null>) => results.filter((r) => r !== null);
const KEY = 'key/eyJhY2NvdW50Ijp7fX0=.c2lnbmF0dXJl';

describe('keyboard-wedge detector', () => {
  it('takes a fast burst ending in Enter as one scan, reported on the Enter', () => {
    const results = type(createWedgeDetector(), KEY, [5]);
    expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
    expect(results.at(-1)).toBe(KEY);
  });

  it('ignores typing at human speed, even a fast typist', () => {
    expect(scans(type(createWedgeDetector(), 'hello there', [120]))).toEqual([]);
    // Rollover makes some gaps short, but most are not.
    expect(scans(type(createWedgeDetector(), 'the quick brown fox', [20, 110, 70, 140]))).toEqual([]);
  });

  it('needs at least eight characters', () => {
    expect(scans(type(createWedgeDetector(), 'hello12', [5]))).toEqual([]);
    expect(scans(type(createWedgeDetector(), 'hello123', [5]))).toEqual(['hello123']);
  });

  it('keeps a scan whole when a few keys arrive late', () => {
    // One key in ten held up by 60–400 ms, as on a busy machine.
    const gaps = [5, 6, 4, 7, 5, 380, 6, 5, 4, 60];
    expect(scans(type(createWedgeDetector(), KEY, gaps))).toEqual([KEY]);
  });

  it('refuses a burst when too many keys are slow', () => {
    expect(scans(type(createWedgeDetector(), KEY, [5, 80]))).toEqual([]);
  });

  it('starts over after a pause, so earlier keys are not part of the scan', () => {
    const detector = createWedgeDetector();
    for (const [i, key] of [...'abc'].entries()) detector.key({ key, time: 100 + i * 150 });
    expect(scans(type(detector, KEY, [5], 2000))).toEqual([KEY]);
  });

  it('needs the Enter to follow the burst without a pause', () => {
    const detector = createWedgeDetector();
    for (const [i, key] of [...KEY].entries()) detector.key({ key, time: i * 4 });
    expect(detector.key({ key: 'Enter', time: KEY.length * 4 + 600 })).toBeNull();
  });

  it('lets Shift and other keys without a character pass', () => {
    const detector = createWedgeDetector();
    let time = 0;
    for (const key of [...'abcd', 'Shift', 'E', 'Shift', 'F', ...'ghij']) detector.key({ key, time: (time += 3) });
    expect(detector.key({ key: 'Enter', time: time + 3 })).toBe('abcdEFghij');
  });

  it('refuses held-down keys and shortcuts', () => {
    expect(scans(type(createWedgeDetector(), 'aaaaaaaaaaaa', [30], 0, { repeat: true }))).toEqual([]);
    const detector = createWedgeDetector();
    const results = [...'abcdefghij'].map((key, i) => detector.key({ key, time: i * 3, modified: i === 8 }));
    expect(scans(results)).toEqual([]);
    expect(detector.key({ key: 'Enter', time: 33 })).toBeNull();
  });

  it('respects its thresholds', () => {
    const strict = { minLength: 4, fastGapMs: 10, fastShare: 1, pauseMs: 500 };
    expect(scans(type(createWedgeDetector(strict), 'abcd', [11]))).toEqual([]);
    expect(scans(type(createWedgeDetector(strict), 'abcd', [10]))).toEqual(['abcd']);
  });
});

describe('wedgeKeydown', () => {
  /** A keydown aimed at `target`; `prevented` counts the calls to preventDefault. */
  function keydown(key: string, timeStamp: number, target: unknown = null, extra: Partial<WedgeKeydown> = {}) {
    const event = {
      key,
      timeStamp,
      repeat: false,
      ctrlKey: false,
      altKey: false,
      metaKey: false,
      target: target as EventTarget | null,
      prevented: 0,
      preventDefault() {
        event.prevented++;
      },
      ...extra
    };
    return event;
  }
  /** An element whose `closest` matches text fields only when `inField`. */
  const element = (inField: boolean) => ({
    closest: (selector: string) => (inField && selector.includes('textarea') ? {} : null)
  });

  function feed(target: unknown, extra: Partial<WedgeKeydown> = {}) {
    const wedge = createWedgeDetector();
    let time = 0;
    for (const key of 'abcdefghij') expect(wedgeKeydown(wedge, keydown(key, (time += 3), target, extra))).toBeNull();
    const enter = keydown('Enter', time + 3, target, extra);
    return { code: wedgeKeydown(wedge, enter), prevented: enter.prevented };
  }

  it('returns a scan and keeps its Enter from pressing the focused button', () => {
    expect(feed(element(false))).toEqual({ code: 'abcdefghij', prevented: 1 });
    // Keys aimed at the page itself (no element) are the scanner's too.
    expect(feed(null)).toEqual({ code: 'abcdefghij', prevented: 1 });
  });

  it('leaves keys typed into a text field alone', () => {
    expect(feed(element(true))).toEqual({ code: null, prevented: 0 });
  });

  it('passes held-down keys and shortcuts on to the detector, which refuses them', () => {
    expect(feed(null, { repeat: true })).toEqual({ code: null, prevented: 0 });
    expect(feed(null, { ctrlKey: true })).toEqual({ code: null, prevented: 0 });
    expect(feed(null, { metaKey: true })).toEqual({ code: null, prevented: 0 });
  });

  it('does not prevent keys that complete nothing', () => {
    const wedge = createWedgeDetector();
    const event = keydown('Enter', 0);
    expect(wedgeKeydown(wedge, event)).toBeNull();
    expect(event.prevented).toBe(0);
  });
});
