/**
 * The app's one IndexedDB database. The schema only moves forward through `MIGRATIONS`, each run
 * in the upgrade transaction for every version between the stored one and `DB_VERSION`, so a
 * device that skipped releases upgrades step by step without losing data.
 *
 * Several tabs share the database: a tab whose connection blocks another tab's upgrade closes it
 * at once and tells its screens; writes are announced on a BroadcastChannel so every tab's views
 * refresh.
 */
import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type OpenDBCallbacks,
  type StoreNames
} from 'idb';
import type { ArtifactKind, Status } from '../core/verdict';
import { storageUnavailable, toStorageError } from './errors';

export const DB_NAME = 'offline-verifier';
export const CHANNEL_NAME = 'offline-verifier';

/** What a cached entry needs besides its text to verify again: the secrets that decrypt or bind it. */
export interface CacheSecrets {
  licenseKey?: string;
  fingerprint?: string;
}

/**
 * A verified artifact, kept as the signed text it arrived as. Every number and name here besides
 * `text`, `secrets` and `storedAt` is derived from a verdict; a read derives them again from a fresh
 * verdict and treats any difference as tampering.
 */
export interface CacheRecord {
  /** Lower-case hex SHA-256 of the UTF-8 `text`. */
  id: string;
  text: string;
  kind: ArtifactKind;
  secrets?: CacheSecrets;
  /** When this device stored it (ms); shown, never used for the lifetime. */
  storedAt: number;
  /** The artifact's own signed time (ms): response `Date`, file `issued`, proof `ts`, key `created`. */
  signedAt: number;
  /** End of the cache lifetime (ms): signed time + TTL, capped by the artifact's own expiry. */
  expiresAt: number;
  /** The lifetime settings `expiresAt` was derived with, so a new build's settings are told from tampering. */
  policy: string;
  licenseKey?: string;
  fingerprint?: string;
  licenseId?: string;
}

export type HistorySource = 'paste' | 'scan' | 'file' | 'link';

/** One verification as history keeps it: no artifact, license keys masked. */
export interface HistoryRecord {
  /** Assigned by the store, in insertion order. */
  id?: number;
  at: number;
  source: HistorySource;
  kind: ArtifactKind;
  status: Status;
  genuine: boolean;
  /** What was checked, as the user would name it (a file name, a sample), masked. */
  label?: string;
  /** The license key, masked. */
  key?: string;
  reason: string;
}

/** A LicenseSpring request composed on this device, to match the `.lic` answer to it. */
export interface RequestRecord {
  requestId: string;
  hardwareId: string;
  product: string;
  request: 'activation' | 'deactivation';
  createdAt: number;
  fileName: string;
}

export interface VerifierSchema extends DBSchema {
  cache: {
    key: string;
    value: CacheRecord;
    indexes: { expiresAt: number; licenseKey: string; fingerprint: string; licenseId: string };
  };
  history: {
    key: number;
    value: HistoryRecord;
    indexes: { at: number; status: [Status, number] };
  };
  /** Key-value: `floor` (ms), `deviceId`, settings. */
  meta: { key: string; value: unknown };
  requests: { key: string; value: RequestRecord };
}

export type StoreName = StoreNames<VerifierSchema>;
export type VerifierDb = IDBPDatabase<VerifierSchema>;
type UpgradeTransaction = IDBPTransaction<VerifierSchema, StoreName[], 'versionchange'>;
type Migration = (db: VerifierDb, tx: UpgradeTransaction) => void;

/** `MIGRATIONS[n]` upgrades a database at version n to n + 1. Append only; never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  // 0 → 1: the stores.
  (db) => {
    const cache = db.createObjectStore('cache', { keyPath: 'id' });
    cache.createIndex('expiresAt', 'expiresAt');
    cache.createIndex('licenseKey', 'licenseKey');
    cache.createIndex('fingerprint', 'fingerprint');
    cache.createIndex('licenseId', 'licenseId');
    db.createObjectStore('history', { autoIncrement: true, keyPath: 'id' }).createIndex('at', 'at');
    db.createObjectStore('meta');
    db.createObjectStore('requests', { keyPath: 'requestId' });
  },
  // 1 → 2: History filtered by status, newest first, without reading every entry (the cap can be
  // 100,000). IndexedDB fills a new index from the records already stored: that is the backfill.
  (_db, tx) => {
    tx.objectStore('history').createIndex('status', ['status', 'at']);
  }
];

export const DB_VERSION = MIGRATIONS.length;

/** Runs the migrations from version `from` up to `to` inside the upgrade transaction. */
export function migrate(db: VerifierDb, tx: UpgradeTransaction, from: number, to: number): void {
  for (let version = from; version < to; version++) MIGRATIONS[version]!(db, tx);
}

