/**
 * Persistent storage: without it the browser may evict the cache and the time floor under storage
 * pressure. Chromium grants it silently to installed or much-used apps; Firefox asks the user.
 */
export type Persistence = 'granted' | 'denied' | 'unsupported';

export async function requestPersistence(): Promise<Persistence> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.persist || !storage.persisted) return 'unsupported';
  try {
    if (await storage.persisted()) return 'granted';
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    // Some WebViews expose the API but refuse every call.
    return 'unsupported';
  }
}
