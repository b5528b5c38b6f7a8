/**
 * The verdict: one per input. Verification and enforcement are separate; the verdict reports
 * every check on its own and the UI decides how loudly to show it.
 */
import type { Algorithm } from './crypto/keys';
import type { ErrorCode, VerifyError } from './errors';

export type ArtifactKind =
  | 'signed-key'
  | 'legacy-signed-key'
  | 'encrypted-key'
  | 'jwt-key'
  | 'activation-proof'
  | 'license-file'
  | 'machine-file'
  | 'keygen-response'
  | 'licensespring-license'
  | 'licensespring-request'
  | 'unknown';

/** Kinds whose text is itself a license key: a secret to show, and what a technician looks up. */
export const LICENSE_KEY_KINDS: ReadonlySet<ArtifactKind> = new Set([
  'signed-key',
  'legacy-signed-key',
  'encrypted-key',
  'jwt-key'
]);

export type Status =
  | 'valid'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-device'
  | 'wrong-product'
  | 'clock-tampered'
  | 'invalid'
  | 'malformed'
  | 'unsupported';

/** Stable ids: scripts and tests match on these, never on the sentence. */
export type CheckId =
  | 'signature'
  | 'digest'
  | 'decryption'
  | 'type'
  | 'key-id'
  | 'request-binding'
  | 'account'
  | 'clock'
  | 'product'
  | 'fingerprint'
  | 'license-key'
  | 'hardware-id'
  | 'request-id'
  | 'license-expiry'
  | 'file-expiry'
  | 'token-expiry'
  | 'response-age'
  | 'not-before'
  | 'validation'
  | 'http-status'
  | 'license-status'
  | 'legacy-signature';

export interface Check {
  id: CheckId;
  ok: boolean;
  message: string;
  /** The status this check forces when it fails. */
  fails: Status;
}

export interface Summary {
  licensee?: string;
  email?: string;
  product?: string;
  policy?: string;
  licenseId?: string;
  licenseKey?: string;
  licenseStatus?: string;
  licenseExpiry?: string | null;
  fileExpiry?: string | null;
  issued?: string;
  machine?: string;
  fingerprint?: string;
  entitlements?: string[];
  maxMachines?: number | null;
}

export interface VerifiedBy {
  id: string;
  algorithm: Algorithm;
  fingerprint: string;
}

/** A secret the user can supply to get further (an encrypted file's license key, for one). */
export type Need = 'license-key' | 'fingerprint' | 'shared-key';

export interface Verdict {
  kind: ArtifactKind;
  /** Signature (or padding) verified against a trusted key. */
  genuine: boolean;
  status: Status;
  /** One plain sentence saying why. */
  reason: string;
  checks: Check[];
  /** How the artifact is signed, as the format names it (`ED25519_SIGN`, `aes-256-gcm+ed25519`, …). */
  scheme?: string;
  key?: VerifiedBy;
  /** The decoded payload as text; present only when genuine. */
  dataset?: string;
  /** The payload parsed as JSON when it is JSON; present only when genuine. */
  data?: unknown;
  summary?: Summary;
  /** The newest signed time in the artifact (ISO 8601), used for the time floor and the cache TTL. */
  signedAt?: string;
  /** When this verdict stops being valid (ISO 8601), or null for never. */
  expiresAt?: string | null;
  needs?: Need[];
  /** What this verdict did not cover, one sentence each (a machine file's license not included, …). */
  notCovered?: string[];
  /**
   * The artifact alone, when the input holds more than what was verified: the signed exchange of
   * a cached Keygen response (a HAR file carries cookies and other sites' traffic) as a
   * `keygen-response/1` envelope that verifies the same. Present only when genuine.
   */
  artifact?: string;
  error?: { code: ErrorCode; message: string };
}

// Most severe first: a failing check earlier in this list decides the status. `malformed` here is
// genuine data of an unexpected type (a numeric expiry): never read as a default.
const SEVERITY: Status[] = [
  'clock-tampered',
  'invalid',
  'malformed',
  'wrong-product',
  'wrong-device',
  'expired',
  'not-yet-valid'
];

export function check(id: CheckId, ok: boolean, message: string, fails: Status): Check {
  return { id, ok, message, fails };
}

export interface VerdictParts {
  kind: ArtifactKind;
  genuine: boolean;
  checks: Check[];
  scheme?: string;
  key?: VerifiedBy;
  dataset?: string;
  data?: unknown;
  summary?: Summary;
  signedAt?: string;
  expiresAt?: string | null;
  needs?: Need[];
  notCovered?: string[];
}

const NEED_NOUNS: Record<Need, string> = {
  'license-key': 'license key',
  fingerprint: 'device fingerprint',
  'shared-key': 'shared key'
};

/** Derive status and reason from the checks. Decoded content is dropped unless genuine. */
export function makeVerdict(parts: VerdictParts): Verdict {
  const failed = parts.checks.filter((c) => !c.ok);
  let status: Status = 'valid';
  let reason = 'Genuine, and every check passed.';
  if (!parts.genuine && failed.length === 0) {
    status = 'invalid';
    reason = 'The signature could not be verified.';
  }
  // The most severe failed check decides (most verdicts have none, and skip the search).
  const worst = failed.length ? SEVERITY.find((severity) => failed.some((c) => c.fails === severity)) : undefined;
  if (worst) {
    status = worst;
    reason = failed.find((c) => c.fails === worst)!.message;
  }
  // A failed check never leaves a verdict valid, whatever status it names.
  if (status === 'valid' && failed.length) {
    status = 'invalid';
    reason = failed[0]!.message;
  }
  if (!parts.genuine && status !== 'invalid') status = 'invalid';
  const verdict: Verdict = { kind: parts.kind, genuine: parts.genuine, status, reason, checks: parts.checks };
  // A valid verdict that still asks for a secret did not compare it: say so beside the prompt.
  const uncompared =
    status === 'valid' && parts.needs?.length
      ? parts.needs.map(
          (need) => `No ${NEED_NOUNS[need]} was given, so the one it is bound to was not compared with this device's.`
        )
      : [];
  const notCovered = uncompared.length ? [...(parts.notCovered ?? []), ...uncompared] : (parts.notCovered ?? []);
  if (parts.scheme) verdict.scheme = parts.scheme;
  if (parts.needs?.length) verdict.needs = parts.needs;
  if (parts.genuine) {
    if (notCovered.length) verdict.notCovered = notCovered;
    if (parts.key) verdict.key = parts.key;
    if (parts.dataset !== undefined) verdict.dataset = parts.dataset;
    if (parts.data !== undefined) verdict.data = parts.data;
    if (parts.summary) verdict.summary = parts.summary;
    if (parts.signedAt) verdict.signedAt = parts.signedAt;
    if (parts.expiresAt !== undefined) verdict.expiresAt = parts.expiresAt;
  }
  return verdict;
}

/** A verdict for input that could not be read at all. */
export function errorVerdict(kind: ArtifactKind, err: VerifyError): Verdict {
  return {
    kind,
    genuine: false,
    // Unsupported: a known format using something we deliberately do not accept. Anything else
    // that cannot be read, including text in no known format, is malformed.
    status: err.code === 'ERR_ALGORITHM_UNSUPPORTED' ? 'unsupported' : 'malformed',
    reason: err.message,
    checks: [],
    error: { code: err.code, message: err.message }
  };
}
