/**
 * The storage behaviour a user relies on, as one suite run twice: in Node on fake-indexeddb
 * (storage.test.ts) and in every browser on real IndexedDB (storage.browser.test.ts). No `node:` imports:
 * the artifacts arrive minted (test-artifacts.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { buildTrustStore, parseConfig, type TrustStore } from '../../src/lib/core/config';
import type { VerifyContext } from '../../src/lib/core/context';
import { VerifyError } from '../../src/lib/core/errors';
import { verify } from '../../src/lib/core/verify';
import {
  DB_NAME,
  DB_VERSION,
  closeVerifierDb,
  migrate,
  openVerifierDb,
  type CacheRecord,
  type HistoryRecord,
  type VerifierSchema
} from '../../src/lib/storage/db';
import {
  cacheVerified,
  entryId,
  exportCache,
  importCache,
  lookupCache,
  purgeExpired,
  readCache
} from '../../src/lib/storage/cache';
import { readFloor } from '../../src/lib/storage/floor';
import { listHistory } from '../../src/lib/storage/history';
import { knownRequests } from '../../src/lib/storage/requests';
import type { StorageArtifacts } from './test-artifacts';

const DAY = 86_400_000;

/** Deletes the database between tests (closing this module's connection first). */
export async function freshDatabase(): Promise<void> {
  await closeVerifierDb();
  await deleteDB(DB_NAME);
}

const stores = new Map<string, Promise<TrustStore>>();

/** A context on the demo config (with `config` settings changed) at `now`. */
export async function storageContext(
  a: StorageArtifacts,
  overrides: Partial<VerifyContext> & { config?: Record<string, unknown> } = {}
): Promise<VerifyContext> {
  const { config, ...rest } = overrides;
  const document = { ...(a.config as Record<string, unknown>), ...config };
  const id = JSON.stringify(config ?? {});
  if (!stores.has(id)) stores.set(id, buildTrustStore(parseConfig(document)));
  return { trust: await stores.get(id)!, now: a.now, ...rest };
}

/** Verifies `text` in `ctx` and caches it; fails the test when it is not stored. */
export async function cacheText(
  text: string,
  ctx: VerifyContext,
  secrets: { licenseKey?: string } = {}
): Promise<CacheRecord> {
  const verdict = await verify(text, { ...ctx, ...secrets });
  const result = await cacheVerified(text, verdict, secrets, { ...ctx, ...secrets });
  if (!result.stored) throw new Error(`not cached: ${result.reason}`);
  return result.record;
}

/** Replaces a stored record as someone editing IndexedDB by hand would. */
export async function editRecord(id: string, edit: (record: CacheRecord) => CacheRecord): Promise<void> {
  const db = await openVerifierDb();
  const record = await db.get('cache', id);
  if (!record) throw new Error(`no record ${id}`);
  const edited = edit(structuredClone(record));
  const tx = db.transaction('cache', 'readwrite');
  await Promise.all([...(edited.id !== id ? [tx.store.delete(id)] : []), tx.store.put(edited), tx.done]);
}

function changeMiddle(text: string): string {
  const i = Math.floor(text.length / 2);
  return text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
}

/** Store names and, per store, its key path and sorted index names: what a schema is. */
async function schemaOf(): Promise<Record<string, { keyPath: unknown; indexes: string[] }>> {
  const db = await openVerifierDb();
  const tx = db.transaction([...db.objectStoreNames]);
  const shape: Record<string, { keyPath: unknown; indexes: string[] }> = {};
  for (const name of db.objectStoreNames) {
    const store = tx.objectStore(name);
    shape[name] = { keyPath: store.keyPath, indexes: [...store.indexNames].sort() };
  }
  await tx.done;
  return shape;
}

