/**
 * Interoperability with the reference JS implementation of Uniform Resources, used directly with
 * its default settings (not through this app's encoder): each side reads what the other writes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UR, URDecoder, UREncoder } from '@ngraveio/bc-ur';
import { TransferCollector, TransferEncoder } from './transfer';

const file = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 131 + (i >> 7)) & 0xff);

describe('UR interoperability with @ngraveio/bc-ur', () => {
  it('reads a sequence the reference made with default settings, missing every third part', async () => {
    const original = file(6500);
    const encoder = new UREncoder(UR.fromBuffer(Buffer.from(original)));
    const sequence = Array.from({ length: 3 * encoder.fragmentsLength }, () => encoder.nextPart());
    const collector = new TransferCollector();
    let result: Uint8Array | undefined;
    for (const [i, part] of sequence.entries()) {
      if (i % 3 === 2) continue;
      const outcome = await collector.receive(part);
      if (outcome.kind === 'complete') {
        result = outcome.file;
        break;
      }
    }
    expect(result).toEqual(original);
  });

  it('makes a sequence the reference decodes, missing every third part', async () => {
    const original = file(6500);
    const encoder = new TransferEncoder(original, { maxFragmentLength: 250 });
    const decoder = new URDecoder();
    for (let seqNum = 1; !decoder.isComplete() && seqNum < 4 * encoder.seqLength; seqNum++) {
      if (seqNum % 3 === 0) continue;
      decoder.receivePart(await encoder.part(seqNum));
    }
    expect(decoder.isSuccess()).toBe(true);
    expect(new Uint8Array(decoder.resultUR().decodeCBOR())).toEqual(original);
  });

  it('writes exactly the parts the reference writes, pure and mixed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 2500 }),
        fc.integer({ min: 10, max: 300 }),
        async (bytes, maxFragmentLength) => {
          const reference = new UREncoder(UR.fromBuffer(Buffer.from(bytes)), maxFragmentLength);
          const ours = new TransferEncoder(bytes, { maxFragmentLength });
          expect(ours.seqLength).toBe(reference.fragmentsLength);
          for (let seqNum = 1; seqNum <= 2 * ours.seqLength + 3; seqNum++)
            expect(await ours.part(seqNum)).toBe(reference.nextPart());
        }
      ),
      { numRuns: 40 }
    );
  });

  it('completes from no more parts than the reference decoder needs, with frames lost', async () => {
    const original = file(15000);
    const encoder = new TransferEncoder(original, { maxFragmentLength: 250 });
    for (const every of [3, 5]) {
      const reference = new URDecoder();
      const ours = new TransferCollector();
      let referenceAt = 0;
      let oursAt = 0;
      for (let seqNum = 1, seen = 0; (!referenceAt || !oursAt) && seqNum < 6 * encoder.seqLength; seqNum++) {
        if (seqNum % every === 0) continue;
        seen++;
        const part = await encoder.part(seqNum);
        if (!referenceAt && (reference.receivePart(part), reference.isComplete())) referenceAt = seen;
        if (!oursAt && (await ours.receive(part)).kind === 'complete') oursAt = seen;
      }
      expect(referenceAt).toBeGreaterThan(0);
      expect(oursAt).toBeGreaterThan(0);
      expect(oursAt).toBeLessThanOrEqual(referenceAt);
    }
  });
});
