import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_SEQ_LENGTH,
  MAX_TRANSFER_BYTES,
  TransferCollector,
  TransferEncoder,
  WORK_BUDGET,
  type PartOutcome
} from './transfer';
import { isUrPart, partLabel } from './sniff';
import { bytewordsDecode, bytewordsEncode, crc32 } from './bytewords';

const MIN_FRAGMENT = 10;
const bytes = (length: number, seed = 1) =>
  Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff);

async function parts(file: Uint8Array, count: number, maxFragmentLength = 100, first = 1): Promise<string[]> {
  const encoder = new TransferEncoder(file, { maxFragmentLength });
  return Promise.all(Array.from({ length: count }, (_, i) => encoder.part(first + i)));
}

/** Feeds parts until one completes the file; the outcomes seen on the way. */
async function collect(
  collector: TransferCollector,
  codes: string[]
): Promise<{ file?: Uint8Array; outcomes: PartOutcome[] }> {
  const outcomes: PartOutcome[] = [];
  for (const code of codes) {
    const outcome = await collector.receive(code);
    outcomes.push(outcome);
    if (outcome.kind === 'complete') return { file: outcome.file, outcomes };
  }
  return { outcomes };
}

/** Changes one bytewords letter pair of a part to another valid byte, so only the CRC can tell. */
function tamper(part: string, at: number): string {
  const body = part.lastIndexOf('/') + 1;
  const i = body + 2 * (at % ((part.length - body) / 2));
  const pair = part.slice(i, i + 2) === 'ad' ? 'ae' : 'ad';
  return part.slice(0, i) + pair + part.slice(i + 2);
}

