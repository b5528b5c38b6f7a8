/**
 * The validation cache. An entry is the signed text of a verified artifact plus the secrets that
 * decrypt or bind it; everything else is derived from a verdict. Every read verifies the text again
 * with the embedded keys at the current time, so editing IndexedDB cannot make anything valid: an
 * entry whose stored fields disagree with its fresh verdict is reported as tampered and deleted.
 *
 * Lifetime: signed time + `cacheTtlSeconds`, never past the artifact's own expiry, never counted
 * from when it was stored.
 */
import type { VerifyContext } from '../core/context';
import type { VerifierConfig } from '../core/config';
import { hexEncode, utf8Encode } from '../core/crypto/encoding';
import { fail } from '../core/errors';
import { isObj, tryParseJson } from '../core/dataset';
import { formatTime, parseTime } from '../core/policy';
import { sha256 } from '../core/crypto/primitives';
import { LICENSE_KEY_KINDS, type ArtifactKind, type Status, type Verdict } from '../core/verdict';
import { detect } from '../core/detect';
import { MAX_INPUT_BYTES, verify } from '../core/verify';
import { announce, commit, withDb, type CacheRecord, type CacheSecrets } from './db';
import { raiseFloor } from './floor';

export const EXPORT_FORMAT = 'offline-verifier-cache/1';
/** An export of 20,000 cached responses is a few tens of MB; anything larger is not one. */
export const MAX_IMPORT_CHARS = 64 * 1024 * 1024;
export const MAX_IMPORT_ENTRIES = 20_000;

/** Request files are inputs to the vendor, not validation results. */
const NOT_CACHED: ReadonlySet<ArtifactKind> = new Set(['licensespring-request', 'unknown']);

export interface CacheEntry {
  id: string;
  kind: ArtifactKind;
  /** The artifact's stored text, verified again by this read (what "Show as QR" shows). */
  text: string;
  /** The fresh verdict, at the context's time. */
  verdict: Verdict;
  /** The verdict's status, or `expired` once the cache lifetime is over. */
  status: Status;
  signedAt: number;
  expiresAt: number;
  storedAt: number;
  /** The cache lifetime is over: `purgeExpired` removes it. */
  expired: boolean;
  /** Milliseconds until `expiresAt` (negative once expired). */
  timeLeftMs: number;
  /** A license key or fingerprint is stored with it, to decrypt or bind it again. */
  secretsStored: boolean;
  /** What it is looked up by. */
  licenseKey?: string;
  licenseId?: string;
  fingerprint?: string;
}

export interface TamperedEntry {
  id: string;
  kind: ArtifactKind;
  reason: string;
}

/** A read: the entries that verified again, and those that were deleted as tampered. */
export interface CacheRead {
  entries: CacheEntry[];
  tampered: TamperedEntry[];
}

export type StoreResult = { stored: true; record: CacheRecord } | { stored: false; reason: string };

export interface ImportResult {
  imported: number;
  /** Entries not imported, by position in the file's `entries` (from 0), with the reason. */
  refused: { index: number; reason: string }[];
}

/** The id of an entry: lower-case hex SHA-256 of its UTF-8 text. */
export async function entryId(text: string): Promise<string> {
  return hexEncode(await sha256(utf8Encode(text)));
}

/** The license key an artifact is for: signed in it, the artifact itself (keys), or the one the user typed. */
export function licenseKeyOf(text: string, verdict: Verdict, secrets: CacheSecrets | undefined): string | undefined {
  return (
    verdict.summary?.licenseKey ??
    (LICENSE_KEY_KINDS.has(verdict.kind) ? text.trim() : undefined) ??
    (secrets?.licenseKey || undefined)
  );
}

/** Verify ignores a BOM and surrounding whitespace; so does the entry's identity. */
const canonical = (text: string) => text.replace(/^\uFEFF/, '').trim();

/** The settings the lifetime depends on: a change comes from a new build, not from tampering. */
const lifetimePolicy = (config: VerifierConfig) =>
  `ttl=${config.cacheTtlSeconds};grace=${config.gracePeriodSeconds};age=${config.maxResponseAgeSeconds}`;

type Derived = Pick<
  CacheRecord,
  'kind' | 'signedAt' | 'expiresAt' | 'policy' | 'licenseKey' | 'fingerprint' | 'licenseId'
>;
/** The derived fields a read compares, as a technician would name them. */
const COMPARED = {
  kind: 'kind',
  signedAt: 'signed time',
  licenseKey: 'license key',
  fingerprint: 'fingerprint',
  licenseId: 'license ID'
} as const;