export function storageSuite(artifacts: () => StorageArtifacts): void {
  beforeEach(freshDatabase);

  describe('schema migrations', () => {
    it('a new database gets every store and index at the current version', async () => {
      const db = await openVerifierDb();
      expect(db.version).toBe(DB_VERSION);
      expect(await schemaOf()).toEqual({
        cache: { keyPath: 'id', indexes: ['expiresAt', 'fingerprint', 'licenseId', 'licenseKey'] },
        history: { keyPath: 'id', indexes: ['at', 'status'] },
        meta: { keyPath: null, indexes: [] },
        requests: { keyPath: 'requestId', indexes: [] }
      });
    });

    for (let from = 1; from < DB_VERSION; from++) {
      it(`upgrading from version ${from} keeps every record and finds them through the new indexes`, async () => {
        const a = artifacts();
        const ctx = await storageContext(a);
        const written = await cacheText(a.response, ctx);
        const fresh = await schemaOf();
        await freshDatabase();

        const old = await openDB<VerifierSchema>(DB_NAME, from, {
          upgrade: (db, oldVersion, _new, tx) => migrate(db, tx, oldVersion, from)
        });
        const history: HistoryRecord[] = [
          {
            at: a.now - 3000,
            source: 'paste',
            kind: 'signed-key',
            status: 'valid',
            genuine: true,
            reason: 'Genuine, and every check passed.'
          },
          {
            at: a.now - 2000,
            source: 'file',
            kind: 'license-file',
            status: 'expired',
            genuine: true,
            label: 'old.lic',
            reason: 'The file expired.'
          },
          {
            at: a.now - 1000,
            source: 'scan',
            kind: 'signed-key',
            status: 'expired',
            genuine: true,
            reason: 'The license expired.'
          }
        ];
        const tx = old.transaction(['cache', 'history', 'meta', 'requests'], 'readwrite');
        await Promise.all([
          tx.objectStore('cache').put(written),
          ...history.map((h) => tx.objectStore('history').add(h)),
          tx.objectStore('meta').put(a.now - 500, 'floor'),
          tx.objectStore('requests').put({
            requestId: 'req-1',
            hardwareId: 'HW-1',
            product: 'demoapp',
            request: 'activation',
            createdAt: a.now - 4000,
            fileName: 'ls_activation.req'
          }),
          tx.done
        ]);
        old.close();

        expect((await openVerifierDb()).version).toBe(DB_VERSION);
        expect(await schemaOf()).toEqual(fresh);
        const read = await readCache(ctx);
        expect(read.tampered).toEqual([]);
        expect(read.entries.map((e) => [e.id, e.status, e.expiresAt])).toEqual([
          [written.id, 'valid', written.expiresAt]
        ]);
        expect((await listHistory()).map((h) => h.at)).toEqual([a.now - 1000, a.now - 2000, a.now - 3000]);
        expect((await listHistory({ status: 'expired' })).map((h) => h.label ?? h.source)).toEqual(['scan', 'old.lic']);
        expect(await readFloor()).toBe(a.now - 500);
        expect(await knownRequests()).toEqual(new Map([['req-1', { hardwareId: 'HW-1' }]]));
      });
    }
  });

  describe('cache lifetime', () => {
    it('counts the TTL from the signed time, not from when it was stored', async () => {
      const a = artifacts();
      const later = await storageContext(a, { now: a.now + 10 * DAY });
      const record = await cacheText(a.longKey, later);
      // Created two days before `now`; the config's TTL is 30 days; the license runs a year.
      expect(record.signedAt).toBe(a.now - 2 * DAY);
      expect(record.expiresAt).toBe(a.now - 2 * DAY + 30 * DAY);
      expect(record.storedAt).toBe(a.now + 10 * DAY);

      const twoDayTtl = await storageContext(a, { config: { cacheTtlSeconds: 2 * 86_400 } });
      const response = await cacheText(a.response, twoDayTtl);
      expect(response.signedAt).toBe(a.now - DAY);
      expect(response.expiresAt).toBe(a.now + DAY);
    });

    it("never runs past the artifact's own expiry", async () => {
      const a = artifacts();
      const ctx = await storageContext(a);
      // License expiry in 5 days, plus the demo config's 3-day grace period.
      expect((await cacheText(a.shortKey, ctx)).expiresAt).toBe(a.now + 8 * DAY);
      // A cached response is good for maxResponseAgeSeconds (7 days) from its signed Date.
      expect((await cacheText(a.response, ctx)).expiresAt).toBe(a.now - DAY + 7 * DAY);
    });

    it('takes the signed time of license files (issued) and proofs (ts)', async () => {
      const a = artifacts();
      const ctx = await storageContext(a);
      const file = await cacheText(a.licenseFile, ctx, { licenseKey: a.licenseKey });
      const proof = await cacheText(a.proof, ctx);
      expect([file.signedAt, proof.signedAt]).toEqual([a.now - DAY, a.now - DAY]);
      expect(proof.expiresAt).toBe(a.now - DAY + 30 * DAY);
    });

    it('stores only genuine, valid results', async () => {
      const a = artifacts();
      const ctx = await storageContext(a);
      for (const text of [a.expiredKey, a.forgedKey]) {
        const result = await cacheVerified(text, await verify(text, ctx), {}, ctx);
        expect(result.stored).toBe(false);
      }
      expect((await readCache(ctx)).entries).toEqual([]);
    });

    it('an encrypted file verifies again with the license key stored beside it, and is found by key, id and fingerprint', async () => {
      const a = artifacts();
      const ctx = await storageContext(a);
      const record = await cacheText(a.licenseFile, ctx, { licenseKey: a.licenseKey });
      const proof = await cacheText(a.proof, ctx);
      // Read in a context without the user's key: the entry brings its own.
      const read = await readCache(ctx);
      const byKind = read.entries.map((e) => [e.kind, e.status, e.secretsStored]).sort();
      expect(byKind).toEqual([
        ['activation-proof', 'valid', false],
        ['license-file', 'valid', true]
      ]);
      expect((await lookupCache(` ${a.licenseKey} `, ctx)).entries.map((e) => e.id)).toEqual([record.id]);
      expect((await lookupCache(record.licenseId!, ctx)).entries.map((e) => e.id)).toEqual([record.id]);
      expect((await lookupCache(proof.fingerprint!, ctx)).entries.map((e) => e.id)).toEqual([proof.id]);
      expect((await lookupCache('NOT-A-KEY', ctx)).entries).toEqual([]);
    });

    it('past its lifetime an entry reads as expired, and purging removes exactly those', async () => {
      const a = artifacts();
      const ctx = await storageContext(a);
      const long = await cacheText(a.longKey, ctx); // until now + 28 days
      const short = await cacheText(a.shortKey, ctx); // until now + 8 days
      const response = await cacheText(a.response, ctx); // until now + 6 days

      const later = { ...ctx, now: a.now + 7 * DAY };
      const read = await readCache(later);
      expect(read.entries.map((e) => [e.id, e.status, e.expired, e.timeLeftMs])).toEqual([
        [response.id, 'expired', true, -DAY],
        [short.id, 'valid', false, DAY],
        [long.id, 'valid', false, 21 * DAY]
      ]);
      expect(await purgeExpired(later.now)).toBe(1);
      expect((await readCache(later)).entries.map((e) => e.id)).toEqual([short.id, long.id]);
      expect(await purgeExpired(later.now)).toBe(0);
    });

    it('a device clock set back behind the time floor reads every entry as clock-tampered', async () => {
      const a = artifacts();
      const ctx = await storageContext(a);
      await cacheText(a.longKey, ctx);
      const setBack = await readCache({ ...ctx, now: a.now - DAY, floor: a.now });
      expect(setBack.entries.map((e) => e.status)).toEqual(['clock-tampered']);
      expect(setBack.tampered).toEqual([]);
      const withinTolerance = await readCache({ ...ctx, now: a.now - 4 * 60_000, floor: a.now });
      expect(withinTolerance.entries.map((e) => e.status)).toEqual(['valid']);
    });
  });

  describe('tampering', () => {
    const cases: [string, (r: CacheRecord) => CacheRecord, RegExp][] = [
      ['its text is changed', (r) => ({ ...r, text: changeMiddle(r.text) }), /text was changed/],
      [
        'its expiry is pushed out',
        (r) => ({ ...r, expiresAt: r.expiresAt + 365 * DAY }),
        /^The stored expiry does not match/
      ],
      [
        'its signed time is moved',
        (r) => ({ ...r, signedAt: r.signedAt + DAY, expiresAt: r.expiresAt + DAY }),
        /^The stored signed time, expiry do not match/
      ],
      [
        'its license id is changed',
        (r) => ({ ...r, licenseId: 'another-license' }),
        /^The stored license ID does not match/
      ],
      ['it is not a record at all', (r) => ({ id: r.id }) as CacheRecord, /not an entry this app wrote/]
    ];

    async function expectTampered(ctx: VerifyContext, keep: CacheRecord, victimId: string, reason: RegExp) {
      const read = await readCache(ctx);
      expect(read.entries.map((e) => e.id)).toEqual([keep.id]);
      expect(read.tampered.map((t) => t.id)).toEqual([victimId]);
      expect(read.tampered[0]!.reason).toMatch(reason);
      // Deleted: the next read is clean.
      expect(await readCache(ctx)).toEqual({ entries: [expect.objectContaining({ id: keep.id })], tampered: [] });
    }

    for (const [what, edit, reason] of cases) {
      it(`reports and deletes an entry when ${what}`, async () => {
        const a = artifacts();
        const ctx = await storageContext(a);
        const keep = await cacheText(a.response, ctx);
        const victim = await cacheText(a.longKey, ctx);
        await editRecord(victim.id, edit);
        await expectTampered(ctx, keep, victim.id, reason);
      });
    }

    it('reports and deletes an entry whose text was replaced by a forgery under a matching id', async () => {
      const a = artifacts();
      const ctx = await storageContext(a);
      const keep = await cacheText(a.response, ctx);
      const victim = await cacheText(a.longKey, ctx);
      const id = await entryId(a.forgedKey);
      await editRecord(victim.id, (r) => ({ ...r, id, text: a.forgedKey }));
      await expectTampered(ctx, keep, id, /^Not genuine/);
    });

    it('a lookup through a forged index value reports the entry as tampered', async () => {
      const a = artifacts();
      const ctx = await storageContext(a);
      const record = await cacheText(a.longKey, ctx);
      await editRecord(record.id, (r) => ({ ...r, licenseId: 'forged-id' }));
      const read = await lookupCache('forged-id', ctx);
      expect(read.entries).toEqual([]);
      expect(read.tampered.map((t) => t.id)).toEqual([record.id]);
    });
  });

  describe('export and import', () => {
    it('round-trips every entry, with its secrets, through a versioned file', async () => {
      const a = artifacts();
      const ctx = await storageContext(a);
      await cacheText(a.longKey, ctx);
      await cacheText(a.response, ctx);
      await cacheText(a.licenseFile, ctx, { licenseKey: a.licenseKey });
      const before = await readCache(ctx);
      const file = await exportCache(a.now);
      const doc = JSON.parse(file) as { format: string; exportedAt: string; entries: unknown[] };
      expect(doc.format).toBe('offline-verifier-cache/1');
      expect(doc.exportedAt).toBe(new Date(a.now).toISOString());
      expect(doc.entries).toHaveLength(3);

      await freshDatabase();
      const later = { ...ctx, now: a.now + DAY };
      expect(await importCache(file, later)).toEqual({ imported: 3, refused: [] });
      const after = await readCache(later);
      const shape = (e: (typeof before.entries)[number]) => [e.id, e.kind, e.signedAt, e.expiresAt, e.secretsStored];
      expect(after.entries.map(shape)).toEqual(before.entries.map(shape));
      expect(after.entries.every((e) => e.status === 'valid')).toBe(true);
      // The imported signed times were verified here: the floor moved up to the newest.
      expect(await readFloor()).toBe(a.now - DAY);
    });

    it('refuses a tampered export entry by entry and imports the rest', async () => {
      const a = artifacts();
      const ctx = await storageContext(a);
      await cacheText(a.longKey, ctx);
      await cacheText(a.response, ctx);
      await cacheText(a.licenseFile, ctx, { licenseKey: a.licenseKey });
      const doc = JSON.parse(await exportCache(a.now)) as { entries: Record<string, unknown>[] };
      const byKind = (kind: string) => doc.entries.find((e) => e.kind === kind)!;
      const key = byKind('signed-key');
      const response = byKind('keygen-response');
      const file = byKind('license-file');
      const entries: unknown[] = [
        { ...key, text: changeMiddle(key.text as string) }, // 0: forged
        response, // 1: good
        { ...file, secrets: { licenseKey: 'WRONG-KEY' } }, // 2: cannot decrypt
        { ...response, kind: 'license-file' }, // 3: mislabelled
        'key/abc', // 4: not an entry
        { kind: 'signed-key', text: a.expiredKey }, // 5: genuine but expired
        response, // 6: repeated
        file // 7: good
      ];
      await freshDatabase();
      const result = await importCache(JSON.stringify({ ...doc, entries }), ctx);
      expect(result.imported).toBe(2);
      expect(result.refused.map((r) => r.index)).toEqual([0, 2, 3, 4, 5, 6]);
      const reason = (index: number) => result.refused.find((r) => r.index === index)!.reason;
      expect(reason(0)).toMatch(/^Not genuine/);
      expect(reason(2)).toMatch(/not valid now/);
      expect(reason(3)).toMatch(/labelled license-file but is a keygen-response/);
      expect(reason(4)).toMatch(/not an entry/);
      expect(reason(5)).toMatch(/expired/);
      expect(reason(6)).toMatch(/repeats/);
      expect((await readCache(ctx)).entries.map((e) => e.kind).sort()).toEqual(['keygen-response', 'license-file']);
    });

    it('refuses an entry whose lifetime ended before the import', async () => {
      const a = artifacts();
      const ctx = await storageContext(a);
      await cacheText(a.response, ctx);
      const file = await exportCache(a.now);
      await freshDatabase();
      const result = await importCache(file, { ...ctx, now: a.now + 10 * DAY });
      expect(result.imported).toBe(0);
      expect(result.refused).toHaveLength(1);
    });

    it('a file that is not an export is refused as a whole', async () => {
      const a = artifacts();
      const ctx = await storageContext(a);
      for (const text of [
        '',
        '{"format":"something-else/1","entries":[]}',
        a.longKey,
        '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'
      ]) {
        await expect(importCache(text, ctx)).rejects.toThrow(VerifyError);
      }
      expect((await readCache(ctx)).entries).toEqual([]);
    });
  });
}
