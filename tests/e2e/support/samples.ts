/** Artifacts minted by the demo issuer for the e2e tests, valid at the real current time. */
import { demoLicenseFacts, keyDataset } from '../../../tools/issuer/datasets';
import { mintSignedKey } from '../../../tools/issuer/signed-key';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A genuine Ed25519 signed key (`key/…`) for the demo product, valid from yesterday for a year. */
export function validSignedKey(): string {
  const now = Date.now();
  const facts = demoLicenseFacts({
    created: new Date(now - DAY_MS).toISOString(),
    expiry: new Date(now + 365 * DAY_MS).toISOString()
  });
  return mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(facts) });
}
