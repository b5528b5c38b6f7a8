import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createResetCountdown } from './countdown';
import { createTransferHold, createTransferTimeout } from './transfer-hold';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function screen(showing = true) {
  const state = { verifying: false, showing };
  return {
    state,
    view: {
      verifying: () => state.verifying,
      showingVerdict: () => state.showing,
      clearVerdict: () => (state.showing = false)
    }
  };
}

describe('the kiosk during an animated code', () => {
  it("hides the previous visitor's verdict as soon as a transfer starts, and is ready once it is dropped", () => {
    const countdown = createResetCountdown(3, () => {});
    const { state, view } = screen();
    const hold = createTransferHold(countdown, view);
    countdown.showing();
    vi.advanceTimersByTime(1000);
    hold(0.1);
    expect(state.showing).toBe(false);
    expect(countdown.state.phase).toBe('checking');
    vi.advanceTimersByTime(10_000);
    hold(0.6);
    expect(countdown.state.phase).toBe('checking');
    hold(null);
    expect(countdown.state.phase).toBe('ready');
  });

  it('keeps a verdict read meanwhile on screen while parts arrive, then gives it its full time', () => {
    const countdown = createResetCountdown(3, () => {});
    const { state, view } = screen(false);
    const hold = createTransferHold(countdown, view);
    hold(0.1);
    // A scanner read verified while the transfer goes on.
    state.showing = true;
    countdown.showing();
    hold(0.2);
    vi.advanceTimersByTime(5000);
    expect(state.showing).toBe(true);
    expect(countdown.state.phase).toBe('checking');
    hold(null);
    expect(countdown.state).toEqual({ phase: 'showing', secondsLeft: 3 });
    vi.advanceTimersByTime(3000);
    expect(countdown.state.phase).toBe('ready');
  });

  it('leaves a completed transfer being verified to restart the countdown itself', () => {
    const countdown = createResetCountdown(3, () => {});
    const { state, view } = screen(false);
    const hold = createTransferHold(countdown, view);
    hold(0.5);
    state.verifying = true;
    hold(null);
    expect(countdown.state.phase).toBe('checking');
  });
});

describe('when a transfer is dropped', () => {
  it('a part held still (the same progress again and again) does not keep the transfer alive', () => {
    const drop = vi.fn();
    const timeout = createTransferTimeout(drop, { quietMs: 4000, maxMs: 60_000 });
    timeout.part(0.25);
    for (let t = 0; t < 10; t++) {
      vi.advanceTimersByTime(500);
      timeout.part(0.25);
    }
    expect(drop).toHaveBeenCalledTimes(1);
  });

  it('parts that add fragments keep it alive, up to the hard cap', () => {
    const drop = vi.fn();
    const timeout = createTransferTimeout(drop, { quietMs: 4000, maxMs: 30_000 });
    let progress = 0;
    for (let t = 0; t < 29; t++) {
      timeout.part((progress += 0.01));
      vi.advanceTimersByTime(1000);
    }
    expect(drop).not.toHaveBeenCalled();
    timeout.part(progress + 0.01);
    vi.advanceTimersByTime(1000);
    expect(drop).toHaveBeenCalledTimes(1);
  });

  it('a transfer that ended runs no timer, and the next one starts afresh', () => {
    const drop = vi.fn();
    const timeout = createTransferTimeout(drop, { quietMs: 4000, maxMs: 30_000 });
    timeout.part(0.9);
    timeout.end();
    vi.advanceTimersByTime(60_000);
    expect(drop).not.toHaveBeenCalled();
    timeout.part(0.1);
    vi.advanceTimersByTime(3000);
    timeout.part(0.2);
    vi.advanceTimersByTime(3000);
    expect(drop).not.toHaveBeenCalled();
  });
});
