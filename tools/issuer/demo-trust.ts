/** The demo trust configuration as the core sees it, for tests and the bench. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTrustStore, parseConfig, type TrustStore, type VerifierConfig } from '../../src/lib/core/config';
import type { VerifyContext } from '../../src/lib/core/context';

export const DEMO_CONFIG_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config/demo.json');

export function demoConfig(): VerifierConfig {
  return parseConfig(JSON.parse(readFileSync(DEMO_CONFIG_FILE, 'utf8')));
}

let store: Promise<TrustStore> | undefined;

export function demoTrustStore(): Promise<TrustStore> {
  store ??= buildTrustStore(demoConfig());
  return store;
}

/** A context on the demo trust store at a fixed time (default 2026-06-01T00:00:00Z). */
export async function demoContext(overrides: Partial<VerifyContext> = {}): Promise<VerifyContext> {
  return { trust: await demoTrustStore(), now: Date.parse('2026-06-01T00:00:00Z'), ...overrides };
}
