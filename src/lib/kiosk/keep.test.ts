import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { verify } from '../core/verify';
import { readCache } from '../storage/cache';
import { readFloor } from '../storage/floor';
import { listHistory } from '../storage/history';
import { freshDatabase, storageContext } from '../../../tests/support/storage-cases';
import { mintStorageArtifacts } from '../../../tests/support/test-artifacts';
import { keepKioskScan } from './keep';

const a = mintStorageArtifacts();

beforeEach(freshDatabase);

async function scan(text: string, history: { enabled: boolean }) {
  const ctx = await storageContext(a, { config: { history } });
  const verdict = await verify(text, ctx);
  await keepKioskScan(text, verdict, ctx);
  return ctx;
}

describe('what a kiosk keeps of a scan', () => {
  it('with history on: a masked history entry and the time floor, but nothing in the cache', async () => {
    const ctx = await scan(a.longKey, { enabled: true });
    const [entry, ...rest] = await listHistory();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ source: 'scan', kind: 'signed-key', status: 'valid', genuine: true });
    expect(entry!.key).toMatch(/^key\/•+.{4}$/);
    expect(JSON.stringify(entry)).not.toContain(a.longKey.slice(4, 40));
    expect(await readFloor()).toBe(a.now);
    expect((await readCache(ctx)).entries).toEqual([]);
  });

  it('with history off: only the time floor', async () => {
    const ctx = await scan(a.longKey, { enabled: false });
    expect(await listHistory()).toEqual([]);
    expect(await readFloor()).toBe(a.now);
    expect((await readCache(ctx)).entries).toEqual([]);
  });

  it('a forgery is recorded as not genuine, its claimed times ignored', async () => {
    await scan(a.forgedKey, { enabled: true });
    expect(await listHistory()).toMatchObject([{ status: 'invalid', genuine: false }]);
    expect(await readFloor()).toBe(a.now);
  });
});
