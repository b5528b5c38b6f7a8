/**
 * The bench page (bundled to an IIFE by chromium.ts). It fetches the same payload the Node half
 * measures and runs the same harness on Chromium's WebCrypto.
 */
import { runSuite, type SuitePayload, type SuiteResult } from './harness';
import { runCacheBench, STORED, type CacheBenchResult } from './cache-bench';

export interface PageResult extends SuiteResult {
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
  /** IndexedDB validation cache: needs at least `STORED` bulk keys to store. */
  cache?: CacheBenchResult;
}

async function run(): Promise<PageResult> {
  const payload = (await (await fetch('/payload.json')).json()) as SuitePayload;
  const bulkKeys = payload.bulk ? (await (await fetch('/bulk.txt')).text()).split('\n') : undefined;
  const result = await runSuite(payload, bulkKeys, (line) => console.log(line));
  const page: PageResult = { ...result, hardwareConcurrency: navigator.hardwareConcurrency, crossOriginIsolated };
  if (bulkKeys && bulkKeys.length >= STORED)
    page.cache = await runCacheBench(payload.config, bulkKeys, (line) => console.log(line));
  return page;
}

(globalThis as { bench?: { run: () => Promise<PageResult> } }).bench = { run };
