/**
 * What the app keeps of each verification: the time floor learns the wall clock and the verified
 * signed time, history records it (masked), and a valid result goes into the cache. Each part is
 * independent: storage trouble never changes a verdict, it is only reported.
 */
import type { VerifyContext } from '../core/context';
import { utf8Decode } from '../core/crypto/encoding';
import { provenTime } from '../core/policy';
import type { Verdict } from '../core/verdict';
import { cacheVerified, licenseKeyOf } from './cache';
import type { CacheSecrets, HistorySource } from './db';
import { toStorageError } from './errors';
import { raiseFloor } from './floor';
import { recordHistory } from './history';
import { requestPersistence } from './persist';

/** One verification to keep: the input, its verdict and what the user typed for it. */
export interface VerifiedInput {
  input: string | Uint8Array;
  /** The verdict of `input` in `ctx`. */
  verdict: Verdict;
  ctx: VerifyContext;
  secrets: CacheSecrets;
  source: HistorySource;
  /** What the user would call it: a file name, a sample's name. */
  label?: string;
}

export interface Remembered {
  /** It is in the cache now. */
  cached: boolean;
  /** The first storage problem, as a sentence to show. */
  problem?: string;
}

let persistenceAsked = false;

export async function rememberVerification(v: VerifiedInput): Promise<Remembered> {
  const { verdict, ctx } = v;
  let text: string | undefined;
  try {
    text = typeof v.input === 'string' ? v.input : utf8Decode(v.input);
  } catch {
    // Not text: the verdict says so, and there is nothing to cache or mask.
  }
  // Only a signed time the verdict's own clock check accepted: one far-future file must not lock
  // the device into clock-tampered.
  const proven = provenTime(verdict);
  const licenseKey = text === undefined ? v.secrets.licenseKey : licenseKeyOf(text, verdict, v.secrets);
  const [floor, history, cache] = await Promise.allSettled([
    raiseFloor(Math.max(ctx.now, proven ?? -Infinity)),
    recordHistory(
      {
        at: ctx.now,
        source: v.source,
        kind: verdict.kind,
        status: verdict.status,
        genuine: verdict.genuine,
        reason: verdict.reason,
        ...(v.label ? { label: v.label } : {}),
        ...(licenseKey ? { licenseKey } : {})
      },
      ctx.trust.config.history
    ),
    verdict.genuine && verdict.status === 'valid' && text !== undefined
      ? cacheVerified(text, verdict, v.secrets, ctx)
      : Promise.resolve(undefined)
  ]);
  const cached = cache.status === 'fulfilled' && cache.value?.stored === true;
  if (cached && !persistenceAsked) {
    // Asked once something worth keeping is stored, not on a first visit.
    persistenceAsked = true;
    void requestPersistence();
  }
  const failure = [floor, history, cache].find((r) => r.status === 'rejected');
  return { cached, ...(failure ? { problem: toStorageError(failure.reason).message } : {}) };
}
