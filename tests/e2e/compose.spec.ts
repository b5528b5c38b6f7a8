/**
 * The Compose screen end to end, offline after one visit: compose a LicenseSpring request, catch
 * the download and check both of its HMACs here with node:crypto (written from the spec, not from
 * the app's code), read the QR shown with the app's own decoder, then open `.lic` answers minted by
 * the demo issuer with the demo LicenseSpring key: the one for the composed request and device is
 * accepted, one for another request or another device is refused.
 */
import { createHmac } from 'node:crypto';
import { seriousViolations } from './support/axe';
import type { Page } from '@playwright/test';
import QRCode from 'qrcode';
import { expect, test } from './fixtures';
import { waitForServiceWorker } from './support/app';
import { catchDownloads, savedFile } from './support/downloads';
import { decodeFrame } from '../../src/lib/scan/decoder';
import { mintLicenseSpringLicense } from '../../tools/issuer/licensespring';

/** What config/demo.json gives the composer. */
const DEMO = { productCode: 'demoapp', apiKey: 'demo-api-key', sharedKey: 'demo-shared-key' };
const LICENSE_KEY = 'DEMO-7Q2F-K9XW-4MZT';
const DAY_MS = 24 * 60 * 60 * 1000;

const form = (page: Page) => page.locator('form.compose');
/** A control of the form by its exact label (the verdict card has "Show license key" and the like). */
const field = (page: Page, label: string) => form(page).getByLabel(label, { exact: true });
const preview = (page: Page) => page.getByRole('region', { name: 'Composed request' });
const checkResult = (page: Page) => page.getByRole('region', { name: 'Check result' });
const checkCard = (page: Page) => checkResult(page).locator('article.verdict');

/** Opens a screen and waits until it is interactive (the layout's mount runs last). */
async function open(page: Page, path: string) {
  await page.goto(path);
  await page.waitForFunction(() => document.documentElement.style.getPropertyValue('--brand') !== '');
}

/** Fills the form for a key-based activation on this browser's own id; returns that id. */
async function fillActivation(page: Page): Promise<string> {
  await expect(field(page, 'Product code')).toHaveValue(DEMO.productCode);
  await field(page, 'License key').fill(LICENSE_KEY);
  await form(page).getByRole('button', { name: "Use this browser's id" }).click();
  await expect(field(page, 'Hardware id')).toHaveValue(/^[0-9a-f]{64}$/);
  return field(page, 'Hardware id').inputValue();
}

async function composeAndDownload(page: Page): Promise<{ fileName: string; content: string }> {
  await form(page).getByRole('button', { name: 'Compose request' }).click();
  await expect(preview(page).getByRole('heading', { level: 2 })).toHaveText(/^ls_(de)?activation\.req$/);
  const { fileName, content } = await savedFile(page, () =>
    preview(page)
      .getByRole('button', { name: /^Download / })
      .click()
  );
  return { fileName, content: content.toString('utf8') };
}

interface DecodedRequest {
  json: string;
  inner: Record<string, unknown>;
  /** The inner object exactly as it stands in the file. */
  innerBytes: string;
  outer: string;
}

/** Spec §2–4: base64 of `{"request":{…},"signature":"<hex>"}`, one line, a newline at the end. */
function decodeV2(content: string): DecodedRequest {
  expect(content).toMatch(/^[A-Za-z0-9+/]+={0,2}\n$/);
  const json = Buffer.from(content, 'base64').toString('utf8');
  const head = '{"request":';
  const tail = /,"signature":"([0-9a-f]{64})"\}$/.exec(json);
  expect(json.startsWith(head)).toBe(true);
  expect(tail).not.toBeNull();
  const innerBytes = json.slice(head.length, tail!.index);
  return { json, inner: JSON.parse(innerBytes) as Record<string, unknown>, innerBytes, outer: tail![1]! };
}

const hmac = (key: string, message: string) => createHmac('sha256', key).update(message, 'utf8').digest();

/** The inner signing string of spec §0 point 3. */
const signingString = (r: Record<string, unknown>) =>
  `licenseSpring\ndate: ${String(r.date)}\n${String(r.license_key ?? r.username)}\n${String(r.hardware_id)}\n${String(r.api_key ?? r.client_id)}`;

