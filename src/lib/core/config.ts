/**
 * The vendor's trust configuration, embedded at build time (`VERIFIER_CONFIG=path npm run build`)
 * and read by the CLI's `--config`. Validation names the offending field, so a vendor fixes a typo
 * before it ships instead of after a technician is told "invalid".
 */
import { fail } from './errors';
import { importTrustedKey, isAlgorithm, ALGORITHMS, type KeySpec, type TrustedKey } from './crypto/keys';

export interface LicenseSpringConfig {
  productCode: string;
  apiKey?: string;
  /** Embedding a shared key lets anyone holding the app sign requests; vendors usually leave it out. */
  sharedKey?: string;
  publicKey: string;
}

export interface VerifierConfig {
  branding: { name: string; color: string };
  /** Demo builds show "Try a sample"; vendor builds do not. */
  demo: boolean;
  keys: KeySpec[];
  /** Keygen account id (and slug), for response binding and `keyid`. */
  account?: { id: string; slug?: string };
  /** Allowed Keygen product ids; empty allows any product. */
  products: string[];
  /** API hosts a cached response may come from. */
  hosts: string[];
  maxResponseAgeSeconds: number;
  cacheTtlSeconds: number;
  gracePeriodSeconds: number;
  licenseSpring?: LicenseSpringConfig;
  history: { enabled: boolean; limit: number };
  kiosk: KioskConfig;
}

/**
 * Kiosk mode. The exit PIN keeps walk-up visitors out of settings; it ships inside the app, so it
 * is a lock on the front door, not a secret from someone with developer tools.
 */
export interface KioskConfig {
  /** Open the kiosk screen when the app starts. */
  startInKiosk: boolean;
  /** Seconds a verdict stays on screen before the kiosk is ready for the next visitor. */
  resetSeconds: number;
  /** Leaving kiosk mode: a PIN typed on screen, or a press held for `holdSeconds`. */
  exit: { method: 'pin'; pin: string } | { method: 'long-press'; holdSeconds: number };
  /** A short tone on each verdict. */
  sound: boolean;
}

/** Everything the core needs to verify: imported keys and the policy. */
export interface TrustStore {
  keys: TrustedKey[];
  licenseSpringKeys: TrustedKey[];
  config: VerifierConfig;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(field: string, problem: string): never {
  fail('ERR_CONFIG_INVALID', `config field "${field}" ${problem}`);
}

function onlyKnown(obj: Obj, known: string[], where: string) {
  for (const k of Object.keys(obj)) if (!known.includes(k)) bad(where ? `${where}.${k}` : k, 'is not a known setting');
}

function str(obj: Obj, key: string, where: string, optional: true): string | undefined;
function str(obj: Obj, key: string, where: string, optional?: false): string;
function str(obj: Obj, key: string, where: string, optional = false): string | undefined {
  const v = obj[key];
  const field = where ? `${where}.${key}` : key;
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v.trim() === '') bad(field, 'must be a non-empty string');
  return v;
}

function num(obj: Obj, key: string, fallback: number, min: number, max: number, where = ''): number {
  const v = obj[key] ?? fallback;
  const field = where ? `${where}.${key}` : key;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    bad(field, `must be a whole number from ${min} to ${max}`);
  return v;
}

function strList(obj: Obj, key: string, fallback: string[]): string[] {
  const v = obj[key] ?? fallback;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s === ''))
    bad(key, 'must be a list of non-empty strings');
  return v as string[];
}

const DAY = 86_400;

