/**
 * Zip archives in a batch, through fflate's streaming reader (pure JS). The entries are counted
 * from the archive's central directory before anything is unpacked, so a zip of 100,000 files is refused at
 * once; an entry is unpacked a small piece at a time and dropped as soon as it passes the size
 * limit, so a zip bomb costs at most that much memory.
 */
import { inflateSync, Unzip, UnzipInflate, type FlateError, type UnzipDecoder } from 'fflate';
import { concatBytes } from '../core/crypto/encoding';
import { MAX_INPUT_BYTES } from '../core/verify';
import { BatchRefused, fileItem, mib, problemItem, type BatchItem, type ItemCounter } from './items';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
/** Compressed bytes given to the inflater at a time: deflate expands at most ~1,032×, so ≤ 4 MiB out. */
const PIECE = 4 * 1024;

/** Entries at most this big compressed, with both sizes stated, are inflated in one call. */
const SMALL_ENTRY = 64 * 1024;

type OnData = UnzipDecoder['ondata'];

/** An error as fflate reports one (its codes are its own; -1 is none of them). */
const flateError = (err: unknown): FlateError =>
  Object.assign(err instanceof Error ? err : new Error(String(err)), { code: (err as Partial<FlateError>).code ?? -1 });
const NO_DATA = new Uint8Array(0);

/**
 * Deflate for a batch zip's entries. A small entry whose header states both sizes is gathered and
 * inflated in one call into a buffer one byte longer than its stated size, so a stated size that
 * lies shows and nothing is ever written past that buffer; the streaming inflater gave every entry
 * a 32 KiB window and copied its output as it grew, which was most of the reader's time on a zip of
 * license files. Any other entry streams through fflate's inflater as before.
 */
class BatchInflate implements UnzipDecoder {
  static compression = 8;
  ondata: OnData = () => {};
  #stream: UnzipInflate | undefined;
  #parts: Uint8Array[] = [];
  #gathered = 0;
  readonly #size: number;

  constructor(_name: string, compressedSize?: number, size?: number) {
    this.#size = size ?? -1;
    const small =
      compressedSize !== undefined &&
      compressedSize >= 0 &&
      compressedSize <= SMALL_ENTRY &&
      size !== undefined &&
      size >= 0 &&
      size <= MAX_INPUT_BYTES;
    if (!small) this.#streaming();
  }

