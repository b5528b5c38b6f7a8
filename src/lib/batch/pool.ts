/**
 * The page's handle on a batch: one reader worker and a pool of verify workers sized from
 * `navigator.hardwareConcurrency`, wired to each other with their own ports so the page only
 * receives finished rows. Rows reach the page in input order; cancel terminates every worker.
 */
import type { VerifyContext } from '../core/context';
import type { CsvPlan } from './csv';
import { InOrder } from './order';
import type { BatchRow } from './rows';
import type { BatchMode, ReaderReport, ReaderRequest } from './reader.worker';
import type { VerifierSetup } from './verify.worker';
import { unpackRows, type KeptInput, type PackedRows } from './wire';

export interface BatchInput {
  files: File[];
  mode: BatchMode;
  csv?: CsvPlan;
}

export interface BatchEvents {
  rows(rows: BatchRow[], inputs: KeptInput[]): void;
  read(progress: { bytesRead: number; totalBytes: number; items: number }): void;
  /** Every item was read (`items` of them) and every row delivered. */
  finished(items: number): void;
  /** The batch was refused or could not go on; the sentence says why. */
  refused(message: string): void;
}

/** Workers for a machine with `cores` hardware threads: one each, the reader shares. */
export const poolSize = (cores: number | undefined) => Math.min(Math.max(cores ?? 2, 1), 16);

export class BatchPool {
  readonly size: number;
  #reader: Worker;
  #verifiers: Worker[];
  #delivered = 0;
  #readAll: number | undefined;
  #over = false;

  constructor(
    config: unknown,
    context: VerifyContext,
    input: BatchInput,
    events: BatchEvents,
    size = poolSize(navigator.hardwareConcurrency)
  ) {
    this.size = size;
    const { trust: _, ...plain } = context;
    const order = new InOrder<PackedRows>();
    const finishIfDone = () => {
      if (this.#readAll !== undefined && this.#delivered === this.#readAll && !this.#over) {
        this.#over = true;
        this.#stop();
        events.finished(this.#readAll);
      }
    };
    const fail = (message: string) => {
      if (this.#over) return;
      this.#over = true;
      this.#stop();
      events.refused(message);
    };
    this.#reader = new Worker(new URL('./reader.worker.ts', import.meta.url), { type: 'module', name: 'batch-reader' });
    const ports: MessagePort[] = [];
    this.#verifiers = Array.from({ length: size }, (_, i) => {
      const worker = new Worker(new URL('./verify.worker.ts', import.meta.url), {
        type: 'module',
        name: `batch-verify-${i + 1}`
      });
      const channel = new MessageChannel();
      ports.push(channel.port1);
      worker.postMessage({ config, context: plain, port: channel.port2 } satisfies VerifierSetup, [channel.port2]);
      worker.onmessage = ({ data }: MessageEvent<PackedRows>) => {
        // A message already queued when the batch was cancelled is dropped with the rest.
        if (this.#over) return;
        for (const batch of order.add(data.seq, data)) {
          const { rows, inputs } = unpackRows(batch);
          this.#delivered += rows.length;
          events.rows(rows, inputs);
        }
        finishIfDone();
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(`A verify worker stopped: ${event.message || 'it could not start'}.`);
      };
      return worker;
    });
    this.#reader.onmessage = ({ data }: MessageEvent<ReaderReport>) => {
      if (this.#over) return;
      if (data.type === 'read') events.read(data);
      else if (data.type === 'refused') fail(data.message);
      else {
        this.#readAll = data.items;
        finishIfDone();
      }
    };
    this.#reader.onerror = (event) => {
      event.preventDefault();
      fail(`The batch reader stopped: ${event.message || 'it could not start'}.`);
    };
    this.#send(
      { type: 'start', files: input.files, mode: input.mode, ...(input.csv ? { csv: input.csv } : {}), ports },
      ports
    );
  }

  pause() {
    this.#send({ type: 'pause' });
  }

  resume() {
    this.#send({ type: 'resume' });
  }

  /** Stops every worker now; no row arrives after this. */
  cancel() {
    this.#over = true;
    this.#stop();
  }

  #send(request: ReaderRequest, transfer: Transferable[] = []) {
    this.#reader.postMessage(request, transfer);
  }

  #stop() {
    this.#reader.terminate();
    for (const w of this.#verifiers) w.terminate();
  }
}
