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
  options: { alphabet: Alphabet; lastChunkHandling: 'loose' | 'strict' }
) => { read: number; written: number };
/**
 * The platform decoder (Chromium 140+, Firefox 133+, Safari 18.2+); `atob` elsewhere. Decoding
 * into an array of the exact size: `Uint8Array.fromBase64` allocates and copies once more, and a
 * buffer allocation costs more than decoding a few kilobytes.
 */
const setFromBase64 = (Uint8Array.prototype as unknown as { setFromBase64?: SetFromBase64 }).setFromBase64;
/** Bits of the last character that must be zero, by the number of characters in the last group. */
const UNUSED_BITS = [0, 0, 0b1111, 0b11];
/** Exactly the alphabet: the platform decoders skip white space, and `atob` would read `+` `/` in base64url. */
const ONLY_ALPHABET: Record<Alphabet, RegExp> = { base64: /^[A-Za-z0-9+/]*$/, base64url: /^[A-Za-z0-9_-]*$/ };

/**
 * Whether the platform's decoders may read `body` (the input less its padding): nothing but the
 * alphabet, and canonical trailing bits (which they ignore). Anything else is left to the strict
 * reading below, which names the problem. `setFromBase64` refuses other characters itself, and
 * the white space it and `atob` skip leaves fewer bytes than the length promises, which every
 * caller checks; so the regex pass (about 1.2 ns a character, 12 µs for a 10 KB license file in
 * Chromium, against 0.5 µs for the decoder) runs only without `setFromBase64`, where `atob`
 * would read `+` `/` in base64url.
 */
function nativeReadable(body: string, lookup: Int16Array, alphabet: Alphabet): boolean {
  if (!setFromBase64 && !ONLY_ALPHABET[alphabet].test(body)) return false;
  // A last character outside the table (-1) is not canonical either: the strict reading names it.
  const last = body.length ? (lookup[body.charCodeAt(body.length - 1)] ?? -1) : 0;
  return (last & UNUSED_BITS[body.length % 4]!) === 0;
}

/** The platform's decoder: fills `out` with the `size` bytes and says whether it did. */
function decodeNative(body: string, alphabet: Alphabet, out: Uint8Array, size: number): boolean {
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

/** The input less its padding, and the number of bytes it holds; refuses misplaced padding. */
function unpadded(input: string, what: string): { body: string; size: number } {
  let end = input.length;
  let pad = 0;
  while (end > 0 && input.charCodeAt(end - 1) === 61 /* = */) {
    end--;
    pad++;
  }
  if (pad > 2) fail('ERR_ENCODING', `${what}: too much padding`);
  if (pad > 0 && input.length % 4 !== 0) fail('ERR_ENCODING', `${what}: wrong padding`);
  if (end % 4 === 1) fail('ERR_ENCODING', `${what}: truncated`);
  // Without padding, every character but the last group's spare bits is a byte's.
  return { body: pad ? input.slice(0, end) : input, size: Math.floor((end * 3) / 4) };
}

function decodeWith(input: string, lookup: Int16Array, what: string, alphabet: Alphabet, spare = 0): Uint8Array {
  const { body, size } = unpadded(input, what);
  const out = new Uint8Array(size + spare);
  const decoded = spare ? out.subarray(0, size) : out;
  if (nativeReadable(body, lookup, alphabet) && decodeNative(body, alphabet, out, size)) return decoded;
  // Whole groups of four characters, three bytes each. An invalid character (-1 in the table)
  // makes the group negative; that group and the rest are left to the loop below, which names
  // the character's position. (License files are kilobytes of base64: this is most of a batch's
  // decoding.)
  const end = body.length;
  let i = 0;
  let o = 0;
  for (const whole = end - (end % 4); i < whole; i += 4) {
    const c0 = body.charCodeAt(i);
    const c1 = body.charCodeAt(i + 1);
    const c2 = body.charCodeAt(i + 2);
    const c3 = body.charCodeAt(i + 3);
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
    const c = body.charCodeAt(i);
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

/** WHATWG "ASCII whitespace": what 60- or 80-column wrapping, CRLF and blank lines leave behind. */
const ASCII_WHITESPACE = /[\t\n\f\r ]+/g;

/**
 * Std base64 wrapped at any width (an armoured body): ASCII white space anywhere is skipped and the
 * rest read as `base64Decode` reads it. Padded canonical text, what signers write, goes to the
 * platform decoder as it is, which skips the white space itself: no copy of the text without it.
 */
export function base64DecodeWrapped(text: string, what = 'base64'): Uint8Array {
  if (setFromBase64) {
    const out = new Uint8Array(Math.ceil((text.length * 3) / 4));
    try {
      const { read, written } = setFromBase64.call(out, text, { alphabet: 'base64', lastChunkHandling: 'strict' });
      if (read === text.length) return out.subarray(0, written);
    } catch {
      // Unpadded, or not base64: the reading below accepts the one and names what is wrong with the other.
    }
  }
  return base64Decode(text.replace(ASCII_WHITESPACE, ''), what);
}

/** RFC 4648 §5 (`-`, `_`), padding optional. */
export function base64UrlDecode(input: string, what = 'base64url'): Uint8Array {
  return decodeWith(input, URL_TABLE, what, 'base64url');
}

/** Text of code points below U+0080 only: its UTF-8 bytes are its code units. */
// eslint-disable-next-line no-control-regex -- the range is the point: every code unit below 0x80.
const ASCII = /^[\x00-\x7f]*$/;

/**
 * UTF-8 text carried in std base64 (a `.lic`, a `.req`, a license file's body), read exactly as
 * `utf8Decode(base64Decode(input))` reads it. ASCII text, nearly every such file, comes from
 * `atob` as a string already: no byte buffer, no decoder pass.
 */
export function base64DecodeText(input: string, what = 'base64'): string {
  const { body, size } = unpadded(input, what);
  if (nativeReadable(body, STD_TABLE, 'base64')) {
    let binary: string | undefined;
    try {
      binary = atob(body);
    } catch {
      // Not base64: the strict reading below names the character.
    }
    if (binary !== undefined && binary.length === size && ASCII.test(binary)) return binary;
  }
  return utf8Decode(base64Decode(input, what), what);
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

const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function hexEncode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX_PAIRS[b]!;
  return out;
}

/** Each hex digit's value by character code, -1 for anything else. */
const HEX_VALUES = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let d = 0; d < 16; d++) {
    t[d.toString(16).charCodeAt(0)] = d;
    t[d.toString(16).toUpperCase().charCodeAt(0)] = d;
  }
  return t;
})();

/** Either case. A table, not `parseInt` per pair: an RSA block is 512 digits, decoded per verdict. */
export function hexDecode(input: string, what = 'hex'): Uint8Array {
  if (input.length % 2 !== 0) fail('ERR_ENCODING', `${what}: not hexadecimal`);
  const out = new Uint8Array(input.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = input.charCodeAt(2 * i);
    const lo = input.charCodeAt(2 * i + 1);
    const value = ((hi < 128 ? HEX_VALUES[hi]! : -1) << 4) | (lo < 128 ? HEX_VALUES[lo]! : -1);
    if (value < 0) fail('ERR_ENCODING', `${what}: not hexadecimal`);
    out[i] = value;
  }
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

/** Equal strings, compared in a time that depends on their lengths only (MACs written as text). */
export function textEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
