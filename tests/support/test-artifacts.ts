/**
 * Artifacts for the storage tests, minted by the demo issuer (Node only) around a fixed "now". The
 * Node tests call `mintStorageArtifacts` directly; the Chromium tests get the same JSON through
 * vitest's `provide`/`inject` (browser-setup.ts).
 */
import { readFileSync } from 'node:fs';
import { DEMO_CONFIG_FILE } from '../../tools/issuer/demo-trust';
import { demoLicenseFacts, keyDataset } from '../../tools/issuer/datasets';
import { mintSignedKey } from '../../tools/issuer/signed-key';
import { mintResponse, responseEnvelope } from '../../tools/issuer/keygen-response';
import { DEMO_LICENSE_KEY, mintLicenseFile } from '../../tools/issuer/license-file';
import { mintActivationProof } from '../../tools/issuer/activation-proof';

const DAY = 86_400_000;

export interface StorageArtifacts {
  /** The demo config document, as JSON. */
  config: unknown;
  /** The tests' "now" (ms). */
  now: number;
  /** Signed key created 2 days ago, expiring in a year: its lifetime is `created` + TTL. */
  longKey: string;
  /** Signed key created 2 days ago, expiring in 5 days: its own expiry (+ grace) caps the lifetime. */
  shortKey: string;
  /** Signed key whose license expired yesterday: genuine, not valid, never cached. */
  expiredKey: string;
  /** Cached validate-key response signed (Date) 1 day ago. */
  response: string;
  /** Encrypted license file issued 1 day ago: verifies again only with its license key. */
  licenseFile: string;
  licenseKey: string;
  /** Activation proof generated (`ts`) 1 day ago. */
  proof: string;
  /** `longKey` with one signed character changed. */
  forgedKey: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function signedKey(now: number, expiry: number): string {
  const facts = demoLicenseFacts({ created: iso(now - 2 * DAY), expiry: iso(expiry) });
  return mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(facts) });
}

export function mintStorageArtifacts(now = Date.parse('2026-06-01T00:00:00Z')): StorageArtifacts {
  const longKey = signedKey(now, now + 365 * DAY);
  const middle = Math.floor(longKey.indexOf('.') / 2);
  return {
    config: JSON.parse(readFileSync(DEMO_CONFIG_FILE, 'utf8')),
    now,
    longKey,
    shortKey: signedKey(now, now + 5 * DAY),
    expiredKey: signedKey(now, now - 5 * DAY),
    response: responseEnvelope(mintResponse({ algorithm: 'ed25519', date: now - DAY })),
    licenseFile: mintLicenseFile({ alg: 'aes-256-gcm+ed25519', issued: iso(now - DAY), licenseKey: DEMO_LICENSE_KEY }),
    licenseKey: DEMO_LICENSE_KEY,
    proof: mintActivationProof({ ts: iso(now - DAY), machine: { created: iso(now - DAY) } }),
    forgedKey: longKey.slice(0, middle) + (longKey[middle] === 'A' ? 'B' : 'A') + longKey.slice(middle + 1)
  };
}
