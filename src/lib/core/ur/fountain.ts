/**
 * The Luby-transform fountain code of Uniform Resources (BCR-2020-005): parts 1…n carry the n
 * fragments as they are; every later part XORs a pseudo-random set of fragments chosen from its
 * sequence number and the message checksum, so a receiver that missed frames completes from
 * whichever parts it sees next. The choice must be bit-for-bit the one other implementations make.
 */
import { sha256 } from '../crypto/primitives';

const MASK64 = (1n << 64n) - 1n;
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & MASK64;

/** xoshiro256** seeded from SHA-256 of the seed bytes, as the UR specification fixes. */
class Xoshiro {
  private readonly s: bigint[];
  constructor(digest: Uint8Array) {
    const view = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
    this.s = [0, 1, 2, 3].map((i) => view.getBigUint64(i * 8));
  }

  private roll(): bigint {
    const s = this.s as [bigint, bigint, bigint, bigint];
    const result = (rotl((s[1] * 5n) & MASK64, 7n) * 9n) & MASK64;
    const t = (s[1] << 17n) & MASK64;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45n);
    return result;
  }

  /**
   * A number in [0, 1). The reference JS implementation (@ngraveio/bc-ur) divides with
   * bignumber.js, which rounds the quotient half-up to 20 decimal places before it becomes a
   * double; doing the same keeps every choice identical to it.
   */
  nextDouble(): number {
    const scaled = (this.roll() * 10n ** 20n + (1n << 63n)) >> 64n;
    return Number(`${scaled}e-20`);
  }

  nextInt(low: number, high: number): number {
    return Math.floor(this.nextDouble() * (high - low + 1) + low);
  }
}

/** How many fragments a mixed part XORs: degree d with probability ∝ 1/d (Vose's alias method). */
function chooseDegree(seqLength: number, rng: Xoshiro): number {
  const weights = Array.from({ length: seqLength }, (_, i) => 1 / (i + 1));
  const sum = weights.reduce((total, w) => total + w, 0);
  const scaled = weights.map((w) => (w * seqLength) / sum);
  const prob = new Array<number>(seqLength);
  const alias = new Array<number>(seqLength);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = seqLength - 1; i >= 0; i--) (scaled[i]! < 1 ? small : large).push(i);
  while (small.length > 0 && large.length > 0) {
    const less = small.pop()!;
    const more = large.pop()!;
    prob[less] = scaled[less]!;
    alias[less] = more;
    scaled[more] = scaled[more]! + scaled[less]! - 1;
    (scaled[more]! < 1 ? small : large).push(more);
  }
  for (const rest of [...large, ...small]) prob[rest] = 1;
  const column = Math.floor(rng.nextDouble() * seqLength);
  return (rng.nextDouble() < prob[column]! ? column : alias[column]!) + 1;
}

/** The fragment indexes (0-based) that part `seqNum` (1-based) of a transfer XORs together. */
export async function chooseFragments(seqNum: number, seqLength: number, checksum: number): Promise<number[]> {
  if (seqNum <= seqLength) return [seqNum - 1];
  const seed = new Uint8Array(8);
  const view = new DataView(seed.buffer);
  view.setUint32(0, seqNum);
  view.setUint32(4, checksum);
  const rng = new Xoshiro(await sha256(seed));
  const degree = chooseDegree(seqLength, rng);
  const remaining = Array.from({ length: seqLength }, (_, i) => i);
  const chosen: number[] = [];
  while (chosen.length < degree) chosen.push(remaining.splice(rng.nextInt(0, remaining.length - 1), 1)[0]!);
  return chosen;
}

/** The fragment length the reference picks: the smallest even split whose pieces fit `max`. */
export function nominalFragmentLength(messageLength: number, minLength: number, maxLength: number): number {
  const maxCount = Math.ceil(messageLength / minLength);
  let length = 0;
  for (let count = 1; count <= maxCount; count++) {
    length = Math.ceil(messageLength / count);
    if (length <= maxLength) break;
  }
  return length;
}
