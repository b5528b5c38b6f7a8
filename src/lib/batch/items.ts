/**
 * Batch input as items to verify: one per line of a list, per record of a CSV, or per file. A
 * line that cannot be checked is still an item, with the problem that makes it a `malformed` row,
 * so one bad line never stops the batch.
 */
import { MAX_INPUT_BYTES } from '../core/verify';
import { csvCells, csvPlan, type CsvPlan } from './csv';
import { RecordSplitter, type RawRecord } from './records';

export interface BatchItem {
  /** 0-based position in the batch; rows and output keep this order. */
  index: number;
  /** Where it came from: `keys.csv:12`, or a file name. */
  source: string;
  input: string;
  /** From the CSV's license key and fingerprint columns, for the checks that need them. */
  licenseKey?: string;
  fingerprint?: string;
  /** Why it cannot be checked; it becomes a `malformed` row saying so. */
  problem?: string;
}

/** `lines`: one artifact per line (JSONL or a plain list). `csv`: one per record, from a column. */
export type ListFormat = { type: 'lines' } | { type: 'csv'; plan?: CsvPlan; column?: string };

/** A whole batch is refused with this before (or instead of) any verifying. */
export class BatchRefused extends Error {
  override name = 'BatchRefused';
}

export const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

const tooLong = (what: string, bytes: number) =>
  `This ${what} is ${mib(bytes)}, over the ${mib(MAX_INPUT_BYTES)} limit; no license artifact is that big.`;

/** Numbers items across every source of one batch. */
export class ItemCounter {
  next = 0;
}

/** One list file cut into items as its bytes arrive. */
export class ListReader {
  readonly #name: string;
  readonly #format: ListFormat;
  readonly #counter: ItemCounter;
  readonly #splitter: RecordSplitter;
  #plan: CsvPlan | undefined;
  /** A plan given with a header: the first record is that header, not data. */
  #skipHeader: boolean;
  /** CSV records held until the plan is known (the first two non-empty ones). */
  #waiting: { record: RawRecord; cells: string[] | { problem: string } }[] = [];

  constructor(name: string, format: ListFormat, counter: ItemCounter) {
    this.#name = name;
    this.#format = format;
    this.#counter = counter;
    this.#plan = format.type === 'csv' ? format.plan : undefined;
    this.#skipHeader = this.#plan?.header ?? false;
    // A CSV row may hold a license key and a fingerprint beside the artifact.
    this.#splitter = new RecordSplitter(
      format.type === 'csv',
      format.type === 'csv' ? MAX_INPUT_BYTES + 64 * 1024 : MAX_INPUT_BYTES
    );
  }

  push(chunk: Uint8Array): BatchItem[] {
    return this.#items(this.#splitter.push(chunk), false);
  }

  end(): BatchItem[] {
    return this.#items(this.#splitter.end(), true);
  }

  #items(records: RawRecord[], last: boolean): BatchItem[] {
    const out: BatchItem[] = [];
    for (const record of records) {
      if (record.text !== undefined && record.text.trim() === '') continue;
      if (this.#skipHeader) {
        this.#skipHeader = false;
        continue;
      }
      if (this.#format.type === 'lines') this.#emit(out, record, record.text?.trim());
      else this.#csvRecord(out, record);
    }
    if (last && this.#format.type === 'csv' && !this.#plan) this.#decide(out);
    return out;
  }

  #csvRecord(out: BatchItem[], record: RawRecord) {
    const cells = record.text === undefined ? { problem: '' } : csvCells(record.text);
    if (this.#plan) return this.#csvItem(out, record, cells);
    this.#waiting.push({ record, cells });
    if (this.#waiting.filter((w) => Array.isArray(w.cells)).length >= 2) this.#decide(out);
  }

  /** The plan from the first records (a header and a data row), then the records held for it. */
  #decide(out: BatchItem[]) {
    const readable = this.#waiting.flatMap((w) => (Array.isArray(w.cells) ? [w.cells] : []));
    if (readable.length === 0) throw new BatchRefused(`${this.#name} has no readable CSV rows.`);
    const plan = csvPlan(readable[0]!, readable[1], this.#format.type === 'csv' ? this.#format.column : undefined);
    if ('problem' in plan) throw new BatchRefused(`${this.#name}: ${plan.problem}`);
    this.#plan = plan;
    const headerRecord = plan.header ? this.#waiting.find((w) => Array.isArray(w.cells)) : undefined;
    for (const w of this.#waiting) if (w !== headerRecord) this.#csvItem(out, w.record, w.cells);
    this.#waiting = [];
  }

  #csvItem(out: BatchItem[], record: RawRecord, cells: string[] | { problem: string }) {
    if (record.tooLong !== undefined || !Array.isArray(cells))
      return this.#emit(out, record, undefined, Array.isArray(cells) ? undefined : cells.problem);
    const plan = this.#plan!;
    const cell = (i: number | undefined) => (i === undefined ? undefined : cells[i]?.trim() || undefined);
    const input = cell(plan.artifact);
    if (input === undefined)
      return this.#emit(out, record, undefined, `This row has nothing in the "${plan.columns[plan.artifact]}" column.`);
    const item = this.#emit(out, record, input);
    const licenseKey = cell(plan.licenseKey);
    const fingerprint = cell(plan.fingerprint);
    if (licenseKey) item.licenseKey = licenseKey;
    if (fingerprint) item.fingerprint = fingerprint;
  }

  #emit(out: BatchItem[], record: RawRecord, input: string | undefined, problem?: string): BatchItem {
    const item: BatchItem = { index: this.#counter.next++, source: `${this.#name}:${record.line}`, input: input ?? '' };
    if (record.tooLong !== undefined)
      item.problem = tooLong(this.#format.type === 'csv' ? 'row' : 'line', record.tooLong);
    else if (problem) item.problem = problem;
    out.push(item);
    return item;
  }
}

/** A whole file as one item: a license or machine file, a `.lic`, a response. */
export function fileItem(name: string, bytes: Uint8Array, counter: ItemCounter): BatchItem {
  return { index: counter.next++, source: name, input: new TextDecoder().decode(bytes) };
}

/** A file that cannot be checked (too big, unreadable), as its own malformed row. */
export function problemItem(name: string, problem: string, counter: ItemCounter): BatchItem {
  return { index: counter.next++, source: name, input: '', problem };
}

/** A file over the size limit, refused unread. */
export const oversizedFileItem = (name: string, bytes: number, counter: ItemCounter) =>
  problemItem(name, tooLong('file', bytes), counter);
