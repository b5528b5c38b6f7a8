/**
 * Keeps the screen on while the kiosk is visible. The browser releases a wake lock whenever the
 * page is hidden (and may on low battery); this asks again as soon as it is visible, and retries a
 * refused request now and then, so a kiosk left for weeks does not go dark.
 */

/** The parts of the Screen Wake Lock API used here (`navigator.wakeLock`, its sentinel). */
export interface WakeLockSentinelLike extends EventTarget {
  readonly released: boolean;
  release(): Promise<void>;
}
export interface WakeLockLike {
  request(type: 'screen'): Promise<WakeLockSentinelLike>;
}
/** `document`: its visibility and the `visibilitychange` event. */
export interface VisibilityLike extends EventTarget {
  readonly visibilityState: DocumentVisibilityState;
}

export const WAKE_LOCK_RETRY_MS = 30_000;

/**
 * Holds a screen wake lock while `doc` is visible; `onChange` hears whether it is held. Returns
 * the function that lets go for good. Without the API (older browsers) it does nothing.
 */
export function keepScreenAwake(
  wakeLock: WakeLockLike | undefined,
  doc: VisibilityLike,
  onChange: (held: boolean) => void = () => undefined
): () => void {
  if (!wakeLock) return () => undefined;
  const api = wakeLock;
  let sentinel: WakeLockSentinelLike | undefined;
  let requesting = false;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const onRelease = () => {
    sentinel?.removeEventListener('release', onRelease);
    sentinel = undefined;
    onChange(false);
    acquire();
  };

  function acquire() {
    if (stopped || sentinel || requesting || doc.visibilityState !== 'visible') return;
    clearTimeout(retry);
    requesting = true;
    api.request('screen').then(
      (granted) => {
        requesting = false;
        if (stopped) return void granted.release().catch(() => undefined);
        sentinel = granted;
        granted.addEventListener('release', onRelease);
        onChange(true);
      },
      () => {
        requesting = false;
        if (!stopped) retry = setTimeout(acquire, WAKE_LOCK_RETRY_MS);
      }
    );
  }

  doc.addEventListener('visibilitychange', acquire);
  acquire();
  return () => {
    stopped = true;
    clearTimeout(retry);
    doc.removeEventListener('visibilitychange', acquire);
    const held = sentinel;
    sentinel = undefined;
    held?.removeEventListener('release', onRelease);
    void held?.release().catch(() => undefined);
  };
}
