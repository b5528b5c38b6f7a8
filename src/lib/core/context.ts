import type { TrustStore } from './config';

/** Everything a verification depends on besides the input. Time is always explicit. */
export interface VerifyContext {
  trust: TrustStore;
  /** Current time in ms since the epoch. */
  now: number;
  /** Time floor (ms): newest wall clock or signed time seen before. Below it means the clock was set back. */
  floor?: number;
  /** The license key this device holds: decrypts license files, binds proofs and files. */
  licenseKey?: string;
  /** This device's fingerprint / hardware id: decrypts machine files, binds proofs and files. */
  fingerprint?: string;
  /** LicenseSpring requests composed here, by `request_id`, to match `.lic` answers. */
  requests?: ReadonlyMap<string, { hardwareId: string }>;
  /** LicenseSpring shared key (or client secret) to check a `.req` file's HMACs. */
  sharedKey?: string;
}
