import { describe, expect, it, vi } from 'vitest';

/** A fresh copy of the module per test: the hold is module state. */
const load = async () => {
  vi.resetModules();
  return import('./first-verdict');
};

describe('work deferred until a first verdict', () => {
  it('runs at once, in a task of its own, when nothing holds it', async () => {
    vi.useFakeTimers();
    const { afterFirstVerdict } = await load();
    const work = vi.fn();
    afterFirstVerdict(work);
    expect(work).not.toHaveBeenCalled();
    await vi.runAllTimersAsync();
    expect(work).toHaveBeenCalledOnce();
    vi.useRealTimers();
  });

  it('waits for every hold to be released', async () => {
    vi.useFakeTimers();
    const { afterFirstVerdict, holdDeferredWork } = await load();
    const releaseLink = holdDeferredWork();
    const releaseOther = holdDeferredWork();
    const work = vi.fn();
    afterFirstVerdict(work);
    await vi.runAllTimersAsync();
    expect(work).not.toHaveBeenCalled();
    releaseLink();
    await vi.runAllTimersAsync();
    expect(work).not.toHaveBeenCalled();
    releaseOther();
    await vi.runAllTimersAsync();
    expect(work).toHaveBeenCalledOnce();
    vi.useRealTimers();
  });
});
