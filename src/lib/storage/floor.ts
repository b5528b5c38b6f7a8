/**
 * The time floor: the newest of every wall-clock reading and every signed time this device has
 * verified. It only moves forward; a device clock well behind it (the core allows five minutes)
 * was set back, and the verdict says `clock-tampered`.
 */
import { commit, withDb } from './db';

const FLOOR_KEY = 'floor';

const asTime = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** The floor in ms, or undefined before anything was recorded. */
export async function readFloor(): Promise<number | undefined> {
  return asTime(await withDb((db) => db.get('meta', FLOOR_KEY)));
}

/** Raises the floor to `ms` if that is newer, in one transaction; returns the floor. */
export async function raiseFloor(ms: number): Promise<number | undefined> {
  return withDb(async (db) => {
    const tx = db.transaction('meta', 'readwrite');
    return commit(tx, async () => {
      const current = asTime(await tx.store.get(FLOOR_KEY));
      if (!Number.isFinite(ms) || (current !== undefined && ms <= current)) return current;
      await tx.store.put(ms, FLOOR_KEY);
      return ms;
    });
  });
}
