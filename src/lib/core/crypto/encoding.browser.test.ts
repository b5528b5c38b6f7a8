/**
 * The base64 decoders in the browsers, which have the platform decoder (`setFromBase64`, Chromium
 * 140+, Firefox 133+, Safari 18.2+) that Node lacks: that path must accept exactly what the strict
 * reading accepts and give the same bytes.
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
  utf8Decode,
  utf8Encode
} from './encoding';
import { outcome } from '../../../../tests/support/outcome';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The strict reading, one character at a time: padding only to a multiple of 4, canonical last bits. */
function reference(text: string): Uint8Array | undefined {
  const body = text.replace(/={1,2}$/, '');
  if (body.length !== text.length && text.length % 4 !== 0) return undefined;
  if (body.length % 4 === 1) return undefined;
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of body) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return (acc & ((1 << bits) - 1)) === 0 ? Uint8Array.from(out) : undefined;
}

function decoded(text: string): Uint8Array | undefined {
  const read = outcome(() => base64Decode(text));
  return 'value' in read ? read.value : undefined;
}

/** 4,096 valid characters (zero bytes), a text of license-file size, before the pieces under test. */
const LONG_PREFIX = 'A'.repeat(4096);

describe("base64 decoding on the browser's own decoder", () => {
  it('reads back what was encoded, in both alphabets, with or without room after it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 20 }), (bytes, spare) => {
        expect(base64Decode(base64Encode(bytes))).toEqual(bytes);
        expect(base64UrlDecode(base64UrlEncode(bytes, false))).toEqual(bytes);
        const roomy = base64Decode(base64Encode(bytes), 'x', spare);
        expect(roomy).toEqual(bytes);
        expect(roomy.buffer.byteLength).toBe(bytes.length + spare);
      }),
      { numRuns: 3000 }
    );
  });

  it('accepts and refuses exactly what the strict reading does', () => {
    const piece = fc.constantFrom(...'ABQRgw+/09=', ' ', '\n', '-', '_', 'é', '==');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        const text = pieces.join('');
        expect(decoded(text)).toEqual(reference(text));
      }),
      { numRuns: 20_000 }
    );
  });

  it('reads wrapped base64 as the strict reading of the text less its white space, message and all', () => {
    const piece = fc.constantFrom(...'ABQRgw+/09=', ' ', '\n', '\r\n', '\t', '\f', '-', 'é', '==');
    const wrapped = fc.uint8Array({ maxLength: 120 }).map((b) => base64Encode(b).replace(/.{1,16}/g, '$&\n'));
    fc.assert(
      fc.property(
        fc.oneof(
          wrapped,
          fc.array(piece, { maxLength: 24 }).map((p) => p.join(''))
        ),
        (text) => {
          expect(outcome(() => base64DecodeWrapped(text, 'body'))).toEqual(
            outcome(() => base64Decode(text.replace(/[\t\n\f\r ]+/g, ''), 'body'))
          );
        }
      ),
      { numRuns: 20_000 }
    );
  });

  it('reads base64 text as the strict byte reading and UTF-8 do, though `atob` there meets no alphabet check', () => {
    const piece = fc.constantFrom(...'ABQRgw+/09=', ' ', '\n', '\t', '-', '_', 'é', '==');
    const encoded = fc.string({ maxLength: 60 }).map((s) => base64Encode(utf8Encode(s)));
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.oneof(
          encoded,
          fc.array(piece, { maxLength: 24 }).map((p) => p.join(''))
        ),
        (long, tail) => {
          const text = (long ? LONG_PREFIX : '') + tail;
          expect(outcome(() => base64DecodeText(text, 'file'))).toEqual(
            outcome(() => utf8Decode(base64Decode(text, 'file'), 'file'))
          );
        }
      ),
      { numRuns: 8000 }
    );
  });
});
