/**
 * The Batch screen against the production build: a 10,000-row mixed CSV gives exact counts per
 * status, the JSON export reads back to the same counts, several files and a JSONL list give a
 * row each, cancel stops every worker, a row opens its verdict card, and hostile inputs (a zip bomb, a zip of 100,000 files, a 10 MB CSV cell) end
 * with a plain sentence.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { expect, test } from './fixtures';
import { demoLicenseFacts, keyDataset } from '../../tools/issuer/datasets';
import { mintSignedKey } from '../../tools/issuer/signed-key';
import { catchDownloads, savedFile } from './support/downloads';
import { validSignedKey } from './support/samples';

const DAY_MS = 24 * 60 * 60 * 1000;
const ARTIFACTS = 'tests/e2e/.artifacts';

function expiredSignedKey(): string {
  const now = Date.now();
  const facts = demoLicenseFacts({
    created: new Date(now - 400 * DAY_MS).toISOString(),
    expiry: new Date(now - 30 * DAY_MS).toISOString()
  });
  return mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(facts) });
}

/** The same key with one character of its signature changed. */
function forged(key: string): string {
  const at = key.length - 10;
  return key.slice(0, at) + (key[at] === 'A' ? 'B' : 'A') + key.slice(at + 1);
}

/** `rows` data rows: per 10, six genuine, two forged, one expired, one garbage line. */
function mixedCsv(rows: number): { csv: string; expected: Record<string, number> } {
  const genuine = [validSignedKey(), validSignedKey(), validSignedKey()];
  const expired = expiredSignedKey();
  const lines = ['customer,key,note'];
  for (let i = 0; i < rows; i++) {
    const kind = i % 10;
    const key =
      kind < 6 ? genuine[i % 3]! : kind < 8 ? forged(genuine[i % 3]!) : kind === 8 ? expired : `garbage line ${i}`;
    lines.push(`"Customer ${i}, Inc.",${key},row ${i}`);
  }
  const tens = rows / 10;
  return {
    csv: lines.join('\r\n') + '\r\n',
    expected: { valid: 6 * tens, invalid: 2 * tens, expired: tens, malformed: tens }
  };
}

async function openBatch(page: Page) {
  await page.goto('/batch');
  await page.waitForFunction(() => document.documentElement.style.getPropertyValue('--brand') !== '');
}

async function chooseFiles(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.locator('#batch-files').setInputFiles(files);
}

const count = (page: Page, status: string) => page.locator(`.counts [data-status="${status}"] dd`);

async function expectCounts(page: Page, expected: Record<string, number>) {
  for (const [status, n] of Object.entries(expected))
    await expect(count(page, status)).toHaveText(n.toLocaleString('en-US'));
  await expect(page.locator('.counts [data-status]')).toHaveCount(Object.keys(expected).length);
}

