/**
 * The app's side of the core: the trust configuration embedded at build time, its keys imported
 * once, and the single place a `VerifyContext` is built, with the time floor and the composed
 * requests from this device's storage.
 */
import parsed from 'virtual:trust-config';
import type { TrustStore, VerifierConfig } from './core/config';
import type { VerifyContext } from './core/context';
import type { Verdict } from './core/verdict';
import type { CacheSecrets, HistorySource } from './storage/db';

/** Parsed and validated at build time (tools/trust-config-plugin.ts), with the same code. */
export const config: VerifierConfig = parsed;

let store: Promise<TrustStore> | undefined;

/** The keys import with the first verification; their code loads then, not with the page. */
export function trustStore(): Promise<TrustStore> {
  store ??= import('./core/config').then((m) => m.buildTrustStore(config));
  return store;
}

const storageCode = () => Promise.all([import('./storage/floor'), import('./storage/requests')]);
const verifierCode = () => import('./core/verify');

/** A link's artifact, verified as the page starts; handed to the first request for its verdict. */
let early: { input: string; checked: Promise<Checked> } | undefined;

/**
 * Starts verifying `input` and returns at once: a page opened with an artifact calls it before it
 * renders, so the code, the keys, the storage and the signature are done while the page hydrates.
 * The next `verifyWithContext` of the same input without secrets receives this verdict.
 */
export function prepareVerification(input: string): void {
  const checked = verifyWithContext(input);
  checked.catch(() => undefined);
  early = { input, checked };
}

/**
 * What the user typed for one verification. The license key and fingerprint are stored with a
 * valid result in the cache, to verify it again offline; the shared key is never stored.
 */
export interface Secrets {
  licenseKey?: string;
  fingerprint?: string;
  sharedKey?: string;
}

export async function verifyContext(secrets: Secrets = {}): Promise<VerifyContext> {
  const now = Date.now();
  // The storage is read while the keys import, so a first verdict waits for the slower, not both.
  const storage = storageCode();
  // The clock reading joins the floor: the floor applied is the stored one raised to this reading,
  // which stays above a clock that was set back. The verdict waits for the read, not for the raise
  // to commit. Without storage there is no floor; verifying still works.
  const raised = storage.then(([{ readFloor, raiseFloor }]) => {
    const read = readFloor();
    void raiseFloor(now).catch(() => undefined);
    return read.then(
      (stored) => Math.max(stored ?? now, now),
      () => undefined
    );
  });
  // A `.lic` answer must match a request composed here; without storage none was remembered.
  const known = storage.then(([, { knownRequests }]) => knownRequests().catch(() => new Map()));
  const [trust, floor, requests] = await Promise.all([trustStore(), raised, known]);
  const ctx: VerifyContext = { trust, now };
  if (floor !== undefined) ctx.floor = floor;
  if (secrets.licenseKey) ctx.licenseKey = secrets.licenseKey;
  if (secrets.fingerprint) ctx.fingerprint = secrets.fingerprint;
  // A vendor that embeds its shared key lets the app check request files without asking.
  const sharedKey = secrets.sharedKey || config.licenseSpring?.sharedKey;
  if (sharedKey) ctx.sharedKey = sharedKey;
  ctx.requests = requests;
  return ctx;
}

/** A verdict with the context it was reached in (its time, floor and secrets). */
export interface Checked {
  verdict: Verdict;
  ctx: VerifyContext;
}

export async function verifyWithContext(input: string | Uint8Array, secrets: Secrets = {}): Promise<Checked> {
  const started = early;
  early = undefined;
  if (started?.input === input && !secrets.licenseKey && !secrets.fingerprint && !secrets.sharedKey)
    return started.checked;
  // The verifier's code, then its format's, load beside the keys and the storage; the input is
  // read and detected once, meanwhile.
  const prepared = verifierCode().then((m) => m.prepareVerify(input));
  const [ctx, verdictIn] = await Promise.all([verifyContext(secrets), prepared]);
  return { verdict: await verdictIn(ctx), ctx };
}

/** How the user brought the input, for history: the source and what they would call it. */
export interface Origin {
  source: HistorySource;
  label?: string;
}

/**
 * Keeps what the app keeps of a verification: the floor learns its signed time, history records
 * it, and a valid result is cached with the license key and fingerprint it needs. Returns the
 * sentence to show when some of that could not be stored; the verdict never depends on it.
 */
export async function remember(
  input: string | Uint8Array,
  checked: Checked,
  secrets: Secrets,
  origin: Origin
): Promise<string | undefined> {
  const kept: CacheSecrets = {};
  if (secrets.licenseKey) kept.licenseKey = secrets.licenseKey;
  if (secrets.fingerprint) kept.fingerprint = secrets.fingerprint;
  // Keeping happens after the verdict is on screen, so its code (cache, history) loads then too.
  const { rememberVerification } = await import('./storage/remember');
  return (await rememberVerification({ input, ...checked, secrets: kept, ...origin })).problem;
}

/**
 * Starts loading what every verdict waits for (the keys, the verifier, the storage code) before
 * there is an input: when the camera opens, the first scan's verdict then waits for none of it.
 */
export function prepareVerifier(): void {
  trustStore().catch(() => undefined);
  storageCode().catch(() => undefined);
  verifierCode().catch(() => undefined);
}
