/**
 * A code held up to the camera is read on every frame. It counts once: the same text again is
 * ignored until the camera has not seen it for `quietMs`, so a visitor still holding their label
 * after the verdict clears does not trigger it again and again.
 */

export interface RepeatFilter {
  /** True when `text` is a new scan; false when it is the code still in view. */
  accept(text: string): boolean;
}

export function createRepeatFilter(quietMs: number, now: () => number = () => performance.now()): RepeatFilter {
  let last: string | undefined;
  let lastSeen = -Infinity;
  return {
    accept(text) {
      const at = now();
      const repeat = text === last && at - lastSeen < quietMs;
      last = text;
      lastSeen = at;
      return !repeat;
    }
  };
}