describe('UR transfer', () => {
  it('carries a 16 KB machine file, and holds the largest file in parts of the app and the reference', () => {
    expect(MAX_TRANSFER_BYTES).toBeGreaterThanOrEqual(16 * 1024);
    expect(
      new TransferEncoder(new Uint8Array(MAX_TRANSFER_BYTES), { maxFragmentLength: 250 }).seqLength
    ).toBeLessThanOrEqual(MAX_SEQ_LENGTH);
    expect(
      new TransferEncoder(new Uint8Array(MAX_TRANSFER_BYTES), { maxFragmentLength: 128 }).seqLength
    ).toBeLessThanOrEqual(MAX_SEQ_LENGTH);
  });

  it('round-trips bytewords and refuses a changed letter', () => {
    const data = bytes(40);
    const words = bytewordsEncode(data);
    expect(bytewordsDecode(words)).toEqual(data);
    expect(bytewordsDecode(words.slice(0, 6) + (words[6] === 'a' ? 'e' : 'a') + words.slice(7))).toBeNull();
  });

  it('reassembles a file from its pure parts, reporting progress on the way', async () => {
    const file = bytes(1000);
    const codes = await parts(file, 11);
    const { file: out, outcomes } = await collect(new TransferCollector(), codes);
    expect(out).toEqual(file);
    expect(outcomes[0]).toEqual({ kind: 'progress', progress: 1 / 11 });
  });

  it('reads parts upper-cased by QR alphanumeric mode', async () => {
    const file = bytes(500);
    const { file: out } = await collect(
      new TransferCollector(),
      (await parts(file, 6)).map((p) => p.toUpperCase())
    );
    expect(out).toEqual(file);
  });

  it('completes a small file from its single part', async () => {
    const [code] = await parts(bytes(50), 1);
    expect(code).toMatch(/^ur:bytes\/[a-z]+$/);
    expect(await new TransferCollector().receive(code!)).toEqual({ kind: 'complete', file: bytes(50) });
  });

  it('says what is not a part, and refuses UR of other types', async () => {
    const collector = new TransferCollector();
    expect(isUrPart('UR:BYTES/1-2/AB')).toBe(true);
    expect(isUrPart('key/abc')).toBe(false);
    expect(partLabel('UR:BYTES/3-12/AB')).toBe('part 3 of 12');
    expect(partLabel('ur:bytes/abcd')).toBeNull();
    expect(await collector.receive('key/abc')).toEqual({ kind: 'not-ur' });
    const [code] = await parts(bytes(50), 1);
    expect(await collector.receive(code!.replace('ur:bytes', 'ur:crypto-psbt'))).toEqual({
      kind: 'rejected',
      reason: 'not-bytes'
    });
    expect(await collector.receive('ur:bytes/1-2/zz')).toEqual({ kind: 'rejected', reason: 'damaged' });
  });

  it('ignores duplicates', async () => {
    const codes = await parts(bytes(300), 4);
    const collector = new TransferCollector();
    await collector.receive(codes[0]!);
    expect(await collector.receive(codes[0]!)).toEqual({ kind: 'duplicate', progress: 0.25 });
  });

  it('ignores a damaged part and completes from the good ones', async () => {
    const file = bytes(600);
    const codes = await parts(file, 20);
    const collector = new TransferCollector();
    expect(await collector.receive(tamper(codes[0]!, 40))).toEqual({ kind: 'rejected', reason: 'damaged' });
    const { file: out } = await collect(collector, codes.slice(1));
    expect(out).toEqual(file);
  });

  it('keeps two transfers apart when their parts are interleaved', async () => {
    const a = bytes(900, 1);
    const b = bytes(900, 2);
    const [pa, pb] = await Promise.all([parts(a, 30), parts(b, 30)]);
    const interleaved = pa.flatMap((p, i) => [p, pb[i]!]);
    const collector = new TransferCollector();
    const first = await collect(collector, interleaved);
    expect(first.file).toEqual(a);
    // The other transfer carried on: its remaining parts complete it.
    const second = await collect(collector, pb.slice(15));
    expect(second.file).toEqual(b);
  });

  it('refuses a transfer that declares more than the input limit', async () => {
    // A well-formed part with a valid CRC whose header declares a message over the limit.
    const huge = MAX_TRANSFER_BYTES + 6;
    const seqLength = Math.ceil(huge / 200);
    const be = (value: number, size: number) =>
      Array.from({ length: size }, (_, i) => (value >>> (8 * (size - 1 - i))) & 0xff);
    const fake = Uint8Array.from([
      0x85,
      0x01,
      0x19,
      ...be(seqLength, 2),
      0x1a,
      ...be(huge, 4),
      0x00,
      0x58,
      200,
      ...new Uint8Array(200)
    ]);
    expect(await new TransferCollector().receive(`ur:bytes/1-${seqLength}/${bytewordsEncode(fake)}`)).toEqual({
      kind: 'rejected',
      reason: 'too-large'
    });
    expect(() => new TransferEncoder(new Uint8Array(MAX_TRANSFER_BYTES + 1))).toThrow(RangeError);
  });

  it('property: any order, duplicates and dropped parts give back the same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 20, max: 400 }),
        fc.infiniteStream(fc.tuple(fc.boolean(), fc.boolean(), fc.nat())),
        async (file, fragment, choices) => {
          const encoder = new TransferEncoder(file, { maxFragmentLength: fragment });
          const n = encoder.seqLength;
          // Enough parts that losing some still leaves the fountain enough to work with.
          const codes = await Promise.all(Array.from({ length: 3 * n + 10 }, (_, i) => encoder.part(i + 1)));
          const it = choices[Symbol.iterator]();
          const stream: string[] = [];
          for (const code of codes) {
            const [drop, repeat, swap] = it.next().value!;
            if (drop && stream.length % 3 === 0) continue;
            stream.push(code);
            if (repeat) stream.push(code);
            const j = swap % stream.length;
            [stream[j], stream[stream.length - 1]] = [stream[stream.length - 1]!, stream[j]!];
          }
          // Then every part again, in case the shuffle left the fountain short.
          const { file: out } = await collect(new TransferCollector(), [...stream, ...codes]);
          expect(out).toEqual(file);
        }
      ),
      { numRuns: 60 }
    );
  });

  it('property: a tampered part never yields different bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 200, maxLength: 1500 }),
        fc.nat(),
        fc.nat(),
        async (file, which, where) => {
          const codes = await parts(file, 40, 60);
          // One of the parts the collector needs before it can complete.
          const at = which % new TransferEncoder(file, { maxFragmentLength: 60 }).seqLength;
          const stream = [...codes];
          stream.splice(at, 1, tamper(codes[at]!, where));
          const { file: out, outcomes } = await collect(new TransferCollector(), [...stream, ...codes]);
          expect(out).toEqual(file);
          expect(outcomes.some((o) => o.kind === 'rejected')).toBe(true);
        }
      ),
      { numRuns: 60 }
    );
  });
});