/** What a cache record says, from a verdict; a string when the verdict cannot be cached. */
function derive(
  text: string,
  verdict: Verdict,
  secrets: CacheSecrets | undefined,
  config: VerifierConfig
): Derived | string {
  if (NOT_CACHED.has(verdict.kind)) return 'A request file is not a validation result; it is not cached.';
  if (!verdict.genuine) return `Not genuine: ${verdict.reason}`;
  const signedAt = parseTime(verdict.signedAt);
  if (Number.isNaN(signedAt))
    return 'It carries no signed time, so how long it stays good in the cache cannot be measured.';
  const own = verdict.expiresAt === null || verdict.expiresAt === undefined ? Infinity : parseTime(verdict.expiresAt);
  const derived: Derived = {
    kind: verdict.kind,
    signedAt,
    expiresAt: Math.min(signedAt + config.cacheTtlSeconds * 1000, Number.isNaN(own) ? signedAt : own),
    policy: lifetimePolicy(config)
  };
  // Entries are found by signed values, or by secrets that opened the signed ciphertext (AES-GCM
  // fails under any other): never by a value the user merely typed beside the artifact.
  const opened = verdict.checks.some((c) => c.id === 'decryption' && c.ok) ? secrets : undefined;
  const licenseKey = licenseKeyOf(text, verdict, opened);
  const fingerprint =
    verdict.summary?.fingerprint ?? (verdict.kind === 'machine-file' ? opened?.fingerprint : undefined);
  if (licenseKey) derived.licenseKey = licenseKey;
  if (fingerprint) derived.fingerprint = fingerprint;
  if (verdict.summary?.licenseId) derived.licenseId = verdict.summary.licenseId;
  return derived;
}

function onlySecrets(secrets: CacheSecrets | undefined): CacheSecrets | undefined {
  const kept: CacheSecrets = {};
  if (secrets?.licenseKey) kept.licenseKey = secrets.licenseKey;
  if (secrets?.fingerprint) kept.fingerprint = secrets.fingerprint;
  return kept.licenseKey || kept.fingerprint ? kept : undefined;
}

/** The context an entry verifies in: the current one, with the entry's own secrets instead of the user's. */
function entryContext(ctx: VerifyContext, secrets: CacheSecrets | undefined): VerifyContext {
  const { licenseKey: _licenseKey, fingerprint: _fingerprint, ...base } = ctx;
  return { ...base, ...secrets };
}

async function buildRecord(
  original: string,
  verdict: Verdict,
  secrets: CacheSecrets | undefined,
  ctx: VerifyContext
): Promise<StoreResult> {
  const text = canonical(original);
  // Only what is valid now enters; a read later tells what it has become.
  if (verdict.genuine && verdict.status !== 'valid')
    return { stored: false, reason: `It is not valid now: ${verdict.reason}` };
  const derived = derive(text, verdict, secrets, ctx.trust.config);
  if (typeof derived === 'string') return { stored: false, reason: derived };
  if (derived.expiresAt <= ctx.now)
    return { stored: false, reason: `Its time in the cache ended ${formatTime(derived.expiresAt)}.` };
  const kept = onlySecrets(secrets);
  return {
    stored: true,
    record: { id: await entryId(text), text, ...derived, ...(kept ? { secrets: kept } : {}), storedAt: ctx.now }
  };
}

/**
 * Stores `text` with the verdict just computed for it in `ctx` (with `secrets`). Only genuine,
 * valid results with a signed time are stored; the reason is returned otherwise. The verdict is
 * not trusted later: every read verifies the text again.
 */
export async function cacheVerified(
  text: string,
  verdict: Verdict,
  secrets: CacheSecrets | undefined,
  ctx: VerifyContext
): Promise<StoreResult> {
  const result = await buildRecord(text, verdict, onlySecrets(secrets), ctx);
  if (!result.stored) return result;
  await withDb(async (db) => {
    const tx = db.transaction('cache', 'readwrite');
    await commit(tx, () => tx.store.put(result.record));
  });
  announce('cache');
  return result;
}

const isSecrets = (v: unknown): v is CacheSecrets | undefined =>
  v === undefined ||
  (isObj(v) &&
    Object.values(v).every((s) => typeof s === 'string') &&
    Object.keys(v).every((k) => k === 'licenseKey' || k === 'fingerprint'));

