/**
 * The Verify screen, the verdict card and About, against the production build: every way in
 * (paste, Open file, drop, `/#/v/` link, Try a sample) gives the right verdict for a genuine and a
 * forged artifact, the verdict is announced, layouts are captured at phone and kiosk sizes, and
 * axe finds no serious or critical violation in light or dark.
 */
import { mkdirSync } from 'node:fs';
import { seriousViolations } from './support/axe';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { mintDemoSamples, type DemoSample } from '../../tools/issuer/samples';
import { DEMO_LICENSE_KEY } from '../../tools/issuer/license-file';

const ARTIFACTS = 'tests/e2e/.artifacts';

let samples: DemoSample[];
const sample = (id: string): DemoSample => {
  const found = samples.find((s) => s.id === id);
  if (!found) throw new Error(`no demo sample ${id}`);
  return found;
};

test.beforeAll(async () => {
  samples = await mintDemoSamples();
  mkdirSync(ARTIFACTS, { recursive: true });
});

const pasteBox = (page: Page) => page.getByLabel('Paste a license key or file');
const result = (page: Page) => page.getByRole('region', { name: 'Result' });
const announced = (page: Page) => result(page).getByRole('status');
const verdictCard = (page: Page) => result(page).locator('article.verdict');

/** Opens the Verify screen and waits until it is interactive (the layout's mount runs last). */
async function openVerify(page: Page, path = '/') {
  await page.goto(path);
  await page.waitForFunction(() => document.documentElement.style.getPropertyValue('--brand') !== '');
}

async function expectValid(page: Page, announcement: string) {
  await expect(announced(page)).toContainText(announcement);
  await expect(verdictCard(page).getByRole('heading', { level: 2 })).toHaveText('Valid');
  await expect(verdictCard(page)).toContainText('genuine');
  await expect(verdictCard(page).getByRole('heading', { name: 'What it says' })).toBeVisible();
  await expect(verdictCard(page).getByText('Decoded data')).toBeVisible();
}

async function expectForged(page: Page, announcement: string) {
  await expect(announced(page)).toContainText(announcement);
  await expect(verdictCard(page).getByRole('heading', { level: 2 })).toHaveText('Not genuine');
  await expect(verdictCard(page)).toContainText('not genuine');
  // Nothing decoded from a forgery is shown as fact.
  await expect(verdictCard(page).getByRole('heading', { name: 'What it says' })).toHaveCount(0);
  await expect(verdictCard(page).getByText('Decoded data')).toHaveCount(0);
}

/** A real paste through the clipboard, as a technician does it. */
async function paste(page: Page, text: string) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await pasteBox(page).fill('');
  await pasteBox(page).focus();
  await page.keyboard.press('ControlOrMeta+V');
}

test('a pasted key verifies at once: genuine and forged', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openVerify(page);
  await paste(page, sample('signed-key-ed25519').text);
  await expectValid(page, 'Valid license key, genuine, signed by demo-ed25519.');
  await expect(verdictCard(page).locator('[data-check="signature"]')).toContainText('Pass');

  await paste(page, sample('signed-key-forged').text);
  await expectForged(page, 'Not genuine license key.');
  await expect(verdictCard(page).locator('[data-check="signature"]')).toContainText('Fail');
});

test('text pasted before the page came alive is checked once it does', async ({ page }) => {
  // Hold back the app's start script, as a slow phone would, and paste meanwhile.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_app\/immutable\/entry\/start\./, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  await pasteBox(page).fill(sample('signed-key-ed25519').text);
  release();
  await expectValid(page, 'Valid license key, genuine');
});

test('typing verifies after a pause, and clearing the box clears the verdict', async ({ page }) => {
  await openVerify(page);
  await pasteBox(page).pressSequentially(sample('encrypted-key').text.slice(0, 20));
  await expect(announced(page)).toContainText('Unreadable');
  await pasteBox(page).fill(sample('encrypted-key').text);
  await expectValid(page, 'Valid encrypted license key, genuine, signed by demo-rsa-pkcs1.');
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(pasteBox(page)).toHaveValue('');
  await expect(result(page)).toContainText('Nothing checked yet');
});

