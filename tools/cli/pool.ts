/**
 * `cli verify --jsonl` and `--csv`: input streamed through a pool of worker threads, output in
 * input order. Memory stays flat: reading waits while every thread has `IN_FLIGHT` batches, and a
 * finished batch is written as soon as the ones before it are.
 */
import { createReadStream, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { BatchRefused, ItemCounter, ListReader, type BatchItem, type ListFormat } from '../../src/lib/batch/items';
import { InOrder } from '../../src/lib/batch/order';
import type { PoolBatch, PoolResult, PoolSetup } from './verify-worker';
import { UsageError } from './usage';

const BATCH = 256;
const IN_FLIGHT = 2;

interface Thread {
  worker: Worker;
  busy: number;
}

function startThread(
  setup: PoolSetup,
  onResult: (r: PoolResult, t: Thread) => void,
  onError: (err: Error) => void
): Promise<Thread> {
  const worker = new Worker(new URL('./verify-thread.mjs', import.meta.url), { workerData: setup });
  const thread: Thread = { worker, busy: 0 };
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () => {
      worker.off('error', reject);
      worker.on('error', onError);
      worker.on('message', (r: PoolResult) => onResult(r, thread));
      resolve(thread);
    });
  });
}

/** Progress on a terminal: count, rate and, for a file of known size, time left. */
function progressLine(done: number, startedMs: number, fraction: number | undefined): string {
  const seconds = (performance.now() - startedMs) / 1000;
  const rate = done / Math.max(seconds, 1e-3);
  const left = fraction && fraction > 0.01 ? `, about ${Math.ceil((seconds / fraction) * (1 - fraction))} s left` : '';
  return `\r${done.toLocaleString('en-US')} verified, ${Math.round(rate).toLocaleString('en-US')}/s${left}   `;
}

export interface PoolOptions {
  files: string[];
  format: ListFormat;
  jobs: number;
  setup: PoolSetup;
  /** Called with one or more verdict lines joined by newlines; it adds the final newline. */
  write: (lines: string) => void;
}

/** Verifies every item of every file; resolves to whether every verdict was valid. */
export async function verifyWithPool({ files, format, jobs, setup, write }: PoolOptions): Promise<boolean> {
  let failure: Error | undefined;
  let notValid = 0;
  let done = 0;
  let wake: () => void = () => {};
  const order = new InOrder<string>();
  const threads = await Promise.all(
    Array.from({ length: jobs }, () =>
      startThread(
        setup,
        (result, thread) => {
          thread.busy--;
          notValid += result.notValid;
          done += result.lines;
          // `write` ends each text it gets with a newline: a batch's verdicts go out in one call.
          for (const text of order.add(result.seq, result.text)) write(text);
          wake();
        },
        (err) => {
          failure = err;
          wake();
        }
      )
    )
  );
  const showProgress = process.stderr.isTTY === true;
  const started = performance.now();
  let shown = 0;
  let seq = 0;
  let sent = 0;
  let bytesRead = 0;
  let totalBytes = 0;
  for (const f of files) totalBytes += f === '-' ? NaN : statSync(f).size;

  const idle = () => threads.reduce((a, b) => (b.busy < a.busy ? b : a));
  const waitFor = async (ready: () => boolean) => {
    while (!ready() && !failure) await new Promise<void>((resolve) => (wake = resolve));
    if (failure) throw failure;
    if (showProgress && performance.now() - shown > 200) {
      shown = performance.now();
      process.stderr.write(
        progressLine(done, started, Number.isFinite(totalBytes) ? bytesRead / totalBytes : undefined)
      );
    }
  };
  const send = async (items: BatchItem[]) => {
    await waitFor(() => idle().busy < IN_FLIGHT);
    const thread = idle();
    thread.busy++;
    sent += items.length;
    thread.worker.postMessage({ seq: seq++, items } satisfies PoolBatch);
  };

  try {
    const counter = new ItemCounter();
    let pending: BatchItem[] = [];
    const take = async (items: BatchItem[]) => {
      for (const item of items) {
        pending.push(item);
        if (pending.length === BATCH) {
          await send(pending);
          pending = [];
        }
      }
    };
    for (const file of files) {
      const reader = new ListReader(file, format, counter);
      const input = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 256 * 1024 });
      for await (const chunk of input) {
        bytesRead += (chunk as Buffer).length;
        await take(reader.push(chunk as Buffer));
      }
      await take(reader.end());
    }
    if (pending.length) await send(pending);
    await waitFor(() => done === sent);
    if (showProgress) process.stderr.write(progressLine(done, started, 1) + '\n');
  } catch (err) {
    if (err instanceof BatchRefused) throw new UsageError(err.message);
    throw err;
  } finally {
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
  return notValid === 0;
}
