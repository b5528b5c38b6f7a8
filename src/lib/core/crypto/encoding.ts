/**
 * Byte encodings, strict on input. Keygen writes base64url *with* padding (Ruby
 * `urlsafe_encode64`) and std base64 with padding; we accept padded and unpadded input but
 * refuse any character outside the alphabet and any non-canonical trailing bits, so that two
 * different strings never decode to the same bytes.
 */
import { fail } from '../errors';

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function table(alphabet: string): Int16Array {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
}
const STD_TABLE = table(STD);
const URL_TABLE = table(URL);

type Alphabet = 'base64' | 'base64url';
type SetFromBase64 = (
  this: Uint8Array,
  text: string,
  options: { alphabet: Alphabet; lastChunkHandling: 'loose' }
) => { read: number; written: number };
/**
 * The platform decoder (Chromium 140+, Firefox 133+, Safari 18.2+); `atob` elsewhere. Decoding
 * into an array of the exact size: `Uint8Array.fromBase64` allocates and copies once more, and a
 * buffer allocation costs more than decoding a few kilobytes.
 */
const setFromBase64 = (Uint8Array.prototype as unknown as { setFromBase64?: SetFromBase64 }).setFromBase64;
/** Bits of the last character that must be zero, by the number of characters in the last group. */
const UNUSED_BITS = [0, 0, 0b1111, 0b11];
/** What the platform decoders skip or, after `atob`'s translation, would accept from base64url. */
const SKIPPED: Record<Alphabet, string[]> = {
  base64: [' ', '\n', '\r', '\t', '\f'],
  base64url: [' ', '\n', '\r', '\t', '\f', '+', '/']
};

/**
 * The platform's decoder, for input this module's rules accept: no white space (which the platform
 * skips), canonical trailing bits (which it ignores). Fills `out` with the `size` bytes and says
 * whether it did; false for anything else, so that the strict reading below names the problem.
 * `indexOf` and the decoder are native, several times faster than any scan in JavaScript.
 */
function decodeNative(body: string, lookup: Int16Array, alphabet: Alphabet, out: Uint8Array, size: number): boolean {
  if (SKIPPED[alphabet].some((ch) => body.includes(ch))) return false;
  const last = body.length ? (lookup[body.charCodeAt(body.length - 1)] ?? -1) : 0;
  if ((last & UNUSED_BITS[body.length % 4]!) !== 0) return false;
  try {
    if (setFromBase64) return setFromBase64.call(out, body, { alphabet, lastChunkHandling: 'loose' }).written === size;
    const binary = atob(alphabet === 'base64' ? body : body.replace(/-/g, '+').replace(/_/g, '/'));
    if (binary.length !== size) return false;
    for (let i = 0; i < size; i++) out[i] = binary.charCodeAt(i);
    return true;
  } catch {
    return false;
  }
}

function decodeWith(input: string, lookup: Int16Array, what: string, alphabet: Alphabet, spare = 0): Uint8Array {
  let end = input.length;
  let pad = 0;
  while (end > 0 && input.charCodeAt(end - 1) === 61 /* = */) {
    end--;
    pad++;
  }
  if (pad > 2) fail('ERR_ENCODING', `${what}: too much padding`);
  if (pad > 0 && input.length % 4 !== 0) fail('ERR_ENCODING', `${what}: wrong padding`);
  const rem = end % 4;
  if (rem === 1) fail('ERR_ENCODING', `${what}: truncated`);
  // Without padding, every character but the last group's spare bits is a byte's.
  const size = Math.floor((end * 3) / 4);
  const out = new Uint8Array(size + spare);
  const decoded = spare ? out.subarray(0, size) : out;
  if (decodeNative(pad ? input.slice(0, end) : input, lookup, alphabet, out, size)) return decoded;
  // Whole groups of four characters, three bytes each. An invalid character (-1 in the table)
  // makes the group negative; that group and the rest are left to the loop below, which names
  // the character's position. (License files are kilobytes of base64: this is most of a batch's
  // decoding.)
  let i = 0;
  let o = 0;
  for (const whole = end - rem; i < whole; i += 4) {
    const c0 = input.charCodeAt(i);
    const c1 = input.charCodeAt(i + 1);
    const c2 = input.charCodeAt(i + 2);
    const c3 = input.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) >= 128) break;
    const group = (lookup[c0]! << 18) | (lookup[c1]! << 12) | (lookup[c2]! << 6) | lookup[c3]!;
    if (group < 0) break;
    out[o] = group >> 16;
    out[o + 1] = (group >> 8) & 0xff;
    out[o + 2] = group & 0xff;
    o += 3;
  }
  let acc = 0;
  let bits = 0;
  for (; i < end; i++) {
    const c = input.charCodeAt(i);
    const v = c < 128 ? lookup[c]! : -1;
    if (v < 0) fail('ERR_ENCODING', `${what}: unexpected character at position ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) fail('ERR_ENCODING', `${what}: non-canonical ending`);
  return decoded;
}

/**
 * RFC 4648 §4 (`+`, `/`), padding optional. `spare`: bytes of room left in the same buffer after
 * the decoded ones, for bytes that must follow them (an AES-GCM tag after its ciphertext) without
 * a second buffer and copy.
 */
export function base64Decode(input: string, what = 'base64', spare = 0): Uint8Array {
  return decodeWith(input, STD_TABLE, what, 'base64', spare);
}

/** RFC 4648 §5 (`-`, `_`), padding optional. */
export function base64UrlDecode(input: string, what = 'base64url'): Uint8Array {
  return decodeWith(input, URL_TABLE, what, 'base64url');
}

function encodeWith(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

export const base64Encode = (bytes: Uint8Array): string => encodeWith(bytes, STD, true);
export const base64UrlEncode = (bytes: Uint8Array, pad = true): string => encodeWith(bytes, URL, pad);

export function hexEncode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function hexDecode(input: string, what = 'hex'): Uint8Array {
  if (input.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(input)) fail('ERR_ENCODING', `${what}: not hexadecimal`);
  const out = new Uint8Array(input.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(input.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const utf8Encode = (text: string): Uint8Array<ArrayBuffer> => encoder.encode(text);

/** UTF-8 that refuses invalid sequences instead of inventing U+FFFD. */
export function utf8Decode(bytes: Uint8Array, what = 'text'): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    fail('ERR_INPUT_NOT_TEXT', `${what} is not valid UTF-8`);
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * The bytes as an ArrayBuffer-backed view, the type WebCrypto wants: the same view when it is one
 * already (WebCrypto copies its inputs when called, so sharing cannot let a later write through),
 * a copy when it lives in a SharedArrayBuffer. A copy per call cost a verdict an allocation each.
 */
export const toBuffer = (bytes: Uint8Array): Uint8Array<ArrayBuffer> =>
  bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
