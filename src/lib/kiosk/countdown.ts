/**
 * The kiosk's rhythm: ready for a scan, checking it, then showing the verdict for `resetSeconds`
 * with a visible countdown before it is ready for the next visitor. A new scan at any point
 * replaces what is on screen and restarts the countdown.
 */

export type KioskPhase = 'ready' | 'checking' | 'showing';

export interface KioskState {
  phase: KioskPhase;
  /** Whole seconds until the verdict is cleared; 0 unless showing. */
  secondsLeft: number;
}

export interface ResetCountdown {
  readonly state: KioskState;
  /** A scan arrived and is being verified; the screen no longer counts down. */
  checking(): void;
  /** Its verdict is on screen: count down from `resetSeconds`. */
  showing(): void;
  /** Back to ready now. */
  reset(): void;
  /** Stops the timer for good (the screen is going away). */
  stop(): void;
}

/**
 * `now` is a monotonic clock in ms. The deadline is fixed when the verdict appears, so a late
 * timer (a busy or throttled page) shortens the next tick instead of stretching the countdown.
 */
export function createResetCountdown(
  resetSeconds: number,
  onChange: (state: KioskState) => void,
  now: () => number = () => performance.now()
): ResetCountdown {
  let state: KioskState = { phase: 'ready', secondsLeft: 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let deadline = 0;

  const set = (next: KioskState) => {
    if (next.phase === state.phase && next.secondsLeft === state.secondsLeft) return;
    state = next;
    onChange(state);
  };
  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const tick = () => {
    const left = deadline - now();
    if (left <= 0) {
      timer = undefined;
      set({ phase: 'ready', secondsLeft: 0 });
      return;
    }
    const seconds = Math.ceil(left / 1000);
    set({ phase: 'showing', secondsLeft: seconds });
    // Wake when the shown number changes (or the deadline passes).
    timer = setTimeout(tick, left - (seconds - 1) * 1000);
  };

  return {
    get state() {
      return state;
    },
    checking() {
      cancel();
      set({ phase: 'checking', secondsLeft: 0 });
    },
    showing() {
      cancel();
      deadline = now() + resetSeconds * 1000;
      tick();
    },
    reset() {
      cancel();
      set({ phase: 'ready', secondsLeft: 0 });
    },
    stop: cancel
  };
}
