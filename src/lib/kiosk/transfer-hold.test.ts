import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createResetCountdown } from './countdown';
import { createTransferHold } from './transfer-hold';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the kiosk during an animated code', () => {
  it('does not reset while parts arrive, and gives the verdict its full time once the transfer is dropped', () => {
    const countdown = createResetCountdown(3, () => {});
    let verifying = false;
    const hold = createTransferHold(countdown, { verifying: () => verifying, showingVerdict: () => true });
    countdown.showing();
    vi.advanceTimersByTime(2000);
    hold(0.1);
    vi.advanceTimersByTime(5000);
    hold(0.6);
    vi.advanceTimersByTime(5000);
    expect(countdown.state.phase).toBe('checking');
    hold(null);
    expect(countdown.state).toEqual({ phase: 'showing', secondsLeft: 3 });
    vi.advanceTimersByTime(3000);
    expect(countdown.state.phase).toBe('ready');

    // A completed transfer is being verified: its verdict restarts the countdown, not the hold.
    hold(0.5);
    verifying = true;
    hold(null);
    expect(countdown.state.phase).toBe('checking');
  });

  it('is ready again when a transfer is dropped with no verdict on screen', () => {
    const countdown = createResetCountdown(3, () => {});
    const hold = createTransferHold(countdown, { verifying: () => false, showingVerdict: () => false });
    hold(0.4);
    expect(countdown.state.phase).toBe('checking');
    hold(null);
    expect(countdown.state.phase).toBe('ready');
  });
});
