/**
 * What a technician waits for, measured on the production build in Chromium: the initial
 * JavaScript of each route, and the offline cold open of a `/#/v/<signed key>` link until the
 * verdict card is on screen, with and without 4× CPU throttling, next to the first paint of the
 * same tab (the floor no verdict can beat).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { mintSignedKey } from '../issuer/signed-key';
import { demoLicenseFacts, keyDataset } from '../issuer/datasets';
import { listenOnLoopback } from './chromium';
import { runCameraLatency, formatCameraMarkdown, type CameraLatency } from './camera-latency';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Built beside the app's own build/, so the bench never measures a stale or a test build. */
const BUILD_DIR = '.bench/app';

/** The verify route's budget of initial JavaScript, gzip bytes: over it, the bench fails. */
export const VERIFY_ROUTE_JS_BUDGET = 55 * 1024;
/** Fresh tabs per throttling rate. */
const TABS = { full: 15, quick: 4 };
const RATES = [1, 4];

export interface RouteJs {
  route: string;
  files: number;
  gzipBytes: number;
}

export interface ColdOpen {
  rate: number;
  tabs: number;
  /** Median ms from navigation start to the verdict card, and to first paint, over the tabs. */
  verdictMs: number;
  firstPaintMs: number;
  p90VerdictMs: number;
  error?: string;
}

export interface LatencyResult {
  routes: RouteJs[];
  coldOpen: ColdOpen[];
  /** The verify route over its budget. */
  overBudget: boolean;
  camera: CameraLatency;
}

function buildApp(): string {
  const out = path.join(ROOT, BUILD_DIR);
  execFileSync(path.join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, BUILD_DIR },
    stdio: 'pipe'
  });
  return out;
}

/** `import"./x.js"` and `import{…}from"./x.js"` in built code; never `import("./x.js")`. */
const STATIC_IMPORT = /import\s*(?:[^"'()]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

/**
 * Gzip bytes of every module a page runs before it can answer: what its HTML preloads and imports,
 * and everything those import statically (a chunk the HTML forgot to preload still loads, later).
 */
export function initialJs(dir: string): RouteJs[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .map((file) => {
      const html = readFileSync(path.join(dir, file), 'utf8');
      const queue = [
        ...html.matchAll(/<link href="([^"]+\.js)" rel="modulepreload"/g),
        ...html.matchAll(/import\("([^"]+\.js)"\)/g)
      ].map((m) => path.join(dir, m[1]!));
      const modules = new Set<string>();
      let gzipBytes = 0;
      for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
        if (modules.has(next)) continue;
        modules.add(next);
        const code = readFileSync(next);
        gzipBytes += gzipSync(code).length;
        for (const m of code.toString('utf8').matchAll(STATIC_IMPORT)) queue.push(path.join(path.dirname(next), m[1]!));
      }
      const route = file === 'index.html' ? '/' : `/${file.slice(0, -'.html'.length)}`;
      return { route, files: modules.size, gzipBytes };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml'
};

/** The built app as a static host serves it: `/about` is about.html. */
function serveBuild(dir: string) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) file = '';
    else if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    else if (!existsSync(file) && existsSync(file + '.html')) file += '.html';
    if (!file || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache'
    });
    res.end(readFileSync(file));
  });
  return listenOnLoopback(server);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.9) - 1)]!;

/**
 * Set in every tab before its scripts run: a promise of when the verdict card first appears, and
 * its status. Plain text, so no helper of the bundler that runs this file leaks into the page.
 */
const WATCH_VERDICT = `globalThis.__verdict = new Promise((resolve) => {
  new MutationObserver((_, observer) => {
    const card = document.querySelector('article.verdict[data-status]');
    if (!card) return;
    observer.disconnect();
    resolve({ at: performance.now(), status: card.getAttribute('data-status') });
  }).observe(document, { childList: true, subtree: true });
});`;

/** Waits for the card, then reads the first paint. */
const READ_TAB = `globalThis.__verdict.then((verdict) => ({
  ...verdict,
  firstPaint: performance.getEntriesByName('first-paint')[0]?.startTime ?? NaN
}))`;

async function openTab(
  context: BrowserContext,
  url: string,
  rate: number
): Promise<{ verdictMs: number; firstPaintMs: number; status: string }> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    // Plain CDP, not page.waitForFunction: Playwright's helpers are ~300 KB of script that would be
    // compiled on the page's main thread while the app is still starting (~50 ms, ~190 ms at 4×).
    await page.goto(url);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = cdp.send('Runtime.evaluate', { expression: READ_TAB, awaitPromise: true, returnByValue: true });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no verdict card within 30 s')), 30_000);
    });
    const { result, exceptionDetails } = await Promise.race([read, timeout]).finally(() => clearTimeout(timer));
    if (exceptionDetails) throw new Error(`reading the tab failed: ${exceptionDetails.text}`);
    const tab = result.value as { at: number; status: string; firstPaint: number };
    return { verdictMs: tab.at, firstPaintMs: tab.firstPaint, status: tab.status };
  } finally {
    await page.close();
  }
}

