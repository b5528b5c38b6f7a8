/**
 * Batch throughput: 100,000 ED25519_SIGN keys (a plain list) and 10,000 license files (a zip in
 * the app, a CSV of quoted files for the CLI), through the app's Batch screen in Chromium and
 * `cli verify` in Node, each next to the raw single-thread loop (one awaited Ed25519 verify at a
 * time over the same signatures) in the same run. The app row also reports the longest task on
 * the page's main thread during the run and the page's JS heap after it; the CLI row the
 * process's resident memory while it streams.
 *
 * Wall-clock ratios on a shared machine say as much about the neighbours as about the pool, so
 * each row also counts CPU time: the batch's (every thread of Chromium's processes, or of the CLI
 * process) per row, against the raw loop's per verify. On idle cores the pool can at best reach
 * cores × raw CPU ÷ batch CPU. And a raw pool (as many workers as the batch has, each running the
 * raw loop over its share) gives the ceiling the machine allows in the same run.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { serveBuild } from '../../tests/e2e/support/static-server';
import { mintLicenseFile } from '../issuer/license-file';
import { demoKeyFor, publicPem } from '../issuer/keys';
import { mintBulkKeys } from './cases';
import type { Runtime } from './bench';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = path.join(ROOT, '.bench/batch');
const DAY_MS = 24 * 60 * 60 * 1000;

const SIZES = {
  full: { keys: 100_000, files: 10_000, raw: 20_000 },
  quick: { keys: 2_000, files: 200, raw: 1_000 }
};

export interface BatchRow {
  name: string;
  runtime: Runtime;
  items: number;
  /** Verdicts that came out valid; anything short of `items` is an error. */
  valid: number;
  workers: number;
  seconds: number;
  perSecond: number;
  rawPerSecond: number;
  /** perSecond ÷ rawPerSecond: above 1, the pool beats one thread doing nothing but crypto. */
  ratio: number;
  /** The raw pool's throughput ÷ rawPerSecond: what `workers` threads of bare verifies reach here now. */
  rawPoolRatio?: number;
  /** CPU time (all threads) per row of the batch, and per verify of the raw loop, in µs. */
  cpuUsPerRow?: number;
  rawCpuUsPerOp?: number;
  /** The 1-minute load average when the row was done. */
  load?: number;
  /** App: the longest main-thread task while the batch ran, and the heap after it (after a GC). */
  longestTaskMs?: number;
  heapMB?: number;
  /** CLI: resident memory a quarter into the run and at its peak after that. */
  rssQuarterMB?: number;
  rssPeakMB?: number;
  error?: string;
}

