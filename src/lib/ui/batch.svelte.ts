/**
 * The Batch screen's state: a run of the worker pool, its progress, its rows, and the rows shown
 * after filtering. Rows live in plain arrays (100,000 proxied objects would cost the heap and the
 * main thread); the screen redraws from `version`, bumped at most every `REDRAW_MS`: on a
 * machine with few cores, every frame the page draws is time taken from the verify workers.
 */
import { config, verifyContext } from '../trust';
import type { VerifyContext } from '../core/context';
import type { Status, Verdict } from '../core/verdict';
import { BatchPool, type BatchInput } from '../batch/pool';
import type { KeptInput } from '../batch/wire';
import { countRows, emptyCounts, parseReport, verifyItem, type BatchRow, type StatusCounts } from '../batch/rows';
import { refusal, MAX_REPORT_BYTES } from '../batch/limits';
import { mib } from '../batch/items';

/** Progress redraws at most this often while a batch runs. */
const REDRAW_MS = 250;

export type Phase = 'idle' | 'running' | 'paused' | 'done' | 'cancelled' | 'refused' | 'report';

export interface Progress {
  done: number;
  /** Best estimate of the batch's size: exact once everything is read. */
  total: number;
  /** Rows per second while running (pauses excluded). */
  rate: number;
  /** Seconds left at that rate, when it can be told. */
  secondsLeft: number | undefined;
}

export class BatchRun {
  phase = $state<Phase>('idle');
  /** The sentence for a refused batch or a report that could not be read. */
  message = $state<string | null>(null);
  progress = $state<Progress>({ done: 0, total: 0, rate: 0, secondsLeft: undefined });
  counts = $state<StatusCounts>(emptyCounts());
  /** Bumped when rows arrive or the filter changes; the table redraws from it. */
  version = $state(0);
  statusFilter = $state<Status | 'all'>('all');
  search = $state('');
  /** When the batch was verified (ms); a report's own time once one is read back. */
  verifiedAt = $state(0);
  workers = $state(0);

  rows: BatchRow[] = [];
  /** Kept to open a row's verdict card; absent for rows read back from a report. */
  inputs: KeptInput[] = [];
  /** Indexes into `rows` that pass the filter, in row order. */
  shown: number[] = [];

  #pool: BatchPool | undefined;
  #ctx: VerifyContext | undefined;
  #counts: StatusCounts = emptyCounts();
  #redraw: ReturnType<typeof setTimeout> | undefined;
  #activeMs = 0;
  #since = 0;
  #read = { bytesRead: 0, totalBytes: 0, items: 0 };
  #readAll: number | undefined;

  get running(): boolean {
    return this.phase === 'running' || this.phase === 'paused';
  }

  async start(input: BatchInput): Promise<void> {
    this.cancel();
    this.#reset();
    const refused = refusal(input.files);
    if (refused) return this.#refuse(refused);
    this.phase = 'running';
    const ctx = await verifyContext();
    this.#ctx = ctx;
    this.verifiedAt = ctx.now;
    this.#since = performance.now();
    let pool: BatchPool;
    try {
      pool = this.#startPool(ctx, input);
    } catch (err) {
      return this.#refuse(`The batch could not start: ${err instanceof Error ? err.message : String(err)}.`);
    }
    this.#pool = pool;
    this.workers = pool.size;
  }

