import { describe, expect, it } from 'vitest';
import { MAX_TRANSFER_BYTES, TransferEncoder } from '../core/ur/transfer';
import { bytewordsEncode } from '../core/ur/bytewords';
import { PartError, TOO_LARGE_STATUS, createCodeCollector, photoCode, transferStatus } from './parts';

const file = 'x'.repeat(1200);
const parts = async (count: number) => {
  const encoder = new TransferEncoder(new TextEncoder().encode(file), { maxFragmentLength: 250 });
  return Promise.all(Array.from({ length: count }, (_, i) => encoder.part(i + 1).then((p) => p.toUpperCase())));
};

describe('scanned codes with animated parts among them', () => {
  it('passes an ordinary code on, and collects parts into the text they carry', async () => {
    const codes = createCodeCollector();
    expect(await codes.accept('key/abc')).toEqual({ kind: 'code', text: 'key/abc', transfer: false });
    const [first, ...rest] = await parts(5);
    expect(await codes.accept(first!)).toEqual({ kind: 'part', progress: 0.2 });
    expect(transferStatus(codes.progress!)).toBe('20 % — keep the code in view');
    let outcome;
    for (const part of rest) outcome = await codes.accept(part);
    expect(outcome).toEqual({ kind: 'code', text: file, transfer: true, file: new TextEncoder().encode(file) });
    expect(codes.progress).toBeNull();
  });

  it('ignores a damaged part', async () => {
    const [first] = await parts(1);
    expect(await createCodeCollector().accept(first!.slice(0, -2) + (first!.endsWith('AD') ? 'AE' : 'AD'))).toEqual({
      kind: 'ignored',
      progress: null
    });
  });

  it('says when a part belongs to a file over the size limit', async () => {
    // Part 1 of a transfer whose header declares a message (file and CBOR head) over the limit.
    const length = MAX_TRANSFER_BYTES + 6;
    const count = Math.ceil(length / 200);
    const be = (value: number, size: number) =>
      Array.from({ length: size }, (_, i) => (value >>> (8 * (size - 1 - i))) & 0xff);
    const body = Uint8Array.from([
      0x85,
      0x01,
      0x19,
      ...be(count, 2),
      0x1a,
      ...be(length, 4),
      0x00,
      0x58,
      200,
      ...new Uint8Array(200)
    ]);
    expect(await createCodeCollector().accept(`ur:bytes/1-${count}/${bytewordsEncode(body)}`)).toEqual({
      kind: 'ignored',
      progress: null,
      tooLarge: true
    });
    expect(TOO_LARGE_STATUS).toContain(`${MAX_TRANSFER_BYTES / 1024} KiB`);
  });

  it('a photo of one part of several says it is part of an animated code', async () => {
    const [, second] = await parts(2);
    await expect(photoCode(second!, 'label.jpg')).rejects.toThrow(PartError);
    await expect(photoCode(second!, 'label.jpg')).rejects.toThrow(/label\.jpg is part 2 of 5 of an animated code/);
    expect(await photoCode('key/abc', 'label.jpg')).toBe('key/abc');
  });
});
