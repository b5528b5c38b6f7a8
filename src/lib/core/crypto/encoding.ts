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

function decodeWith(input: string, lookup: Int16Array, what: string): Uint8Array {
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
  const out = new Uint8Array(Math.floor((end * 3) / 4));
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
  return out;
}

/** RFC 4648 §4 (`+`, `/`), padding optional. */
export function base64Decode(input: string, what = 'base64'): Uint8Array {
  return decodeWith(input, STD_TABLE, what);
}

/** RFC 4648 §5 (`-`, `_`), padding optional. */
export function base64UrlDecode(input: string, what = 'base64url'): Uint8Array {
  return decodeWith(input, URL_TABLE, what);
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

/** Copy into a fresh ArrayBuffer-backed view, the type WebCrypto wants. */
export const toBuffer = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
