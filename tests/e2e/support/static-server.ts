/**
 * A tiny static server for build/ that can publish a "new version" of the app: `bumpServiceWorker()`
 * rewrites the version inside service-worker.js, which is all the browser compares when it checks
 * for an update. (`page.route` cannot fake this: the update check bypasses request interception.)
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png'
};

/**
 * A port beside the preview server's (PREVIEW_PORT, 4173 by default) for a spec's own server, so
 * two checkouts running their end-to-end tests side by side never share one.
 */
export const sidePort = (offset: number): number => Number(process.env.PREVIEW_PORT ?? 4173) + offset;

export interface BuildServer {
  readonly origin: string;
  /** The version the served service-worker.js carries now. */
  readonly version: string;
  /** Serves service-worker.js with a new version from now on; returns that version. */
  bumpServiceWorker(): string;
  close(): Promise<void>;
}

async function fileFor(root: string, pathname: string): Promise<string | undefined> {
  const relative = path.normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  if (relative.startsWith('..')) return undefined;
  // Prerendered pages: `/` → index.html, `/about` → about.html (trailingSlash 'never').
  for (const candidate of [relative || 'index.html', `${relative}.html`, path.join(relative, 'index.html')]) {
    const file = path.join(root, candidate);
    if (
      await stat(file).then(
        (s) => s.isFile(),
        () => false
      )
    )
      return file;
  }
  return undefined;
}

export async function serveBuild(options: { root?: string; port: number }): Promise<BuildServer> {
  const root = path.resolve(options.root ?? 'build');
  const built = JSON.parse(await readFile(path.join(root, '_app/version.json'), 'utf8')) as { version: string };
  const original = await readFile(path.join(root, 'service-worker.js'), 'utf8');
  if (!original.includes(built.version)) throw new Error('service-worker.js does not contain the build version');
  let version = built.version;
  let bumps = 0;

  const server: Server = createServer((request, response) => {
    void (async () => {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      const file = await fileFor(root, pathname);
      if (!file || request.method !== 'GET') {
        response.writeHead(file ? 405 : 404).end();
        return;
      }
      const body =
        pathname === '/service-worker.js' ? original.replaceAll(built.version, version) : await readFile(file);
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache'
      });
      response.end(body);
    })().catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });

  return {
    origin: `http://127.0.0.1:${options.port}`,
    get version() {
      return version;
    },
    bumpServiceWorker() {
      version = `${built.version}-bump${++bumps}`;
      return version;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      })
  };
}