/** A part with any header the collector checks the CRC of: what an attacker can put in a code. */
function craft(
  seqNum: number,
  seqLength: number,
  messageLength: number,
  checksum: number,
  fragment: Uint8Array
): string {
  const head = (major: number, v: number) => {
    const t = major << 5;
    if (v < 24) return [t | v];
    if (v < 256) return [t | 24, v];
    if (v < 65536) return [t | 25, v >> 8, v & 255];
    return [t | 26, v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  };
  const body = [
    0x85,
    ...head(0, seqNum),
    ...head(0, seqLength),
    ...head(0, messageLength),
    ...head(0, checksum),
    ...head(2, fragment.length),
    ...fragment
  ];
  return `ur:bytes/${seqNum}-${seqLength}/${bytewordsEncode(Uint8Array.from(body))}`;
}

describe('UR transfer, against crafted parts', () => {
  it('refuses the 75-character part that declares 4 million 1-byte fragments', async () => {
    const part = craft(4_194_310, 4_194_309, 4_194_309, 12345, new Uint8Array([7]));
    expect(part.length).toBeLessThan(100);
    const collector = new TransferCollector();
    expect(await collector.receive(part)).toEqual({ kind: 'rejected', reason: 'too-large' });
    expect(collector.lastWork).toBe(0);
  });

  it('refuses fragments shorter than the reference ever cuts', async () => {
    expect(await new TransferCollector().receive(craft(5, 4, 36, 1, new Uint8Array(9)))).toEqual({
      kind: 'rejected',
      reason: 'malformed'
    });
  });

  it('a 256 KiB file in parts of 128 bytes still completes', async () => {
    const file = bytes(MAX_TRANSFER_BYTES);
    const encoder = new TransferEncoder(file, { maxFragmentLength: 128 });
    const collector = new TransferCollector();
    let out: PartOutcome | undefined;
    for (let seqNum = 1; out?.kind !== 'complete'; seqNum++) out = await collector.receive(await encoder.part(seqNum));
    // (toEqual on 256 KiB is slow: compare as a Buffer)
    expect(Buffer.compare(out.file, file)).toBe(0);
  });

  it('property: any crafted part costs bounded work, however many crafted parts came before', async () => {
    // The largest transfer the limits allow, its waiting parts filled by earlier crafted parts.
    const seqLength = MAX_SEQ_LENGTH;
    const fragment = new Uint8Array(MIN_FRAGMENT);
    const collector = new TransferCollector();
    let worst = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: seqLength + 1, max: 2 ** 31 }), async (seqNum) => {
        await collector.receive(craft(seqNum, seqLength, seqLength * MIN_FRAGMENT, 7, fragment));
        worst = Math.max(worst, collector.lastWork);
        // The budget, overrun by at most one merge of two index sets and one filter.
        expect(collector.lastWork).toBeLessThanOrEqual(WORK_BUDGET + 4 * seqLength);
      }),
      { numRuns: 300 }
    );
    expect(worst).toBeGreaterThan(0);
  });
});

/**
 * `message` with `patch` XORed in at `at`, and 4 bytes at `fix` changed so that its CRC32 stays
 * the same: CRC32 is linear over GF(2), so anyone can do this (solve 32 equations in 32 bits).
 */
function crcKeepingForgery(message: Uint8Array, at: number, patch: number, fix: number): Uint8Array {
  const zero = crc32(new Uint8Array(message.length));
  const effect = (delta: Uint8Array) => (crc32(delta) ^ zero) >>> 0;
  const delta = new Uint8Array(message.length);
  delta[at] = patch;
  const basis: ({ value: number; bits: number } | undefined)[] = [];
  for (let bit = 0; bit < 32; bit++) {
    const unit = new Uint8Array(message.length);
    unit[fix + (bit >> 3)] = 1 << (bit & 7);
    let value = effect(unit);
    let bits = (1 << bit) >>> 0;
    while (value) {
      const top = 31 - Math.clz32(value);
      if (!basis[top]) {
        basis[top] = { value, bits };
        break;
      }
      value = (value ^ basis[top].value) >>> 0;
      bits = (bits ^ basis[top].bits) >>> 0;
    }
  }
  let want = effect(delta);
  let solution = 0;
  while (want) {
    const row = basis[31 - Math.clz32(want)]!;
    want = (want ^ row.value) >>> 0;
    solution = (solution ^ row.bits) >>> 0;
  }
  for (let bit = 0; bit < 32; bit++) if ((solution >>> bit) & 1) delta[fix + (bit >> 3)]! ^= 1 << (bit & 7);
  return message.map((byte, i) => byte ^ delta[i]!);
}

