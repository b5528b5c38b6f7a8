/**
 * An animated code (a file in UR parts) takes seconds to come in. Meanwhile the kiosk must not
 * reset under the visitor holding it up: the countdown holds while parts arrive. A new transfer
 * is a new visitor: the verdict still on screen from the one before is hidden at once. Once the
 * transfer is dropped unfinished, a verdict that came meanwhile (a scanner's read) gets its full
 * time again, or the screen is ready again. A completed transfer is a scan like any other.
 */
import type { ResetCountdown } from './countdown';

export interface KioskScreenState {
  /** A scan is being verified: its verdict will restart the countdown itself. */
  verifying(): boolean;
  /** A verdict is on screen. */
  showingVerdict(): boolean;
  /** Takes the verdict off the screen. */
  clearVerdict(): void;
}

/** Call the result with a transfer's progress (0–1), or null once none is under way. */
export function createTransferHold(
  countdown: ResetCountdown,
  screen: KioskScreenState
): (progress: number | null) => void {
  let receiving = false;
  return (progress) => {
    if (progress !== null) {
      if (!receiving && !screen.verifying()) screen.clearVerdict();
      receiving = true;
      countdown.checking();
      return;
    }
    receiving = false;
    if (countdown.state.phase === 'checking' && !screen.verifying()) {
      if (screen.showingVerdict()) countdown.showing();
      else countdown.reset();
    }
  };
}

export interface TransferTimeout {
  /** A part came in; `progress` is its transfer's (0–1). */
  part(progress: number): void;
  /** The transfer completed or was dropped: no timer runs. */
  end(): void;
}

/**
 * When to drop a transfer: after `quietMs` in which no part added a fragment (a code held still,
 * repeating parts already seen or unusable ones, does not keep it alive), and at the latest
 * `maxMs` after its first part, however it goes.
 */
export function createTransferTimeout(
  drop: () => void,
  { quietMs, maxMs }: { quietMs: number; maxMs: number }
): TransferTimeout {
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let cap: ReturnType<typeof setTimeout> | undefined;
  let best = -1;
  const end = () => {
    clearTimeout(quiet);
    clearTimeout(cap);
    quiet = cap = undefined;
    best = -1;
  };
  const expire = () => {
    end();
    drop();
  };
  return {
    part(progress) {
      cap ??= setTimeout(expire, maxMs);
      if (progress <= best) return;
      best = progress;
      clearTimeout(quiet);
      quiet = setTimeout(expire, quietMs);
    },
    end
  };
}
