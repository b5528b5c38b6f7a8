import type { Algorithm, TrustedKey } from '$lib/core/crypto/keys';
import { trustStore } from '$lib/trust';
import type { PageLoad } from './$types';

interface KeyInfo {
  id: string;
  algorithm: Algorithm;
  fingerprint: string;
  /** Also trusted for the legacy raw-bytes schemes (v1 keys, X-Signature). */
  legacy: boolean;
  /** Which vendor's artifacts it verifies. */
  use: 'Keygen' | 'LicenseSpring';
}

const info =
  (use: KeyInfo['use']) =>
  (key: TrustedKey): KeyInfo => ({
    id: key.id,
    algorithm: key.algorithm,
    fingerprint: key.fingerprint,
    legacy: key.legacy,
    use
  });

/** The trusted keys and their fingerprints, computed at build time so the static page shows them. */
export const load: PageLoad = async () => {
  const store = await trustStore();
  return { keys: [...store.keys.map(info('Keygen')), ...store.licenseSpringKeys.map(info('LicenseSpring'))] };
};
