import { describe, expect, it } from 'vitest';
import { Zip, ZipDeflate, zipSync } from 'fflate';
import { ItemCounter, type BatchItem } from './items';
import { unzipItems, zipEntryCount } from './zip';

async function* pieces(bytes: Uint8Array, size = 65_536) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function unzip(bytes: Uint8Array, maxFiles = 100, piece?: number): Promise<BatchItem[]> {
  const items: BatchItem[] = [];
  await unzipItems(
    't.zip',
    pieces(bytes, piece),
    new ItemCounter(),
    () => maxFiles,
    async (more) => void items.push(...more)
  );
  return items;
}

/** A zip written as a stream: its local headers state no sizes, so only unpacking tells. */
function streamedZip(files: Record<string, Uint8Array>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  for (const [name, data] of Object.entries(files)) {
    const entry = new ZipDeflate(name, { level: 9 });
    zip.add(entry);
    entry.push(data, true);
  }
  zip.end();
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

describe('zip input', () => {
  it('gives one item per file, folders skipped', async () => {
    const items = await unzip(zipSync({ 'a/key.txt': new TextEncoder().encode('key/a.b'), 'a/': new Uint8Array(0) }));
    expect(items).toEqual([{ index: 0, source: 't.zip/a/key.txt', input: 'key/a.b' }]);
  });

  it('stops unpacking a bomb at the limit, whether or not its header states the size', async () => {
    const bomb = new Uint8Array(20 * 1024 * 1024);
    for (const zip of [
      zipSync({ 'bomb.lic': [bomb, { level: 9 }], 'ok.txt': new TextEncoder().encode('key/a.b') }),
      streamedZip({ 'bomb.lic': bomb, 'ok.txt': new TextEncoder().encode('key/a.b') })
    ]) {
      const items = await unzip(zip);
      expect(items.map((i) => [i.source, i.problem ?? i.input])).toEqual([
        ['t.zip/bomb.lic', 'This file unpacks to more than 4 MiB; no license artifact is that big.'],
        ['t.zip/ok.txt', 'key/a.b']
      ]);
    }
  });

  it('unpacks small entries exactly however the bytes arrive, and refuses one whose header states the wrong size', async () => {
    const text = (i: number) => `key/${'ab'.repeat(i * 50)}.${i}`;
    const files = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`k${i}.txt`, new TextEncoder().encode(text(i))])
    );
    for (const piece of [7, 1000, 65_536]) {
      expect((await unzip(zipSync(files), 100, piece)).map((i) => i.input)).toEqual(
        Array.from({ length: 12 }, (_, i) => text(i))
      );
    }
    // The local header's uncompressed size (offset 22) says 10 bytes; the entry holds 100.
    const lying = zipSync({ 'a.lic': new TextEncoder().encode('x'.repeat(100)) });
    new DataView(lying.buffer).setUint32(22, 10, true);
    const [item] = await unzip(lying);
    expect(item?.input).toBe('');
    expect(item?.problem).toBe(
      't.zip/a.lic could not be unpacked (its unpacked size is not the size its header states).'
    );
  });

  it('reads the entry count from the end record, and refuses more files than allowed while unpacking', async () => {
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.lic`, new Uint8Array([0x78])]));
    const zip = zipSync(files);
    expect(await zipEntryCount(new Blob([zip]), 't.zip')).toBe(30);
    // Past 65,535 the end record's own count wraps; the directory is counted instead.
    const many = Object.fromEntries(Array.from({ length: 70_000 }, (_, i) => [`f${i}`, new Uint8Array(0)]));
    expect(await zipEntryCount(new Blob([zipSync(many, { level: 0 })]), 'many.zip')).toBe(70_000);
    await expect(unzip(zip, 10)).rejects.toThrow(
      't.zip holds more files than a batch takes; split it into smaller zips.'
    );
    await expect(zipEntryCount(new Blob([new Uint8Array(100)]), 'x.zip')).rejects.toThrow(
      'x.zip is not a zip archive, or it is damaged (its end record is missing).'
    );
  });
});
