/**
 * Files over animated QR codes as Uniform Resources (`ur:bytes/…`, BCR-2020-005): the encoder
 * cuts a file into parts, the collector puts the parts it sees back together. A part is only used
 * when its CRC holds, and the file is only handed out when the checksum of the whole matches. Both
 * CRCs catch a misread code, not a forger: CRC32 is linear, so a crafted part can keep both and
 * complete a transfer with other bytes. The integrity guarantee is the file's signature, verified
 * like any other input; a caller whose file did not verify resets the collector.
 */
import { bytewordsDecode, bytewordsEncode, crc32 } from './bytewords';
import { chooseFragments, nominalFragmentLength } from './fountain';

/**
 * The largest file a transfer carries: 256 KiB, sixteen times the largest machine file, and over
 * a thousand parts of the app's 250 bytes (a minute of frames). A part only declares a size, so
 * the limit is what keeps a crafted part from making the collector work for a file never sent.
 */
export const MAX_TRANSFER_BYTES = 256 * 1024;
/** The most parts (fragments) a transfer is cut into: 256 KiB (and its CBOR head) in parts of 128 bytes. */
export const MAX_SEQ_LENGTH = 2100;
/** The shortest fragment the reference encoder makes: below it the part header outweighs the data. */
const MIN_FRAGMENT_LENGTH = 10;
/** The fragment indexes all waiting parts hold together (2 bytes each). */
const MAX_WAITING_INDEXES = 1 << 18;
/**
 * The steps (index reads) one part may cost. A part that frees waiting parts reduces them in turn;
 * past this budget the rest are dropped, which only means waiting for later parts of the fountain.
 */
export const WORK_BUDGET = 1 << 20;
/** The longest text a part may be: a version 40 QR code holds 4,296 alphanumeric characters. */
const MAX_PART_TEXT = 8192;
/** The CBOR head of a byte string as long as the input limit (`0x5a` and four length bytes). */
const MAX_MESSAGE_LENGTH = MAX_TRANSFER_BYTES + 5;
/** Transfers collected side by side: two phones in view at once still both complete. */
const MAX_TRANSFERS = 2;

// A part: `ur:`, the type, for a multi-part transfer `seqNum-seqLength/`, then the bytewords.
const PART = /^ur:([a-z0-9-]{1,32})\/(?:([1-9][0-9]{0,9})-([1-9][0-9]{0,9})\/)?([a-z]+)$/;

function cborHead(major: number, value: number): number[] {
  const top = major << 5;
  if (value < 24) return [top | value];
  if (value < 0x100) return [top | 24, value];
  if (value < 0x10000) return [top | 25, value >> 8, value & 0xff];
  return [top | 26, value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function cborBytes(bytes: Uint8Array): Uint8Array {
  const head = cborHead(2, bytes.length);
  const out = new Uint8Array(head.length + bytes.length);
  out.set(head);
  out.set(bytes, head.length);
  return out;
}

/** A minimal CBOR reader for the two shapes UR uses here; every read is bounds-checked. */
class CborReader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}
  /** The argument of a head of `major` type, or null (wrong type, indefinite length, over 32 bits). */
  head(major: number): number | null {
    const first = this.bytes[this.at++];
    if (first === undefined || first >> 5 !== major) return null;
    const info = first & 0x1f;
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : 0;
    if (size === 0 || this.at + size > this.bytes.length) return null;
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + this.bytes[this.at++]!;
    return value;
  }
  byteString(): Uint8Array | null {
    const length = this.head(2);
    if (length === null || this.at + length > this.bytes.length) return null;
    const out = this.bytes.slice(this.at, this.at + length);
    this.at += length;
    return out;
  }
  get done() {
    return this.at === this.bytes.length;
  }
}

/** The file inside a `bytes` UR message (one CBOR byte string and nothing after it), or null. */
function unwrapBytes(message: Uint8Array): Uint8Array | null {
  const reader = new CborReader(message);
  const bytes = reader.byteString();
  return bytes !== null && reader.done ? bytes : null;
}

export interface EncodeOptions {
  /** The most file bytes one part carries (the reference's `maxFragmentLength`, default 100). */
  maxFragmentLength?: number;
}

/** A file cut into UR parts; `part(n)` for n = 1, 2, … never runs out (fountain code). */
export class TransferEncoder {
  private readonly message: Uint8Array;
  private readonly fragments: Uint8Array[];
  readonly checksum: number;

