/** Building the CLI's trust store from `--config` and `--public-key` options. */
import { existsSync, readFileSync } from 'node:fs';
import { buildTrustStore, parseConfig, type TrustStore } from '../../src/lib/core/config';
import { algorithmsFor, isAlgorithm, type KeySpec } from '../../src/lib/core/crypto/keys';
import { UsageError } from './usage';

/**
 * `--public-key` takes a key in any accepted form or a path to one, optionally pinned as
 * `ALGORITHM:KEY`. Unpinned RSA keys are trusted for both RSA algorithms (PSS and PKCS#1 v1.5),
 * since Keygen signs with one RSA key pair under both.
 */
export function keySpecs(option: string, index: number): KeySpec[] {
  const colon = option.indexOf(':');
  const prefix = colon > 0 ? option.slice(0, colon) : '';
  const pinned = isAlgorithm(prefix) ? prefix : undefined;
  const value = pinned ? option.slice(colon + 1) : option;
  const publicKey = existsSync(value) ? readFileSync(value, 'utf8') : value;
  const algorithms = pinned ? [pinned] : algorithmsFor(publicKey);
  return algorithms.map((algorithm) => ({
    id: `cli-key-${index + 1}${algorithms.length > 1 ? `-${algorithm}` : ''}`,
    algorithm,
    publicKey
  }));
}

export async function cliTrustStore(
  configFile: string | undefined,
  publicKeys: string[],
  defaultConfig: string
): Promise<TrustStore> {
  const file = configFile ?? (publicKeys.length ? undefined : defaultConfig);
  let document: Record<string, unknown> = {};
  if (file) {
    try {
      document = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`cannot read config ${file}: ${(err as Error).message}`);
    }
  }
  const extra = publicKeys.flatMap((k, i) => keySpecs(k, i));
  const keys = [...((document.keys as KeySpec[] | undefined) ?? []), ...extra];
  return buildTrustStore(parseConfig({ ...document, keys }));
}
