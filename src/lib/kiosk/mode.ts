/**
 * Kiosk mode holds the browser tab: once in it, every other screen leads back to the kiosk until
 * the exit gesture or PIN releases it. The lock lives in the tab's session storage, so reloads and
 * typed addresses keep it, and a restarted browser starts as the config says.
 */

export const KIOSK_PATH = '/kiosk';

const STORAGE_KEY = 'offline-verifier:kiosk';

type LockState = 'locked' | 'released';

/** The part of `Storage` the lock uses. */
export interface LockStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function read(storage: LockStorage): LockState | undefined {
  const value = storage.getItem(STORAGE_KEY);
  return value === 'locked' || value === 'released' ? value : undefined;
}

const isKioskPath = (pathname: string) => pathname.replace(/\/+$/, '') === KIOSK_PATH;

/**
 * Where the tab must go instead of `pathname`, or undefined to stay. Arriving at the kiosk locks
 * the tab; a tab that has not decided yet is locked when the config starts in kiosk mode.
 */
export function kioskRedirect(pathname: string, storage: LockStorage, startInKiosk: boolean): string | undefined {
  const state = read(storage) ?? (startInKiosk ? 'locked' : 'released');
  if (isKioskPath(pathname) || state === 'locked') storage.setItem(STORAGE_KEY, 'locked');
  return state === 'locked' && !isKioskPath(pathname) ? KIOSK_PATH : undefined;
}

/** The exit gesture or PIN succeeded: the tab is free, even when the config starts in kiosk mode. */
export function releaseKiosk(storage: LockStorage): void {
  storage.setItem(STORAGE_KEY, 'released');
}

/**
 * This tab's session storage, or a stand-in kept in memory where storage is blocked: the lock then
 * lasts until a reload instead of failing open mid-session.
 */
export function tabStorage(): LockStorage {
  try {
    const storage = globalThis.sessionStorage;
    storage.getItem(STORAGE_KEY);
    return storage;
  } catch {
    return memoryStorage;
  }
}

const memory = new Map<string, string>();
const memoryStorage: LockStorage = {
  getItem: (key) => memory.get(key) ?? null,
  setItem: (key, value) => void memory.set(key, value)
};
