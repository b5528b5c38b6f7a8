/**
 * `npx tsx tools/bench/profile.ts [name-part] [--ms=N] [--interval=µs] [--inclusive] [--raw] [--ratio=blocks]`:
 * where a verdict's time goes in Chromium. For each bench case whose name contains `name-part`, a
 * CDP CPU profile of a loop of verify() calls (or of its raw ops, `--raw`), summarised as self time
 * (and with `--inclusive` total time) per function per verdict; `--stub` makes every trusted key's
 * verify answer true at once, so that the profile shows the verdict's own work alone. `--ratio=N`: no profile; N
 * interleaved blocks of verify() and of the raw ops, the fastest block of each (noise only ever
 * adds), for iterating on a loaded machine; with `--stub` the verify() side is the verdict's own
 * work, against the same raw ops. A tool for finding overhead, not part of `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { DEMO_CONFIG_FILE } from '../issuer/demo-trust';
import { mintCases } from './cases';
import { bundlePageScript, serveScriptPage } from './chromium';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import type { BenchCase } from './harness';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const filter = args.find((a) => !a.startsWith('--')) ?? '';
const loopMs = option('ms', 1500);
const intervalUs = option('interval', 50);
const ratioBlocks = option('ratio', 0);
const rawSide = args.includes('--raw');
const inclusive = args.includes('--inclusive');
const stubbed = args.includes('--stub');

const PAGE_SCRIPT = `
import { verify } from '../../src/lib/core/verify';
import { trustStoreFrom, prepareRaw, DEMO_NOW } from './harness';
let trust;
const contextOf = (c) => {
  const { requests, ...rest } = c.context ?? {};
  return { trust, now: DEMO_NOW, ...rest, ...(requests ? { requests: new Map(requests) } : {}) };
};
async function subject(c, raw, stub) {
  if (raw) return prepareRaw(c.raw);
  const ctx = contextOf(c);
  if (stub) {
    const pass = async () => true;
    ctx.trust = { ...trust, keys: trust.keys.map((k) => ({ ...k, verify: pass })), licenseSpringKeys: trust.licenseSpringKeys.map((k) => ({ ...k, verify: pass })) };
  }
  const v = await verify(c.artifact, ctx);
  if (!(v.genuine && v.status === 'valid')) throw new Error(c.name + ': ' + v.status + ' ' + v.reason);
  return () => verify(c.artifact, ctx);
}
const time = async (fn, n) => {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return (performance.now() - start) / n;
};
globalThis.prof = {
  async setup(config) { trust = await trustStoreFrom(config); },
  async loop(c, raw, stub, ms) {
    const fn = await subject(c, raw, stub);
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < ms) { await fn(); n++; }
    return { n, us: ((performance.now() - start) * 1000) / n };
  },
  async ratio(c, blocks, stub) {
    const v = await subject(c, false, stub);
    const r = await subject(c, true, false);
    const size = async (fn) => Math.max(3, Math.round(2 / (await time(fn, 20))));
    const nv = await size(v);
    const nr = await size(r);
    let bv = Infinity;
    let br = Infinity;
    for (let b = 0; b < blocks; b++) {
      bv = Math.min(bv, await time(v, nv));
      br = Math.min(br, await time(r, nr));
    }
    return { verifyUs: bv * 1000, rawUs: br * 1000 };
  }
};
`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
/** The page's `prof` object; evaluated functions run in the page, so each names it in full. */
interface PageApi {
  setup(config: unknown): Promise<void>;
  loop(c: BenchCase, raw: boolean, stub: boolean, ms: number): Promise<{ n: number; us: number }>;
  ratio(c: BenchCase, blocks: number, stub: boolean): Promise<{ verifyUs: number; rawUs: number }>;
}

const frameName = (n: ProfileNode) => {
  const f = n.callFrame;
  return `${f.functionName || '(anonymous)'}${f.url ? ` ${f.url.split('/').pop()}:${f.lineNumber + 1}` : ''}`;
};

/** Self and inclusive µs per function, over all samples. */
function summarise(profile: CpuProfile): { self: Map<string, number>; total: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const leaf = frameName(byId.get(id)!);
    self.set(leaf, (self.get(leaf) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = frameName(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + us);
    }
  });
  return { self, total };
}

async function profileCase(page: Page, c: BenchCase): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await page.evaluate(([c, raw, stub]) => (globalThis as unknown as { prof: PageApi }).prof.loop(c, raw, stub, 300), [
    c,
    rawSide,
    stubbed
  ] as const);
  await cdp.send('Profiler.start');
  const run = await page.evaluate(
    ([c, raw, stub, ms]) => (globalThis as unknown as { prof: PageApi }).prof.loop(c, raw, stub, ms),
    [c, rawSide, stubbed, loopMs] as const
  );
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.detach();
  const { self, total } = summarise(profile);
  const sampled = [...self.values()].reduce((a, b) => a + b, 0);
  const rows = (m: Map<string, number>, n: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(
    `\n## ${c.name}${rawSide ? ' (raw ops)' : ''}: ${run.n} calls, ${run.us.toFixed(1)} µs each while profiled`
  );
  for (const [name, us] of rows(self, 20))
    console.log(`${((us / sampled) * 100).toFixed(1).padStart(5)}% ${(us / run.n).toFixed(1).padStart(7)} µs  ${name}`);
  if (inclusive) {
    console.log('inclusive:');
    for (const [name, us] of rows(total, 40)) console.log(`${(us / run.n).toFixed(1).padStart(13)} µs  ${name}`);
  }
}

const cases = mintCases().filter((c) => c.name.includes(filter));
const config: unknown = JSON.parse(readFileSync(DEMO_CONFIG_FILE, 'utf8'));
const js = await bundlePageScript(PAGE_SCRIPT);
const { server, origin } = await serveScriptPage(js);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  await page.evaluate((config) => (globalThis as unknown as { prof: PageApi }).prof.setup(config), config);
  for (const c of cases) {
    if (!ratioBlocks) {
      await profileCase(page, c);
      continue;
    }
    const r = await page.evaluate(
      ([c, blocks, stub]) => (globalThis as unknown as { prof: PageApi }).prof.ratio(c, blocks, stub),
      [c, ratioBlocks, stubbed] as const
    );
    console.log(
      `${c.name.padEnd(52)} ${r.verifyUs.toFixed(1).padStart(7)} µs ${r.rawUs.toFixed(1).padStart(7)} µs ${(r.verifyUs / r.rawUs).toFixed(2).padStart(6)}  +${(r.verifyUs - r.rawUs).toFixed(1)} µs`
    );
  }
} finally {
  await browser.close();
  server.close();
}
