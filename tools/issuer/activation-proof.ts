/** Mint Keygen machine activation proofs as `Machine#generate_proof` does. */
import type { KeyObject } from 'node:crypto';
import { demoKeys, sign } from './keys';
import { demoLicenseFacts, type LicenseFacts } from './datasets';
import { b64urlPadded } from './signed-key';

export interface ProofOptions {
  /** License facts for the default dataset. */
  facts?: LicenseFacts;
  /** The license key the proof binds to. */
  licenseKey?: string;
  /** The activated machine; each member has a demo default. */
  machine?: { id?: string; fingerprint?: string; created?: string };
  /** When the proof was generated (`ts`), ISO 8601 with milliseconds. */
  ts?: string;
  /** A custom dataset (an admin's `meta.dataset`), signed as given instead of the default. */
  dataset?: string;
  /** RSA private key; the demo key by default. Proofs are always RSA PKCS#1 v1.5 SHA-256. */
  privateKey?: KeyObject;
}

/**
 * Default dataset (`JSON.generate` key order): account, product, policy (with duration), license
 * (id, key, expiry), machine (id, fingerprint, created), ts.
 */
export function mintActivationProof(options: ProofOptions = {}): string {
  const f = options.facts ?? demoLicenseFacts();
  const dataset =
    options.dataset ??
    JSON.stringify({
      account: { id: f.accountId },
      product: { id: f.productId },
      policy: { id: f.policyId, duration: f.duration },
      license: {
        id: f.licenseId,
        key: options.licenseKey ?? '7C1A2F-4B9E3D-8A6F10-D2E5B7-91C4F8-V3',
        expiry: f.expiry
      },
      machine: {
        id: options.machine?.id ?? '2d8f4c6a-1b3e-4f5a-9c7d-0e1f2a3b4c5d',
        fingerprint: options.machine?.fingerprint ?? '4f:9a:1c:7e:2b:d0:85:36',
        created: options.machine?.created ?? '2026-02-01T10:00:00.000Z'
      },
      ts: options.ts ?? '2026-02-01T10:00:05.000Z'
    });
  const signing = `proof/${b64urlPadded(dataset)}`;
  return `${signing}.${b64urlPadded(sign('rsa-sha256', options.privateKey ?? demoKeys().rsa, signing))}`;
}
