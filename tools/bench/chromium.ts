/**
 * The Chromium half: bundle browser-entry.ts, serve it from 127.0.0.1 and run it in Debian's
 * Chromium through playwright-core. Node's WebCrypto is several times slower than Chromium's, so
 * only this half says anything about the PWA.
 */
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { SuitePayload } from './harness';
import type { PageResult } from './browser-entry';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENTRY = path.join(HERE, 'browser-entry.ts');

const PAGE =
  '<!doctype html><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,"><script src="/bench.js"></script>';

export interface ChromiumResult extends PageResult {
  chromiumVersion: string;
}

/** One IIFE for a bench page, from an entry file or from source text. */
async function iife(
  input: { entryPoints: string[] } | { stdin: { contents: string; resolveDir: string; loader: 'ts' } }
): Promise<string> {
  const out = await build({
    ...input,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent'
  });
  return out.outputFiles[0]!.text;
}

const bundle = (): Promise<string> => iife({ entryPoints: [ENTRY] });

/** Serves the page, the bundle and the data. COOP/COEP make the page cross-origin isolated (5 µs timers). */
function serve(files: Record<string, { type: string; body: string }>): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    res.writeHead(file ? 200 : 404, {
      'Content-Type': file?.type ?? 'text/plain',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store'
    });
    res.end(file?.body ?? 'not found');
  });
  return listenOnLoopback(server);
}

/** A page that runs one bundled script (`bundlePageScript`), served as every bench page is. */
export const serveScriptPage = (js: string): Promise<{ server: Server; origin: string }> =>
  serve({
    '/': {
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><meta charset="utf-8"><script src="/page.js"></script>'
    },
    '/page.js': { type: 'text/javascript; charset=utf-8', body: js }
  });

/** Starts `server` on a free port of 127.0.0.1, the only address the bench serves pages on. */
export function listenOnLoopback(server: Server): Promise<{ server: Server; origin: string }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('bench: no server address'));
      resolve({ server, origin: `http://127.0.0.1:${address.port}` });
    });
  });
}

/** A bench page script: `contents` (TypeScript, resolved from this folder) bundled to one IIFE. */
export const bundlePageScript = (contents: string): Promise<string> =>
  iife({ stdin: { contents, resolveDir: HERE, loader: 'ts' } });

export async function runInChromium(
  payload: SuitePayload,
  bulkKeys: string[] | undefined,
  progress: (line: string) => void
): Promise<ChromiumResult> {
  const js = await bundle();
  const { server, origin } = await serve({
    '/': { type: 'text/html; charset=utf-8', body: PAGE },
    '/bench.js': { type: 'text/javascript; charset=utf-8', body: js },
    '/payload.json': { type: 'application/json', body: JSON.stringify(payload) },
    '/bulk.txt': { type: 'text/plain; charset=utf-8', body: bulkKeys?.join('\n') ?? '' }
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => progress(message.text()));
    const pageErrors: Error[] = [];
    page.on('pageerror', (err) => pageErrors.push(err));
    await page.goto(`${origin}/`);
    if (pageErrors.length) throw pageErrors[0];
    const result = await page.evaluate(() =>
      (globalThis as unknown as { bench: { run: () => Promise<PageResult> } }).bench.run()
    );
    return { ...result, chromiumVersion: browser.version() };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
