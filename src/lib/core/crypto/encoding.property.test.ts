/**
 * The strict base64 decoders and the JSON depth scan are on every verdict's path and were rewritten
 * for speed: these properties hold them to Node's own decoder and to a character-by-character scan.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  base64Decode,
  base64DecodeText,
  base64DecodeWrapped,
  base64Encode,
  base64UrlDecode,
  base64UrlEncode,
  hexDecode,
  hexEncode,
  textEqual,
  utf8Decode,
  utf8Encode
} from './encoding';
import { jsonDepth } from '../dataset';
import { outcome } from '../../../../tests/support/outcome';

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

/** The message a decode refuses with, or undefined when it reads. */
function decodeError(decode: () => unknown): string | undefined {
  const read = outcome(decode);
  return 'error' in read ? read.error : undefined;
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

  it('reads and refuses alike on texts of license-file size', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 3072, maxLength: 3600 }),
        fc.nat(),
        fc.constantFrom('*', ' ', '\n', '-', 'é'),
        (bytes, at, bad) => {
          const text = base64Encode(bytes);
          expect(base64Decode(text)).toEqual(bytes);
          expect(base64UrlDecode(base64UrlEncode(bytes, false))).toEqual(bytes);
          const position = at % (text.length - 2);
          const broken = text.slice(0, position) + bad + text.slice(position + 1);
          expect(decodeError(() => base64Decode(broken))).toContain(`unexpected character at position ${position}`);
        }
      ),
      { numRuns: 300 }
    );
    const long = base64Encode(new Uint8Array(3072).fill(65)).replace(/=+$/, '');
    expect(decodeError(() => base64Decode(long.slice(0, -1) + 'R'))).toBeUndefined();
    expect(decodeError(() => base64Decode(long + 'QR'))).toContain('non-canonical ending');
  });

  it('refuses non-canonical trailing bits', () => {
    // "QQ" is "A"; "QR" carries bits that "A" does not have.
    expect(base64Decode('QQ')).toEqual(new Uint8Array([65]));
    expect(decodeError(() => base64Decode('QR'))).toContain('non-canonical ending');
    expect(decodeError(() => base64Decode('QUJDQR'))).toContain('non-canonical ending');
  });
});

describe('wrapped base64', () => {
  it('reads as the strict reading of the text less its ASCII white space, message and all', () => {
    const wrapped = fc
      .tuple(fc.uint8Array({ maxLength: 120 }), fc.integer({ min: 1, max: 80 }), fc.constantFrom('\n', '\r\n', ' '))
      .map(([bytes, width, eol]) => base64Encode(bytes).replace(new RegExp(`.{1,${width}}`, 'g'), `$&${eol}`));
    const mutated = fc
      .tuple(wrapped, fc.nat(), fc.constantFrom('', '=', '*', '\t', '\f', 'A', '-', 'é', '\u00a0'))
      .map(([text, at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1)));
    fc.assert(
      fc.property(fc.oneof(wrapped, mutated), (text) => {
        expect(outcome(() => base64DecodeWrapped(text, 'body'))).toEqual(
          outcome(() => base64Decode(text.replace(/[\t\n\f\r ]+/g, ''), 'body'))
        );
      }),
      { numRuns: RUNS }
    );
  });
});

describe('base64 text', () => {
  it('reads text, ASCII or not, and refuses what the byte decoder or UTF-8 refuses, with its message', () => {
    const encoded = fc.oneof(
      fc.string({ maxLength: 80 }).map((s) => base64Encode(utf8Encode(s))),
      fc.string({ unit: 'binary', maxLength: 80 }).map((s) => base64Encode(utf8Encode(s))),
      fc.uint8Array({ maxLength: 80 }).map((b) => base64Encode(b))
    );
    const mutated = fc
      .tuple(encoded, fc.nat(), fc.constantFrom('', '=', '*', ' ', '\n', 'A', '-', 'é'))
      .map(([text, at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1)));
    fc.assert(
      fc.property(fc.oneof(encoded, mutated), (text) => {
        expect(outcome(() => base64DecodeText(text, 'file'))).toEqual(
          outcome(() => utf8Decode(base64Decode(text, 'file'), 'file'))
        );
      }),
      { numRuns: RUNS }
    );
  });
});

describe('hex', () => {
  it('reads back what was encoded, in either case, as Node reads it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const hex = hexEncode(bytes);
        expect(hex).toBe(Buffer.from(bytes).toString('hex'));
        expect(hexDecode(hex)).toEqual(bytes);
        expect(hexDecode(hex.toUpperCase())).toEqual(bytes);
      }),
      { numRuns: RUNS }
    );
  });

  it('refuses any character that is not a hex digit, and an odd length', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 32 }),
        fc.nat(),
        fc.constantFrom('g', 'G', ' ', '-', 'x', 'é', '\u0660', '/', ':', '@', '`'),
        (bytes, at, bad) => {
          const hex = hexEncode(bytes);
          const position = at % hex.length;
          expect(decodeError(() => hexDecode(hex.slice(0, position) + bad + hex.slice(position + 1)))).toContain(
            'not hexadecimal'
          );
          expect(decodeError(() => hexDecode(hex.slice(1)))).toContain('not hexadecimal');
        }
      ),
      { numRuns: RUNS }
    );
  });
});

describe('textEqual', () => {
  it('is string equality', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        expect(textEqual(a, b)).toBe(a === b);
        expect(textEqual(a, a)).toBe(true);
      }),
      { numRuns: RUNS }
    );
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
