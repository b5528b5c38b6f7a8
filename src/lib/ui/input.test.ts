import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES, verify } from '../core/verify';
import { demoContext } from '../../../tools/issuer/demo-trust';
import { describeSize, readFileBytes } from './input';
import { describeDuration } from './format';
import { inkFor } from './branding';

describe('getting input in', () => {
  it('reads at most one byte past the size limit, so the core refuses a huge file unread', async () => {
    const huge = new Blob([new Uint8Array(MAX_INPUT_BYTES + 4096)]);
    const bytes = await readFileBytes(huge);
    expect(bytes.length).toBe(MAX_INPUT_BYTES + 1);
    const v = await verify(bytes, await demoContext());
    expect(v).toMatchObject({ status: 'malformed', error: { code: 'ERR_INPUT_TOO_LARGE' } });
  });

  it('reads a small file whole', async () => {
    expect(Array.from(await readFileBytes(new Blob(['key/abc'])))).toEqual(
      Array.from(new TextEncoder().encode('key/abc'))
    );
  });
});

describe('wording', () => {
  it('describes sizes and durations in words', () => {
    expect(describeSize(512)).toBe('512 bytes');
    expect(describeSize(2048)).toBe('2.0 KB');
    expect(describeDuration(604_800)).toBe('7 days');
    expect(describeDuration(90_000)).toBe('1 day 1 hour');
    expect(describeDuration(0)).toBe('none');
  });

  it('picks the readable ink for a brand colour', () => {
    expect(inkFor('#0b5cad')).toBe('#ffffff');
    expect(inkFor('#ffd400')).toBe('#000000');
  });
});
