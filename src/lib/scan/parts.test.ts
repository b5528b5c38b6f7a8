import { describe, expect, it } from 'vitest';
import { TransferEncoder } from '../core/ur/transfer';
import { PartError, createCodeCollector, photoCode, transferStatus } from './parts';

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
    expect(outcome).toEqual({ kind: 'code', text: file, transfer: true });
    expect(codes.progress).toBeNull();
  });

  it('ignores a damaged part', async () => {
    const [first] = await parts(1);
    expect(await createCodeCollector().accept(first!.slice(0, -2) + (first!.endsWith('AD') ? 'AE' : 'AD'))).toEqual({ kind: 'ignored', progress: null });
  });

  it('a photo of one part of several says it is part of an animated code', async () => {
    const [, second] = await parts(2);
    await expect(photoCode(second!, 'label.jpg')).rejects.toThrow(PartError);
    await expect(photoCode(second!, 'label.jpg')).rejects.toThrow(/label\.jpg is part 2 of 5 of an animated code/);
    expect(await photoCode('key/abc', 'label.jpg')).toBe('key/abc');
  });
});