function looksLikeRecord(v: unknown): v is CacheRecord {
  return (
    isObj(v) &&
    typeof v.id === 'string' &&
    typeof v.text === 'string' &&
    typeof v.storedAt === 'number' &&
    isSecrets(v.secrets)
  );
}

/** What a tampered text looks like, to name it in the report; nothing else is taken from it. */
const shapeOf = (text: string): ArtifactKind => (text.length <= MAX_INPUT_BYTES ? detect(canonical(text)) : 'unknown');

/** The entry a stored record is, verified again now; or why it is tampered. */
async function reverify(key: IDBValidKey, value: unknown, ctx: VerifyContext): Promise<CacheEntry | TamperedEntry> {
  const id = String(key);
  if (!looksLikeRecord(value)) return { id, kind: 'unknown', reason: 'It is not an entry this app wrote.' };
  const record = value;
  if ((await entryId(record.text)) !== id)
    return { id, kind: shapeOf(record.text), reason: 'Its text was changed after it was stored.' };
  const verdict = await verify(record.text, entryContext(ctx, record.secrets));
  const derived = derive(record.text, verdict, record.secrets, ctx.trust.config);
  if (typeof derived === 'string') return { id, kind: verdict.kind, reason: derived };
  const changed: string[] = (Object.keys(COMPARED) as (keyof typeof COMPARED)[])
    .filter((field) => record[field] !== derived[field])
    .map((field) => COMPARED[field]);
  // A new build may change the lifetime settings; then the stored expiry is simply re-derived.
  if (record.policy === derived.policy && record.expiresAt !== derived.expiresAt) changed.push('expiry');
  if (changed.length)
    return {
      id,
      kind: derived.kind,
      reason: `The stored ${changed.join(', ')} ${changed.length === 1 ? 'does' : 'do'} not match what the signed artifact says.`
    };
  const expired = derived.expiresAt <= ctx.now;
  return {
    id,
    kind: derived.kind,
    text: record.text,
    verdict,
    status: expired && verdict.status === 'valid' ? 'expired' : verdict.status,
    signedAt: derived.signedAt,
    expiresAt: derived.expiresAt,
    storedAt: record.storedAt,
    expired,
    timeLeftMs: derived.expiresAt - ctx.now,
    secretsStored: record.secrets !== undefined,
    ...(derived.licenseKey ? { licenseKey: derived.licenseKey } : {}),
    ...(derived.licenseId ? { licenseId: derived.licenseId } : {}),
    ...(derived.fingerprint ? { fingerprint: derived.fingerprint } : {})
  };
}

const isEntry = (e: CacheEntry | TamperedEntry): e is CacheEntry => 'verdict' in e;

/** Verifies each stored value again; deletes the tampered ones (unless replaced meanwhile). */
async function settle(stored: { key: IDBValidKey; value: unknown }[], ctx: VerifyContext): Promise<CacheRead> {
  const results = await Promise.all(
    stored.map(async ({ key, value }) => ({ key, value, result: await reverify(key, value, ctx) }))
  );
  const entries = results.map((r) => r.result).filter(isEntry);
  const bad = results.filter((r) => !isEntry(r.result));
  if (bad.length) {
    await withDb(async (db) => {
      const tx = db.transaction('cache', 'readwrite');
      await commit(tx, () =>
        Promise.all(
          bad.map(async ({ key, value }) => {
            const current = await tx.store.get(key as string);
            if (JSON.stringify(current) === JSON.stringify(value)) await tx.store.delete(key as string);
          })
        )
      );
    });
    announce('cache');
  }
  entries.sort((a, b) => a.expiresAt - b.expiresAt);
  return { entries, tampered: bad.map((r) => r.result as TamperedEntry) };
}

/** Every entry, verified again at `ctx.now`, soonest to expire first. */
export async function readCache(ctx: VerifyContext): Promise<CacheRead> {
  const stored = await withDb(async (db) => {
    const tx = db.transaction('cache');
    const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
    return keys.map((key, i) => ({ key, value: values[i] as unknown }));
  });
  return settle(stored, ctx);
}

const LOOKUP_INDEXES = ['licenseKey', 'licenseId', 'fingerprint'] as const;

