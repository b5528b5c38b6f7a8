/**
 * `npx tsx tools/bench/floor.ts [--blocks=N]`: how low a verdict ÷ raw ratio can go in Chromium.
 * For the kinds whose raw crypto is cheapest (Ed25519 and RSA signed keys, a `.req`, cached Keygen
 * responses) and for license and machine files (two base64 layers and a dataset to parse), it times
 * the raw ops, a bare verifier that does only what no verifier can skip (`floor-page.ts`) and
 * `verify()`, interleaved, and prints both ratios. A tool for judging a ratio target, not part of
 * `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { DEMO_CONFIG_FILE } from '../issuer/demo-trust';
import { mintCases } from './cases';
import { bundlePageScript, serveScriptPage } from './chromium';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import type { BenchCase } from './harness';
import type { FloorRow } from './floor-page';

const FLOOR_CASES = /^(signed-key (ED25519|RSA)|licensespring-request|keygen-response|license-file|machine-file)/;
const blocks = Number(process.argv.find((a) => a.startsWith('--blocks='))?.slice('--blocks='.length) ?? 15);

const cases = mintCases().filter((c) => FLOOR_CASES.test(c.name));
const config: unknown = JSON.parse(readFileSync(DEMO_CONFIG_FILE, 'utf8'));
const js = await bundlePageScript(`import './floor-page';`);
const { server, origin } = await serveScriptPage(js);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  const rows = await page.evaluate(
    ([config, cases, blocks]) =>
      (
        globalThis as unknown as {
          floor: { run(config: unknown, cases: BenchCase[], blocks: number): Promise<FloorRow[]> };
        }
      ).floor.run(config, cases, blocks),
    [config, cases, blocks] as const
  );
  console.log(`Chromium ${browser.version()}, fastest of ${blocks} interleaved blocks per side (µs)\n`);
  console.log('| case | raw | bare | verify() | bare ÷ raw | verify() ÷ raw |\n|---|--:|--:|--:|--:|--:|');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.rawUs.toFixed(1)} | ${r.bareUs.toFixed(1)} | ${r.verifyUs.toFixed(1)} | ${(r.bareUs / r.rawUs).toFixed(2)} | ${(r.verifyUs / r.rawUs).toFixed(2)} |`
    );
} finally {
  await browser.close();
  server.close();
}
