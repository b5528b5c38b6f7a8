/**
 * History of verifications: what was checked, when, how and the verdict. It never keeps the
 * artifact, and license keys are masked before anything is written. Capped (oldest dropped in the
 * same transaction), clearable, and off entirely when the config says so (kiosks).
 */
import type { VerifierConfig } from '../core/config';
import type { ArtifactKind, Status } from '../core/verdict';
import { maskKey } from '../core/mask';
import { announce, commit, withDb, type HistoryRecord, type HistorySource } from './db';

export type HistorySettings = VerifierConfig['history'];

export interface HistoryInput {
  at: number;
  source: HistorySource;
  kind: ArtifactKind;
  status: Status;
  genuine: boolean;
  reason: string;
  /** What the user would call it: a file name, a sample's name. */
  label?: string;
  /** The license key involved, stored masked and masked wherever else it appears. */
  licenseKey?: string;
}

export interface HistoryFilter {
  status?: Status;
  /** At most this many, newest first. */
  limit?: number;
}

function masked(input: HistoryInput): HistoryRecord {
  const key = input.licenseKey?.trim();
  const hide = (text: string) => (key ? text.replaceAll(key, maskKey(key)) : text);
  const record: HistoryRecord = {
    at: input.at,
    source: input.source,
    kind: input.kind,
    status: input.status,
    genuine: input.genuine,
    reason: hide(input.reason)
  };
  if (input.label) record.label = hide(input.label);
  if (key) record.key = maskKey(key);
  return record;
}

/** Adds one verification; returns what was stored, or undefined when history is off. */
export async function recordHistory(
  input: HistoryInput,
  settings: HistorySettings
): Promise<HistoryRecord | undefined> {
  if (!settings.enabled) return undefined;
  const record = masked(input);
  await withDb(async (db) => {
    const tx = db.transaction('history', 'readwrite');
    await commit(tx, async () => {
      record.id = await tx.store.add(record);
      let excess = (await tx.store.count()) - settings.limit;
      // Keys grow with every insertion, so the first ones are the oldest whatever the clock said.
      for (let cursor = await tx.store.openCursor(); cursor && excess > 0; cursor = await cursor.continue(), excess--)
        await cursor.delete();
    });
  });
  announce('history');
  return record;
}

/** Verifications newest first, optionally of one status. */
export async function listHistory(filter: HistoryFilter = {}): Promise<HistoryRecord[]> {
  const limit = filter.limit ?? Infinity;
  return withDb(async (db) => {
    const tx = db.transaction('history');
    const records: HistoryRecord[] = [];
    const cursorFor = () =>
      filter.status === undefined
        ? tx.store.index('at').openCursor(null, 'prev')
        : tx.store
            .index('status')
            .openCursor(IDBKeyRange.bound([filter.status, -Infinity], [filter.status, Infinity]), 'prev');
    for (let cursor = await cursorFor(); cursor && records.length < limit; cursor = await cursor.continue())
      records.push(cursor.value);
    await tx.done;
    return records;
  });
}

export async function clearHistory(): Promise<void> {
  await withDb(async (db) => {
    const tx = db.transaction('history', 'readwrite');
    await commit(tx, () => tx.store.clear());
  });
  announce('history');
}
