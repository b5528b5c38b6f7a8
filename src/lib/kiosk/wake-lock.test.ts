import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepScreenAwake, WAKE_LOCK_RETRY_MS, type WakeLockSentinelLike } from './wake-lock';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

class FakeSentinel extends EventTarget implements WakeLockSentinelLike {
  released = false;
  async release() {
    if (this.released) return;
    this.released = true;
    this.dispatchEvent(new Event('release'));
  }
}

class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
  set(state: DocumentVisibilityState) {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

/** A wake lock API that grants (or refuses) requests and keeps what it granted. */
function fakeWakeLock() {
  const granted: FakeSentinel[] = [];
  let refuse = false;
  const api = {
    granted,
    request: vi.fn(async (type: 'screen') => {
      expect(type).toBe('screen');
      if (refuse) throw new DOMException('not allowed', 'NotAllowedError');
      const sentinel = new FakeSentinel();
      granted.push(sentinel);
      return sentinel;
    }),
    refuse(on: boolean) {
      refuse = on;
    },
    /** The browser releases the lock (the page was hidden, the battery is low). */
    async systemRelease() {
      await granted.at(-1)?.release();
    }
  };
  return api;
}

const held = (api: ReturnType<typeof fakeWakeLock>) => api.granted.filter((s) => !s.released).length;

describe('screen wake lock keeper', () => {
  it('holds the lock while visible and asks again when the page is visible after being hidden', async () => {
    const api = fakeWakeLock();
    const doc = new FakeDocument();
    const changes: boolean[] = [];
    keepScreenAwake(api, doc, (on) => changes.push(on));
    await vi.waitFor(() => expect(held(api)).toBe(1));

    doc.set('hidden');
    await api.systemRelease();
    expect(held(api)).toBe(0);
    expect(api.request).toHaveBeenCalledTimes(1);

    doc.set('visible');
    await vi.waitFor(() => expect(held(api)).toBe(1));
    expect(api.request).toHaveBeenCalledTimes(2);
    expect(changes).toEqual([true, false, true]);
  });

  it('asks again at once when the browser releases it while visible', async () => {
    const api = fakeWakeLock();
    keepScreenAwake(api, new FakeDocument());
    await vi.waitFor(() => expect(held(api)).toBe(1));
    await api.systemRelease();
    await vi.waitFor(() => expect(held(api)).toBe(1));
    expect(api.request).toHaveBeenCalledTimes(2);
  });

  it('retries a refused request later instead of giving up', async () => {
    const api = fakeWakeLock();
    api.refuse(true);
    keepScreenAwake(api, new FakeDocument());
    await vi.waitFor(() => expect(api.request).toHaveBeenCalledTimes(1));
    api.refuse(false);
    await vi.advanceTimersByTimeAsync(WAKE_LOCK_RETRY_MS - 1);
    expect(api.request).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(held(api)).toBe(1));
  });

  it('does not ask while hidden, and lets go for good when stopped', async () => {
    const api = fakeWakeLock();
    const doc = new FakeDocument();
    doc.visibilityState = 'hidden';
    const stop = keepScreenAwake(api, doc);
    expect(api.request).not.toHaveBeenCalled();
    doc.set('visible');
    await vi.waitFor(() => expect(held(api)).toBe(1));
    stop();
    await vi.waitFor(() => expect(held(api)).toBe(0));
    doc.set('hidden');
    doc.set('visible');
    await vi.advanceTimersByTimeAsync(WAKE_LOCK_RETRY_MS);
    expect(api.request).toHaveBeenCalledTimes(1);
  });

  it('a lock granted after stopping is released at once', async () => {
    const api = fakeWakeLock();
    const stop = keepScreenAwake(api, new FakeDocument());
    stop();
    await vi.waitFor(() => expect(api.granted).toHaveLength(1));
    await vi.waitFor(() => expect(held(api)).toBe(0));
  });

  it('without the API it does nothing', () => {
    expect(() => keepScreenAwake(undefined, new FakeDocument())()).not.toThrow();
  });
});