test("a verdict says what it did not cover: a v1 request's unsigned product", async ({ page }) => {
  const { composeRequest } = await import('../../src/lib/core/compose');
  const v1 = await composeRequest({
    product: 'demoapp',
    hardwareId: 'HW-1',
    licenseKey: 'AAAA-BBBB',
    apiKey: 'demo-api-key',
    sharedKey: 'demo-shared-key',
    schema: 1,
    now: Date.now()
  });
  await openVerify(page);
  await pasteBox(page).fill(v1.content);
  await expect(verdictCard(page).getByRole('heading', { level: 2 })).toHaveText('Valid');
  const notCovered = verdictCard(page).getByRole('list', { name: 'What this verdict did not cover' });
  await expect(notCovered).toContainText(
    'Not covered: A v1 request signs only its date, license key or user, hardware id and API key or client id; product, request, request_id are not signed and not shown.'
  );
});

test('Open file verifies a license file: genuine and forged', async ({ page }) => {
  await openVerify(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open file' }).click();
  await (
    await chooser
  ).setFiles({
    name: 'license.lic',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(sample('license-file-base64-ed25519').text)
  });
  await expectValid(page, 'Valid license file, genuine, signed by demo-ed25519.');
  await expect(page.getByText('Checking: license.lic')).toBeVisible();

  await page.locator('#open-file').setInputFiles({
    name: 'forged.lic',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(sample('license-file-forged').text)
  });
  await expectForged(page, 'Not genuine license file.');
});

async function drop(page: Page, name: string, text: string) {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name));
      return data;
    },
    { name, text }
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByText('Drop to verify')).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await expect(page.getByText('Drop to verify')).toHaveCount(0);
}

test('a file dropped anywhere on the screen verifies: genuine and forged', async ({ page }) => {
  await openVerify(page);
  await drop(page, 'validation.har', sample('keygen-response-har').text);
  await expectValid(page, 'Valid cached validation response, genuine, signed by demo-rsa-pss.');

  await drop(page, 'validation.json', sample('keygen-response-forged').text);
  await expectForged(page, 'Not genuine cached validation response.');
});

test('a /#/v/ link opens the app with the artifact verified, also on a hash change', async ({ page }) => {
  const valid = sample('activation-proof').text;
  await openVerify(page, `/#/v/${encodeURIComponent(valid)}`);
  await expect(pasteBox(page)).toHaveValue(valid);
  await expectValid(page, 'Valid activation proof, genuine, signed by demo-rsa-pkcs1.');

  await page.evaluate(
    (payload) => (location.hash = `#/v/${encodeURIComponent(payload)}`),
    sample('signed-key-forged').text
  );
  await expectForged(page, 'Not genuine license key.');
});

test('Try a sample fills in and verifies each kind', async ({ page }) => {
  await openVerify(page);
  await page.getByText('Try a sample').click();
  const kinds = new Set(samples.map((s) => s.kind));
  for (const kind of kinds) {
    await expect(page.locator(`button[data-sample^="${kind}"]`).first()).toBeVisible();
  }
  await page.locator('button[data-sample="machine-file"]').click();
  await expectValid(page, 'Valid machine file, genuine, signed by demo-ed25519.');
  await page.locator('button[data-sample="licensespring-license-forged"]').click();
  await expectForged(page, 'Not genuine LicenseSpring license file.');
  await page.locator('button[data-sample="signed-key-expired"]').click();
  await expect(announced(page)).toContainText('Expired license key, genuine, signed by demo-ed25519.');
});