/** The QR as shown on screen, read by the app's own decoder (src/lib/scan/decoder.ts). */
async function readQr(page: Page): Promise<string | null> {
  const png = await preview(page)
    .getByRole('img', { name: /^QR code of / })
    .screenshot();
  // The browser decodes the PNG to pixels; the decoding of the code itself happens here in Node.
  const frame = await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width: bitmap.width, height: bitmap.height, rgba: btoa(binary) };
  }, png.toString('base64'));
  return decodeFrame({
    width: frame.width,
    height: frame.height,
    data: new Uint8ClampedArray(Buffer.from(frame.rgba, 'base64'))
  });
}

/** Opens a file through the screen's "Open .lic or .req file". */
async function openFile(page: Page, name: string, content: string) {
  await page
    .locator('#compose-open-file')
    .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(content, 'utf8') });
  await expect(page.getByRole('region', { name: 'Check an answer or a request' })).toContainText(`Checking: ${name}`);
}

async function expectCheck(page: Page, id: string, result: 'Pass' | 'Fail') {
  await expect(checkCard(page).locator(`[data-check="${id}"]`)).toContainText(result);
}

function answer(requestId: string, hardwareId: string): string {
  return mintLicenseSpringLicense({
    requestId,
    hardwareId,
    licenseKey: LICENSE_KEY,
    productCode: DEMO.productCode,
    validityPeriod: new Date(Date.now() + 365 * DAY_MS).toISOString(),
    date: new Date(Date.now() - 60_000).toUTCString()
  });
}

// Every test saves a request file, caught in the page (support/downloads.ts).
test.beforeEach(async ({ page }) => {
  await catchDownloads(page);
});

test('offline: compose, download, both signatures verify, the QR carries the file, and the .lic answer is matched', async ({
  page,
  context
}) => {
  await open(page, '/');
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await open(page, '/compose');

  const hardwareId = await fillActivation(page);
  const { fileName, content } = await composeAndDownload(page);
  expect(fileName).toBe('ls_activation.req');

  // The file, checked byte for byte against the spec with the demo shared key.
  const file = decodeV2(content);
  expect(Object.keys(file.inner)[0]).toBe('schema_version');
  expect(file.inner).toMatchObject({
    schema_version: 2,
    request: 'activation',
    product: DEMO.productCode,
    license_key: LICENSE_KEY,
    hardware_id: hardwareId,
    api_key: DEMO.apiKey
  });
  expect(file.json).not.toContain(DEMO.sharedKey);
  expect(hmac(DEMO.sharedKey, signingString(file.inner)).toString('base64')).toBe(file.inner.signature);
  expect(hmac(DEMO.sharedKey, file.innerBytes).toString('hex')).toBe(file.outer);
  // The control: another key gives other signatures, so the comparisons above could fail.
  expect(hmac('another-key', file.innerBytes).toString('hex')).not.toBe(file.outer);

  // The preview showed the same request before the download, and its id.
  const requestId = String(file.inner.request_id);
  await expect(preview(page).locator('[data-field="request-id"]')).toHaveText(requestId);
  await expect(preview(page).locator('pre.decoded')).toContainText(`"request_id": "${requestId}"`);

  expect(await readQr(page)).toBe(content);

  // The portal's answer to this request, for this device: genuine, valid, matched.
  await openFile(page, 'ls_activation.lic', answer(requestId, hardwareId));
  await expect(checkResult(page).getByRole('status')).toContainText('Valid LicenseSpring license file, genuine');
  await expectCheck(page, 'signature', 'Pass');
  await expectCheck(page, 'request-id', 'Pass');
  await expectCheck(page, 'hardware-id', 'Pass');
  await expectCheck(page, 'legacy-signature', 'Pass');
  await expect(checkCard(page).getByRole('heading', { name: 'What it says' })).toBeVisible();

  // Genuine answers that are not for this request or this device are refused.
  await openFile(page, 'other-request.lic', answer(crypto.randomUUID(), hardwareId));
  await expect(checkCard(page).getByRole('heading', { level: 2 })).toHaveText('Invalid');
  await expectCheck(page, 'signature', 'Pass');
  await expectCheck(page, 'request-id', 'Fail');

  await openFile(page, 'other-device.lic', answer(requestId, 'f'.repeat(64)));
  await expect(checkCard(page).getByRole('heading', { level: 2 })).toHaveText('Wrong device');
  await expectCheck(page, 'request-id', 'Pass');
  await expectCheck(page, 'hardware-id', 'Fail');

  // The same answer is matched on the Verify screen too.
  await open(page, '/');
  await page.getByLabel('Paste a license key or file').fill(answer(requestId, hardwareId));
  await expect(page.getByRole('region', { name: 'Result' }).getByRole('status')).toContainText(
    'Valid LicenseSpring license file, genuine'
  );
});

