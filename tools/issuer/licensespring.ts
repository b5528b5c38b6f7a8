/**
 * Mint LicenseSpring offline answers (`ls_activation.lic`, `license_refresh.lic`) with the demo
 * LicenseSpring key, as the vendor signs them: `license_signature_v2` = RSA PKCS#1 v1.5 / SHA-256
 * over the compact JSON of the answer without its signatures (Python's
 * `json.dumps(separators=(",", ":"), ensure_ascii=False)`, which JSON.stringify equals for an object
 * without integer-like keys or floats), then the signature members are added. A refresh file is
 * signed with `license_signature` in place and carries no `request_id`.
 */
import type { KeyObject } from 'node:crypto';
import { demoKeys, sign } from './keys';

export interface LicenseSpringLicenseOptions {
  /** The answered request's id; omitted for a refresh file. */
  requestId?: string;
  hardwareId: string;
  /** Key-based license; give this or `username`. */
  licenseKey?: string;
  /** User-based license. */
  username?: string;
  /** `product_details.short_code`. */
  productCode: string;
  /** Expiry (ISO 8601), or null for a perpetual license. */
  validityPeriod: string | null;
  /** The answer's `date`. Default: 2026-05-31 12:00 UTC, as an IMF-fixdate. */
  date?: string;
  customer?: { email: string; first_name: string; last_name: string; company_name?: string };
  /** A portal refresh file (`license_refresh.lic`) instead of an activation answer. */
  refresh?: boolean;
  /** Leave out the legacy `license_signature`. */
  withoutLegacySignature?: boolean;
  /** More top-level members, placed before the signatures. */
  extra?: Record<string, unknown>;
  /** Pretty-print the file with this indent (the signature does not cover whitespace). */
  indent?: number;
  privateKey?: KeyObject;
}

const INTEGER_LIKE = /^(?:0|[1-9][0-9]*)$/;

/** Mint a `.lic` file: base64 of the answer's JSON, as the portal hands it out. */
export function mintLicenseSpringLicense(options: LicenseSpringLicenseOptions): string {
  const key = options.privateKey ?? demoKeys().licenseSpring;
  const holder = options.licenseKey ?? options.username;
  if (holder === undefined) throw new Error('a license key or a username is needed');
  for (const name of Object.keys(options.extra ?? {})) {
    if (INTEGER_LIKE.test(name))
      throw new Error(`JSON.stringify would move the integer-like key "${name}"; Python would not`);
  }
  const body: Record<string, unknown> = {
    id: 1699349720166389,
    license_active: true,
    license_enabled: true,
    license_type: options.validityPeriod === null ? 'perpetual' : 'time-limited',
    ...(options.licenseKey !== undefined ? { license_key: options.licenseKey } : { username: options.username }),
    is_trial: false,
    validity_period: options.validityPeriod,
    max_activations: 1,
    times_activated: 1,
    custom_fields: [],
    product_features: [{ code: 'export', name: 'Export' }],
    customer: {
      company_name: '',
      ...(options.customer ?? { email: 'technician@example.com', first_name: 'Ada', last_name: 'Field' })
    },
    product_details: {
      product_id: 1683881296184003,
      product_name: 'Demo App',
      short_code: options.productCode,
      authorization_method: options.licenseKey !== undefined ? 'license-key' : 'user'
    },
    metadata: {},
    ...options.extra,
    hardware_id: options.hardwareId,
    date: options.date ?? new Date(Date.UTC(2026, 4, 31, 12)).toUTCString(),
    ...(options.refresh || options.requestId === undefined ? {} : { request_id: options.requestId })
  };
  const legacyMessage = `${options.hardwareId}#${holder}#${options.validityPeriod ?? ''}`.toLowerCase();
  const legacy = options.withoutLegacySignature
    ? {}
    : { license_signature: sign('rsa-sha256', key, legacyMessage).toString('base64') };
  // Activation answers are signed without either signature; refresh files with the legacy one in place.
  const signed = options.refresh ? { ...body, ...legacy } : body;
  const v2 = sign('rsa-sha256', key, JSON.stringify(signed)).toString('base64');
  const file = { ...body, ...legacy, license_signature_v2: v2 };
  return Buffer.from(JSON.stringify(file, null, options.indent), 'utf8').toString('base64');
}