  constructor(file: Uint8Array, options: EncodeOptions = {}) {
    if (file.length > MAX_TRANSFER_BYTES) throw new RangeError(`A transfer holds at most ${MAX_TRANSFER_BYTES} bytes.`);
    this.message = cborBytes(file);
    const length = nominalFragmentLength(
      this.message.length,
      MIN_FRAGMENT_LENGTH,
      Math.max(MIN_FRAGMENT_LENGTH, options.maxFragmentLength ?? 100)
    );
    this.fragments = [];
    for (let at = 0; at < this.message.length; at += length) {
      const fragment = new Uint8Array(length);
      fragment.set(this.message.subarray(at, at + length));
      this.fragments.push(fragment);
    }
    this.checksum = crc32(this.message);
  }

  /** How many parts at least a receiver needs: the pure fragments. */
  get seqLength(): number {
    return this.fragments.length;
  }

  /** Part `seqNum` (from 1) as lower-case text; a one-fragment file is always its single-part UR. */
  async part(seqNum: number): Promise<string> {
    if (this.fragments.length === 1) return `ur:bytes/${bytewordsEncode(this.message)}`;
    const indexes = await chooseFragments(seqNum, this.fragments.length, this.checksum);
    const mixed = new Uint8Array(this.fragments[0]!.length);
    for (const index of indexes) {
      const fragment = this.fragments[index]!;
      for (let i = 0; i < mixed.length; i++) mixed[i]! ^= fragment[i]!;
    }
    const body = [
      0x85,
      ...cborHead(0, seqNum),
      ...cborHead(0, this.fragments.length),
      ...cborHead(0, this.message.length),
      ...cborHead(0, this.checksum),
      ...cborBytes(mixed)
    ];
    return `ur:bytes/${seqNum}-${this.fragments.length}/${bytewordsEncode(Uint8Array.from(body))}`;
  }
}

/** What one scanned code did to the collection. */
export type PartOutcome =
  | { kind: 'not-ur' }
  /** Not used: damaged (CRC), not a file (`ur:` of another type), malformed or over the size limit. */
  | { kind: 'rejected'; reason: 'damaged' | 'not-bytes' | 'malformed' | 'too-large' | 'corrupt-transfer' }
  | { kind: 'duplicate'; progress: number }
  | { kind: 'progress'; progress: number }
  | { kind: 'complete'; file: Uint8Array };

interface Header {
  seqNum: number;
  seqLength: number;
  messageLength: number;
  checksum: number;
  fragment: Uint8Array;
}

function parseHeader(body: Uint8Array): Header | null {
  const reader = new CborReader(body);
  if (reader.head(4) !== 5) return null;
  const seqNum = reader.head(0);
  const seqLength = reader.head(0);
  const messageLength = reader.head(0);
  const checksum = reader.head(0);
  const fragment = reader.byteString();
  if (
    seqNum === null ||
    seqLength === null ||
    messageLength === null ||
    checksum === null ||
    fragment === null ||
    !reader.done
  )
    return null;
  return { seqNum, seqLength, messageLength, checksum, fragment };
}

function xorInto(target: Uint8Array, other: Uint8Array): void {
  steps++;
  for (let i = 0; i < target.length; i++) target[i]! ^= other[i]!;
}

/** Fragment indexes in ascending order. */
type Indexes = Uint16Array;

/** Index reads (and fragment XORs) so far: what bounds the cost of one part, counted, not timed. */
let steps = 0;

/** Whether `small` is a strict subset of `large`, in one merge pass over both. */
function isStrictSubset(small: Indexes, large: Indexes): boolean {
  if (small.length >= large.length) return false;
  let j = 0;
  for (const index of small) {
    steps++;
    while (j < large.length && large[j]! < index) {
      j++;
      steps++;
    }
    if (large[j] !== index) return false;
    j++;
  }
  return true;
}

/** `set` without the indexes of `subset`, in one merge pass. */
function without(set: Indexes, subset: Indexes): Indexes {
  const out = new Uint16Array(set.length - subset.length);
  let j = 0;
  let k = 0;
  steps += set.length;
  for (const index of set) {
    if (subset[j] === index) j++;
    else out[k++] = index;
  }
  return out;
}