  #startPool(ctx: VerifyContext, input: BatchInput): BatchPool {
    return new BatchPool(config, ctx, input, {
      rows: (rows, inputs) => {
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          this.rows.push(row);
          this.inputs.push(inputs[i]!);
          this.#counts[row.status]++;
          if (this.#passes(row)) this.shown.push(this.rows.length - 1);
        }
        this.#schedule();
      },
      read: (read) => {
        this.#read = read;
        this.#schedule();
      },
      finished: (items) => {
        this.#readAll = items;
        this.#pauseClock();
        this.#publish();
        this.phase = 'done';
      },
      refused: (message) => {
        this.#pauseClock();
        this.#publish();
        this.#refuse(message);
      }
    });
  }

  pause() {
    if (this.phase !== 'running') return;
    this.#pool?.pause();
    this.#pauseClock();
    this.phase = 'paused';
  }

  resume() {
    if (this.phase !== 'paused') return;
    this.#since = performance.now();
    this.#pool?.resume();
    this.phase = 'running';
  }

  cancel() {
    if (!this.running) return;
    this.#pool?.cancel();
    this.#pool = undefined;
    this.#pauseClock();
    this.#publish();
    this.phase = 'cancelled';
  }

  /** Reads a JSON report back: its rows and counts, nothing re-verified. */
  async openReport(file: File): Promise<void> {
    this.cancel();
    this.#reset();
    if (file.size > MAX_REPORT_BYTES)
      return this.#refuse(
        `This report is ${mib(file.size)}; a report read back may be at most ${mib(MAX_REPORT_BYTES)}.`
      );
    const report = parseReport(await file.text());
    if ('problem' in report) return this.#refuse(report.problem);
    this.rows = report.rows;
    this.#counts = countRows(report.rows);
    this.verifiedAt = Date.parse(report.verifiedAt);
    this.#readAll = report.rows.length;
    this.#refilter();
    this.#publish();
    this.phase = 'report';
  }

  setFilter(status: Status | 'all', search: string) {
    this.statusFilter = status;
    this.search = search;
    this.#refilter();
    this.version++;
  }

  /** The row's verdict, verified again from its kept input with the batch's own context and time. */
  async verdictOf(index: number, secrets: Pick<KeptInput, 'licenseKey' | 'fingerprint'>): Promise<Verdict | undefined> {
    const input = this.inputs[index];
    const row = this.rows[index];
    if (!input || !row || !this.#ctx) return undefined;
    const reason = row.status === 'malformed' && input.input === '' ? row.reason : undefined;
    const item = {
      index: row.row - 1,
      source: row.source,
      ...input,
      ...secrets,
      ...(reason ? { problem: reason } : {})
    };
    if (!secrets.licenseKey) delete item.licenseKey;
    if (!secrets.fingerprint) delete item.fingerprint;
    return verifyItem(item, this.#ctx);
  }

  #passes(row: BatchRow): boolean {
    if (this.statusFilter !== 'all' && row.status !== this.statusFilter) return false;
    const q = this.search.trim().toLowerCase();
    if (!q) return true;
    return [row.source, row.kind, row.status, row.reason, row.licensee ?? '', row.licenseId ?? ''].some((f) =>
      f.toLowerCase().includes(q)
    );
  }

  #refilter() {
    const shown: number[] = [];
    for (let i = 0; i < this.rows.length; i++) if (this.#passes(this.rows[i]!)) shown.push(i);
    this.shown = shown;
  }

  #refuse(message: string) {
    this.message = message;
    this.phase = 'refused';
  }

  #reset() {
    this.rows = [];
    this.inputs = [];
    this.shown = [];
    this.#counts = emptyCounts();
    this.#activeMs = 0;
    this.#read = { bytesRead: 0, totalBytes: 0, items: 0 };
    this.#readAll = undefined;
    this.#ctx = undefined;
    this.message = null;
    // A new batch shows all its rows: a filter left from the last one would hide them.
    this.statusFilter = 'all';
    this.search = '';
    this.#publish();
  }

  #pauseClock() {
    if (this.phase === 'running') this.#activeMs += performance.now() - this.#since;
  }

  #schedule() {
    this.#redraw ??= setTimeout(() => this.#publish(), REDRAW_MS);
  }

  /** Copies the plain tallies into the reactive state (then the screen redraws). */
  #publish() {
    clearTimeout(this.#redraw);
    this.#redraw = undefined;
    const done = this.rows.length;
    const seconds = (this.#activeMs + (this.phase === 'running' ? performance.now() - this.#since : 0)) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const { bytesRead, totalBytes, items } = this.#read;
    // Until everything is read, the size is the items read so far scaled by the bytes still to read.
    const total =
      this.#readAll ?? (bytesRead > 0 ? Math.max(items, Math.round((items * totalBytes) / bytesRead)) : items);
    this.progress = {
      done,
      total: Math.max(total, done),
      rate,
      secondsLeft: rate > 0 && total >= done ? (total - done) / rate : undefined
    };
    this.counts = { ...this.#counts };
    this.version++;
  }
}
