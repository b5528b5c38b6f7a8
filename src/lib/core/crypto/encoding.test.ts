import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64Decode, base64UrlDecode } from './encoding';

/** The decoder one character at a time, as it was before it took four at once: the oracle. */
function oneByOne(input: string, alphabet: string, what: string): Uint8Array | string {
  let end = input.length;
  let pad = 0;
  while (end > 0 && input[end - 1] === '=') {
    end--;
    pad++;
  }
  if (pad > 2) return `${what}: too much padding`;
  if (pad > 0 && input.length % 4 !== 0) return `${what}: wrong padding`;
  if (end % 4 === 1) return `${what}: truncated`;
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const v = alphabet.indexOf(input[i]!);
    if (v < 0 || input[i]!.length !== 1) return `${what}: unexpected character at position ${i}`;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return `${what}: non-canonical ending`;
  return Uint8Array.from(out);
}

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function decoded(decode: (s: string, what: string) => Uint8Array, input: string): Uint8Array | string {
  try {
    return decode(input, 'x');
  } catch (err) {
    return (err as Error).message;
  }
}

// Mostly alphabet characters, with the ones that must be refused mixed in: the other alphabet's,
// padding, white space, and characters beyond ASCII (whose low byte is an alphabet character).
const text = (alphabet: string) =>
  fc
    .array(
      fc.oneof(
        { weight: 20, arbitrary: fc.constantFrom(...alphabet) },
        { weight: 1, arbitrary: fc.constantFrom('+', '/', '-', '_', '=', ' ', '\n', '\u0141', '\u0100', 'é') }
      ),
      { maxLength: 80 }
    )
    .map((cs) => cs.join(''));

describe('base64 decoding', () => {
  it('gives the same bytes, or the same refusal, as decoding one character at a time', () => {
    for (const [decode, alphabet] of [
      [base64Decode, STD],
      [base64UrlDecode, URL]
    ] as const) {
      fc.assert(
        fc.property(text(alphabet), fc.constantFrom('', '=', '=='), (body, padding) => {
          const input = body + padding;
          expect(decoded(decode, input)).toEqual(oneByOne(input, alphabet, 'x'));
        }),
        { numRuns: 3000 }
      );
    }
  });

  it('decodes what Node encodes, at every length', () => {
    const bytes = Uint8Array.from({ length: 70 }, (_, i) => (i * 97 + 13) & 0xff);
    for (let n = 0; n <= bytes.length; n++) {
      const b = Buffer.from(bytes.subarray(0, n));
      expect(base64Decode(b.toString('base64'))).toEqual(bytes.subarray(0, n));
      expect(base64UrlDecode(b.toString('base64url'))).toEqual(bytes.subarray(0, n));
    }
  });
});
