/**
 * Mint Keygen license files and machine files (keygen-formats.md §5) in Keygen's exact bytes: a
 * JSON:API dataset shaped like the real checkouts, `enc` as strict base64 or AES-256-GCM under
 * SHA-256(license key [+ fingerprint]), the signature over `license/<enc>` or `machine/<enc>`, and
 * Ruby `Base64.encode64` armour (a newline after every 60 characters).
 */
import { createCipheriv, createHash, randomBytes, type KeyObject } from 'node:crypto';
import type { Algorithm } from '../../src/lib/core/crypto/keys';
import { demoKeyFor, sign } from './keys';
import { demoLicenseFacts, type LicenseFacts } from './datasets';

export type LicenseFileEncoding = 'aes-256-gcm' | 'base64';
/** Keygen's signature names, plus keygen-go's alias for ECDSA. */
export type LicenseFileSignature = Algorithm | 'ecdsa-secp256r1';
export type LicenseFileAlg = `${LicenseFileEncoding}+${LicenseFileSignature}`;
export const LICENSE_FILE_ENCODINGS: readonly LicenseFileEncoding[] = ['aes-256-gcm', 'base64'];

export const DEMO_LICENSE_KEY = 'C1B6DE-39A6E3-DE1529-8559A0-4AF593-V3';
/** Used verbatim, colons included, as Keygen does when it derives a machine file's key. */
export const DEMO_FINGERPRINT = '4f:2a:9c:7b:1e:3d:a5:c8:f0:62:d9:4e:81:b3:57:0c';
export const DEMO_LICENSE_ID = '0b7e51c2-93d4-4f6a-8e21-5c9a7d3f1b60';
export const DEMO_MACHINE_ID = 'e3a9c4d1-7f25-4b80-9c6e-2d1f8a5b7e93';
const DEMO_USER_ID = '5f0e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f';
/** Keygen's default checkout TTL: one month. */
export const DEFAULT_TTL = 2629746;

export interface LicenseFileOptions {
  type?: 'license' | 'machine';
  /** Default `base64+ed25519`, Keygen's default for an unencrypted checkout. */
  alg?: LicenseFileAlg;
  licenseKey?: string;
  fingerprint?: string;
  /** `meta.issued` (ISO 8601). */
  issued?: string;
  /** `meta.ttl` in seconds, or null for a file that never expires. */
  ttl?: number | null;
  /** `meta.expiry`; by default `issued + ttl` in Keygen's calendar arithmetic. */
  expiry?: string | null;
  /** Entitlement codes, included as `entitlements` resources. */
  entitlements?: string[];
  /** The license behind the file: product, policy, its own expiry, owner's email, … */
  license?: Partial<LicenseFacts>;
  privateKey?: KeyObject;
  /** Sign this dataset instead of building one (a string is signed byte for byte). */
  dataset?: string | object;
}

const SECONDS = { year: 31556952, month: 2629746, week: 604800, day: 86400 };

/** Ruby `Date#>>`: move by whole months, clamping the day to the end of the target month. */
function addMonths(d: Date, months: number): void {
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
}

/**
 * `issued + ActiveSupport::Duration.build(ttl)`, as Keygen computes `meta.expiry`: the seconds are
 * split into years, months, weeks, days and the rest, and added part by part on the calendar.
 */
export function checkoutExpiry(issued: string, ttl: number): string {
  const d = new Date(issued);
  let rest = ttl;
  const take = (unit: number) => {
    const n = Math.floor(rest / unit);
    rest %= unit;
    return n;
  };
  const years = take(SECONDS.year);
  const months = take(SECONDS.month);
  const days = take(SECONDS.week) * 7 + take(SECONDS.day);
  addMonths(d, years * 12);
  addMonths(d, months);
  d.setUTCDate(d.getUTCDate() + days);
  return new Date(d.getTime() + rest * 1000).toISOString();
}

