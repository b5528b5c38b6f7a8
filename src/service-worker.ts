/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The offline half of the app: every built asset and prerendered page is cached on install and
 * served from the cache, so after one visit the app needs no network at all. Other origins are
 * never touched (the app sends nothing anywhere). A new version waits until the page asks it to
 * take over (`SKIP_WAITING`, sent by workbox-window's `messageSkipWaiting()`).
 */
import { build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE_PREFIX = 'offline-verifier-';
const CACHE = `${CACHE_PREFIX}${version}`;
const PRECACHE = [...build, ...files, ...prerendered];
const SHELL = '/';
/** The manifest's share target: `/share?title=…&text=…&url=…` opens the Verify screen filled in. */
const SHARE_PATH = '/share';

/**
 * The static routing API (Chromium 123+; `addRoutes` is absent elsewhere, where `respond` serves
 * the same files): the browser answers from this version's cache without starting this worker.
 * Hashed build files never change under their name; the prerendered pages are the app's screens,
 * opened without a query (`/share?…` and anything else still reach `respond`). All are precached.
 */
interface RouterCondition {
  urlPattern: string | { pathname: string; search: string };
  requestMode?: RequestMode;
}
interface RoutingInstallEvent extends ExtendableEvent {
  addRoutes?(rules: { condition: RouterCondition; source: { cacheName: string } }[]): Promise<void>;
}

const ROUTES: RouterCondition[][] = [
  [{ urlPattern: '/_app/immutable/*' }],
  // A cold open of the installed app then waits for no worker to start before its first byte.
  prerendered.map((pathname) => ({ urlPattern: { pathname, search: '' }, requestMode: 'navigate' }))
];

sw.addEventListener('install', (event) => {
  const routing = event as RoutingInstallEvent;
  event.waitUntil(
    Promise.all([
      // `reload` bypasses the HTTP cache, so an old page can never be precached beside new chunks.
      caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' })))),
      // One call per kind of route, so a browser that refuses one keeps the other; the fetch handler
      // serves whatever is not routed. Never fail the install over a route.
      ...ROUTES.map((conditions) =>
        routing
          .addRoutes?.(conditions.map((condition) => ({ condition, source: { cacheName: CACHE } })))
          .catch(() => undefined)
      )
    ])
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(CACHE_PREFIX) && key !== CACHE) await caches.delete(key);
      }
      // Control the very first page load too, so it works offline without a reload.
      await sw.clients.claim();
    })()
  );
});

sw.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

/** `/#/v/<payload>`: the fragment never reaches a server, and the Verify screen reads it. */
function shareRedirect(url: URL): Response {
  const shared = [url.searchParams.get('text'), url.searchParams.get('url'), url.searchParams.get('title')]
    .map((value) => value?.trim() ?? '')
    .find((value) => value !== '');
  return Response.redirect(
    new URL(shared ? `/#/v/${encodeURIComponent(shared)}` : SHELL, sw.location.origin).href,
    303
  );
}

async function respond(request: Request, url: URL): Promise<Response> {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(url.pathname, { ignoreSearch: true });
  if (cached) return cached;
  try {
    return await fetch(request);
  } catch (err) {
    if (request.mode === 'navigate') {
      const shell = await cache.match(SHELL);
      if (shell) return shell;
    }
    throw err;
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate' && url.pathname === SHARE_PATH) {
    event.respondWith(shareRedirect(url));
    return;
  }
  event.respondWith(respond(request, url));
});
