/**
 * `cli issue <kind>`: the demo issuer. Mints an artifact in the vendor's exact format with the
 * committed demo key pairs (public test material), or with `--private-key FILE`.
 */
import { parseArgs } from 'node:util';
import type { KeyObject } from 'node:crypto';
import { isAlgorithm, type Algorithm } from '../../src/lib/core/crypto/keys';
import { demoLicenseFacts, keyDataset, type LicenseFacts } from '../issuer/datasets';
import { privateKeyFromFile } from '../issuer/keys';
import { mintSignedKey } from '../issuer/signed-key';
import { mintEncryptedKey } from '../issuer/encrypted-key';
import { mintJwtKey } from '../issuer/jwt-key';
import { mintActivationProof } from '../issuer/activation-proof';
import { mintLicenseFile, type LicenseFileAlg } from '../issuer/license-file';
import {
  mintLegacyResponse,
  mintResponse,
  responseEnvelope,
  responseHar,
  type ResponseAlgorithm
} from '../issuer/keygen-response';
import { mintLicenseSpringLicense } from '../issuer/licensespring';
import { demoConfig } from '../issuer/demo-trust';
import { UsageError } from './usage';

const KINDS = [
  'signed-key',
  'legacy-signed-key',
  'encrypted-key',
  'jwt-key',
  'activation-proof',
  'license-file',
  'machine-file',
  'keygen-response',
  'licensespring-license'
] as const;

export const ISSUE_USAGE = `issue <${KINDS.join('|')}> [--private-key FILE]
       [--algorithm ALG] [--alg ENC+SIG] [--dataset TEXT] [--created ISO] [--expiry ISO|never]
       [--license-key K] [--fingerprint F] [--issued ISO] [--ttl SECONDS|never] [--date ISO] [--har]
       [--request-id ID] [--hardware-id H] [--product P] [--entitlement CODE]...`;

type Values = Record<string, string | boolean | string[] | undefined>;

const never = (value: string | undefined) => (value === 'never' ? null : value);

function isoOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--${name} must be an ISO 8601 time, got "${value}"`);
  return new Date(t).toISOString();
}

function algorithm(values: Values, fallback: Algorithm): Algorithm {
  const value = (values.algorithm as string | undefined) ?? fallback;
  if (!isAlgorithm(value))
    throw new UsageError(`--algorithm must be one of ed25519, rsa-pss-sha256, rsa-sha256, ecdsa-p256`);
  return value;
}

const DAY = 86_400_000;

/** The license behind an artifact: by default created a month ago and valid for a year from now. */
function facts(values: Values): LicenseFacts {
  const now = Date.now();
  const expiry = never(values.expiry as string | undefined);
  const overrides: Partial<LicenseFacts> = {
    created: isoOption('created', values.created as string | undefined) ?? new Date(now - 30 * DAY).toISOString(),
    expiry: expiry === null ? null : (isoOption('expiry', expiry) ?? new Date(now + 365 * DAY).toISOString())
  };
  if (values.product) overrides.productId = values.product as string;
  return demoLicenseFacts(overrides);
}

function mint(kind: (typeof KINDS)[number], values: Values, privateKey: KeyObject | undefined): string {
  const keyOption = privateKey ? { privateKey } : {};
  const str = (name: string) => values[name] as string | undefined;
  switch (kind) {
    case 'signed-key':
    case 'legacy-signed-key':
      return mintSignedKey({
        algorithm: algorithm(values, kind === 'signed-key' ? 'ed25519' : 'rsa-sha256'),
        dataset: str('dataset') ?? keyDataset(facts(values)),
        legacy: kind === 'legacy-signed-key',
        ...keyOption
      });
    case 'encrypted-key':
      return mintEncryptedKey({
        facts: facts(values),
        ...(str('dataset') ? { dataset: str('dataset')! } : {}),
        ...keyOption
      });
    case 'jwt-key':
      return mintJwtKey({ facts: facts(values), ...keyOption });
    case 'activation-proof':
      return mintActivationProof({
        facts: facts(values),
        ...(str('license-key') ? { licenseKey: str('license-key')! } : {}),
        ...(str('fingerprint') ? { machine: { fingerprint: str('fingerprint')! } } : {}),
        ts: isoOption('date', str('date')) ?? new Date().toISOString(),
        ...keyOption
      });
    case 'license-file':
    case 'machine-file': {
      const ttl = never(str('ttl'));
      if (ttl !== undefined && ttl !== null && !/^\d+$/.test(ttl))
        throw new UsageError('--ttl is a number of seconds or "never"');
      return mintLicenseFile({
        type: kind === 'license-file' ? 'license' : 'machine',
        ...(str('alg') ? { alg: str('alg') as LicenseFileAlg } : {}),
        ...(str('license-key') ? { licenseKey: str('license-key')! } : {}),
        ...(str('fingerprint') ? { fingerprint: str('fingerprint')! } : {}),
        issued: isoOption('issued', str('issued')) ?? new Date().toISOString(),
        ...(ttl !== undefined ? { ttl: ttl === null ? null : Number(ttl) } : {}),
        license: facts(values),
        ...(Array.isArray(values.entitlement) ? { entitlements: values.entitlement } : {}),
        ...keyOption
      });
    }
    case 'keygen-response': {
      const date = isoOption('date', str('date'));
      const options = { ...(date ? { date: Date.parse(date) } : {}), ...keyOption };
      const chosen = str('algorithm') ?? 'ed25519';
      const response =
        chosen === 'legacy'
          ? mintLegacyResponse(options)
          : mintResponse({ algorithm: algorithm(values, 'ed25519') as ResponseAlgorithm, ...options });
      return values.har ? responseHar([response]) : responseEnvelope(response);
    }
    case 'licensespring-license': {
      const expiry = never(str('expiry'));
      return mintLicenseSpringLicense({
        ...(str('request-id') ? { requestId: str('request-id')! } : {}),
        hardwareId: str('hardware-id') ?? 'demo-hardware-id',
        licenseKey: str('license-key') ?? 'DEMO-AAAA-BBBB-CCCC',
        productCode: str('product') ?? demoConfig().licenseSpring!.productCode,
        validityPeriod: expiry === undefined ? null : expiry === null ? null : isoOption('expiry', expiry)!,
        ...(str('date') ? { date: new Date(isoOption('date', str('date'))!).toUTCString() } : {}),
        ...keyOption
      });
    }
  }
}

export async function issueCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'private-key': { type: 'string' },
      algorithm: { type: 'string' },
      alg: { type: 'string' },
      dataset: { type: 'string' },
      created: { type: 'string' },
      expiry: { type: 'string' },
      'license-key': { type: 'string' },
      fingerprint: { type: 'string' },
      issued: { type: 'string' },
      ttl: { type: 'string' },
      date: { type: 'string' },
      har: { type: 'boolean' },
      'request-id': { type: 'string' },
      'hardware-id': { type: 'string' },
      product: { type: 'string' },
      entitlement: { type: 'string', multiple: true }
    }
  });
  const [kind, ...rest] = positionals;
  if (!kind || !(KINDS as readonly string[]).includes(kind))
    throw new UsageError(`issue needs a kind: ${KINDS.join(', ')}`);
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  let privateKey: KeyObject | undefined;
  if (values['private-key']) {
    try {
      privateKey = privateKeyFromFile(values['private-key']);
    } catch (err) {
      throw new UsageError(`cannot read the private key ${values['private-key']}: ${(err as Error).message}`);
    }
  }
  try {
    write(mint(kind as (typeof KINDS)[number], values, privateKey).trimEnd());
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message);
  }
  return 0;
}
