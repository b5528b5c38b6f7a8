import { describe, expect, it, vi } from 'vitest';
import { writable } from 'svelte/store';
import { applyWhenQuiet } from './update';

describe('quiet-moment update', () => {
  it('waits for the verdict to clear before applying a ready update', () => {
    const ready = writable(false);
    const quiet = writable(false);
    const apply = vi.fn();
    applyWhenQuiet(ready, quiet, apply);
    ready.set(true);
    expect(apply).not.toHaveBeenCalled();
    quiet.set(true);
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('applies at once when an update arrives while quiet, and only once', () => {
    const ready = writable(false);
    const quiet = writable(true);
    const apply = vi.fn();
    applyWhenQuiet(ready, quiet, apply);
    expect(apply).not.toHaveBeenCalled();
    ready.set(true);
    quiet.set(false);
    quiet.set(true);
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('stops listening when unsubscribed', () => {
    const ready = writable(false);
    const quiet = writable(true);
    const apply = vi.fn();
    applyWhenQuiet(ready, quiet, apply)();
    ready.set(true);
    expect(apply).not.toHaveBeenCalled();
  });
});
