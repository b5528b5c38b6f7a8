import { describe, expect, it } from 'vitest';
import { BUCKETS, PHOTO_SIZES, type Photo } from './photo-corpus';
import { formatPhotoMarkdown, PHOTO_TABLE_HEADER, photoVerdict, type PhotoBenchResults } from './photos';
import { CHOSEN_PHOTO } from './photo-suite';

/** One photo per bucket and size; `chosenReads` and `zbarReads` name the buckets each reads. */
function results(chosenReads: string[], zbarReads: string[], chosenMs = 300): PhotoBenchResults {
  const photos: Photo[] = BUCKETS.flatMap((bucket) =>
    PHOTO_SIZES.map((size) => ({
      name: `${bucket}-${size.width}.jpg`,
      bucket,
      ...size,
      payload: 'signed-key',
      text: 'key/x',
      center: { x: 0, y: 0 }
    }))
  );
  const zbar = Object.fromEntries(
    photos.map((p) => [p.name, { full: false, scaled: zbarReads.includes(p.bucket), fullMs: 900, scaledMs: 200 }])
  );
  const chosen = Object.fromEntries(
    photos.map((p) => [
      p.name,
      { ok: chosenReads.includes(p.bucket), ms: chosenReads.includes(p.bucket) ? chosenMs : 1500 }
    ])
  );
  return { chromium: '156', photos, zbar, suite: { outcomes: { [CHOSEN_PHOTO]: chosen }, steps: {}, scaleMs: {} } };
}

describe('photo table', () => {
  it('has ZBar and every candidate, with reads per bucket and ms per size', () => {
    const lines = formatPhotoMarkdown(results(['easy', 'mild'], ['easy']), false).split('\n');
    expect(lines).toContain(PHOTO_TABLE_HEADER);
    expect(lines).toContain('| ZBar, ≤ 2048 px copy | 2/2 | 0/2 | 0/2 | 0/2 | **2/8** | 200 | 200 |');
    expect(lines).toContain(`| **${CHOSEN_PHOTO}** | 2/2 | 2/2 | 0/2 | 0/2 | **4/8** | 900 | 900 |`);
  });

  it('says which targets are met and which are not', () => {
    const met = photoVerdict(results(['easy', 'mild', 'medium'], ['easy', 'mild'])).join('\n');
    expect(met).toMatch(/chosen 6\/8, ZBar's best 4\/8 \(target ≥: met\)/);
    expect(met).toMatch(/12 MP photo read: median 300 ms over 3 \(target ≤ 500 ms: met\)/);
    const missed = photoVerdict(results(['easy'], ['easy', 'mild'], 700)).join('\n');
    expect(missed).toMatch(/\(target ≥: NOT met\)/);
    expect(missed).toMatch(/mild 0 vs 2 \(NOT met\)/);
    expect(missed).toMatch(/target ≤ 500 ms: NOT met/);
  });

  it('names the Debian packages to install when a tool is missing, instead of a table', () => {
    const sentence =
      'The photo bench needs zbarimg (the ZBar reference column), which is not installed. Install it with: apt-get install zbar-tools';
    expect(formatPhotoMarkdown({ photos: [], zbar: {}, missing: sentence }, false)).toContain(sentence);
  });
});