export type DatabaseEvent =
  /** A store changed, here or in another tab. */
  | { type: 'changed'; store: StoreName }
  /** This tab's connection was closed: another tab upgraded, or the browser dropped the data. */
  | { type: 'closed' }
  /** An upgrade waits for other tabs to close their connections. */
  | { type: 'blocked' };

type Listener = (event: DatabaseEvent) => void;

const listeners = new Set<Listener>();
let channel: BroadcastChannel | null | undefined;

function emit(event: DatabaseEvent): void {
  for (const listener of listeners) listener(event);
}

function broadcastChannel(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
    channel?.addEventListener('message', (message: MessageEvent<DatabaseEvent>) => {
      if (message.data?.type === 'changed') emit(message.data);
    });
  }
  return channel;
}

/** Calls `listener` on every storage event of this tab and every change made in another. Returns the unsubscribe. */
export function onDatabaseEvent(listener: Listener): () => void {
  broadcastChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * A view of one store: `reload` when it changes here or in another tab, `problem` with a sentence
 * to show when another tab's upgrade closed this connection or waits for this tab. Returns the
 * unsubscribe.
 */
export function watchStore(store: StoreName, reload: () => void, problem: (sentence: string) => void): () => void {
  return onDatabaseEvent((event) => {
    if (event.type === 'changed' && event.store === store) reload();
    if (event.type === 'closed') problem(`The app was updated in another tab. Reload this tab to see the ${store}.`);
    if (event.type === 'blocked')
      problem("Updating the app's stored data waits for its other tabs: close or reload them.");
  });
}

/** Tells this tab's views and every other tab that `store` changed. */
export function announce(store: StoreName): void {
  const event: DatabaseEvent = { type: 'changed', store };
  emit(event);
  broadcastChannel()?.postMessage(event);
}

let connection: Promise<VerifierDb> | undefined;

function forget(): void {
  connection = undefined;
  emit({ type: 'closed' });
}

/** The shared connection, opened (and upgraded) on first use. Rejects with a `StorageError`. */
export function openVerifierDb(): Promise<VerifierDb> {
  if (connection) return connection;
  if (typeof indexedDB === 'undefined') return Promise.reject(storageUnavailable());
  const callbacks: OpenDBCallbacks<VerifierSchema> = {
    upgrade: (db, oldVersion, newVersion, tx) => migrate(db, tx, oldVersion, newVersion ?? DB_VERSION),
    blocked: () => emit({ type: 'blocked' }),
    // Another tab wants a newer schema: let it proceed. The next use here reopens and, being the
    // older code, is told to reload.
    blocking: (_current, _blocked, event) => {
      (event.target as IDBDatabase).close();
      forget();
    },
    terminated: forget
  };
  // Async, because some browsers refuse by throwing from `indexedDB.open` itself.
  const opening = (async () => openDB<VerifierSchema>(DB_NAME, DB_VERSION, callbacks))().catch((err: unknown) => {
    connection = undefined;
    throw toStorageError(err, true);
  });
  connection = opening;
  return opening;
}

/** Closes the shared connection (the next use opens a new one). */
export async function closeVerifierDb(): Promise<void> {
  const current = connection;
  connection = undefined;
  if (current) (await current.catch(() => undefined))?.close();
}

/**
 * Runs `work` in `tx` and waits for the commit. Any failure aborts the transaction, so either all
 * of its writes land or none do: IndexedDB itself aborts only on a failed request, not when code
 * throws midway.
 */
export async function commit<T>(tx: { abort(): void; done: Promise<void> }, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    await tx.done;
    return result;
  } catch (err) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request, or already committed.
    }
    await tx.done.catch(() => undefined);
    throw err;
  }
}

/** Runs `work` on the database; every failure comes out as a `StorageError`. */
export async function withDb<T>(work: (db: VerifierDb) => Promise<T>): Promise<T> {
  const db = await openVerifierDb();
  try {
    return await work(db);
  } catch (err) {
    throw toStorageError(err);
  }
}
