import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHoldToExit, createPinLock } from './exit';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('hold to exit', () => {
  function hold(ms: number) {
    const progress: number[] = [];
    const onExit = vi.fn();
    const gesture = createHoldToExit(ms, { onProgress: (f) => progress.push(f), onExit });
    return { gesture, progress, onExit };
  }

  it('exits once the press has lasted the configured time, showing progress on the way', () => {
    const { gesture, progress, onExit } = hold(3000);
    gesture.press();
    vi.advanceTimersByTime(2999);
    expect(onExit).not.toHaveBeenCalled();
    expect(progress.at(-1)).toBeCloseTo(2.9 / 3, 2);
    vi.advanceTimersByTime(1);
    expect(onExit).toHaveBeenCalledTimes(1);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    vi.advanceTimersByTime(10_000);
    expect(onExit).toHaveBeenCalledTimes(1);
  });

  it('letting go early starts over: short presses never add up', () => {
    const { gesture, progress, onExit } = hold(3000);
    for (let i = 0; i < 5; i++) {
      gesture.press();
      vi.advanceTimersByTime(2000);
      gesture.release();
      expect(progress.at(-1)).toBe(0);
    }
    vi.advanceTimersByTime(10_000);
    expect(onExit).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a repeating keydown does not restart the press', () => {
    const { gesture, onExit } = hold(1000);
    gesture.press();
    vi.advanceTimersByTime(600);
    gesture.press();
    vi.advanceTimersByTime(400);
    expect(onExit).toHaveBeenCalledTimes(1);
  });

  it('stop cancels a press in progress', () => {
    const { gesture, onExit } = hold(1000);
    gesture.press();
    gesture.stop();
    vi.advanceTimersByTime(5000);
    expect(onExit).not.toHaveBeenCalled();
  });
});

describe('exit PIN', () => {
  it('opens with the configured PIN only', () => {
    const lock = createPinLock('2468');
    expect(lock.enter('1357')).toEqual({ outcome: 'wrong', triesLeft: 4 });
    expect(lock.enter('24680')).toEqual({ outcome: 'wrong', triesLeft: 3 });
    expect(lock.enter('')).toEqual({ outcome: 'wrong', triesLeft: 2 });
    expect(lock.enter('2468')).toEqual({ outcome: 'open' });
  });

  it('after five wrong PINs it accepts nothing, not even the right one, for a minute', () => {
    const lock = createPinLock('2468');
    for (let i = 0; i < 4; i++) lock.enter('0000');
    expect(lock.enter('0000')).toEqual({ outcome: 'wait', seconds: 60 });
    expect(lock.enter('2468')).toEqual({ outcome: 'wait', seconds: 60 });
    vi.advanceTimersByTime(30_000);
    expect(lock.waitSeconds()).toBe(30);
    vi.advanceTimersByTime(30_000);
    expect(lock.waitSeconds()).toBe(0);
    expect(lock.enter('2468')).toEqual({ outcome: 'open' });
  });

  it('the right PIN forgives earlier mistakes; the count starts over after a wait', () => {
    const lock = createPinLock('2468', { tries: 3, lockoutMs: 10_000 });
    lock.enter('1111');
    lock.enter('1111');
    expect(lock.enter('2468')).toEqual({ outcome: 'open' });
    expect(lock.enter('1111')).toEqual({ outcome: 'wrong', triesLeft: 2 });
    lock.enter('1111');
    expect(lock.enter('1111')).toEqual({ outcome: 'wait', seconds: 10 });
    vi.advanceTimersByTime(10_000);
    expect(lock.enter('1111')).toEqual({ outcome: 'wrong', triesLeft: 2 });
  });
});