test.describe('Batch screen', () => {
  test.describe.configure({ timeout: 120_000 });

  test('a 10,000-row mixed CSV gives exact counts, exports and reads back, and a row opens its verdict card', async ({
    page
  }) => {
    const { csv, expected } = mixedCsv(10_000);
    await catchDownloads(page);
    await openBatch(page);
    await chooseFiles(page, [{ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
    await expect(page.getByRole('group', { name: 'Ready to verify' })).toContainText('customers.csv');
    await expect(page.getByLabel('Artifact column')).toHaveValue('1');
    await expect(page.getByLabel('The first row names the columns')).toBeChecked();
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('heading', { name: 'Done' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('batch-done')).toHaveText('10,000');
    await expectCounts(page, expected);

    // Garbage rows are malformed rows of their own, with their line numbers.
    await page.getByLabel('Status', { exact: true }).selectOption('malformed');
    await expect(page.getByText('1,000 shown')).toBeVisible();
    await expect(page.locator('tbody tr:not(.spacer)').first()).toContainText('customers.csv:11');
    await page.getByLabel('Status', { exact: true }).selectOption('all');
    await page.getByLabel('Search').fill('customers.csv:9999');
    await expect(page.getByText('1 shown')).toBeVisible();
    await page.getByLabel('Search').fill('');

    // A row opens the full verdict card.
    await page.getByRole('button', { name: 'Open row 1', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Verdict of one row' });
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('article.verdict')).toContainText('Valid');
    await expect(dialog).toContainText('customers.csv:2');
    await dialog.getByRole('button', { name: 'Close' }).click();

    const { fileName: reportName, content: report } = await savedFile(page, () =>
      page.getByRole('button', { name: 'Export JSON' }).click()
    );
    expect(reportName).toMatch(/^offline-verifier-batch-\d{4}-\d\d-\d\d\.json$/);
    const csvFile = await savedFile(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
    expect(csvFile.fileName).toMatch(/^offline-verifier-batch-\d{4}-\d\d-\d\d\.csv$/);
    const exported = csvFile.content.toString('utf8');
    expect(exported.trim().split('\r\n')).toHaveLength(10_001);
    // Secrets and inputs never leave in a report: no license key appears in it.
    expect(exported).not.toContain('key/');
    expect(report.toString()).not.toContain('key/');

    // Read back in a fresh page: the same counts, from the report alone.
    await openBatch(page);
    await chooseFiles(page, [{ name: reportName, mimeType: 'application/json', buffer: report }]);
    await expect(page.getByRole('heading', { name: 'Report read back' })).toBeVisible();
    await expectCounts(page, expected);
  });

  test('several files at once, and a JSONL list with a bad line, each give a row per artifact', async ({ page }) => {
    await openBatch(page);
    const key = validSignedKey();
    await chooseFiles(page, [
      { name: 'a.lic', mimeType: 'text/plain', buffer: Buffer.from(key) },
      { name: 'b.lic', mimeType: 'text/plain', buffer: Buffer.from(forged(key)) },
      { name: 'c.lic', mimeType: 'text/plain', buffer: Buffer.from('not a license') }
    ]);
    await expect(page.getByRole('group', { name: 'Ready to verify' })).toContainText('3 files');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('heading', { name: 'Done' })).toBeVisible();
    await expectCounts(page, { valid: 1, invalid: 1, malformed: 1 });
    await expect(page.locator('tbody tr:not(.spacer)').nth(1)).toContainText('b.lic');

    await page.getByLabel('Status', { exact: true }).selectOption('valid');
    await chooseFiles(page, [
      { name: 'keys.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(`${key}\n{"broken": \n\n${key}\n`) }
    ]);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('heading', { name: 'Done' })).toBeVisible();
    await expectCounts(page, { valid: 2, malformed: 1 });
    // A new batch starts unfiltered.
    await expect(page.getByLabel('Status', { exact: true })).toHaveValue('all');
    await expect(page.getByText('3 shown')).toBeVisible();
    await page.getByLabel('Status', { exact: true }).selectOption('malformed');
    await expect(page.locator('tbody tr:not(.spacer)')).toContainText('keys.jsonl:2');
  });

  test('cancel stops every worker within 200 ms', async ({ page }) => {
    // Over Playwright's 50 MB limit for a file given as a buffer, so it goes through a file.
    const { csv } = mixedCsv(200_000);
    mkdirSync(ARTIFACTS, { recursive: true });
    const big = `${ARTIFACTS}/big.csv`;
    writeFileSync(big, csv);
    // Each worker the page starts first takes a Web Lock and holds it for life: the browser
    // releases it when the worker is terminated, so the page itself sees when each one stopped.
    await page.addInitScript(() => {
      const Original = Worker;
      let started = 0;
      (globalThis as { workerLocks?: string[] }).workerLocks = [];
      globalThis.Worker = class extends Original {
        constructor(url: string | URL, options?: WorkerOptions) {
          const lock = `worker-${++started}`;
          (globalThis as unknown as { workerLocks: string[] }).workerLocks.push(lock);
          const source = [
            // Messages that arrive while the real script loads are replayed to it once loaded.
            'const early = []; const keep = (e) => early.push(e); addEventListener("message", keep);',
            `navigator.locks.request(${JSON.stringify(lock)}, () => new Promise(() => {}));`,
            `await import(${JSON.stringify(new URL(url, location.href).href)});`,
            'removeEventListener("message", keep);',
            'for (const e of early) dispatchEvent(new MessageEvent("message", { data: e.data, ports: [...e.ports] }));'
          ].join('\n');
          super(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), options);
        }
      };
    });
    await openBatch(page);
    await page.locator('#batch-files').setInputFiles(big);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect
      .poll(async () => Number((await page.getByTestId('batch-done').textContent())?.replaceAll(',', '')))
      .toBeGreaterThan(2000);
    const stopped = page.evaluate(async () => {
      const locks = (globalThis as unknown as { workerLocks: string[] }).workerLocks;
      const cancel = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!;
      let clicked = 0;
      cancel.addEventListener('click', () => (clicked = performance.now()), { capture: true });
      const released = await Promise.all(locks.map((name) => navigator.locks.request(name, () => performance.now())));
      return { workers: locks.length, slowestMs: Math.max(...released) - clicked };
    });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('heading', { name: 'Cancelled' })).toBeVisible();
    const { workers, slowestMs } = await stopped;
    // The reader and at least two verify workers.
    expect(workers).toBeGreaterThanOrEqual(3);
    expect(slowestMs).toBeLessThan(200);
    const after = await page.getByTestId('batch-done').textContent();
    await page.waitForTimeout(500);
    await expect(page.getByTestId('batch-done')).toHaveText(after!);
  });

  test('a zip bomb, a zip of 100,000 files and a 10 MB CSV cell each end with a plain sentence', async ({ page }) => {
    await openBatch(page);
    // Each entry inflates to 64 MiB of zeros from about 64 KB; one genuine key beside them.
    const bomb = zipSync({
      'keys/good.txt': new TextEncoder().encode(validSignedKey()),
      'keys/bomb-1.lic': [new Uint8Array(64 * 1024 * 1024), { level: 9 }],
      'keys/bomb-2.lic': [new Uint8Array(64 * 1024 * 1024), { level: 9 }]
    });
    await chooseFiles(page, [{ name: 'bomb.zip', mimeType: 'application/zip', buffer: Buffer.from(bomb) }]);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('heading', { name: 'Done' })).toBeVisible();
    await expectCounts(page, { valid: 1, malformed: 2 });
    await page.getByLabel('Status', { exact: true }).selectOption('malformed');
    await expect(page.locator('tbody tr:not(.spacer)')).toHaveCount(2);
    await expect(page.locator('tbody tr:not(.spacer)').first()).toContainText('unpacks to more than 4 MiB');

    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 100_000; i++) many[`f${i}.lic`] = new Uint8Array([0x78]);
    await chooseFiles(page, [
      { name: 'many.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(many, { level: 0 })) }
    ]);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'many.zip holds 100,000 files; a batch takes at most 50,000. Split it into smaller zips.'
    );
    await expect(page.getByTestId('batch-done')).toHaveText('0');

    const cell = 'x'.repeat(10 * 1024 * 1024);
    const csv = `customer,key\r\nBig,"${cell}"\r\nSmall,${validSignedKey()}\r\n`;
    await chooseFiles(page, [{ name: 'cell.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
    // The preview sees no complete data row, so it asks for the column rather than guess.
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('alert').first()).toHaveText('Pick the column that holds the license keys or files.');
    await page.getByLabel('Artifact column').selectOption('key');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('heading', { name: 'Done' })).toBeVisible();
    await expectCounts(page, { valid: 1, malformed: 1 });
    await page.getByLabel('Status', { exact: true }).selectOption('malformed');
    await expect(page.locator('tbody tr:not(.spacer)')).toContainText('cell.csv:2');
    await expect(page.locator('tbody tr:not(.spacer)')).toContainText(
      'This row is 10 MiB, over the 4 MiB limit; no license artifact is that big.'
    );
  });
});
