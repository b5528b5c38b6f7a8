/**
 * What the Compose screen keeps in the meta store: this browser's own hardware id, and the
 * LicenseSpring credentials only when the user asks for them to be remembered. Both are stored as
 * they are, unencrypted: anyone with access to this browser profile can read them.
 */
import { hexEncode } from '../core/crypto/encoding';
import { announce, withDb } from './db';

const DEVICE_ID_KEY = 'deviceId';
const CREDENTIALS_KEY = 'licenseSpringCredentials';

/** 32 random bytes as 64 lower-case hex digits, the shape of the vendor's own SDK ids. */
const DEVICE_ID = /^[0-9a-f]{64}$/;

/**
 * This browser's stable hardware id, created on first use. Read and created in one transaction,
 * so two tabs asking at once still agree on one id.
 */
export async function browserHardwareId(): Promise<string> {
  return withDb(async (db) => {
    const tx = db.transaction('meta', 'readwrite');
    const stored = await tx.store.get(DEVICE_ID_KEY);
    const id =
      typeof stored === 'string' && DEVICE_ID.test(stored)
        ? stored
        : hexEncode(crypto.getRandomValues(new Uint8Array(32)));
    await Promise.all([...(id !== stored ? [tx.store.put(id, DEVICE_ID_KEY)] : []), tx.done]);
    return id;
  });
}

/** API key and shared key, or OAuth client id and client secret, as the user typed them. */
export interface ComposeCredentials {
  apiKey?: string;
  sharedKey?: string;
  clientId?: string;
  clientSecret?: string;
}

const CREDENTIAL_FIELDS = ['apiKey', 'sharedKey', 'clientId', 'clientSecret'] as const;

function onlyCredentials(value: unknown): ComposeCredentials | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const source = value as Record<string, unknown>;
  const kept: ComposeCredentials = {};
  for (const field of CREDENTIAL_FIELDS) {
    const v = source[field];
    if (typeof v === 'string' && v !== '') kept[field] = v;
  }
  return Object.keys(kept).length ? kept : undefined;
}

/** The credentials the user asked this device to remember, if any. */
export async function rememberedCredentials(): Promise<ComposeCredentials | undefined> {
  return onlyCredentials(await withDb((db) => db.get('meta', CREDENTIALS_KEY)));
}

/** Stores the given credentials (empty fields left out), replacing any remembered before. */
export async function rememberCredentials(credentials: ComposeCredentials): Promise<void> {
  const kept = onlyCredentials(credentials);
  await withDb(async (db) => {
    if (kept) await db.put('meta', kept, CREDENTIALS_KEY);
    else await db.delete('meta', CREDENTIALS_KEY);
  });
  announce('meta');
}

export async function forgetCredentials(): Promise<void> {
  await withDb((db) => db.delete('meta', CREDENTIALS_KEY));
  announce('meta');
}
