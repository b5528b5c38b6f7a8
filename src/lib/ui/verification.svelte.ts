/**
 * One screen's verification: the input is verified, only the newest run shows its verdict (an
 * older, slower one is dropped), and then the app keeps it (history, the cache when valid). Shared
 * by the Verify screen and the Compose screen's "check an answer". The same input verified again
 * to the same verdict (a code scanned twice) keeps the card on screen and is not kept twice; it is
 * still verified, so a verdict that changed (time passed, a floor was raised) replaces it.
 */
import { remember, verifyWithContext, type Origin, type Secrets } from '../trust';
import type { Verdict } from '../core/verdict';
import { announcement } from './verdict-view';

/** A verdict as shown: when it was reached and the secrets it was reached with. */
export interface Shown {
  verdict: Verdict;
  at: number;
  secrets: Secrets;
  /** The run that first showed this verdict: the screen keys its card on it, so a repeat does not redraw it. */
  shownBy: number;
}

/** The verdict on screen as it was kept, to tell a repeat from a new verdict. */
interface Kept {
  input: string | Uint8Array;
  secrets: Secrets;
  verdict: string;
  shownBy: number;
  note: string | null;
}

const sameInput = (a: string | Uint8Array, b: string | Uint8Array) =>
  typeof a === 'string' || typeof b === 'string'
    ? a === b
    : a.length === b.length && a.every((byte, i) => byte === b[i]);

const sameSecrets = (a: Secrets, b: Secrets) =>
  a.licenseKey === b.licenseKey && a.fingerprint === b.fingerprint && a.sharedKey === b.sharedKey;

export interface RunOptions {
  /** Runs once the verdict is on screen (`busy` cleared), before it is remembered. */
  shown?: () => unknown;
  /** Waits this long before remembering, and remembers only if no newer run started meanwhile. */
  rememberAfterMs?: number;
}

export class Verification {
  result = $state<Shown | null>(null);
  busy = $state(false);
  failure = $state<string | null>(null);
  /** What could not be stored (history, cache); the verdict stands regardless. */
  storageNote = $state<string | null>(null);
  /** What the screen announces to screen readers. */
  readonly spoken = $derived(this.result ? announcement(this.result.verdict) : (this.failure ?? ''));
  /** The input being shown and how it came, kept to verify again with a secret the verdict asks for. */
  current: { input: string | Uint8Array; origin: Origin } | null = null;
  #runs = 0;
  #kept: Kept | null = null;
  /** Starts the sentence shown when verification could not run at all. */
  readonly #failurePrefix: string;

  constructor(failurePrefix: string) {
    this.#failurePrefix = failurePrefix;
  }

  async run(input: string | Uint8Array, secrets: Secrets, origin: Origin, options: RunOptions = {}): Promise<void> {
    this.current = { input, origin };
    const run = ++this.#runs;
    this.busy = true;
    this.failure = null;
    this.storageNote = null;
    try {
      // The context carries the requests composed here, so an answer is matched to its request.
      const checked = await verifyWithContext(input, secrets);
      if (run !== this.#runs) return;
      const verdict = JSON.stringify(checked.verdict);
      const kept = this.#kept;
      const repeat =
        kept !== null &&
        this.result?.shownBy === kept.shownBy &&
        kept.verdict === verdict &&
        sameInput(kept.input, input) &&
        sameSecrets(kept.secrets, secrets);
      this.result = { verdict: checked.verdict, at: checked.ctx.now, secrets, shownBy: repeat ? kept.shownBy : run };
      this.busy = false;
      if (repeat) this.storageNote = kept.note;
      await options.shown?.();
      // Already in history (and the cache): keeping it again would list one scan twice.
      if (repeat) return;
      if (options.rememberAfterMs) await new Promise((resolve) => setTimeout(resolve, options.rememberAfterMs));
      if (run !== this.#runs) return;
      this.storageNote = (await remember(input, checked, secrets, origin)) ?? null;
      if (run === this.#runs) this.#kept = { input, secrets, verdict, shownBy: run, note: this.storageNote };
    } catch (err) {
      if (run !== this.#runs) return;
      this.result = null;
      this.failure = `${this.#failurePrefix}: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      if (run === this.#runs) this.busy = false;
    }
  }

  /** Verifies the current input again with other secrets (one the verdict asked for). */
  again(secrets: Secrets, options: RunOptions = {}): void {
    if (this.current !== null) void this.run(this.current.input, secrets, this.current.origin, options);
  }

  /** Clears the screen and drops any run still going; returns a token for `isLatest`. */
  reset(): number {
    this.#runs++;
    this.#kept = null;
    this.current = null;
    this.result = null;
    this.failure = null;
    this.storageNote = null;
    this.busy = false;
    return this.#runs;
  }

  /** Whether nothing was verified or reset since `reset` returned `token`. */
  isLatest(token: number): boolean {
    return token === this.#runs;
  }
}
