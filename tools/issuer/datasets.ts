/** Default datasets in Keygen's exact shape and key order (`JSON.generate`, compact). */
import { randomUUID } from 'node:crypto';
import { demoConfig } from './demo-trust';

export interface LicenseFacts {
  accountId: string;
  productId: string;
  policyId: string;
  licenseId: string;
  created: string;
  expiry: string | null;
  duration: number | null;
  email: string | null;
}

/** Facts for a demo license: the demo account and product, created `created`, expiring `expiry`. */
export function demoLicenseFacts(overrides: Partial<LicenseFacts> = {}): LicenseFacts {
  const config = demoConfig();
  return {
    accountId: config.account!.id,
    productId: config.products[0]!,
    policyId: '9b2e6f1c-5d4a-4e3b-8c7d-1f0a2b3c4d5e',
    licenseId: randomUUID(),
    created: '2026-01-15T09:30:00.000Z',
    expiry: '2027-01-15T09:30:00.000Z',
    duration: 31536000,
    email: 'technician@example.com',
    ...overrides
  };
}

/** Keygen's `default_seed_key` for signed keys (note `user`, not the docs' `owner`). */
export function keyDataset(f: LicenseFacts): string {
  return JSON.stringify({
    account: { id: f.accountId },
    product: { id: f.productId },
    policy: { id: f.policyId, duration: f.duration },
    user: f.email ? { id: '5f0e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f', email: f.email } : null,
    license: { id: f.licenseId, created: f.created, expiry: f.expiry }
  });
}
