import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import {
  announce,
  CHANNEL_NAME,
  DB_NAME,
  DB_VERSION,
  onDatabaseEvent,
  openVerifierDb,
  watchStore,
  type DatabaseEvent
} from './db';
import { StorageError } from './errors';
import { purgeExpired, readCache } from './cache';
import { recordHistory } from './history';
import { cacheText, freshDatabase, storageContext } from '../../../tests/support/storage-cases';
import { mintStorageArtifacts } from '../../../tests/support/test-artifacts';

const a = mintStorageArtifacts();
const DAY = 86_400_000;

beforeEach(freshDatabase);
afterEach(() => vi.restoreAllMocks());

describe('storage failures', () => {
  it('without IndexedDB (private mode, storage off) every call fails with a plain StorageError', async () => {
    vi.stubGlobal('indexedDB', undefined);
    try {
      const error = await readCache(await storageContext(a)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect(error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/Verifying still works/) });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a browser that refuses to open the database is reported as unavailable', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The user denied permission to access the database.', 'InvalidStateError');
    });
    await expect(openVerifierDb()).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('a full disk fails that write only: nothing stored before is lost', async () => {
    const ctx = await storageContext(a);
    const kept = await cacheText(a.response, ctx);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const error = await cacheText(a.longKey, ctx).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'StorageError',
      code: 'quota',
      message: expect.stringMatching(/Nothing stored before was lost/)
    });
    vi.restoreAllMocks();
    expect((await readCache(ctx)).entries.map((e) => e.id)).toEqual([kept.id]);
  });

  it('a history cap that cannot delete does not add the entry either (one transaction)', async () => {
    const settings = { enabled: true, limit: 1 };
    const base = { source: 'paste', kind: 'signed-key', status: 'valid', genuine: true, reason: 'Genuine.' } as const;
    await recordHistory({ ...base, at: 1 }, settings);
    vi.spyOn(IDBCursor.prototype, 'delete').mockImplementation(() => {
      throw new DOMException('disk error', 'UnknownError');
    });
    await expect(recordHistory({ ...base, at: 2 }, settings)).rejects.toMatchObject({ code: 'failed' });
    vi.restoreAllMocks();
    const db = await openVerifierDb();
    expect((await db.getAll('history')).map((h) => h.at)).toEqual([1]);
  });

  it('purging is one transaction: a failure midway deletes nothing', async () => {
    const ctx = await storageContext(a);
    await cacheText(a.response, ctx);
    await cacheText(a.shortKey, ctx);
    await cacheText(a.longKey, ctx);
    const realDelete = IDBObjectStore.prototype.delete;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(function (this: IDBObjectStore, key) {
      // The second delete fails as a disk error does: its request errors, asynchronously.
      if (++calls === 2) return this.add({ id: key }) as unknown as IDBRequest<undefined>;
      return realDelete.call(this, key);
    });
    await expect(purgeExpired(a.now + 30 * DAY)).rejects.toBeInstanceOf(StorageError);
    expect(calls).toBe(3);
    vi.restoreAllMocks();
    expect((await readCache(ctx)).entries).toHaveLength(3);
    expect(await purgeExpired(a.now + 30 * DAY)).toBe(3);
  });
});

describe('several tabs', () => {
  it("another tab's schema upgrade closes this connection at once, and this tab is told to reload", async () => {
    const events: DatabaseEvent[] = [];
    const stop = onDatabaseEvent((e) => events.push(e));
    await openVerifierDb();
    // The other tab runs a newer build; it is not blocked by this one.
    const newer = await openDB(DB_NAME, DB_VERSION + 1, { blocked: () => expect.fail('the upgrade was blocked') });
    expect(events).toContainEqual({ type: 'closed' });
    await expect(readCache(await storageContext(a))).rejects.toMatchObject({
      code: 'version',
      message: expect.stringMatching(/Reload this tab/)
    });
    newer.close();
    stop();
  });

  it('a view of one store reloads on its changes only, and hears when another tab upgrades', async () => {
    const reloads: string[] = [];
    const problems: string[] = [];
    const stop = watchStore(
      'history',
      () => reloads.push('history'),
      (sentence) => problems.push(sentence)
    );
    announce('cache');
    announce('history');
    expect(reloads).toEqual(['history']);
    await openVerifierDb();
    const newer = await openDB(DB_NAME, DB_VERSION + 1);
    expect(problems).toEqual(['The app was updated in another tab. Reload this tab to see the history.']);
    newer.close();
    stop();
  });

  it('every write is announced to this tab and, on the BroadcastChannel, to the others', async () => {
    const other = new BroadcastChannel(CHANNEL_NAME);
    const received: unknown[] = [];
    other.onmessage = (m: MessageEvent) => received.push(m.data);
    const local: DatabaseEvent[] = [];
    const stop = onDatabaseEvent((e) => local.push(e));
    await cacheText(a.response, await storageContext(a));
    await recordHistory(
      { at: 1, source: 'file', kind: 'license-file', status: 'valid', genuine: true, reason: 'Genuine.' },
      { enabled: true, limit: 10 }
    );
    await vi.waitFor(() =>
      expect(received).toEqual([
        { type: 'changed', store: 'cache' },
        { type: 'changed', store: 'history' }
      ])
    );
    expect(local).toEqual(received);
    stop();
    other.close();
  });

  it('a change announced by another tab reaches this tab’s listeners', async () => {
    const local: DatabaseEvent[] = [];
    const stop = onDatabaseEvent((e) => local.push(e));
    const other = new BroadcastChannel(CHANNEL_NAME);
    other.postMessage({ type: 'changed', store: 'history' });
    await vi.waitFor(() => expect(local).toEqual([{ type: 'changed', store: 'history' }]));
    stop();
    other.close();
  });
});
