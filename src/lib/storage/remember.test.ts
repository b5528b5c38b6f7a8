import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { VerifyContext } from '../core/context';
import { verify } from '../core/verify';
import { readCache } from './cache';
import { readFloor } from './floor';
import { listHistory } from './history';
import { rememberVerification } from './remember';
import { freshDatabase, storageContext } from '../../../tests/support/storage-cases';
import { mintStorageArtifacts } from '../../../tests/support/test-artifacts';
import { mintSignedKey } from '../../../tools/issuer/signed-key';
import { demoLicenseFacts, keyDataset } from '../../../tools/issuer/datasets';

const a = mintStorageArtifacts();
const DAY = 86_400_000;

async function check(
  input: string | Uint8Array,
  ctx: VerifyContext,
  source: 'paste' | 'file' = 'paste',
  label?: string
) {
  const verdict = await verify(input, ctx);
  return {
    verdict,
    remembered: await rememberVerification({ input, verdict, ctx, secrets: {}, source, ...(label ? { label } : {}) })
  };
}

beforeEach(freshDatabase);

describe('what the app keeps of a verification', () => {
  it('a valid result raises the floor, goes into history with its key masked, and into the cache', async () => {
    const ctx = await storageContext(a);
    const { remembered } = await check(a.longKey, ctx);
    expect(remembered).toEqual({ cached: true });
    expect(await readFloor()).toBe(a.now);
    const [entry] = await listHistory();
    expect(entry).toMatchObject({ source: 'paste', kind: 'signed-key', status: 'valid', genuine: true });
    expect(entry!.key).toMatch(/^key\/•+.{4}$/);
    expect((await readCache(ctx)).entries.map((e) => e.kind)).toEqual(['signed-key']);
  });

  it('a signed time ahead of the device clock raises the floor to it', async () => {
    const ctx = await storageContext(a, { now: a.now - DAY - 60_000 });
    // Signed a day before `now`; the device clock is a minute behind that, within tolerance.
    const { verdict } = await check(a.response, ctx);
    expect(verdict.status).toBe('valid');
    expect(await readFloor()).toBe(a.now - DAY);
  });

  it('a genuine artifact signed far in the future is clock-tampered and leaves the floor alone', async () => {
    const ctx = await storageContext(a);
    const created = new Date(a.now + 365 * DAY).toISOString();
    const future = mintSignedKey({
      algorithm: 'ed25519',
      dataset: keyDataset(demoLicenseFacts({ created, expiry: null }))
    });
    const { verdict } = await check(future, ctx);
    expect(verdict).toMatchObject({ genuine: true, status: 'clock-tampered', signedAt: created });
    expect(await readFloor()).toBe(a.now);
    // The next genuine artifact is judged by the real clock, not locked out by the first.
    expect((await check(a.longKey, ctx)).verdict.status).toBe('valid');
  });

  it('a forgery is recorded (masked) but neither cached nor allowed to move the floor past the clock', async () => {
    const ctx = await storageContext(a);
    const { verdict, remembered } = await check(a.forgedKey, ctx);
    expect(verdict.genuine).toBe(false);
    expect(remembered).toEqual({ cached: false });
    expect(await readFloor()).toBe(a.now);
    const [entry] = await listHistory();
    expect(entry).toMatchObject({ status: 'invalid', genuine: false });
    expect(JSON.stringify(entry)).not.toContain(a.forgedKey);
    expect((await readCache(ctx)).entries).toEqual([]);
  });

  it('a file is cached as its text', async () => {
    const ctx = await storageContext(a);
    const { remembered } = await check(new TextEncoder().encode(a.response), ctx, 'file', 'validation.json');
    expect(remembered.cached).toBe(true);
    expect((await listHistory())[0]).toMatchObject({ source: 'file', label: 'validation.json' });
    expect((await readCache(ctx)).entries.map((e) => e.status)).toEqual(['valid']);
  });

  it('keeps no history when the config switches it off, and still caches', async () => {
    const ctx = await storageContext(a, { config: { history: { enabled: false } } });
    expect((await check(a.response, ctx)).remembered).toEqual({ cached: true });
    expect(await listHistory()).toEqual([]);
  });

  it('storage trouble never changes the verdict: it comes back as a sentence', async () => {
    const ctx = await storageContext(a);
    vi.stubGlobal('indexedDB', undefined);
    try {
      const { verdict, remembered } = await check(a.longKey, ctx);
      expect(verdict.status).toBe('valid');
      expect(remembered.cached).toBe(false);
      expect(remembered.problem).toMatch(/does not let the app store anything/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
