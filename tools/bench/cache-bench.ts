/**
 * The validation cache on the page's real IndexedDB (Chromium): a lookup (index read + the entry's
 * re-verification), storing 1,000 verified keys one transaction each as the app does, and purging
 * 10,000 entries of which 4,000 expired in the one `expiresAt`-index transaction. Runs in the bench
 * page (no `node:` imports), on its own database that it deletes before and after.
 */
import { deleteDB } from 'idb';
import type { VerifyContext } from '../../src/lib/core/context';
import { parseTime } from '../../src/lib/core/policy';
import { verify } from '../../src/lib/core/verify';
import { cacheVerified, lookupCache, purgeExpired } from '../../src/lib/storage/cache';
import { DB_NAME, closeVerifierDb, commit, openVerifierDb, type CacheRecord } from '../../src/lib/storage/db';
import { trustStoreFrom } from './harness';

export const STORED = 1000;
export const PURGE_TOTAL = 10_000;
export const PURGE_EXPIRED = 4000;
const LOOKUPS = 200;
const DAY = 86_400_000;

export interface CacheBenchResult {
  /** Median ms of one `lookupCache(licenseId)` among `STORED` entries, re-verification included. */
  lookupMedianMs: number;
  lookups: number;
  /** ms to store `STORED` verified keys, one `cacheVerified` (and transaction) each. */
  storeMs: number;
  stored: number;
  /** ms of one `purgeExpired` over `PURGE_TOTAL` entries, `PURGE_EXPIRED` of them expired. */
  purgeMs: number;
  purged: number;
  /** Set when a step did not do what it should (a refused store, a wrong purge count). */
  error?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function freshDatabase(): Promise<void> {
  await closeVerifierDb();
  await deleteDB(DB_NAME);
}

/** `keys`: at least `STORED` distinct valid signed keys (the bulk keys). */
export async function runCacheBench(
  configJson: unknown,
  keys: string[],
  progress: (line: string) => void
): Promise<CacheBenchResult> {
  if (keys.length < STORED) throw new Error(`cache bench: needs ${STORED} keys, got ${keys.length}`);
  const trust = await trustStoreFrom(configJson);
  // A day after the keys were signed, so their cache lifetime (from the signed time) is running.
  const probe = await verify(keys[0]!, { trust, now: Date.now() });
  const ctx: VerifyContext = { trust, now: parseTime(probe.signedAt) + DAY };
  const verdicts = await Promise.all(keys.slice(0, STORED).map((key) => verify(key, ctx)));
  await freshDatabase();
  try {
    progress(`cache: storing ${STORED} entries`);
    let stored = 0;
    const storeStart = performance.now();
    for (let i = 0; i < STORED; i++) if ((await cacheVerified(keys[i]!, verdicts[i]!, {}, ctx)).stored) stored++;
    const storeMs = performance.now() - storeStart;

    progress(`cache: ${LOOKUPS} lookups by license id`);
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < LOOKUPS; i++) {
      const licenseId = verdicts[(i * 7919) % STORED]!.summary!.licenseId!;
      const start = performance.now();
      const read = await lookupCache(licenseId, ctx);
      times.push(performance.now() - start);
      if (read.entries.length === 1 && read.entries[0]!.status === 'valid') found++;
    }

    progress(`cache: purging ${PURGE_EXPIRED} of ${PURGE_TOTAL} entries`);
    await freshDatabase();
    const template = await cacheVerified(keys[0]!, verdicts[0]!, {}, ctx);
    if (!template.stored) throw new Error(`cache bench: ${template.reason}`);
    // Copies of one real record under other ids: the purge reads only the index and keys.
    const records = Array.from({ length: PURGE_TOTAL }, (_, i): CacheRecord => ({
      ...template.record,
      id: i.toString(16).padStart(64, '0'),
      expiresAt: i < PURGE_EXPIRED ? ctx.now - 1 : ctx.now + DAY
    }));
    const tx = (await openVerifierDb()).transaction('cache', 'readwrite');
    await commit(tx, () => Promise.all(records.map((r) => tx.store.put(r))));
    const purgeStart = performance.now();
    const purged = await purgeExpired(ctx.now);
    const purgeMs = performance.now() - purgeStart;

    const problems = [
      stored !== STORED ? `${stored} of ${STORED} stored` : '',
      found !== LOOKUPS ? `${found} of ${LOOKUPS} lookups found their valid entry` : '',
      purged !== PURGE_EXPIRED ? `purged ${purged}, expected ${PURGE_EXPIRED}` : ''
    ].filter(Boolean);
    return {
      lookupMedianMs: median(times),
      lookups: LOOKUPS,
      storeMs,
      stored,
      purgeMs,
      purged,
      ...(problems.length ? { error: problems.join('; ') } : {})
    };
  } finally {
    await freshDatabase();
  }
}

const ms = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

export function formatCacheBench(r: CacheBenchResult): string {
  return [
    '| validation cache (IndexedDB) | ms | per entry |',
    '|---|--:|--:|',
    `| lookup by license id among ${STORED.toLocaleString('en-US')} entries, re-verified (median of ${r.lookups}) | ${ms(r.lookupMedianMs)} | |`,
    `| store ${STORED.toLocaleString('en-US')} entries, one transaction each | ${ms(r.storeMs)} | ${ms(r.storeMs / STORED)} |`,
    `| purge ${PURGE_EXPIRED.toLocaleString('en-US')} expired of ${PURGE_TOTAL.toLocaleString('en-US')}, one transaction | ${ms(r.purgeMs)} | ${ms(r.purgeMs / PURGE_EXPIRED)} |`,
    ...(r.error ? ['', `- **validation cache**: ${r.error}`] : [])
  ].join('\n');
}