  push(chunk: Uint8Array, final: boolean) {
    if (this.#stream) return this.#stream.push(chunk, final);
    // Copied: fflate asks that its chunks be left as they are.
    this.#parts.push(chunk.slice());
    this.#gathered += chunk.length;
    // More compressed bytes than the header stated: stream what is left like any other entry.
    if (this.#gathered > SMALL_ENTRY) {
      const parts = this.#parts;
      this.#parts = [];
      const stream = this.#streaming();
      parts.forEach((p, i) => stream.push(p, final && i === parts.length - 1));
      return;
    }
    if (!final) return;
    let out: Uint8Array<ArrayBuffer>;
    try {
      out = inflateSync(concatBytes(...this.#parts), {
        out: new Uint8Array(this.#size + 1)
      }) as Uint8Array<ArrayBuffer>;
    } catch (err) {
      return this.ondata(flateError(err), NO_DATA, true);
    }
    this.#parts = [];
    if (out.length !== this.#size)
      return this.ondata(flateError(new Error('its unpacked size is not the size its header states')), NO_DATA, true);
    this.ondata(null, out, true);
  }

  #streaming(): UnzipInflate {
    const stream = new UnzipInflate();
    stream.ondata = (err, data, final) => this.ondata(err, data, final);
    this.#stream = stream;
    return stream;
  }
}

/** A central directory larger than this is refused: 50,000 entries with long names fit easily. */
const MAX_DIRECTORY_BYTES = 32 * 1024 * 1024;
const CENTRAL_ENTRY = 0x02014b50;

/**
 * How many entries the archive's central directory lists, counted one by one (the end record's
 * own count wraps at 65,535 in writers without zip64). Throws `BatchRefused` for no zip at all.
 */
export async function zipEntryCount(file: Blob, name: string): Promise<number> {
  const tailSize = Math.min(file.size, 65_557);
  const tail = new DataView(await file.slice(file.size - tailSize).arrayBuffer());
  for (let at = tailSize - 22; at >= 0; at--) {
    if (tail.getUint32(at, true) !== EOCD) continue;
    let size = tail.getUint32(at + 12, true);
    let offset = tail.getUint32(at + 16, true);
    if (at >= 20 && tail.getUint32(at - 20, true) === ZIP64_LOCATOR) {
      // Zip64: the directory's size and offset are in the zip64 end record the locator points to.
      const where = Number(tail.getBigUint64(at - 12, true));
      const record = new DataView(await file.slice(where, where + 56).arrayBuffer());
      size = Number(record.getBigUint64(40, true));
      offset = Number(record.getBigUint64(48, true));
    }
    if (size > MAX_DIRECTORY_BYTES)
      throw new BatchRefused(
        `${name} lists more files than a batch takes (its directory alone is ${mib(size)}); split it into smaller zips.`
      );
    const directory = new DataView(await file.slice(offset, offset + size).arrayBuffer());
    let count = 0;
    for (let p = 0; p + 46 <= directory.byteLength && directory.getUint32(p, true) === CENTRAL_ENTRY; count++) {
      p +=
        46 + directory.getUint16(p + 28, true) + directory.getUint16(p + 30, true) + directory.getUint16(p + 32, true);
    }
    return count;
  }
  throw new BatchRefused(`${name} is not a zip archive, or it is damaged (its end record is missing).`);
}

/**
 * Unpacks `chunks` (the zip's bytes as they are read) into one item per file, handed to `take`
 * as they complete. Counts entries against `maxFiles` as it goes, whatever the end record said.
 */
export async function unzipItems(
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  counter: ItemCounter,
  maxFiles: () => number,
  take: (items: BatchItem[]) => Promise<void>
): Promise<void> {
  let ready: BatchItem[] = [];
  let entries = 0;
  let failure: Error | undefined;
  const unzip = new Unzip((entry) => {
    if (entry.name.endsWith('/')) return;
    if (++entries > maxFiles()) {
      failure = new BatchRefused(`${name} holds more files than a batch takes; split it into smaller zips.`);
      return;
    }
    const label = `${name}/${entry.name}`;
    const tooBig = () =>
      problemItem(
        label,
        `This file unpacks to more than ${mib(MAX_INPUT_BYTES)}; no license artifact is that big.`,
        counter
      );
    // A size stated in the archive is believed when it is too big: the entry is skipped unpacked.
    if ((entry.originalSize ?? 0) > MAX_INPUT_BYTES) {
      ready.push(tooBig());
      return;
    }
    const parts: Uint8Array[] = [];
    let size = 0;
    let over = false;
    entry.ondata = (err, data, final) => {
      if (over) return;
      if (err) {
        over = true;
        ready.push(problemItem(label, `${label} could not be unpacked (${err.message}).`, counter));
        return;
      }
      size += data.length;
      // A stated size can lie: past the limit the rest is unpacked a piece at a time and dropped.
      if (size > MAX_INPUT_BYTES) {
        over = true;
        parts.length = 0;
        ready.push(tooBig());
        return;
      }
      parts.push(data);
      if (final) ready.push(fileItem(label, parts.length === 1 ? parts[0]! : concatBytes(...parts), counter));
    };
    try {
      entry.start();
    } catch {
      ready.push(
        problemItem(
          label,
          `This file is packed with a method this reader does not know (zip method ${entry.compression}).`,
          counter
        )
      );
    }
  });
  unzip.register(BatchInflate);
  const flush = async () => {
    if (failure) throw failure;
    if (ready.length) {
      const items = ready;
      ready = [];
      await take(items);
    }
  };
  try {
    for await (const chunk of chunks) {
      for (let at = 0; at < chunk.length; at += PIECE) {
        unzip.push(chunk.subarray(at, at + PIECE));
        await flush();
      }
    }
    unzip.push(new Uint8Array(0), true);
  } catch (err) {
    if (err instanceof BatchRefused) throw err;
    throw new BatchRefused(
      `${name} is damaged and could not be read to the end (${err instanceof Error ? err.message : 'unknown error'}).`
    );
  }
  await flush();
}
