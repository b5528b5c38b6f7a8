import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_INPUT_BYTES } from '../verify';
import { MAX_TRANSFER_BYTES, TransferCollector, TransferEncoder, type PartOutcome } from './transfer';
import { isUrPart, partLabel } from './sniff';
import { bytewordsDecode, bytewordsEncode } from './bytewords';

const bytes = (length: number, seed = 1) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff);

async function parts(file: Uint8Array, count: number, maxFragmentLength = 100, first = 1): Promise<string[]> {
  const encoder = new TransferEncoder(file, { maxFragmentLength });
  return Promise.all(Array.from({ length: count }, (_, i) => encoder.part(first + i)));
}

/** Feeds parts until one completes the file; the outcomes seen on the way. */
async function collect(collector: TransferCollector, codes: string[]): Promise<{ file?: Uint8Array; outcomes: PartOutcome[] }> {
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
  it('has the same size limit as the verifier', () => {
    expect(MAX_TRANSFER_BYTES).toBe(MAX_INPUT_BYTES);
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
    const { file: out } = await collect(new TransferCollector(), (await parts(file, 6)).map((p) => p.toUpperCase()));
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
    expect(await collector.receive(code!.replace('ur:bytes', 'ur:crypto-psbt'))).toEqual({ kind: 'rejected', reason: 'not-bytes' });
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
    const seqLength = Math.ceil(huge / 100);
    const be = (value: number, size: number) => Array.from({ length: size }, (_, i) => (value >>> (8 * (size - 1 - i))) & 0xff);
    const fake = Uint8Array.from([0x85, 0x01, 0x19, ...be(seqLength, 2), 0x1a, ...be(huge, 4), 0x00, 0x58, 100, ...new Uint8Array(100)]);
    expect(await new TransferCollector().receive(`ur:bytes/1-${seqLength}/${bytewordsEncode(fake)}`)).toEqual({ kind: 'rejected', reason: 'too-large' });
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
      fc.asyncProperty(fc.uint8Array({ minLength: 200, maxLength: 1500 }), fc.nat(), fc.nat(), async (file, which, where) => {
        const codes = await parts(file, 40, 60);
        // One of the parts the collector needs before it can complete.
        const at = which % new TransferEncoder(file, { maxFragmentLength: 60 }).seqLength;
        const stream = [...codes];
        stream.splice(at, 1, tamper(codes[at]!, where));
        const { file: out, outcomes } = await collect(new TransferCollector(), [...stream, ...codes]);
        expect(out).toEqual(file);
        expect(outcomes.some((o) => o.kind === 'rejected')).toBe(true);
      }),
      { numRuns: 60 }
    );
  });
});

describe('UR transfer, against forged parts', () => {
  it('property: a part forged with a valid CRC never makes the collector hand out other bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 300, maxLength: 1500 }), fc.nat(), fc.nat(), async (file, which, where) => {
        const codes = await parts(file, 60, 60);
        const code = codes[which % codes.length]!;
        const slash = code.lastIndexOf('/');
        const body = bytewordsDecode(code.slice(slash + 1))!;
        // Flip one byte of the fragment (the last bytes of the body) and re-encode: the part's CRC is valid again.
        body[body.length - 1 - (where % 20)]! ^= 0x5a;
        const forged = code.slice(0, slash + 1) + bytewordsEncode(body);
        const collector = new TransferCollector();
        const outcomes: PartOutcome[] = [];
        for (const part of [forged, ...codes, ...codes]) outcomes.push(await collector.receive(part));
        for (const outcome of outcomes) if (outcome.kind === 'complete') expect(outcome.file).toEqual(file);
      }),
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
