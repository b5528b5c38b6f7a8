/**
 * Typed storage failures, each with a sentence the screen can show as it is. A failed write is a
 * failed transaction and nothing else: what was stored before stays stored.
 */
export type StorageErrorCode =
  /** The device or the browser's share of it is full. */
  | 'quota'
  /** No IndexedDB: private browsing, storage switched off, or a browser without it. */
  | 'unavailable'
  /** Another tab runs a newer version of the app, which changed the stored data. */
  | 'version'
  /** Anything else that made a transaction fail. */
  | 'failed';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string) {
    super(message);
    this.name = 'StorageError';
    this.code = code;
  }
}

const NOTHING_LOST = 'Nothing stored before was lost.';

const MESSAGES: Record<Exclude<StorageErrorCode, 'failed'>, string> = {
  quota: `This device has no room left for the app's data, so this was not saved. ${NOTHING_LOST} Purge expired cache entries or free some space.`,
  unavailable:
    'This browser does not let the app store anything here (private browsing, or site data switched off), so the cache and history are off. Verifying still works.',
  version:
    'A newer version of this app, open in another tab, has updated the stored data. Reload this tab to keep using it.'
};

const failed = (name: string) =>
  `The app's data could not be saved or read${name ? ` (${name})` : ''}. ${NOTHING_LOST}`;

// How private modes and disabled site data refuse to open a database.
const REFUSALS = new Set(['InvalidStateError', 'SecurityError', 'NotAllowedError', 'UnknownError']);

function codeOf(name: string, opening: boolean): StorageErrorCode {
  if (name === 'QuotaExceededError') return 'quota';
  if (name === 'VersionError') return 'version';
  if (opening && REFUSALS.has(name)) return 'unavailable';
  return 'failed';
}

/** Any failure of an IndexedDB call (`opening`: of opening the database) as a `StorageError`. */
export function toStorageError(err: unknown, opening = false): StorageError {
  if (err instanceof StorageError) return err;
  const name = typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string' ? err.name : '';
  const code = codeOf(name, opening);
  return new StorageError(code, code === 'failed' ? failed(name) : MESSAGES[code]);
}

export const storageUnavailable = (): StorageError => new StorageError('unavailable', MESSAGES.unavailable);