test('an opened .req shows its fields and whether both signatures verify; an edited one does not', async ({ page }) => {
  await open(page, '/compose');
  await field(page, 'A user').check();
  await field(page, 'User (email)').fill('technician@example.com');
  await field(page, 'Password').fill('correct horse');
  await field(page, 'Hardware id').fill('A53F-0CBC-15FC-7E81');
  const { content } = await composeAndDownload(page);
  // The password goes into the file but is not repeated on screen.
  expect(decodeV2(content).inner.password).toBe('correct horse');
  await expect(preview(page).locator('pre.decoded')).not.toContainText('correct horse');

  await openFile(page, 'ls_activation.req', content);
  await expect(checkResult(page).getByRole('status')).toContainText('Valid LicenseSpring request file, genuine');
  await expect(checkCard(page)).toContainText('Both signatures verify');
  await expect(checkCard(page)).toContainText('A53F-0CBC-15FC-7E81');

  const edited = Buffer.from(
    Buffer.from(content, 'base64').toString('utf8').replace('A53F-0CBC', 'A53F-0CBD'),
    'utf8'
  ).toString('base64');
  await openFile(page, 'edited.req', edited);
  await expect(checkCard(page).getByRole('heading', { level: 2 })).toHaveText('Not genuine');
  await expect(checkCard(page)).not.toContainText('A53F-0CBD');
});

test('typed credentials stay in memory unless remembered; remembered ones come back after a reload', async ({
  page
}) => {
  await open(page, '/compose');
  await fillActivation(page);
  await field(page, 'Type other credentials').check();
  await field(page, 'API key').fill('field-api-key');
  await field(page, 'Shared key').fill('field-shared-key');
  const { content } = await composeAndDownload(page);
  const file = decodeV2(content);
  expect(file.inner.api_key).toBe('field-api-key');
  expect(hmac('field-shared-key', file.innerBytes).toString('hex')).toBe(file.outer);

  // Not remembered: gone after a reload.
  await open(page, '/compose');
  await expect(form(page).getByLabel("This app's")).toBeChecked();

  await field(page, 'Type other credentials').check();
  await field(page, 'API key').fill('field-api-key');
  await field(page, 'Shared key').fill('field-shared-key');
  await field(page, 'Remember on this device').check();
  await expect(form(page)).toContainText('stored unencrypted in this browser');
  await fillActivation(page);
  await composeAndDownload(page);

  await open(page, '/compose');
  await expect(field(page, 'Remember on this device')).toBeChecked();
  await expect(field(page, 'Shared key')).toHaveValue('field-shared-key');

  // Unticking forgets them at once.
  await field(page, 'Remember on this device').uncheck();
  await expect(form(page)).toContainText('Forgotten');
  await open(page, '/compose');
  await expect(form(page).getByLabel("This app's")).toBeChecked();
});

test('an OAuth client signs with its secret, and a remembered client comes back as an OAuth client', async ({
  page
}) => {
  await open(page, '/compose');
  await fillActivation(page);
  await field(page, 'Type other credentials').check();
  await field(page, 'OAuth client').check();
  await expect(field(page, 'API key')).toHaveCount(0);
  await field(page, 'Client id').fill('field-client');
  await field(page, 'Client secret').fill('field-client-secret');
  await field(page, 'Remember on this device').check();
  const file = decodeV2((await composeAndDownload(page)).content);
  expect(file.inner.client_id).toBe('field-client');
  expect(file.inner).not.toHaveProperty('api_key');
  // Both HMACs are keyed by the client secret (spec §0, points 3 and 4).
  expect(hmac('field-client-secret', file.innerBytes).toString('hex')).toBe(file.outer);
  expect(hmac('field-client-secret', signingString(file.inner)).toString('base64')).toBe(file.inner.signature);

  await open(page, '/compose');
  await expect(field(page, 'OAuth client')).toBeChecked();
  await expect(field(page, 'Client id')).toHaveValue('field-client');
  await expect(field(page, 'Client secret')).toHaveValue('field-client-secret');
});

