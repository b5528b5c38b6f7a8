/**
 * The strict base64 decoders and the JSON depth scan are on every verdict's path and were rewritten
 * for speed: these properties hold them to Node's own decoder and to a character-by-character scan.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64Decode, base64Encode, base64UrlDecode, base64UrlEncode } from './encoding';
import { jsonDepth } from '../dataset';
import { VerifyError } from '../errors';

const RUNS = 5_000;

/** The plain reading of JSON nesting: one character at a time, a backslash skips the next one. */
function referenceDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

/** The error a decode throws, or undefined. */
function decodeError(decode: () => unknown): string | undefined {
  try {
    decode();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(VerifyError);
    return (err as Error).message;
  }
}

describe('base64 decoding', () => {
  it('reads back what was encoded, padded or not, in both alphabets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(base64Decode(base64Encode(bytes))).toEqual(bytes);
        expect(base64UrlDecode(base64UrlEncode(bytes))).toEqual(bytes);
        expect(base64UrlDecode(base64UrlEncode(bytes, false))).toEqual(bytes);
        expect(Buffer.from(base64Decode(base64Encode(bytes))).equals(Buffer.from(base64Encode(bytes), 'base64'))).toBe(
          true
        );
      }),
      { numRuns: RUNS }
    );
  });

  it('names the first character outside the alphabet, wherever it is', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 120 }),
        fc.nat(),
        fc.constantFrom('*', '-', '_', ' ', 'é', '\n'),
        (bytes, at, bad) => {
          const text = base64Encode(bytes).replace(/=+$/, '');
          const position = at % text.length;
          const broken = text.slice(0, position) + bad + text.slice(position + 1);
          expect(decodeError(() => base64Decode(broken))).toContain(`unexpected character at position ${position}`);
        }
      ),
      { numRuns: RUNS }
    );
  });

  it('refuses non-canonical trailing bits', () => {
    // "QQ" is "A"; "QR" carries bits that "A" does not have.
    expect(base64Decode('QQ')).toEqual(new Uint8Array([65]));
    expect(decodeError(() => base64Decode('QR'))).toContain('non-canonical ending');
    expect(decodeError(() => base64Decode('QUJDQR'))).toContain('non-canonical ending');
  });
});

describe('JSON depth', () => {
  it('counts as the character-by-character reading does, strings and escapes included', () => {
    const piece = fc.constantFrom('{', '}', '[', ']', '"', '\\', '\\\\', '\\"', 'a', ':', ',');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        expect(jsonDepth(text)).toBe(referenceDepth(text));
      }),
      { numRuns: RUNS }
    );
  });

  it('does not count brackets inside strings', () => {
    expect(jsonDepth('{"a":"[[[{{{","b":[1]}')).toBe(2);
    expect(jsonDepth('{"a\\"[[[":1}')).toBe(1);
    expect(jsonDepth('{"a\\\\":[[1]]}')).toBe(3);
  });
});
