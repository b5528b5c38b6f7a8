/**
 * Just enough DER for public keys and ECDSA signatures. Strict: definite minimal lengths only, so a
 * signature has exactly one accepted encoding (Wycheproof checks this).
 */
import { fail } from '../errors';

export interface DerNode {
  tag: number;
  /** Offset of the value inside the parsed buffer. */
  start: number;
  end: number;
}

/** Read one TLV at `offset`; refuses indefinite, non-minimal and overlong lengths. */
export function readDer(bytes: Uint8Array, offset: number): DerNode {
  const tag = bytes[offset];
  const lenByte = bytes[offset + 1];
  if (tag === undefined || lenByte === undefined) fail('ERR_ENCODING', 'DER: truncated');
  let pos = offset + 2;
  let length = lenByte;
  if (lenByte & 0x80) {
    const count = lenByte & 0x7f;
    if (count === 0 || count > 3) fail('ERR_ENCODING', 'DER: unsupported length');
    length = 0;
    for (let i = 0; i < count; i++) {
      const b = bytes[pos++];
      if (b === undefined) fail('ERR_ENCODING', 'DER: truncated');
      if (i === 0 && b === 0) fail('ERR_ENCODING', 'DER: non-minimal length');
      length = (length << 8) | b;
    }
    if (length < 0x80) fail('ERR_ENCODING', 'DER: non-minimal length');
  }
  const end = pos + length;
  if (end > bytes.length) fail('ERR_ENCODING', 'DER: truncated');
  return { tag, start: pos, end };
}

/**
 * ECDSA `SEQUENCE { INTEGER r, INTEGER s }` → IEEE P1363 `r ‖ s` (what WebCrypto wants).
 * Refuses negative, zero-padded or oversized integers and trailing bytes.
 */
export function ecdsaDerToP1363(der: Uint8Array, size = 32): Uint8Array<ArrayBuffer> {
  const seq = readDer(der, 0);
  if (seq.tag !== 0x30 || seq.end !== der.length) fail('ERR_ENCODING', 'ECDSA signature: not one DER sequence');
  const out = new Uint8Array(2 * size);
  let pos = seq.start;
  for (let i = 0; i < 2; i++) {
    const int = readDer(der, pos);
    if (int.tag !== 0x02) fail('ERR_ENCODING', 'ECDSA signature: expected an INTEGER');
    let value = der.subarray(int.start, int.end);
    if (value.length === 0) fail('ERR_ENCODING', 'ECDSA signature: empty INTEGER');
    if (value[0]! & 0x80) fail('ERR_ENCODING', 'ECDSA signature: negative INTEGER');
    if (value[0] === 0 && value.length > 1) {
      if (!(value[1]! & 0x80)) fail('ERR_ENCODING', 'ECDSA signature: non-minimal INTEGER');
      value = value.subarray(1);
    }
    if (value.length > size) fail('ERR_ENCODING', 'ECDSA signature: INTEGER too large');
    out.set(value, (i + 1) * size - value.length);
    pos = int.end;
  }
  if (pos !== seq.end) fail('ERR_ENCODING', 'ECDSA signature: trailing data');
  return out;
}
