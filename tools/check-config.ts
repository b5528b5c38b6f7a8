/**
 * `npm run build` runs this first: the trust configuration must parse and every key must import,
 * or the build stops with a message naming the field.
 */
import { readFileSync } from 'node:fs';
import { buildTrustStore, parseConfig } from '../src/lib/core/config';
import { configPath } from './trust-config-plugin';

const file = configPath();
try {
  const store = await buildTrustStore(parseConfig(JSON.parse(readFileSync(file, 'utf8'))));
  console.log(
    `Verifier config ${file}: ${store.keys.length} trusted key(s)${store.config.demo ? ' (demo build)' : ''}.`
  );
} catch (err) {
  console.error(`Verifier config ${file} is not usable: ${(err as Error).message}`);
  process.exit(1);
}