describe('UR transfer, against forged parts', () => {
  it('the CRCs are no integrity guarantee: a forged part can complete a transfer with other bytes, and a reset lets the genuine parts complete', async () => {
    const file = new TextEncoder().encode('{"license":"GENUINE","seats":1}'.padEnd(600, ' '));
    const encoder = new TransferEncoder(file, { maxFragmentLength: 250 });
    const message = Uint8Array.from([0x59, file.length >> 8, file.length & 0xff, ...file]);
    const fragmentLength = Math.ceil(message.length / encoder.seqLength);
    const forgedMessage = crcKeepingForgery(message, message.indexOf(0x31), 0x31 ^ 0x39, 100);
    expect(crc32(forgedMessage)).toBe(encoder.checksum);
    const forged = craft(
      1,
      encoder.seqLength,
      message.length,
      encoder.checksum,
      forgedMessage.slice(0, fragmentLength)
    );
    const genuine = await parts(file, 3 * encoder.seqLength, 250);
    const collector = new TransferCollector();
    const first = await collect(collector, [forged, ...genuine]);
    expect(new TextDecoder().decode(first.file)).toMatch(/^\{"license":"GENUINE","seats":9\}/);
    // Only verifying the file's signature tells; the caller then resets, and the genuine parts complete.
    collector.reset();
    expect((await collect(collector, genuine)).file).toEqual(file);
  });

  it('property: a part whose own CRC holds but whose message checksum fails drops that transfer, and the genuine parts complete', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 300, maxLength: 1500 }),
        fc.nat(),
        fc.integer({ min: 0, max: 199 }),
        async (file, which, where) => {
          const encoder = new TransferEncoder(file, { maxFragmentLength: 60 });
          const codes = await parts(file, 3 * encoder.seqLength, 60);
          // A pure part other than the last (whose fragment may end in padding), one byte of its data flipped.
          const seqNum = 1 + (which % (encoder.seqLength - 1));
          const code = codes[seqNum - 1]!;
          const slash = code.lastIndexOf('/');
          const body = bytewordsDecode(code.slice(slash + 1))!;
          body[body.length - 1 - (where % 40)]! ^= 0x5a;
          const forged = code.slice(0, slash + 1) + bytewordsEncode(body);
          const collector = new TransferCollector();
          const { file: out, outcomes } = await collect(collector, [forged, ...codes, ...codes]);
          expect(outcomes).toContainEqual({ kind: 'rejected', reason: 'corrupt-transfer' });
          expect(out).toEqual(file);
        }
      ),
      { numRuns: 60 }
    );
  });
});

describe('UR transfer, after completion', () => {
  it('gives the finished file again for its parts still in view, until reset', async () => {
    const file = bytes(400, 3);
    const codes = await parts(file, 8);
    const collector = new TransferCollector();
    expect((await collect(collector, codes)).file).toEqual(file);
    expect(await collector.receive(codes[7]!)).toEqual({ kind: 'complete', file });
    collector.reset();
    expect(await collector.receive(codes[7]!)).toEqual({ kind: 'progress', progress: 0.2 });
  });
});

describe('UR transfer, alongside other codes', () => {
  it('a single-part code read meanwhile leaves a transfer under way as it was', async () => {
    const file = bytes(900);
    const codes = await parts(file, 30);
    const collector = new TransferCollector();
    await collect(collector, codes.slice(0, 5));
    const [single] = await parts(bytes(50), 1);
    expect(await collector.receive(single!)).toEqual({ kind: 'complete', file: bytes(50) });
    expect(collector.progress).toBe(0.5);
    expect((await collect(collector, codes.slice(5))).file).toEqual(file);
  });

  it('remembers a bounded number of sequence numbers, however many crafted ones come', async () => {
    const part = (seqNum: number) => craft(seqNum, 100, 1000, 7, new Uint8Array(10).fill(seqNum & 0xff));
    const collector = new TransferCollector();
    expect((await collector.receive(part(101))).kind).toBe('progress');
    expect((await collector.receive(part(101))).kind).toBe('duplicate');
    // 4 × 100 + 64 newer numbers: the first is forgotten, and counts as new again.
    for (let seqNum = 102; seqNum < 102 + 4 * 100 + 64; seqNum++) await collector.receive(part(seqNum));
    expect((await collector.receive(part(101))).kind).toBe('progress');
  });
});
