import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestPersistence } from './persist';

function withStorage(storage: Partial<StorageManager> | undefined) {
  vi.stubGlobal('navigator', storage === undefined ? {} : { storage });
}

afterEach(() => vi.unstubAllGlobals());

describe('persistent storage', () => {
  it('is granted without asking again when already persisted', async () => {
    const persist = vi.fn(async () => false);
    withStorage({ persisted: async () => true, persist });
    expect(await requestPersistence()).toBe('granted');
    expect(persist).not.toHaveBeenCalled();
  });

  it("asks, and reports the browser's answer", async () => {
    withStorage({ persisted: async () => false, persist: async () => true });
    expect(await requestPersistence()).toBe('granted');
    withStorage({ persisted: async () => false, persist: async () => false });
    expect(await requestPersistence()).toBe('denied');
  });

  it('is unsupported without the API, or when the API refuses every call', async () => {
    withStorage(undefined);
    expect(await requestPersistence()).toBe('unsupported');
    withStorage({
      persisted: async () => {
        throw new DOMException('not allowed', 'NotAllowedError');
      },
      persist: async () => true
    });
    expect(await requestPersistence()).toBe('unsupported');
  });
});
