import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createResetCountdown, type KioskState } from './countdown';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function countdown(seconds: number) {
  const seen: KioskState[] = [];
  const timer = createResetCountdown(seconds, (state) => seen.push({ ...state }));
  return { timer, seen };
}

describe('reset countdown', () => {
  it('counts a verdict down second by second, then is ready again', () => {
    const { timer, seen } = countdown(3);
    timer.checking();
    timer.showing();
    expect(timer.state).toEqual({ phase: 'showing', secondsLeft: 3 });
    vi.advanceTimersByTime(999);
    expect(timer.state.secondsLeft).toBe(3);
    vi.advanceTimersByTime(1);
    expect(timer.state.secondsLeft).toBe(2);
    vi.advanceTimersByTime(2000);
    expect(timer.state).toEqual({ phase: 'ready', secondsLeft: 0 });
    expect(seen.map((s) => `${s.phase}:${s.secondsLeft}`)).toEqual([
      'checking:0',
      'showing:3',
      'showing:2',
      'showing:1',
      'ready:0'
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a new scan stops the countdown, and its verdict gets the full time', () => {
    const { timer } = countdown(5);
    timer.showing();
    vi.advanceTimersByTime(4000);
    timer.checking();
    vi.advanceTimersByTime(10_000);
    expect(timer.state.phase).toBe('checking');
    timer.showing();
    vi.advanceTimersByTime(4999);
    expect(timer.state).toEqual({ phase: 'showing', secondsLeft: 1 });
    vi.advanceTimersByTime(1);
    expect(timer.state.phase).toBe('ready');
  });

  it('a late timer does not stretch the time a verdict stays', () => {
    let clock = 0;
    const timer = createResetCountdown(
      3,
      () => undefined,
      () => clock
    );
    timer.showing();
    // The page was busy: the first tick ran 2.5 s late.
    clock = 3500;
    vi.advanceTimersByTime(1000);
    expect(timer.state.phase).toBe('ready');
  });

  it('reset and stop leave no timer behind', () => {
    const { timer } = countdown(3);
    timer.showing();
    timer.reset();
    expect(timer.state.phase).toBe('ready');
    expect(vi.getTimerCount()).toBe(0);
    timer.showing();
    timer.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