function contains(set: Indexes, index: number): boolean {
  let low = 0;
  let high = set.length - 1;
  while (low <= high) {
    steps++;
    const mid = (low + high) >> 1;
    if (set[mid] === index) return true;
    if (set[mid]! < index) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** One file being put together: pure fragments known so far and mixed parts waiting on them. */
class Transfer {
  readonly fragments: (Uint8Array | undefined)[];
  known = 0;
  private readonly seen = new Set<number>();
  private readonly mixed = new Map<string, { indexes: Indexes; data: Uint8Array }>();
  private waitingIndexes = 0;
  lastUsed = 0;
  /** The steps the last `add` took, for the bound on a crafted part's cost. */
  work = 0;

  constructor(readonly header: Omit<Header, 'seqNum' | 'fragment'> & { fragmentLength: number }) {
    this.fragments = new Array<Uint8Array | undefined>(header.seqLength);
  }

  get progress() {
    return this.known / this.fragments.length;
  }

  /**
   * Marks `seqNum` seen; false when it already was. Only the latest sequence numbers are kept (a
   * loop of a display repeats within a few times `seqLength`): crafted ones cannot grow it.
   */
  firstSight(seqNum: number): boolean {
    if (this.seen.has(seqNum)) return false;
    if (this.seen.size >= 4 * this.fragments.length + 64) this.seen.delete(this.seen.values().next().value!);
    this.seen.add(seqNum);
    return true;
  }

  /**
   * Reduces the part by what is known: XOR out known fragments and any waiting part whose
   * fragments are a strict subset of its own. One fragment left is a new fragment; several make
   * a waiting part, which in turn reduces the waiting parts that contain it. Every reduction
   * shrinks a set of indexes, so this ends; `WORK_BUDGET` bounds what one part may cost.
   */
  add(indexes: Indexes, data: Uint8Array): void {
    const queue: { indexes: Indexes; data: Uint8Array }[] = [{ indexes, data }];
    const start = steps;
    // Stopping early anywhere leaves true equations behind: parts less reduced, or dropped.
    const spent = () => steps - start >= WORK_BUDGET;
    for (let next = queue.pop(); next && !spent(); next = queue.pop()) {
      const data = next.data.slice();
      let unknown: Indexes = next.indexes.filter((index) => {
        const fragment = this.fragments[index];
        if (fragment) xorInto(data, fragment);
        return !fragment;
      });
      steps += next.indexes.length;
      for (const part of this.mixed.values()) {
        if (unknown.length <= 1 || spent()) break;
        if (!isStrictSubset(part.indexes, unknown)) continue;
        xorInto(data, part.data);
        unknown = without(unknown, part.indexes);
      }
      if (unknown.length === 1) {
        const index = unknown[0]!;
        this.fragments[index] = data;
        this.known++;
        for (const [key, part] of this.mixed) {
          // A waiting part left holding a known fragment is never used again, only evicted.
          if (spent()) break;
          if (!contains(part.indexes, index)) continue;
          this.forget(key, part);
          queue.push(part);
        }
      } else if (unknown.length > 1) {
        const key = unknown.join(',');
        if (this.mixed.has(key)) continue;
        for (const [other, part] of this.mixed) {
          if (spent()) break;
          if (!isStrictSubset(unknown, part.indexes)) continue;
          this.forget(other, part);
          queue.push(part);
        }
        // A bound on memory: the oldest waiting parts go first.
        while (
          this.mixed.size > 0 &&
          (this.mixed.size >= 2 * this.fragments.length + 16 ||
            this.waitingIndexes + unknown.length > MAX_WAITING_INDEXES)
        ) {
          const [oldest, part] = this.mixed.entries().next().value!;
          this.forget(oldest, part);
        }
        this.mixed.set(key, { indexes: unknown, data });
        this.waitingIndexes += unknown.length;
      }
    }
    this.work = steps - start;
  }

  private forget(key: string, part: { indexes: Indexes }): void {
    this.mixed.delete(key);
    this.waitingIndexes -= part.indexes.length;
  }

  /** The message, once every fragment is known, trimmed of the last fragment's padding. */
  message(): Uint8Array {
    const out = new Uint8Array(this.fragments.length * this.header.fragmentLength);
    this.fragments.forEach((fragment, i) => out.set(fragment!, i * this.header.fragmentLength));
    return out.subarray(0, this.header.messageLength);
  }
}

/**
 * Collects UR parts in any order. Duplicates and damaged parts change nothing; parts of different
 * transfers (different length or checksum) are kept apart, up to `MAX_TRANSFERS` at once (the one
 * seen least recently goes when another starts), and the first to complete is the answer.
 */
export class TransferCollector {
  private transfers = new Map<string, Transfer>();
  private clock = 0;
  /**
   * The last file completed: its parts, still on the screen in front of the camera, give it again
   * at once, so a caller that counts a code held in view once can do the same with an animation.
   * `reset` forgets it: a file that did not verify must not answer the genuine parts.
   */
  private finished: { key: string; file: Uint8Array } | undefined;
  /** The steps the last part took to reduce (0 when it was not reduced): bounded by `WORK_BUDGET`. */
  lastWork = 0;

  /** The progress (0–1) of the transfer that last received a part, or null when none is under way. */
  get progress(): number | null {
    let latest: Transfer | undefined;
    for (const transfer of this.transfers.values())
      if (!latest || transfer.lastUsed > latest.lastUsed) latest = transfer;
    return latest ? latest.progress : null;
  }

  /** Forgets every transfer, the finished one too. */
  reset(): void {
    this.transfers.clear();
    this.finished = undefined;
  }

  async receive(code: string): Promise<PartOutcome> {
    this.lastWork = 0;
    const text = code.trim().toLowerCase();
    if (!text.startsWith('ur:')) return { kind: 'not-ur' };
    const match = text.length <= MAX_PART_TEXT ? PART.exec(text) : null;
    if (!match) return { kind: 'rejected', reason: 'malformed' };
    const [, type, seqText, lengthText, words] = match;
    if (type !== 'bytes') return { kind: 'rejected', reason: 'not-bytes' };
    const body = bytewordsDecode(words!);
    if (!body) return { kind: 'rejected', reason: 'damaged' };

    if (seqText === undefined) {
      if (body.length > MAX_MESSAGE_LENGTH) return { kind: 'rejected', reason: 'too-large' };
      const file = unwrapBytes(body);
      // Transfers under way carry on: a single-part code in view (another phone) is no reason to drop them.
      return file ? { kind: 'complete', file } : { kind: 'rejected', reason: 'malformed' };
    }

    const header = parseHeader(body);
    if (!header || header.seqNum !== Number(seqText) || header.seqLength !== Number(lengthText))
      return { kind: 'rejected', reason: 'malformed' };
    if (header.messageLength > MAX_MESSAGE_LENGTH || header.seqLength > MAX_SEQ_LENGTH)
      return { kind: 'rejected', reason: 'too-large' };
    const fragmentLength = header.fragment.length;
    // The reference's split: seqLength fragments of this length cover the message, one fewer would not.
    if (fragmentLength === 0 || header.seqLength !== Math.ceil(header.messageLength / fragmentLength))
      return { kind: 'rejected', reason: 'malformed' };
    // Shorter fragments than the reference ever cuts would only multiply the work per byte.
    if (fragmentLength < MIN_FRAGMENT_LENGTH && header.seqLength > 1) return { kind: 'rejected', reason: 'malformed' };

    const key = `${header.seqLength}/${header.messageLength}/${header.checksum}/${fragmentLength}`;
    if (this.finished?.key === key) return { kind: 'complete', file: this.finished.file };
    let transfer = this.transfers.get(key);
    if (!transfer) {
      if (this.transfers.size >= MAX_TRANSFERS) {
        const stalest = [...this.transfers].reduce((a, b) => (b[1].lastUsed < a[1].lastUsed ? b : a));
        this.transfers.delete(stalest[0]);
      }
      transfer = new Transfer({
        seqLength: header.seqLength,
        messageLength: header.messageLength,
        checksum: header.checksum,
        fragmentLength
      });
      this.transfers.set(key, transfer);
    }
    transfer.lastUsed = ++this.clock;
    if (!transfer.firstSight(header.seqNum)) return { kind: 'duplicate', progress: transfer.progress };

    const indexes = Uint16Array.from(await chooseFragments(header.seqNum, header.seqLength, header.checksum));
    // Another part may have completed or replaced this transfer while the indexes were computed.
    if (this.transfers.get(key) !== transfer) return { kind: 'duplicate', progress: transfer.progress };
    transfer.add(indexes, header.fragment);
    this.lastWork = transfer.work;
    if (transfer.known < header.seqLength) return { kind: 'progress', progress: transfer.progress };

    // Done either way: on a checksum mismatch its parts (one of them bad) are dropped, and the
    // fountain's next parts start it again.
    this.transfers.delete(key);
    const message = transfer.message();
    const file = crc32(message) === header.checksum ? unwrapBytes(message) : null;
    if (!file) return { kind: 'rejected', reason: 'corrupt-transfer' };
    this.transfers.clear();
    this.finished = { key, file };
    return { kind: 'complete', file };
  }
}