/** Camera frame → verdict on the app served from `dir`, on a server of its own. */
async function measureCamera(
  dir: string,
  options: { quick: boolean; progress?: (line: string) => void }
): Promise<CameraLatency> {
  const { server, origin } = await serveBuild(dir);
  try {
    return await runCameraLatency(origin, options);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** `cameraOnly`: the camera rows alone (`npm run bench -- --camera`), without the cold opens. */
export async function runLatencyBench(options: {
  quick: boolean;
  cameraOnly?: boolean;
  progress?: (line: string) => void;
}): Promise<LatencyResult> {
  const progress = options.progress ?? (() => {});
  progress('latency: building the app into .bench/app');
  const dir = buildApp();
  const routes = initialJs(dir);
  const verifyJs = routes.find((r) => r.route === '/');
  const overBudget = !verifyJs || verifyJs.gzipBytes > VERIFY_ROUTE_JS_BUDGET;
  if (options.cameraOnly) return { routes, coldOpen: [], overBudget, camera: await measureCamera(dir, options) };

  const key = mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(demoLicenseFacts()) });
  const { server, origin } = await serveBuild(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const coldOpen: ColdOpen[] = [];
  let serverOpen = true;
  try {
    const context = await browser.newContext();
    await context.addInitScript(WATCH_VERDICT);
    const first = await context.newPage();
    await first.goto(`${origin}/`);
    await first.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
    await first.close();
    // Offline for real: the host is gone and the browser is offline; only the service worker answers.
    await new Promise((resolve) => server.close(resolve));
    serverOpen = false;
    await context.setOffline(true);
    const url = `${origin}/#/v/${encodeURIComponent(key)}`;
    for (const rate of RATES) {
      const verdicts: number[] = [];
      const paints: number[] = [];
      let error: string | undefined;
      for (let i = 0; i < TABS[options.quick ? 'quick' : 'full']; i++) {
        const tab = await openTab(context, url, rate);
        if (tab.status !== 'valid') error = `verdict ${tab.status}, expected valid`;
        verdicts.push(tab.verdictMs);
        paints.push(tab.firstPaintMs);
      }
      const row: ColdOpen = {
        rate,
        tabs: verdicts.length,
        verdictMs: median(verdicts),
        firstPaintMs: median(paints),
        p90VerdictMs: p90(verdicts),
        ...(error ? { error } : {})
      };
      progress(
        `latency: cold open at ${rate}× CPU: verdict ${row.verdictMs.toFixed(0)} ms, first paint ${row.firstPaintMs.toFixed(0)} ms`
      );
      coldOpen.push(row);
    }
  } finally {
    await browser.close();
    if (serverOpen) await new Promise((resolve) => server.close(resolve));
  }
  return { routes, coldOpen, overBudget, camera: await measureCamera(dir, options) };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export function formatLatencyMarkdown(r: LatencyResult): string {
  const lines = [
    '### Latency (Chromium, production build in .bench/app)',
    '',
    `Initial JavaScript per route: gzip bytes of the modules each page's HTML preloads, and their static imports. Verify route budget ${kb(VERIFY_ROUTE_JS_BUDGET)} KB.`,
    '',
    '| route | modules | KB gzip |',
    '|---|--:|--:|',
    ...r.routes.map(
      (row) =>
        `| ${row.route} | ${row.files} | ${kb(row.gzipBytes)}${row.route === '/' && r.overBudget ? ' — OVER THE BUDGET' : ''} |`
    ),
    // Not measured with --camera.
    ...(r.coldOpen.length === 0
      ? []
      : [
          '',
          'Offline cold open of a `/#/v/<ED25519_SIGN key>` link: a fresh tab per run, service worker installed, host gone and',
          'browser offline; ms from navigation start to the verdict card, next to first paint of the same tab.',
          '',
          '| CPU | tabs | verdict median ms | verdict p90 ms | first paint median ms |',
          '|---|--:|--:|--:|--:|',
          ...r.coldOpen.map(
            (c) =>
              `| ${c.rate}×${c.error ? ` (${c.error})` : ''} | ${c.tabs} | ${c.verdictMs.toFixed(0)} | ${c.p90VerdictMs.toFixed(0)} | ${c.firstPaintMs.toFixed(0)} |`
          )
        ]),
    '',
    formatCameraMarkdown(r.camera)
  ];
  return lines.join('\n');
}