/** Validate a parsed config document. Throws `ERR_CONFIG_INVALID` naming the field. */
export function parseConfig(input: unknown): VerifierConfig {
  if (!isObj(input)) fail('ERR_CONFIG_INVALID', 'the config must be a JSON object');
  onlyKnown(
    input,
    [
      '$comment',
      'branding',
      'demo',
      'keys',
      'account',
      'products',
      'hosts',
      'maxResponseAgeSeconds',
      'cacheTtlSeconds',
      'gracePeriodSeconds',
      'licenseSpring',
      'history',
      'kiosk'
    ],
    ''
  );
  if (!Array.isArray(input.keys) || input.keys.length === 0) bad('keys', 'must list at least one public key');
  const ids = new Set<string>();
  const keys = input.keys.map((k, i): KeySpec => {
    const where = `keys[${i}]`;
    if (!isObj(k)) bad(where, 'must be an object');
    onlyKnown(k, ['id', 'algorithm', 'publicKey', 'legacy'], where);
    const id = str(k, 'id', where);
    if (ids.has(id)) bad(`${where}.id`, `repeats the id "${id}"`);
    ids.add(id);
    if (!isAlgorithm(k.algorithm)) bad(`${where}.algorithm`, `must be one of ${ALGORITHMS.join(', ')}`);
    const publicKey = k.publicKey;
    if (!(typeof publicKey === 'string' && publicKey.trim() !== '') && !isObj(publicKey))
      bad(`${where}.publicKey`, 'must be a key (text or JWK object)');
    if (k.legacy !== undefined && typeof k.legacy !== 'boolean') bad(`${where}.legacy`, 'must be true or false');
    if (k.legacy === true && !k.algorithm.startsWith('rsa-'))
      bad(`${where}.legacy`, 'applies only to rsa-sha256 and rsa-pss-sha256 keys');
    return {
      id,
      algorithm: k.algorithm,
      publicKey: publicKey as string | JsonWebKey,
      ...(k.legacy === true ? { legacy: true } : {})
    };
  });

  const branding = input.branding ?? { name: 'Offline Verifier', color: '#0b5cad' };
  if (!isObj(branding)) bad('branding', 'must be an object');
  onlyKnown(branding, ['name', 'color'], 'branding');
  const color = str(branding, 'color', 'branding');
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) bad('branding.color', 'must be a colour like #0b5cad');

  let account: VerifierConfig['account'];
  if (input.account !== undefined) {
    if (!isObj(input.account)) bad('account', 'must be an object');
    onlyKnown(input.account, ['id', 'slug'], 'account');
    account = { id: str(input.account, 'id', 'account') };
    const slug = str(input.account, 'slug', 'account', true);
    if (slug) account.slug = slug;
  }

  let licenseSpring: LicenseSpringConfig | undefined;
  if (input.licenseSpring !== undefined) {
    const ls = input.licenseSpring;
    if (!isObj(ls)) bad('licenseSpring', 'must be an object');
    onlyKnown(ls, ['productCode', 'apiKey', 'sharedKey', 'publicKey'], 'licenseSpring');
    licenseSpring = {
      productCode: str(ls, 'productCode', 'licenseSpring'),
      publicKey: str(ls, 'publicKey', 'licenseSpring')
    };
    const apiKey = str(ls, 'apiKey', 'licenseSpring', true);
    const sharedKey = str(ls, 'sharedKey', 'licenseSpring', true);
    if (apiKey) licenseSpring.apiKey = apiKey;
    if (sharedKey) licenseSpring.sharedKey = sharedKey;
  }

  const history = input.history ?? {};
  if (!isObj(history)) bad('history', 'must be an object');
  onlyKnown(history, ['enabled', 'limit'], 'history');
  if (history.enabled !== undefined && typeof history.enabled !== 'boolean')
    bad('history.enabled', 'must be true or false');
  if (input.demo !== undefined && typeof input.demo !== 'boolean') bad('demo', 'must be true or false');
  const kiosk = parseKiosk(input.kiosk ?? {});

  const config: VerifierConfig = {
    branding: { name: str(branding, 'name', 'branding'), color },
    demo: input.demo === true,
    keys,
    products: strList(input, 'products', []),
    hosts: strList(input, 'hosts', ['api.keygen.sh']),
    maxResponseAgeSeconds: num(input, 'maxResponseAgeSeconds', 7 * DAY, 60, 3650 * DAY),
    cacheTtlSeconds: num(input, 'cacheTtlSeconds', 30 * DAY, 60, 3650 * DAY),
    gracePeriodSeconds: num(input, 'gracePeriodSeconds', 0, 0, 365 * DAY),
    history: { enabled: history.enabled !== false, limit: num(history, 'limit', 500, 1, 100_000, 'history') },
    kiosk
  };
  if (account) config.account = account;
  if (licenseSpring) config.licenseSpring = licenseSpring;
  return config;
}

function parseKiosk(kiosk: unknown): KioskConfig {
  if (!isObj(kiosk)) bad('kiosk', 'must be an object');
  onlyKnown(kiosk, ['startInKiosk', 'resetSeconds', 'exit', 'sound'], 'kiosk');
  for (const flag of ['startInKiosk', 'sound'] as const) {
    if (kiosk[flag] !== undefined && typeof kiosk[flag] !== 'boolean') bad(`kiosk.${flag}`, 'must be true or false');
  }
  const exit = kiosk.exit ?? { method: 'long-press' };
  if (!isObj(exit)) bad('kiosk.exit', 'must be an object');
  let parsedExit: KioskConfig['exit'];
  if (exit.method === 'pin') {
    onlyKnown(exit, ['method', 'pin'], 'kiosk.exit');
    if (typeof exit.pin !== 'string' || !/^\d{4,12}$/.test(exit.pin)) bad('kiosk.exit.pin', 'must be 4 to 12 digits');
    parsedExit = { method: 'pin', pin: exit.pin };
  } else if (exit.method === 'long-press') {
    onlyKnown(exit, ['method', 'holdSeconds'], 'kiosk.exit');
    parsedExit = { method: 'long-press', holdSeconds: num(exit, 'holdSeconds', 3, 1, 30, 'kiosk.exit') };
  } else bad('kiosk.exit.method', 'must be "pin" or "long-press"');
  return {
    startInKiosk: kiosk.startInKiosk === true,
    resetSeconds: num(kiosk, 'resetSeconds', 15, 3, 600, 'kiosk'),
    exit: parsedExit,
    sound: kiosk.sound !== false
  };
}

/** Import every key of a validated config. Key errors name the key's id. */
export async function buildTrustStore(config: VerifierConfig): Promise<TrustStore> {
  const keys = await Promise.all(config.keys.map((spec) => importTrustedKey(spec)));
  const licenseSpringKeys = config.licenseSpring
    ? [
        await importTrustedKey({
          id: 'licensespring',
          algorithm: 'rsa-sha256',
          publicKey: config.licenseSpring.publicKey
        })
      ]
    : [];
  return { keys, licenseSpringKeys, config };
}