test('a schema 1 deactivation for a user: no password, the flat object signed, copied to the clipboard', async ({
  page,
  context
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page, '/compose');
  await field(page, 'Deactivation').check();
  await field(page, 'A user').check();
  await expect(field(page, 'Password')).toHaveCount(0);
  await field(page, 'User (email)').fill('technician@example.com');
  await field(page, 'Hardware id').fill('A53F-0CBC-15FC-7E81');
  await field(page, '1 (older portals)').check();
  const { fileName, content } = await composeAndDownload(page);
  expect(fileName).toBe('ls_deactivation.req');

  const request = JSON.parse(Buffer.from(content, 'base64').toString('utf8')) as Record<string, unknown>;
  expect(request).toMatchObject({
    request: 'deactivation',
    username: 'technician@example.com',
    hardware_id: 'A53F-0CBC-15FC-7E81'
  });
  expect(request).not.toHaveProperty('password');
  expect(request).not.toHaveProperty('schema_version');
  expect(hmac(DEMO.sharedKey, signingString(request)).toString('base64')).toBe(request.signature);

  await preview(page).getByRole('button', { name: 'Copy' }).click();
  await expect(preview(page)).toContainText('is on the clipboard');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(content);
});

test("the hardware id is read from a photo of the device's QR code", async ({ page }) => {
  const deviceId = 'A53F-0CBC-15FC-7E81-BF35-A720-A575-7C0C';
  await open(page, '/compose');
  const photo = await QRCode.toBuffer(deviceId, { errorCorrectionLevel: 'M', scale: 6 });
  await page
    .locator('#compose-hardware-id-photo')
    .setInputFiles({ name: 'device.png', mimeType: 'image/png', buffer: photo });
  await expect(field(page, 'Hardware id')).toHaveValue(deviceId);
  await expect(form(page)).toContainText('Read from the QR code in device.png.');

  const blank = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(320, 240);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 320, 240);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    return btoa(String.fromCharCode(...bytes));
  });
  await page
    .locator('#compose-hardware-id-photo')
    .setInputFiles({ name: 'blank.png', mimeType: 'image/png', buffer: Buffer.from(blank, 'base64') });
  await expect(form(page).getByRole('alert')).toContainText('No QR code could be read in blank.png');
  await expect(field(page, 'Hardware id')).toHaveValue(deviceId);
});

test('a request signed with other credentials is checked with the shared key typed for it', async ({ page }) => {
  await open(page, '/compose');
  await fillActivation(page);
  await field(page, 'Type other credentials').check();
  await field(page, 'Shared key').fill('field-shared-key');
  const { content } = await composeAndDownload(page);

  // The built-in key does not verify it: not genuine, not shown.
  await openFile(page, 'ls_activation.req', content);
  await expect(checkCard(page).getByRole('heading', { level: 2 })).toHaveText('Not genuine');

  const section = page.getByRole('region', { name: 'Check an answer or a request' });
  await section.getByText('Check a request with another shared key').click();
  // The key applies to the file already open as soon as it is entered. Typed key by key: a value
  // set by script (fill, over BiDi) is no user edit, and Firefox rightly sends no change for it.
  await section.getByLabel('Shared key', { exact: true }).pressSequentially('field-shared-key');
  await section.getByLabel('Shared key', { exact: true }).press('Tab');
  await expect(checkResult(page).getByRole('status')).toContainText('Valid LicenseSpring request file, genuine');
});

test('a request the composer refuses says why, in place', async ({ page }) => {
  await open(page, '/compose');
  await field(page, 'License key').fill(LICENSE_KEY);
  await form(page).getByRole('button', { name: 'Compose request' }).click();
  await expect(form(page).getByRole('alert')).toContainText('hardware_id');
  await expect(preview(page)).toContainText('No request yet');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe: no serious or critical violation on Compose (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await open(page, '/compose');
    const scan = () => seriousViolations(page);
    expect(await scan()).toEqual([]);
    await fillActivation(page);
    await composeAndDownload(page);
    await openFile(page, 'ls_activation.lic', answer(crypto.randomUUID(), 'f'.repeat(64)));
    await expect(checkCard(page)).toBeVisible();
    expect(await scan()).toEqual([]);
  });
}
