/**
 * A stream of bytes cut into records as it arrives, for batch input of any size: a line each, or a
 * CSV record (a newline inside quotes does not end it). Work is on bytes, which is safe for UTF-8
 * because newline and quote bytes never occur inside a multi-byte character. Memory is bounded by
 * `maxRecordBytes`: a longer record is skipped to its end and reported, never buffered.
 */
import { concatBytes } from '../core/crypto/encoding';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export type RawRecord =
  /** `line`: the 1-based line the record starts on. */
  | { line: number; text: string; tooLong?: undefined }
  /** Over the limit: how many bytes it had, and nothing of its content. */
  | { line: number; tooLong: number; text?: undefined };

const decoder = new TextDecoder('utf-8', { fatal: false });

export class RecordSplitter {
  readonly #quoted: boolean;
  readonly #max: number;
  #parts: Uint8Array[] = [];
  #size = 0;
  /** Bytes of the current record seen beyond the limit (it is then skipped, not kept). */
  #skipping = false;
  #inQuotes = false;
  #line = 1;
  #recordLine = 1;
  #first = true;

  /** `quoted`: CSV rules (quotes protect newlines); else every newline ends a record. */
  constructor(quoted: boolean, maxRecordBytes: number) {
    this.#quoted = quoted;
    this.#max = maxRecordBytes;
  }

  /** The records completed by `chunk`. */
  push(chunk: Uint8Array): RawRecord[] {
    const out: RawRecord[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === QUOTE && this.#quoted) this.#inQuotes = !this.#inQuotes;
      else if (b === LF) {
        this.#line++;
        if (this.#inQuotes) continue;
        this.#take(chunk.subarray(start, i));
        this.#finish(out);
        start = i + 1;
      }
    }
    this.#take(chunk.subarray(start));
    return out;
  }

  /** The last record, when the input does not end with a newline. */
  end(): RawRecord[] {
    const out: RawRecord[] = [];
    if (this.#size > 0 || this.#skipping) this.#finish(out);
    return out;
  }

  #take(bytes: Uint8Array) {
    if (bytes.length === 0) return;
    this.#size += bytes.length;
    if (this.#skipping) return;
    if (this.#size > this.#max) {
      this.#skipping = true;
      this.#parts = [];
      return;
    }
    // Copied: the caller may reuse the chunk's buffer.
    this.#parts.push(bytes.slice());
  }

  #finish(out: RawRecord[]) {
    const line = this.#recordLine;
    if (this.#skipping) out.push({ line, tooLong: this.#size });
    else {
      let text =
        this.#parts.length === 1 ? decoder.decode(this.#parts[0]) : decoder.decode(concatBytes(...this.#parts));
      if (this.#first) text = text.replace(/^\uFEFF/, '');
      if (text.charCodeAt(text.length - 1) === CR) text = text.slice(0, -1);
      out.push({ line, text });
    }
    this.#first = false;
    this.#parts = [];
    this.#size = 0;
    this.#skipping = false;
    this.#inQuotes = false;
    this.#recordLine = this.#line;
  }
}
