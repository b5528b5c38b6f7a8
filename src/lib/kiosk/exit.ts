/**
 * Leaving kiosk mode: a press held for the configured seconds, or the configured PIN. Both keep a
 * passing visitor out; neither is a secret from someone holding the device (see KioskConfig).
 */

export interface HoldToExit {
  press(): void;
  /** Letting go (or the pointer leaving) before the time is up starts over. */
  release(): void;
  stop(): void;
}

/** How often a held press reports its progress, for a ring that fills smoothly enough. */
const PROGRESS_STEP_MS = 100;

/**
 * Calls `onProgress` with 0…1 while held, and `onExit` once the press has lasted `holdMs`.
 * `now` is a monotonic clock in ms.
 */
export function createHoldToExit(
  holdMs: number,
  events: { onProgress: (fraction: number) => void; onExit: () => void },
  now: () => number = () => performance.now()
): HoldToExit {
  let startedAt: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    startedAt = undefined;
  };
  const step = () => {
    if (startedAt === undefined) return;
    const held = now() - startedAt;
    if (held >= holdMs) {
      cancel();
      events.onProgress(1);
      events.onExit();
      return;
    }
    events.onProgress(held / holdMs);
    timer = setTimeout(step, Math.min(PROGRESS_STEP_MS, holdMs - held));
  };

  return {
    press() {
      // A key held down repeats its keydown: the press is already running.
      if (startedAt !== undefined) return;
      startedAt = now();
      step();
    },
    release() {
      if (startedAt === undefined) return;
      cancel();
      events.onProgress(0);
    },
    stop: cancel
  };
}

export type PinOutcome =
  | { outcome: 'open' }
  | { outcome: 'wrong'; triesLeft: number }
  /** Too many wrong PINs: nothing is accepted for `seconds`. */
  | { outcome: 'wait'; seconds: number };

export interface PinLock {
  enter(pin: string): PinOutcome;
  /** Seconds until PINs are accepted again; 0 when they are. */
  waitSeconds(): number;
}

export interface PinLockOptions {
  tries: number;
  lockoutMs: number;
  /** Wall or monotonic clock in ms. */
  now: () => number;
}

/** Five wrong PINs, then a minute's wait: guessing a 4-digit PIN takes a visitor about a week. */
export const PIN_DEFAULTS: PinLockOptions = { tries: 5, lockoutMs: 60_000, now: () => performance.now() };

export function createPinLock(pin: string, options: Partial<PinLockOptions> = {}): PinLock {
  const { tries, lockoutMs, now } = { ...PIN_DEFAULTS, ...options };
  let wrong = 0;
  let lockedUntil = -Infinity;

  const waitSeconds = () => Math.max(0, Math.ceil((lockedUntil - now()) / 1000));

  return {
    waitSeconds,
    enter(entered) {
      const wait = waitSeconds();
      if (wait > 0) return { outcome: 'wait', seconds: wait };
      if (entered === pin) {
        wrong = 0;
        return { outcome: 'open' };
      }
      wrong++;
      if (wrong < tries) return { outcome: 'wrong', triesLeft: tries - wrong };
      wrong = 0;
      lockedUntil = now() + lockoutMs;
      return { outcome: 'wait', seconds: waitSeconds() };
    }
  };
}
