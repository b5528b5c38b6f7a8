/**
 * Keyboard-wedge scanners type what they read, much faster than a person, and press Enter. This
 * tells such a burst from typing: at least `minLength` characters ending in Enter, most of them
 * (`fastShare`) within `fastGapMs` of the one before. "Most", not "all": a busy page or a slow
 * USB hub delivers the odd key late, and that must not cut a scan in two. Pure logic over key
 * events and their timestamps, so it is tested without a browser; the page feeds it the keydowns
 * that are not aimed at a text field.
 */

/** The parts of a `KeyboardEvent` that matter here. */
export interface WedgeKey {
  key: string;
  /** Milliseconds, any monotonic origin (`event.timeStamp`). */
  time: number;
  /** A held-down key repeating: a person, not a scanner. */
  repeat?: boolean;
  /** Ctrl, Alt or Meta held: a shortcut, not text. */
  modified?: boolean;
}

export interface WedgeOptions {
  minLength: number;
  fastGapMs: number;
  fastShare: number;
  /** No key for this long ends whatever was being typed. */
  pauseMs: number;
}

/**
 * Scanners send a character every 1–30 ms; people rarely type two keys 35 ms apart, and a fast
 * typist's typical gap is 100 ms or more. Half a second without a key ends any burst, and is
 * longer than any late delivery seen while testing on a loaded machine (under 400 ms).
 */
export const WEDGE_DEFAULTS: WedgeOptions = { minLength: 8, fastGapMs: 35, fastShare: 0.75, pauseMs: 500 };

/** The longest text kept while waiting for Enter: more than any QR code holds. */
const MAX_BUFFER = 4096;

export interface WedgeDetector {
  /** Feeds one keydown; returns the scanned text when this key completes a burst. */
  key(event: WedgeKey): string | null;
}

export function createWedgeDetector(options: WedgeOptions = WEDGE_DEFAULTS): WedgeDetector {
  let chars: string[] = [];
  let times: number[] = [];
  const reset = () => {
    chars = [];
    times = [];
  };

  /** The burst that `Enter` at `end` completes, if the keys since the last pause are one. */
  function burst(end: number): string | null {
    if (chars.length < options.minLength) return null;
    const stamps = [...times, end];
    let fast = 0;
    for (let i = 1; i < stamps.length; i++) if (stamps[i]! - stamps[i - 1]! <= options.fastGapMs) fast++;
    return fast >= options.fastShare * (stamps.length - 1) ? chars.join('') : null;
  }

  return {
    key(event) {
      if (event.repeat || event.modified) {
        reset();
        return null;
      }
      const last = times.at(-1);
      if (last !== undefined && event.time - last > options.pauseMs) reset();
      if (event.key === 'Enter') {
        const text = chars.length ? burst(event.time) : null;
        reset();
        return text;
      }
      // Shift and other keys without a character come between a scanner's characters too.
      if (event.key.length !== 1) return null;
      chars.push(event.key);
      times.push(event.time);
      if (chars.length > MAX_BUFFER) {
        chars.shift();
        times.shift();
      }
      return null;
    }
  };
}

/** A text field, where keys are typing: a scanner aimed at one fills it like a paste. */
const TEXT_FIELD = 'input, textarea, select, [contenteditable]';

/** The parts of a keydown `wedgeKeydown` reads, so it is tested without a browser. */
export interface WedgeKeydown {
  key: string;
  timeStamp: number;
  repeat: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  target: EventTarget | null;
  preventDefault(): void;
}

/**
 * Feeds a page's keydown to the detector, unless it is aimed at a text field. Returns the scanned
 * text when this key completes a scan, and then keeps the Enter that ended it from also pressing
 * the focused button.
 */
export function wedgeKeydown(wedge: WedgeDetector, event: WedgeKeydown): string | null {
  const target = event.target as { closest?: unknown } | null;
  if (target && typeof target.closest === 'function' && (target as Element).closest(TEXT_FIELD)) return null;
  const code = wedge.key({
    key: event.key,
    time: event.timeStamp,
    repeat: event.repeat,
    modified: event.ctrlKey || event.altKey || event.metaKey
  });
  if (code !== null) event.preventDefault();
  return code;
}
