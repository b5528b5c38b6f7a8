/**
 * The bench page (bundled to an IIFE by chromium.ts). It fetches the same payload the Node half
 * measures and runs the same harness on Chromium's WebCrypto.
 */
import { runSuite, type SuitePayload, type SuiteResult } from './harness';

export interface PageResult extends SuiteResult {
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
}

async function run(): Promise<PageResult> {
  const payload = (await (await fetch('/payload.json')).json()) as SuitePayload;
  const bulkKeys = payload.bulk ? (await (await fetch('/bulk.txt')).text()).split('\n') : undefined;
  const result = await runSuite(payload, bulkKeys, (line) => console.log(line));
  return { ...result, hardwareConcurrency: navigator.hardwareConcurrency, crossOriginIsolated };
}

(globalThis as { bench?: { run: () => Promise<PageResult> } }).bench = { run };