/** A stable UUID-shaped id from a name, so minted documents are reproducible. */
function idFor(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const relation = (related: string, type: string, id: string | null) => ({
  links: { related },
  data: id === null ? null : { type, id }
});

/** The JSON:API document a checkout signs: `data`, `included`, `meta {issued, expiry, ttl}`. */
export function licenseFileDocument(options: LicenseFileOptions = {}): object {
  const f = demoLicenseFacts({ licenseId: DEMO_LICENSE_ID, ...options.license });
  const type = options.type ?? 'license';
  const issued = options.issued ?? '2026-05-15T08:00:00.000Z';
  const ttl = options.ttl === undefined ? DEFAULT_TTL : options.ttl;
  const expiry = options.expiry !== undefined ? options.expiry : ttl === null ? null : checkoutExpiry(issued, ttl);
  const account = `/v1/accounts/${f.accountId}`;
  const licensePath = `${account}/licenses/${f.licenseId}`;
  const machinePath = `${account}/machines/${DEMO_MACHINE_ID}`;
  const codes = options.entitlements ?? ['OFFLINE_SUPPORT'];
  const userId = f.email ? DEMO_USER_ID : null;

  const entitlements = codes.map((code) => ({
    id: idFor(`entitlement:${code}`),
    type: 'entitlements',
    attributes: {
      name: code.toLowerCase().replace(/_/g, ' '),
      code,
      metadata: {},
      created: f.created,
      updated: f.created
    },
    relationships: { account: relation(account, 'accounts', f.accountId) },
    links: { self: `${account}/entitlements/${idFor(`entitlement:${code}`)}` }
  }));
  const user = f.email
    ? {
        id: DEMO_USER_ID,
        type: 'users',
        attributes: {
          fullName: 'Demo Technician',
          firstName: 'Demo',
          lastName: 'Technician',
          email: f.email,
          status: 'ACTIVE',
          role: 'user',
          metadata: {},
          created: f.created,
          updated: f.created
        },
        relationships: { account: relation(account, 'accounts', f.accountId) },
        links: { self: `${account}/users/${DEMO_USER_ID}` }
      }
    : undefined;
  const license = {
    id: f.licenseId,
    type: 'licenses',
    attributes: {
      name: 'Demo License',
      key: options.licenseKey ?? DEMO_LICENSE_KEY,
      expiry: f.expiry,
      status: 'ACTIVE',
      uses: 0,
      suspended: false,
      scheme: null,
      encrypted: false,
      strict: false,
      floating: true,
      protected: true,
      version: null,
      maxMachines: 3,
      maxProcesses: null,
      maxCores: null,
      maxUses: null,
      requireHeartbeat: false,
      requireCheckIn: false,
      lastValidated: null,
      lastCheckIn: null,
      nextCheckIn: null,
      lastCheckOut: issued,
      metadata: {},
      created: f.created,
      updated: f.created
    },
    relationships: {
      account: relation(account, 'accounts', f.accountId),
      environment: { links: { related: null }, data: null },
      product: relation(`${licensePath}/product`, 'products', f.productId),
      policy: relation(`${licensePath}/policy`, 'policies', f.policyId),
      group: relation(`${licensePath}/group`, 'groups', null),
      user: relation(`${licensePath}/user`, 'users', userId),
      machines: {
        links: { related: `${licensePath}/machines` },
        meta: { cores: 0, count: type === 'machine' ? 1 : 0 }
      },
      tokens: { links: { related: `${licensePath}/tokens` } },
      entitlements: {
        links: { related: `${licensePath}/entitlements` },
        data: entitlements.map(({ id }) => ({ type: 'entitlements', id }))
      }
    },
    links: { self: licensePath }
  };
  const meta = { issued, expiry, ttl };
  const others = [...(user ? [user] : []), ...entitlements];
  if (type === 'license') return { data: license, included: others, meta };

  const machine = {
    id: DEMO_MACHINE_ID,
    type: 'machines',
    attributes: {
      fingerprint: options.fingerprint ?? DEMO_FINGERPRINT,
      cores: 4,
      ip: null,
      hostname: 'kiosk-07',
      platform: 'linux',
      name: 'Demo Kiosk',
      requireHeartbeat: false,
      heartbeatStatus: 'NOT_STARTED',
      heartbeatDuration: null,
      maxProcesses: null,
      lastHeartbeat: null,
      nextHeartbeat: null,
      metadata: {},
      created: f.created,
      updated: f.created
    },
    relationships: {
      account: relation(account, 'accounts', f.accountId),
      environment: { links: { related: null }, data: null },
      product: relation(`${machinePath}/product`, 'products', f.productId),
      group: relation(`${machinePath}/group`, 'groups', null),
      license: relation(`${machinePath}/license`, 'licenses', f.licenseId),
      user: relation(`${machinePath}/user`, 'users', userId),
      processes: { links: { related: `${machinePath}/processes` } }
    },
    links: { self: machinePath }
  };
  return { data: machine, included: [license, ...others], meta };
}

/** AES-256-GCM, 12-byte random IV, 16-byte tag, no AAD: `b64(ct).b64(iv).b64(tag)`. */
function encrypt(plaintext: string, secret: string): string {
  const key = createHash('sha256').update(secret, 'utf8').digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [ciphertext, iv, cipher.getAuthTag()].map((b) => b.toString('base64')).join('.');
}

/** Ruby `Base64.encode64`: std base64 with a newline after every 60 characters, the last included. */
export const encode64 = (text: string): string =>
  Buffer.from(text, 'utf8')
    .toString('base64')
    .replace(/.{1,60}/g, '$&\n');

export function mintLicenseFile(options: LicenseFileOptions = {}): string {
  const type = options.type ?? 'license';
  const alg = options.alg ?? 'base64+ed25519';
  const [encoding, sigName] = alg.split('+') as [LicenseFileEncoding, LicenseFileSignature];
  const algorithm: Algorithm = sigName === 'ecdsa-secp256r1' ? 'ecdsa-p256' : sigName;
  const dataset =
    typeof options.dataset === 'string'
      ? options.dataset
      : JSON.stringify(options.dataset ?? licenseFileDocument(options));
  const licenseKey = options.licenseKey ?? DEMO_LICENSE_KEY;
  const secret = type === 'license' ? licenseKey : licenseKey + (options.fingerprint ?? DEMO_FINGERPRINT);
  const enc = encoding === 'base64' ? Buffer.from(dataset, 'utf8').toString('base64') : encrypt(dataset, secret);
  const sig = sign(algorithm, options.privateKey ?? demoKeyFor(algorithm), `${type}/${enc}`).toString('base64');
  const label = type === 'license' ? 'LICENSE' : 'MACHINE';
  return `-----BEGIN ${label} FILE-----\n${encode64(JSON.stringify({ enc, sig, alg }))}-----END ${label} FILE-----\n`;
}
