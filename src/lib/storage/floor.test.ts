import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { verify } from '../core/verify';
import { openVerifierDb } from './db';
import { raiseFloor, readFloor } from './floor';
import { freshDatabase, storageContext } from '../../../tests/support/storage-cases';
import { mintStorageArtifacts } from '../../../tests/support/test-artifacts';

const a = mintStorageArtifacts();
const HOUR = 3_600_000;

beforeEach(freshDatabase);

describe('time floor', () => {
  it('starts empty and only ever moves forward', async () => {
    expect(await readFloor()).toBeUndefined();
    expect(await raiseFloor(2000)).toBe(2000);
    expect(await raiseFloor(1000)).toBe(2000);
    expect(await raiseFloor(Number.NaN)).toBe(2000);
    expect(await raiseFloor(3000)).toBe(3000);
    expect(await readFloor()).toBe(3000);
  });

  it('replaces a stored value that is not a time', async () => {
    const db = await openVerifierDb();
    await db.put('meta', 'tomorrow', 'floor');
    expect(await readFloor()).toBeUndefined();
    expect(await raiseFloor(5)).toBe(5);
  });

  it('a device clock more than 5 minutes behind the floor gives clock-tampered', async () => {
    await raiseFloor(a.now);
    const floor = await readFloor();
    const at = async (now: number) => (await verify(a.longKey, await storageContext(a, { now, floor }))).status;
    expect(await at(a.now - HOUR)).toBe('clock-tampered');
    expect(await at(a.now - 6 * 60_000)).toBe('clock-tampered');
    expect(await at(a.now - 4 * 60_000)).toBe('valid');
    expect(await at(a.now + HOUR)).toBe('valid');
  });
});