test('an encrypted file asks for its license key in place, then verifies with it', async ({ page }) => {
  await openVerify(page);
  await page.getByText('Try a sample').click();
  await page.locator('button[data-sample="license-file-locked"]').click();
  await expect(verdictCard(page).getByRole('heading', { level: 2 })).toHaveText('Locked');
  const input = verdictCard(page).getByLabel('License key', { exact: true });
  await expect(input).toHaveAttribute('type', 'password');
  await input.fill('WRONG-KEY');
  await verdictCard(page).getByRole('button', { name: 'Verify again' }).click();
  await expect(verdictCard(page).getByRole('heading', { level: 2 })).toHaveText('Wrong device');

  await verdictCard(page).getByLabel('License key', { exact: true }).fill(DEMO_LICENSE_KEY);
  await verdictCard(page).getByRole('button', { name: 'Verify again' }).click();
  await expectValid(page, 'Valid license file, genuine, signed by demo-ed25519.');

  // The license key is masked until the technician asks to see it.
  const keyRow = verdictCard(page).locator('.fact', { hasText: 'License key' });
  await expect(keyRow).not.toContainText(DEMO_LICENSE_KEY);
  await expect(keyRow).toContainText('C1B6');
  await keyRow.getByRole('button', { name: 'Show license key' }).click();
  await expect(keyRow).toContainText(DEMO_LICENSE_KEY);
});

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test('screenshots at phone and kiosk sizes, valid and not genuine', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  for (const [width, height] of [
    [320, 640],
    [1920, 1080]
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await openVerify(page);
      await page.screenshot({ path: `${ARTIFACTS}/verify-${width}-${scheme}-empty.png`, fullPage: true });
      await paste(page, sample('license-file-base64-ed25519').text);
      await expect(announced(page)).toContainText('Valid license file');
      await page.screenshot({ path: `${ARTIFACTS}/verify-${width}-${scheme}-valid.png`, fullPage: true });
      await paste(page, sample('signed-key-forged').text);
      await expect(announced(page)).toContainText('Not genuine');
      await page.screenshot({ path: `${ARTIFACTS}/verify-${width}-${scheme}-forged.png`, fullPage: true });
      expect(await pageWidth(page), `Verify at ${width} px scrolls sideways`).toBeLessThanOrEqual(width);
      await page.goto('/about');
      await expect(page.getByText('WebCrypto')).toBeVisible();
      await page.screenshot({ path: `${ARTIFACTS}/about-${width}-${scheme}.png`, fullPage: true });
      expect(await pageWidth(page), `About at ${width} px scrolls sideways`).toBeLessThanOrEqual(width);
    }
  }
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe: no serious or critical violation on Verify and About (${colorScheme})`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme });
    await openVerify(page);
    expect(await seriousViolations(page), 'Verify, empty').toEqual([]);

    await page.getByText('Try a sample').click();
    // One verdict of each look, each with a status word of its own, so the new card is the one checked.
    const looks: [string, string][] = [
      ['license-file-base64-ed25519', 'Valid'],
      ['signed-key-forged', 'Not genuine'],
      ['license-file-locked', 'Locked'],
      ['signed-key-expired', 'Expired'],
      ['activation-proof-wrong-device', 'Wrong device']
    ];
    for (const [id, status] of looks) {
      await page.locator(`button[data-sample="${id}"]`).click();
      await expect(verdictCard(page).getByRole('heading', { level: 2 })).toHaveText(status);
      const raw = verdictCard(page).locator('details.raw summary');
      if (await raw.count()) await raw.click();
      expect(await seriousViolations(page), `Verify, sample ${id}`).toEqual([]);
    }

    await page.goto('/about');
    await expect(page.getByRole('heading', { name: 'Trusted keys' })).toBeVisible();
    expect(await seriousViolations(page), 'About').toEqual([]);
  });
}

test('About shows the trusted keys, the config in force and never the shared key', async ({ page }) => {
  await page.goto('/about');
  for (const id of ['demo-ed25519', 'demo-rsa-pss', 'demo-rsa-pkcs1', 'demo-ecdsa', 'licensespring']) {
    await expect(page.getByText(id, { exact: true })).toBeVisible();
  }
  await expect(page.getByText('demoapp')).toBeVisible();
  await expect(page.locator('.fact', { hasText: 'LicenseSpring shared key' })).toContainText('configured');
  await expect(page.locator('main')).not.toContainText('demo-shared-key');
  await expect(page.getByText(/^(WebCrypto|pure-JS fallback)$/)).toBeVisible();
});