/** The entries whose license key, license id or fingerprint is `query`, verified again at `ctx.now`. */
export async function lookupCache(query: string, ctx: VerifyContext): Promise<CacheRead> {
  const value = query.trim();
  const stored = await withDb(async (db) => {
    const tx = db.transaction('cache');
    const found = new Map<string, unknown>();
    for (const name of LOOKUP_INDEXES) {
      const index = tx.store.index(name);
      const [keys, values] = await Promise.all([index.getAllKeys(value), index.getAll(value)]);
      keys.forEach((key, i) => found.set(key, values[i]));
    }
    await tx.done;
    return [...found].map(([key, value]) => ({ key, value }));
  });
  return settle(stored, ctx);
}

export async function removeFromCache(id: string): Promise<void> {
  await withDb(async (db) => {
    const tx = db.transaction('cache', 'readwrite');
    await commit(tx, () => tx.store.delete(id));
  });
  announce('cache');
}

/**
 * Deletes every entry whose lifetime ended by `now`, through the `expiresAt` index, in one
 * transaction: either all of them go or, on failure, none. Returns how many went.
 */
export async function purgeExpired(now: number): Promise<number> {
  const purged = await withDb(async (db) => {
    const tx = db.transaction('cache', 'readwrite');
    return commit(tx, async () => {
      const keys = await tx.store.index('expiresAt').getAllKeys(IDBKeyRange.upperBound(now));
      await Promise.all(keys.map((key) => tx.store.delete(key)));
      return keys.length;
    });
  });
  if (purged) announce('cache');
  return purged;
}

/** The cache as a file to carry to another device. It holds the stored license keys and fingerprints too. */
export async function exportCache(now: number): Promise<string> {
  const records = await withDb((db) => db.getAll('cache'));
  const entries = records.map((r) => ({ kind: r.kind, text: r.text, ...(r.secrets ? { secrets: r.secrets } : {}) }));
  return JSON.stringify({ format: EXPORT_FORMAT, exportedAt: new Date(now).toISOString(), entries }, null, 2) + '\n';
}

function readExport(text: string): unknown[] {
  if (text.length > MAX_IMPORT_CHARS)
    fail(
      'ERR_INPUT_TOO_LARGE',
      `The file is larger than ${MAX_IMPORT_CHARS / 1024 / 1024} MiB; no cache export is that big.`
    );
  const doc = tryParseJson(text);
  if (!isObj(doc) || doc.format !== EXPORT_FORMAT || !Array.isArray(doc.entries)) {
    fail('ERR_FORMAT_UNKNOWN', `This file is not a cache export of this app (format "${EXPORT_FORMAT}").`);
  }
  if (doc.entries.length > MAX_IMPORT_ENTRIES)
    fail(
      'ERR_INPUT_TOO_LARGE',
      `The file has ${doc.entries.length} entries; at most ${MAX_IMPORT_ENTRIES} are imported at once.`
    );
  return doc.entries;
}

/**
 * Imports an export: every entry is verified again here, at `ctx.now`, with its own secrets, and
 * only genuine, valid, unexpired ones are stored, in one transaction. The rest are reported by
 * position with the reason. A file that is not an export throws a `VerifyError`.
 */
export async function importCache(text: string, ctx: VerifyContext): Promise<ImportResult> {
  const raw = readExport(text);
  const refused: ImportResult['refused'] = [];
  const accepted = new Map<string, CacheRecord>();
  for (const [index, entry] of raw.entries()) {
    if (!isObj(entry) || typeof entry.text !== 'string' || !isSecrets(entry.secrets)) {
      refused.push({ index, reason: 'It is not an entry with the artifact text (and optionally its secrets).' });
      continue;
    }
    const verdict = await verify(entry.text, entryContext(ctx, entry.secrets));
    if (verdict.genuine && entry.kind !== verdict.kind) {
      refused.push({ index, reason: `It is labelled ${String(entry.kind).slice(0, 40)} but is a ${verdict.kind}.` });
      continue;
    }
    const result = await buildRecord(entry.text, verdict, entry.secrets, ctx);
    if (!result.stored) refused.push({ index, reason: result.reason });
    else if (accepted.has(result.record.id))
      refused.push({ index, reason: 'It repeats an earlier entry of the file.' });
    else accepted.set(result.record.id, result.record);
  }
  if (accepted.size) {
    await withDb(async (db) => {
      const tx = db.transaction('cache', 'readwrite');
      await commit(tx, () => Promise.all([...accepted.values()].map((record) => tx.store.put(record))));
    });
    announce('cache');
    // Each imported entry's signed time was verified here: the clock cannot be behind it.
    await raiseFloor([...accepted.values()].reduce((newest, r) => Math.max(newest, r.signedAt), -Infinity));
  }
  return { imported: accepted.size, refused };
}