/** One Ed25519 signature to check raw: the signing input and the signature, std base64. */
interface RawSig {
  data: string;
  signature: string;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

function keySigs(keys: string[]): RawSig[] {
  return keys.map((k) => {
    const dot = k.lastIndexOf('.');
    return { data: b64(k.slice(0, dot)), signature: Buffer.from(k.slice(dot + 1), 'base64url').toString('base64') };
  });
}

function fileSigs(files: string[]): RawSig[] {
  return files.map((f) => {
    const body = f.replace(/-----(BEGIN|END) LICENSE FILE-----/g, '').replace(/\s+/g, '');
    const { enc, sig } = JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as { enc: string; sig: string };
    return { data: b64(`license/${enc}`), signature: sig };
  });
}

/** Genuine, valid-now license files (base64 + Ed25519, no file expiry), each its own signature. */
function mintLicenseFiles(n: number): string[] {
  const issued = new Date(Date.now() - DAY_MS).toISOString();
  return Array.from({ length: n }, () => mintLicenseFile({ alg: 'base64+ed25519', issued, ttl: null }));
}

/**
 * The raw loop, in whichever runtime runs it: `rawPrepare` imports the key and decodes the
 * signatures; `rawRun` is the timed part, one awaited Ed25519 verify at a time. As text, so the
 * page, Node and the raw pool's workers run the very same code (and no bundler adds helpers).
 */
const RAW_LOOP = `async function rawPrepare(spkiB64, sigs) {
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey('spki', bytes(spkiB64), { name: 'Ed25519' }, false, ['verify']);
  return { key, prepared: sigs.map((s) => ({ data: bytes(s.data), signature: bytes(s.signature) })) };
}
async function rawRun({ key, prepared }) {
  const start = performance.now();
  let ok = 0;
  for (const p of prepared) if (await crypto.subtle.verify({ name: 'Ed25519' }, key, p.signature, p.data)) ok++;
  const seconds = (performance.now() - start) / 1000;
  if (ok !== prepared.length) throw new Error('raw loop: ' + ok + ' of ' + prepared.length + ' signatures verified');
  return prepared.length / seconds;
}`;

/** Node: the raw loop on this thread, prepared first. */
const nodeRaw = new Function(`${RAW_LOOP}; return { rawPrepare, rawRun };`)() as {
  rawPrepare(spki: string, sigs: RawSig[]): Promise<unknown>;
  rawRun(state: unknown): Promise<number>;
};

/**
 * `workers` workers, each running the raw loop over its share at the same time (in the page: blob
 * workers, which the app's CSP admits; in Node: worker threads): verifies per second over them
 * all, from the moment every worker has its key and bytes ready.
 */
const RAW_POOL = `async function rawPool(spkiB64, sigs, workers, spawn) {
  const share = Math.floor(sigs.length / workers);
  const started = [];
  for (let i = 0; i < workers; i++) started.push(spawn(spkiB64, sigs.slice(i * share, (i + 1) * share)));
  const ready = await Promise.all(started);
  const t0 = performance.now();
  await Promise.all(ready.map((go) => go()));
  return (share * workers) / ((performance.now() - t0) / 1000);
}`;
/** A raw pool worker: prepares, says ready, runs the loop on "go", says done. */
const RAW_WORKER = (receive: string, send: string) => `${RAW_LOOP}
${receive}(async (m) => {
  try {
    const state = await rawPrepare(m.spki, m.sigs);
    ${send}('ready');
    await new Promise((go) => ${receive}(go));
    await rawRun(state);
    ${send}('done');
  } catch (e) {
    ${send}('error: ' + e.message);
  }
});`;

/**
 * The page's halves of the raw loop and the raw pool, as functions of one argument. The page runs
 * them as expressions with the argument in the text (`pageCall`): a string `page.evaluate` is not
 * called, and the app's CSP refuses `eval` inside the page.
 */
const PAGE_RAW_PREPARE = `(args) => { ${RAW_LOOP}; return rawPrepare(args[0], args[1]).then((state) => { globalThis.rawState = state; }); }`;
const PAGE_RAW_RUN = `() => { ${RAW_LOOP}; return rawRun(globalThis.rawState); }`;
const PAGE_RAW_POOL = `(args) => {
  ${RAW_POOL}
  const code = ${JSON.stringify(RAW_WORKER('((f) => (self.onmessage = ({ data }) => f(data)))', 'postMessage'))};
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  const spawn = (spki, sigs) => new Promise((ready, fail) => {
    const w = new Worker(url);
    w.onerror = (e) => fail(new Error(e.message));
    w.onmessage = ({ data }) => data === 'ready' ? ready(() => new Promise((done, failRun) => {
      w.onmessage = ({ data }) => { w.terminate(); data === 'done' ? done() : failRun(new Error(data)); };
      w.postMessage('go');
    })) : fail(new Error(data));
    w.postMessage({ spki, sigs });
  });
  return rawPool(args[0], args[1], args[2], spawn);
}`;

const pageCall = <T>(page: Page, fn: string, arg: unknown): Promise<T> =>
  page.evaluate(`(${fn})(${JSON.stringify(arg) ?? ''})`) as Promise<T>;

async function nodeRawPool(spki: string, sigs: RawSig[], workers: number): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads');
${RAW_WORKER('((f) => parentPort.once("message", f))', 'parentPort.postMessage')}`;
  const spawn = (spkiB64: string, share: RawSig[]) =>
    new Promise<() => Promise<void>>((ready, fail) => {
      const w = new Worker(code, { eval: true });
      w.once('error', fail);
      w.once('message', (m: string) => {
        if (m !== 'ready') return fail(new Error(m));
        ready(
          () =>
            new Promise<void>((done, failRun) => {
              w.once('message', (r: string) => {
                void w.terminate();
                if (r === 'done') done();
                else failRun(new Error(r));
              });
              w.postMessage('go');
            })
        );
      });
      w.postMessage({ spki: spkiB64, sigs: share });
    });
  const pool = new Function('spawn', `${RAW_POOL}; return (a, b, c) => rawPool(a, b, c, spawn);`)(spawn) as (
    a: string,
    b: RawSig[],
    c: number
  ) => Promise<number>;
  return pool(spki, sigs, workers);
}

/** CPU time (user + system, every thread) of this process, of its reaped children, and of every live process below it, in ms. */
const TICK_MS = 10; // USER_HZ is 100 on Linux.
function statTimes(pid: number | 'self'): number[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
}
const childrenCpuMs = () => {
  const f = statTimes('self');
  return (f[13]! + f[14]!) * TICK_MS;
};
/** Every live process descended from this one (Chromium's browser, renderers, GPU, utility). */
function descendantsCpuMs(): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = statTimes(Number(d));
      parent.set(Number(d), f[1]!);
      cpu.set(Number(d), (f[11]! + f[12]!) * TICK_MS);
    } catch {
      // Gone since the listing.
    }
  }
  let total = 0;
  for (const [pid, ms] of cpu) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        total += ms;
        break;
      }
    }
  }
  return total;
}
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs `work` and returns its result with the CPU ms `meter` counted meanwhile. */
async function withCpu<T>(meter: () => number, work: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const before = meter();
  const value = await work();
  return { value, cpuMs: meter() - before };
}

const spkiOf = (pem: string) => pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))
      );
    });
  });
}

interface Workload {
  name: string;
  /** The app's input: a list file (one key a line) or a zip of files. */
  appFile: string;
  /** The CLI's input and its mode. */
  cliArgs: string[];
  items: number;
  sigs: RawSig[];
}

function prepare(quick: boolean, progress: (line: string) => void): Workload[] {
  const n = SIZES[quick ? 'quick' : 'full'];
  mkdirSync(DATA, { recursive: true });
  progress(
    `batch: minting ${n.keys.toLocaleString('en-US')} keys and ${n.files.toLocaleString('en-US')} license files`
  );
  const keys = mintBulkKeys(n.keys);
  const keysFile = path.join(DATA, 'keys.txt');
  writeFileSync(keysFile, keys.join('\n') + '\n');
  const files = mintLicenseFiles(n.files);
  const zipFile = path.join(DATA, 'license-files.zip');
  writeFileSync(
    zipFile,
    zipSync(Object.fromEntries(files.map((f, i) => [`licenses/${i + 1}.lic`, new TextEncoder().encode(f)])))
  );
  const csvFile = path.join(DATA, 'license-files.csv');
  writeFileSync(csvFile, 'license_file\n' + files.map((f) => `"${f}"`).join('\n') + '\n');
  return [
    {
      name: `${n.keys.toLocaleString('en-US')} × signed-key ED25519_SIGN`,
      appFile: keysFile,
      cliArgs: ['--jsonl', keysFile],
      items: n.keys,
      sigs: keySigs(keys).slice(0, n.raw)
    },
    {
      name: `${n.files.toLocaleString('en-US')} × license file (base64+ed25519)`,
      appFile: zipFile,
      cliArgs: ['--csv', 'license_file', csvFile],
      items: n.files,
      sigs: fileSigs(files).slice(0, n.raw)
    }
  ];
}

/** Drives the real Batch screen: the file in, Start, until Done; then the numbers. */
async function appRun(
  page: Page,
  file: string
): Promise<{ seconds: number; valid: number; total: number; workers: number; longestTaskMs: number }> {
  await page.locator('#batch-files').setInputFiles(file);
  await page.evaluate(() => {
    const w = globalThis as unknown as { bench: { start?: number; end?: number } };
    w.bench = {};
    const start = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Start')!;
    start.addEventListener('click', () => (w.bench.start = performance.now()), { capture: true });
    new MutationObserver((_, observer) => {
      if (document.querySelector('#progress-title')?.textContent === 'Done') {
        w.bench.end = performance.now();
        observer.disconnect();
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(
    () => (globalThis as unknown as { bench: { end?: number } }).bench.end !== undefined,
    null,
    { timeout: 600_000, polling: 250 }
  );
  return page.evaluate(() => {
    const w = globalThis as unknown as {
      bench: { start: number; end: number };
      longTasks: { start: number; duration: number }[];
    };
    const during = w.longTasks.filter((t) => t.start + t.duration >= w.bench.start && t.start <= w.bench.end);
    const texts = [
      document.querySelector('.counts [data-status="valid"] dd')?.textContent,
      document.querySelector('[data-testid="batch-done"]')?.textContent,
      /(\d+) workers/.exec(document.querySelector('.figures')?.textContent ?? '')?.[1]
    ].map((s) => Number((s ?? '0').replace(/\D/g, '')));
    return {
      seconds: (w.bench.end - w.bench.start) / 1000,
      valid: texts[0]!,
      total: texts[1]!,
      workers: texts[2]!,
      longestTaskMs: Math.max(0, ...during.map((t) => t.duration))
    };
  });
}

async function chromiumRows(
  workloads: Workload[],
  spki: string,
  progress: (line: string) => void
): Promise<BatchRow[]> {
  if (!existsSync(path.join(ROOT, 'build/batch.html'))) {
    progress('chromium batch: building the app (no build/ yet)');
    if (spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' }).status !== 0)
      throw new Error('`npm run build` failed; the app cannot be measured');
  }
  const port = await freePort();
  const server = await serveBuild({ root: path.join(ROOT, 'build'), port });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const rows: BatchRow[] = [];
  try {
    for (const w of workloads) {
      // A fresh page per workload, so the heap after it is that batch's alone.
      const page = await browser.newPage();
      await page.addInitScript(() => {
        const g = globalThis as unknown as { longTasks: { start: number; duration: number }[] };
        g.longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) g.longTasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(`${server.origin}/batch`);
      await page.waitForFunction(() => document.documentElement.style.getPropertyValue('--brand') !== '');
      const half = Math.floor(w.sigs.length / 2);
      const raw = async (sigs: RawSig[]) => {
        await pageCall(page, PAGE_RAW_PREPARE, [spki, sigs]);
        const { value, cpuMs } = await withCpu(descendantsCpuMs, () => pageCall<number>(page, PAGE_RAW_RUN, undefined));
        return { perSecond: value, cpuUsPerOp: (cpuMs * 1000) / sigs.length };
      };
      progress(`chromium batch: ${w.name}: raw loop`);
      const rawBefore = await raw(w.sigs.slice(0, half));
      progress(`chromium batch: ${w.name}: app`);
      const { value: run, cpuMs } = await withCpu(descendantsCpuMs, () => appRun(page, w.appFile));
      const rawAfter = await raw(w.sigs.slice(half));
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      progress(`chromium batch: ${w.name}: raw pool of ${run.workers}`);
      const rawPool = await pageCall<number>(page, PAGE_RAW_POOL, [spki, w.sigs, run.workers]);
      const rawPerSecond = (rawBefore.perSecond + rawAfter.perSecond) / 2;
      const perSecond = run.total / run.seconds;
      const row: BatchRow = {
        name: w.name,
        runtime: 'chromium',
        items: run.total,
        valid: run.valid,
        workers: run.workers,
        seconds: run.seconds,
        perSecond,
        rawPerSecond,
        ratio: perSecond / rawPerSecond,
        rawPoolRatio: rawPool / rawPerSecond,
        cpuUsPerRow: (cpuMs * 1000) / run.total,
        rawCpuUsPerOp: (rawBefore.cpuUsPerOp + rawAfter.cpuUsPerOp) / 2,
        longestTaskMs: run.longestTaskMs,
        heapMB: heap.usedSize / 1024 / 1024,
        load: os.loadavg()[0]!
      };
      if (run.valid !== w.items || run.total !== w.items)
        row.error = `${run.valid} of ${w.items} rows valid (${run.total} rows)`;
      rows.push(row);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}

/**
 * `cli verify` as its own process writing to a file (as `> out.jsonl` would), its memory sampled
 * from /proc; the output is counted after the clock stops, so counting costs the run nothing.
 */
async function cliRun(
  args: string[]
): Promise<{ seconds: number; lines: number; valid: number; rss: { at: number; kb: number }[] }> {
  const outFile = path.join(DATA, 'cli-out.jsonl');
  const out = openSync(outFile, 'w');
  const start = performance.now();
  const rss: { at: number; kb: number }[] = [];
  const seconds = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tools/cli.ts'), 'verify', ...args], {
      cwd: ROOT,
      stdio: ['ignore', out, 'inherit']
    });
    const sampler = setInterval(() => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
        if (kb) rss.push({ at: performance.now() - start, kb });
      } catch {
        // The process has just ended.
      }
    }, 100);
    child.once('error', reject);
    child.once('close', () => {
      clearInterval(sampler);
      resolve((performance.now() - start) / 1000);
    });
  });
  closeSync(out);
  let lines = 0;
  let valid = 0;
  for await (const line of createInterface({ input: createReadStream(outFile), crlfDelay: Infinity })) {
    lines++;
    if (line.includes('"status":"valid"')) valid++;
  }
  return { seconds, lines, valid, rss };
}

/** The CLI's thread count: `--jobs` when the workload sets it, else its default, one per core. */
const cliJobs = (args: string[]) => {
  const at = args.indexOf('--jobs');
  return at >= 0 ? Number(args[at + 1]) : os.availableParallelism();
};

async function nodeRows(workloads: Workload[], spki: string, progress: (line: string) => void): Promise<BatchRow[]> {
  const rows: BatchRow[] = [];
  for (const w of workloads) {
    const half = Math.floor(w.sigs.length / 2);
    const workers = cliJobs(w.cliArgs);
    const raw = async (sigs: RawSig[]) => {
      const state = await nodeRaw.rawPrepare(spki, sigs);
      const { value, cpuMs } = await withCpu(ownCpuMs, () => nodeRaw.rawRun(state));
      return { perSecond: value, cpuUsPerOp: (cpuMs * 1000) / sigs.length };
    };
    progress(`node batch: ${w.name}: raw loop`);
    const rawBefore = await raw(w.sigs.slice(0, half));
    progress(`node batch: ${w.name}: cli verify ${w.cliArgs[0]}`);
    const { value: run, cpuMs } = await withCpu(childrenCpuMs, () => cliRun(w.cliArgs));
    const rawAfter = await raw(w.sigs.slice(half));
    progress(`node batch: ${w.name}: raw pool of ${workers}`);
    const rawPool = await nodeRawPool(spki, w.sigs, workers);
    const rawPerSecond = (rawBefore.perSecond + rawAfter.perSecond) / 2;
    // Startup (tsx, keys) is in the wall time: it is what a user waits for too.
    const perSecond = run.lines / run.seconds;
    const quarter = run.rss.filter((s) => s.at >= (run.seconds * 1000) / 4);
    const row: BatchRow = {
      name: w.name,
      runtime: 'node',
      items: run.lines,
      valid: run.valid,
      workers,
      seconds: run.seconds,
      perSecond,
      rawPerSecond,
      ratio: perSecond / rawPerSecond,
      rawPoolRatio: rawPool / rawPerSecond,
      cpuUsPerRow: (cpuMs * 1000) / run.lines,
      rawCpuUsPerOp: (rawBefore.cpuUsPerOp + rawAfter.cpuUsPerOp) / 2,
      rssQuarterMB: (quarter[0]?.kb ?? 0) / 1024,
      rssPeakMB: Math.max(0, ...quarter.map((s) => s.kb)) / 1024,
      load: os.loadavg()[0]!
    };
    if (run.valid !== w.items || run.lines !== w.items)
      row.error = `${run.valid} of ${w.items} verdicts valid (${run.lines} lines)`;
    rows.push(row);
  }
  return rows;
}

export async function runBatchBench(options: {
  quick: boolean;
  runtimes: Runtime[];
  progress: (line: string) => void;
}): Promise<BatchRow[]> {
  const workloads = prepare(options.quick, options.progress);
  const spki = spkiOf(publicPem(demoKeyFor('ed25519')));
  const rows: BatchRow[] = [];
  for (const runtime of options.runtimes) {
    try {
      rows.push(
        ...(runtime === 'chromium'
          ? await chromiumRows(workloads, spki, options.progress)
          : await nodeRows(workloads, spki, options.progress))
      );
    } catch (err) {
      rows.push({
        name: 'batch',
        runtime,
        items: 0,
        valid: 0,
        workers: 0,
        seconds: NaN,
        perSecond: NaN,
        rawPerSecond: NaN,
        ratio: NaN,
        error: err instanceof Error ? err.message : String(err)
      });
    }
  }
  return rows;
}

const int = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? '—' : Math.round(x).toLocaleString('en-US');

/** The best ratio these CPU costs allow on `workers` idle cores: each core does raw ÷ batch rows per raw verify. */
export const idleBound = (r: Pick<BatchRow, 'workers' | 'cpuUsPerRow' | 'rawCpuUsPerOp'>): number | undefined =>
  r.cpuUsPerRow && r.rawCpuUsPerOp
    ? (Math.min(r.workers, os.cpus().length) * r.rawCpuUsPerOp) / r.cpuUsPerRow
    : undefined;

const fixed = (x: number | undefined, digits: number) =>
  x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);

export function formatBatchMarkdown(rows: BatchRow[]): string {
  const lines = [
    "### Batch: the app's Batch screen (Chromium) and `cli verify` (Node), against the raw single-thread loop",
    '',
    'Raw loop: one awaited WebCrypto Ed25519 verify at a time over the same signatures, in the same runtime, before and',
    'after the batch. Wall time from Start to Done (app) or process start to exit (CLI, startup included). Raw pool:',
    'as many workers as the batch had, each running the raw loop over its share at once: the ratio this machine',
    "allowed right then. CPU: user + system time of every thread of the batch (Chromium's processes, or the CLI",
    'process) per row, and of the raw loop per verify; "idle bound" is cores × raw CPU ÷ batch CPU, the best ratio',
    'those costs allow when the cores are not shared.',
    '',
    `Machine: ${os.cpus().length} cores; load average (1 min) in the last column (above the core count, other work shares them).`,
    '',
    '| batch | runtime | workers | rows | s | verdicts/s | raw ops/s | ratio | raw pool ratio | CPU µs/row (raw /op) | idle bound | longest main-thread task | memory | load |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|'
  ];
  for (const r of rows) {
    const memory =
      r.heapMB !== undefined
        ? `JS heap ${int(r.heapMB)} MB after`
        : r.rssPeakMB !== undefined
          ? `RSS ${int(r.rssQuarterMB)} MB at ¼, peak ${int(r.rssPeakMB)} MB`
          : '—';
    lines.push(
      `| ${r.name} | ${r.runtime === 'chromium' ? 'app, Chromium' : 'CLI, Node'} | ${r.workers} | ${int(r.items)} | ${fixed(r.seconds, 1)} | ${int(r.perSecond)} | ${int(r.rawPerSecond)} | ${fixed(r.ratio, 2)} | ${fixed(r.rawPoolRatio, 2)} | ${int(r.cpuUsPerRow)} (${int(r.rawCpuUsPerOp)}) | ${fixed(idleBound(r), 2)} | ${r.longestTaskMs !== undefined ? `${int(r.longestTaskMs)} ms` : '—'} | ${memory} | ${fixed(r.load, 1)} |`
    );
  }
  const failed = rows.filter((r) => r.error);
  if (failed.length) lines.push('', ...failed.map((r) => `- **${r.name} (${r.runtime})**: ${r.error}`));
  return lines.join('\n');
}
