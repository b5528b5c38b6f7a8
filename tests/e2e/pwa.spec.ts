/** The installable, offline PWA: service worker, offline routes, share target, manifest, icons. */
import { expect, test } from './fixtures';
import { builtRoutes, pasteAndVerify, pasteBox, verdictAnnouncement, waitForServiceWorker } from './support/app';
import { validSignedKey } from './support/samples';

test('the egress recorder sees a request to another origin', async ({ page, egress }) => {
  // A blank page has no CSP, so this request really leaves; the app's pages could not send it.
  await page.setContent('<img src="http://127.0.0.1:9/probe.png" alt="">');
  await expect.poll(() => egress.foreign).toContain('GET http://127.0.0.1:9/probe.png');
  egress.takeForeign();
});

test('after one visit, every route loads offline and a pasted key verifies', async ({ page, context }) => {
  const routes = builtRoutes();
  expect(routes).toContain('/');
  expect(routes).toContain('/about');

  await page.goto('/');
  await waitForServiceWorker(page);
  await context.setOffline(true);

  for (const route of routes) {
    const response = await page.goto(route);
    expect(response?.ok(), `${route} offline`).toBe(true);
    expect(response?.fromServiceWorker(), `${route} from the service worker`).toBe(true);
    await expect(page.locator('h1').first()).toBeVisible();
  }
  // Opening /kiosk holds the tab in kiosk mode until its exit gesture (kiosk.spec.ts); let it go here.
  await page.evaluate(() => sessionStorage.clear());

  await page.goto('/about');
  await expect(page.getByText('Yes: every screen is stored on this device.')).toBeVisible();

  // Hydration works offline: every chunk the Verify screen needs came from the cache.
  await page.goto('/');
  await pasteAndVerify(page, validSignedKey());
});

test('without the service worker the offline reload fails (the offline test is real)', async ({
  browser,
  baseURL,
  egress
}) => {
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
  egress.watch(context);
  try {
    const page = await context.newPage();
    await page.goto('/about');
    await expect(page.getByText('Not yet: keep this page open online')).toBeVisible();
    await context.setOffline(true);
    await expect(page.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  } finally {
    await context.close();
  }
});

test('the share target opens the Verify screen with the shared text, offline', async ({ page, context }) => {
  const key = validSignedKey();
  await page.goto('/');
  await waitForServiceWorker(page);
  await context.setOffline(true);

  await page.goto(`/share?title=License&text=${encodeURIComponent(`  ${key}\n`)}`);
  await expect(page).toHaveURL(`/#/v/${encodeURIComponent(key)}`);
  await expect(pasteBox(page)).toHaveValue(key);
  await expect(verdictAnnouncement(page)).toContainText('Valid license key, genuine');
});

test('the manifest makes the app installable, with every icon in place', async ({ page, request }) => {
  await page.goto('/');
  await waitForServiceWorker(page);

  // Chromium's own installability criteria; Playwright's contexts are always off the record.
  const client = await page.context().newCDPSession(page);
  const { installabilityErrors } = (await client.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
  const { errors: manifestErrors } = await client.send('Page.getAppManifest');
  expect(manifestErrors.map((e) => e.message)).toEqual([]);

  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = (await (await request.get(new URL(manifestHref!, page.url()).href)).json()) as {
    start_url: string;
    scope: string;
    display: string;
    icons: { src: string; sizes: string; type: string; purpose: string }[];
    share_target: { action: string; method: string };
    file_handlers: { action: string; accept: Record<string, string[]> }[];
  };
  expect(manifest).toMatchObject({ start_url: '/', scope: '/', display: 'standalone' });
  expect(manifest.share_target).toMatchObject({ action: '/share', method: 'GET' });
  expect(manifest.file_handlers[0]?.accept).toEqual({ 'application/octet-stream': ['.lic', '.req'] });
  expect(manifest.icons.filter((icon) => icon.purpose === 'maskable')).toHaveLength(1);

  for (const icon of manifest.icons) {
    const response = await request.get(icon.src);
    expect(response.ok(), icon.src).toBe(true);
    expect(response.headers()['content-type'], icon.src).toContain(icon.type);
    if (icon.type === 'image/png') {
      // IHDR width and height, big-endian, at bytes 16..24 of a PNG.
      const png = await response.body();
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
    }
  }
  const touchIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  expect((await request.get(new URL(touchIcon!, page.url()).href)).ok()).toBe(true);
});

test('files the OS opens with the app reach the Verify screen', async ({ page }) => {
  // Chromium delivers launched files through window.launchQueue; stand in for it before the app loads.
  const key = validSignedKey();
  await page.addInitScript((text) => {
    const file = new File([text], 'license.lic', { type: 'application/octet-stream' });
    const handle = { kind: 'file', name: file.name, getFile: async () => file };
    Object.defineProperty(window, 'launchQueue', {
      value: { setConsumer: (consume: (params: { files: unknown[] }) => void) => consume({ files: [handle] }) }
    });
  }, key);
  await page.goto('/');
  await expect(page.getByText('license.lic')).toBeVisible();
  await expect(verdictAnnouncement(page)).toContainText('Valid license key, genuine');
});
