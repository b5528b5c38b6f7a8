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

/**
 * Vose's alias table for degree d with probability ∝ 1/d. Built once per sequence length: every
 * part of a transfer shares it, so a part costs its degree, not its sequence length.
 */
class DegreeSampler {
  private readonly prob: Float64Array;
  private readonly alias: Uint32Array;

  constructor(readonly seqLength: number) {
    const weights = Array.from({ length: seqLength }, (_, i) => 1 / (i + 1));
    const sum = weights.reduce((total, w) => total + w, 0);
    const scaled = weights.map((w) => (w * seqLength) / sum);
    this.prob = new Float64Array(seqLength);
    this.alias = new Uint32Array(seqLength);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = seqLength - 1; i >= 0; i--) (scaled[i]! < 1 ? small : large).push(i);
    while (small.length > 0 && large.length > 0) {
      const less = small.pop()!;
      const more = large.pop()!;
      this.prob[less] = scaled[less]!;
      this.alias[less] = more;
      scaled[more] = scaled[more]! + scaled[less]! - 1;
      (scaled[more]! < 1 ? small : large).push(more);
    }
    for (const rest of [...large, ...small]) this.prob[rest] = 1;
  }

  next(rng: Xoshiro): number {
    const column = Math.floor(rng.nextDouble() * this.seqLength);
    return (rng.nextDouble() < this.prob[column]! ? column : this.alias[column]!) + 1;
  }
}

let sampler: DegreeSampler | undefined;

/**
 * The `rank`-th (0-based) index not yet taken, then taken: what the reference's
 * `remaining.splice(rank, 1)` picks, found in a Fenwick tree of the remaining indexes in
 * O(log n) instead of moving the array.
 */
class RemainingIndexes {
  private readonly tree: Uint32Array;
  private readonly top: number;

  constructor(readonly length: number) {
    this.tree = new Uint32Array(length + 1);
    // Every index is still there: node i counts the (i & -i) indexes it covers.
    for (let i = 1; i <= length; i++) this.tree[i] = i & -i;
    this.top = 2 ** Math.floor(Math.log2(length));
  }

  take(rank: number): number {
    let at = 0;
    let left = rank;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = at + step;
      if (next <= this.length && this.tree[next]! <= left) {
        at = next;
        left -= this.tree[next]!;
      }
    }
    for (let i = at + 1; i <= this.length; i += i & -i) this.tree[i]!--;
    return at;
  }
}

/**
 * The fragment indexes (0-based) that part `seqNum` (1-based) of a transfer XORs together, in
 * ascending order (the XOR does not depend on it). Costs O(n) for the tree plus O(degree · log n).
 */
export async function chooseFragments(seqNum: number, seqLength: number, checksum: number): Promise<number[]> {
  if (seqNum <= seqLength) return [seqNum - 1];
  const seed = new Uint8Array(8);
  const view = new DataView(seed.buffer);
  view.setUint32(0, seqNum);
  view.setUint32(4, checksum);
  const rng = new Xoshiro(await sha256(seed));
  if (sampler?.seqLength !== seqLength) sampler = new DegreeSampler(seqLength);
  const degree = sampler.next(rng);
  const remaining = new RemainingIndexes(seqLength);
  const chosen: number[] = [];
  for (let left = seqLength; chosen.length < degree; left--) chosen.push(remaining.take(rng.nextInt(0, left - 1)));
  return chosen.sort((a, b) => a - b);
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
