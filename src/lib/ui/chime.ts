/**
 * The optional sound: a short tone per verdict, synthesised with WebAudio (no audio files, nothing
 * fetched). Rising for valid, one low note for not genuine, a middle note for a genuine license
 * with a problem. One audio context serves every verdict; each tone's nodes are disconnected when
 * it ends.
 */
import type { Tone } from './verdict-view';

/** The parts of `AudioContext` used here. */
export interface AudioContextLike {
  readonly currentTime: number;
  readonly state: string;
  readonly destination: AudioNode;
  resume(): Promise<void>;
  close(): Promise<void>;
  createOscillator(): OscillatorNode;
  createGain(): GainNode;
}

interface Note {
  hz: number;
  /** Start, seconds after the tone begins. */
  at: number;
  seconds: number;
}

export const TONE_NOTES: Record<Tone, Note[]> = {
  good: [
    { hz: 660, at: 0, seconds: 0.12 },
    { hz: 990, at: 0.13, seconds: 0.18 }
  ],
  warn: [{ hz: 520, at: 0, seconds: 0.3 }],
  alert: [{ hz: 520, at: 0, seconds: 0.3 }],
  bad: [{ hz: 196, at: 0, seconds: 0.45 }],
  neutral: [{ hz: 392, at: 0, seconds: 0.25 }]
};

const VOLUME = 0.25;
/** Fades in and out, so a note starts and stops without a click. */
const FADE_SECONDS = 0.015;

export interface Chime {
  play(tone: Tone): void;
  close(): void;
}

/** A tone that waited longer than this for the audio to start would come after its verdict. */
const LATE_MS = 500;

/**
 * `makeContext` is called on the first tone, not before: browsers start audio only after a user
 * gesture, and a kiosk's first scan (keystrokes or a tap) is one. Without WebAudio, it is silent.
 * `now` is a monotonic clock in ms.
 */
export function createChime(
  makeContext: (() => AudioContextLike) | undefined,
  now: () => number = () => performance.now()
): Chime {
  let context: AudioContextLike | undefined;
  let resuming: Promise<void> | undefined;
  /** The latest tone asked for while the audio was not running: one slot, never a queue. */
  let waiting: { tone: Tone; since: number } | undefined;

  function note(ctx: AudioContextLike, { hz, at, seconds }: Note) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    const start = ctx.currentTime + at;
    const end = start + seconds;
    oscillator.type = 'sine';
    oscillator.frequency.value = hz;
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(VOLUME, start + FADE_SECONDS);
    gain.gain.setValueAtTime(VOLUME, end - FADE_SECONDS);
    gain.gain.linearRampToValueAtTime(0, end);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.addEventListener(
      'ended',
      () => {
        oscillator.disconnect();
        gain.disconnect();
      },
      { once: true }
    );
    oscillator.start(start);
    oscillator.stop(end);
  }

  const sound = (ctx: AudioContextLike, tone: Tone) => {
    for (const each of TONE_NOTES[tone]) note(ctx, each);
  };

  return {
    play(tone) {
      if (!makeContext) return;
      try {
        context ??= makeContext();
      } catch {
        // Too many audio contexts, or audio disabled: the verdict is on screen regardless.
        return;
      }
      if (context.state === 'running') return sound(context, tone);
      // A new context starts a moment later; before any gesture it stays suspended, and a tone
      // scheduled then would never end (its nodes kept for ever) or sound late. So the latest
      // tone waits for one resume, and only briefly.
      waiting = { tone, since: now() };
      const ctx = context;
      resuming ??= ctx
        .resume()
        .catch(() => undefined)
        .finally(() => {
          resuming = undefined;
          if (waiting && ctx.state === 'running' && now() - waiting.since <= LATE_MS) sound(ctx, waiting.tone);
          waiting = undefined;
        });
    },
    close() {
      void context?.close().catch(() => undefined);
      context = undefined;
      waiting = undefined;
    }
  };
}
