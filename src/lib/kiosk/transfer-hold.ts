/**
 * An animated code (a file in UR parts) takes seconds to come in. Meanwhile the kiosk must not
 * reset under the visitor holding it up: the countdown holds while parts arrive, and once the
 * transfer is dropped unfinished the verdict on screen gets its full time again (or the screen
 * is ready again when there is none). A completed transfer is a scan like any other.
 */
import type { ResetCountdown } from './countdown';

export interface KioskScreenState {
  /** A scan is being verified: its verdict will restart the countdown itself. */
  verifying(): boolean;
  /** A verdict is on screen. */
  showingVerdict(): boolean;
}

/** Call the result with a transfer's progress (0–1), or null once none is under way. */
export function createTransferHold(countdown: ResetCountdown, screen: KioskScreenState): (progress: number | null) => void {
  return (progress) => {
    if (progress !== null) countdown.checking();
    else if (countdown.state.phase === 'checking' && !screen.verifying()) {
      if (screen.showingVerdict()) countdown.showing();
      else countdown.reset();
    }
  };
}
