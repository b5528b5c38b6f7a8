/**
 * The batch's reader: streams the files, cuts them into items and deals batches of items to the
 * verify workers over their own ports, at most `IN_FLIGHT` per worker, so memory stays flat and
 * the page's thread never touches the input. Pausing stops the dealing; the page cancels by
 * terminating the workers.
 */
import {
  BatchRefused,
  ItemCounter,
  ListReader,
  fileItem,
  oversizedFileItem,
  type BatchItem,
  type ListFormat
} from './items';
import { MAX_FILES, refusal } from './limits';
import { unzipItems, zipEntryCount } from './zip';
import type { CsvPlan } from './csv';
import { MAX_INPUT_BYTES } from '../core/verify';

/** `list`: every file is a list (CSV by `csv`, else one artifact per line). `files`: every file is one artifact, zips unpacked. */
export type BatchMode = 'list' | 'files';

export type ReaderRequest =
  | { type: 'start'; files: File[]; mode: BatchMode; csv?: CsvPlan; ports: MessagePort[] }
  | { type: 'pause' }
  | { type: 'resume' };

export type ReaderReport =
  | { type: 'read'; bytesRead: number; totalBytes: number; items: number }
  | { type: 'read-all'; items: number }
  | { type: 'refused'; message: string };

/** Items per batch sent to a worker: big enough to keep its WebCrypto busy, small enough to pause fast. */
export const BATCH_ITEMS = 256;
const IN_FLIGHT = 2;

const post = (report: ReaderReport) => postMessage(report);

let paused = false;
let wake: () => void = () => {};

async function* chunks(file: Blob): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function run(files: File[], mode: BatchMode, csv: CsvPlan | undefined, ports: MessagePort[]) {
  const busy = ports.map(() => 0);
  ports.forEach((port, i) =>
    port.addEventListener('message', () => {
      busy[i]!--;
      wake();
    })
  );
  ports.forEach((port) => port.start());
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  let bytesRead = 0;
  let seq = 0;
  let lastReport = 0;
  const counter = new ItemCounter();
  const nameOf = (f: File) => f.webkitRelativePath || f.name;
  const isZip = (f: File) => mode === 'files' && /\.zip$/i.test(f.name);

  // Every check that can refuse the batch runs before the first item is dealt.
  const tooMany = refusal(files);
  if (tooMany) throw new BatchRefused(tooMany);
  let fileBudget = MAX_FILES - files.filter((f) => !isZip(f)).length;
  for (const zip of files.filter(isZip)) {
    const count = await zipEntryCount(zip, nameOf(zip));
    if (count > fileBudget) {
      throw new BatchRefused(
        `${nameOf(zip)} holds ${count.toLocaleString('en-US')} files; a batch takes at most ${MAX_FILES.toLocaleString('en-US')}. Split it into smaller zips.`
      );
    }
    fileBudget -= count;
  }

  const idlest = () => busy.reduce((best, b, i) => (b < busy[best]! ? i : best), 0);
  const until = async (ready: () => boolean) => {
    while (!ready()) await new Promise<void>((resolve) => (wake = resolve));
  };
  let pending: BatchItem[] = [];
  const deal = async () => {
    await until(() => !paused && busy[idlest()]! < IN_FLIGHT);
    const i = idlest();
    busy[i]!++;
    ports[i]!.postMessage({ seq: seq++, items: pending });
    pending = [];
    if (performance.now() - lastReport > 100) {
      lastReport = performance.now();
      post({ type: 'read', bytesRead, totalBytes, items: counter.next });
    }
  };
  const take = async (items: BatchItem[]) => {
    for (const item of items) {
      pending.push(item);
      if (pending.length === BATCH_ITEMS) await deal();
    }
  };

  for (const file of files) {
    const name = nameOf(file);
    if (mode === 'list') {
      const format: ListFormat = /\.csv$/i.test(file.name)
        ? { type: 'csv', ...(csv ? { plan: csv } : {}) }
        : { type: 'lines' };
      const list = new ListReader(name, format, counter);
      for await (const chunk of chunks(file)) {
        bytesRead += chunk.length;
        await take(list.push(chunk));
      }
      await take(list.end());
    } else if (isZip(file)) {
      let zipRead = 0;
      const counted = async function* () {
        for await (const chunk of chunks(file)) {
          zipRead += chunk.length;
          bytesRead += chunk.length;
          yield chunk;
        }
      };
      await unzipItems(name, counted(), counter, () => fileBudget + 1, take);
      bytesRead += file.size - zipRead;
    } else {
      await take([
        file.size > MAX_INPUT_BYTES
          ? oversizedFileItem(name, file.size, counter)
          : fileItem(name, new Uint8Array(await file.arrayBuffer()), counter)
      ]);
      bytesRead += file.size;
    }
  }
  if (pending.length) await deal();
  post({ type: 'read-all', items: counter.next });
}

onmessage = (event: MessageEvent<ReaderRequest>) => {
  const request = event.data;
  if (request.type === 'pause') paused = true;
  else if (request.type === 'resume') {
    paused = false;
    wake();
  } else {
    run(request.files, request.mode, request.csv, request.ports).catch((err: unknown) => {
      const message =
        err instanceof BatchRefused
          ? err.message
          : `The batch stopped: ${err instanceof Error ? err.message : String(err)}.`;
      post({ type: 'refused', message });
    });
  }
};
