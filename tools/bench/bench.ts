/**
 * `npm run bench`: every case in Node (this process) and in Chromium, plus a bulk row, as Markdown
 * tables of verify() against the raw WebCrypto work it rests on.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { DEMO_CONFIG_FILE } from '../issuer/demo-trust';
import { bulkPublicKey, mintBulkKeys, mintCases } from './cases';
import { BULK_CHUNK, runSuite, type Row, type SuitePayload } from './harness';
import { formatCacheBench, type CacheBenchResult } from './cache-bench';
import { WORST_CASE_BOUND_MS } from './worst-cases';
import { runInChromium } from './chromium';

export type Runtime = 'node' | 'chromium';

/** Keys in the bulk row. Node's WebCrypto is slow and not the product's runtime, so it gets fewer. */
const BULK_KEYS: Record<'full' | 'quick', Record<Runtime, number>> = {
  full: { chromium: 100_000, node: 10_000 },
  quick: { chromium: 2_000, node: 200 }
};

export interface RuntimeResult {
  runtime: Runtime;
  /** `v20.20.2` or `156.0.8078.79`. */
  version: string;
  ed25519Backend: string;
  hardwareConcurrency: number;
  crossOriginIsolated?: boolean;
  rows: Row[];
  worst: { name: string; ms: number }[];
  cache?: CacheBenchResult;
}

export interface BenchResults {
  date: string;
  quick: boolean;
  /** `loadAverage`: the 1-minute load when the run started; above the CPU count, the numbers are noisy. */
  machine: { cpus: number; cpuModel: string; platform: string; loadAverage: number; node: string; chromium?: string };
  runtimes: RuntimeResult[];
}

export interface BenchOptions {
  quick: boolean;
  runtimes: Runtime[];
  progress?: (line: string) => void;
}

const bulkLabel = (n: number) =>
  `bulk ${n.toLocaleString('en-US')} × signed-key ED25519_SIGN (Promise.all of ${BULK_CHUNK})`;

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const progress = options.progress ?? (() => {});
  const config: unknown = JSON.parse(readFileSync(DEMO_CONFIG_FILE, 'utf8'));
  const cases = mintCases();
  const sizes = BULK_KEYS[options.quick ? 'quick' : 'full'];
  const bulkN = Math.max(...options.runtimes.map((r) => sizes[r]));
  progress(`minting ${bulkN.toLocaleString('en-US')} ED25519_SIGN keys`);
  const bulkKeys = mintBulkKeys(bulkN);
  const payload = (runtime: Runtime): SuitePayload => ({
    config,
    cases,
    quick: options.quick,
    bulk: { publicKey: bulkPublicKey(), label: bulkLabel(sizes[runtime]) }
  });

  const cpus = os.cpus();
  const results: BenchResults = {
    date: new Date().toISOString(),
    quick: options.quick,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      platform: `${os.platform()} ${os.arch()}`,
      loadAverage: os.loadavg()[0]!,
      node: process.version
    },
    runtimes: []
  };
  for (const runtime of options.runtimes) {
    const keys = bulkKeys.slice(0, sizes[runtime]);
    const tagged = (line: string) => progress(`${runtime}: ${line}`);
    if (runtime === 'node') {
      const suite = await runSuite(payload('node'), keys, tagged);
      results.runtimes.push({
        runtime,
        version: process.version,
        hardwareConcurrency: os.availableParallelism(),
        ...suite
      });
    } else {
      const { chromiumVersion, ...page } = await runInChromium(payload('chromium'), keys, tagged);
      results.machine.chromium = chromiumVersion;
      results.runtimes.push({ runtime, version: chromiumVersion, ...page });
    }
  }
  return results;
}

const sig3 = (x: number) =>
  Number.isFinite(x) ? (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3)) : '—';
const perSecond = (us: number) => (Number.isFinite(us) ? Math.round(1e6 / us).toLocaleString('en-US') : '—');

export const TABLE_HEADER = '| kind | raw baseline | verify() µs/op | verdicts/s | raw µs/op | raw ops/s | ratio |';

export function formatRuntime(r: RuntimeResult): string {
  const title = r.runtime === 'node' ? `Node ${r.version}` : `Chromium ${r.version}`;
  const facts = [`Ed25519 via ${r.ed25519Backend}`, `${r.hardwareConcurrency} hardware threads`];
  if (r.crossOriginIsolated !== undefined)
    facts.push(r.crossOriginIsolated ? 'cross-origin isolated (5 µs timers)' : 'not cross-origin isolated');
  const lines = [`### ${title} (${facts.join(', ')})`, '', TABLE_HEADER, '|---|---|--:|--:|--:|--:|--:|'];
  for (const row of r.rows) {
    lines.push(
      `| ${row.name} | ${row.rawLabel} | ${sig3(row.verifyUs)} | ${perSecond(row.verifyUs)} | ${sig3(row.rawUs)} | ${perSecond(row.rawUs)} | ${Number.isFinite(row.ratio) ? row.ratio.toFixed(2) : '—'} |`
    );
  }
  const failed = r.rows.filter((row) => row.error);
  if (failed.length) lines.push('', ...failed.map((row) => `- **${row.name}**: ${row.error}`));
  const slowest = r.worst.reduce((max, w) => Math.max(max, w.ms), 0);
  lines.push(
    '',
    `Worst-case inputs (one verdict each; bound ${WORST_CASE_BOUND_MS} ms): slowest ${slowest.toFixed(0)} ms${slowest > WORST_CASE_BOUND_MS ? ' — OVER THE BOUND' : ''}.`,
    ''
  );
  lines.push('| input | ms |', '|---|--:|', ...r.worst.map((w) => `| ${w.name} | ${w.ms.toFixed(1)} |`));
  return lines.join('\n');
}

export function formatMarkdown(results: BenchResults): string {
  const m = results.machine;
  const machine = [
    `${m.cpus} × ${m.cpuModel}`,
    m.platform,
    `load average ${m.loadAverage.toFixed(1)} at start`,
    `Node ${m.node}`,
    ...(m.chromium ? [`Chromium ${m.chromium}`] : [])
  ].join(', ');
  return [
    `## Offline Verifier bench, ${results.date}${results.quick ? ' (quick: small N, not for comparison)' : ''}`,
    '',
    `Machine: ${machine}.`,
    '',
    'Each row: the full `verify()` verdict (detect, parse, signature, decode, policy) against the raw WebCrypto work the',
    'verdict rests on, key imported once, same bytes, same run. Single stream of awaited calls, median of interleaved',
    'blocks; ratio = verify() time ÷ raw time (1.00 = no overhead). Bulk rows: one pass over all keys, chunks of',
    `${BULK_CHUNK} concurrent calls alternating between the two sides; µs/op there is wall time ÷ keys.`,
    '',
    ...results.runtimes.flatMap((r) => [formatRuntime(r), '', ...(r.cache ? [formatCacheBench(r.cache), ''] : [])])
  ].join('\n');
}
