/**
 * "Try a sample": exposes `virtual:demo-samples`, the artifacts the demo issuer mints when the app
 * is built (tools/issuer/samples.ts, run in its own process so this config never loads the issuer
 * and its private keys). Empty unless the trust config says `"demo": true`: a vendor build ships
 * no samples and no demo material.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { configPath } from './trust-config-plugin.ts';

const VIRTUAL_ID = 'virtual:demo-samples';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

function isDemoBuild(): boolean {
  const config = JSON.parse(readFileSync(configPath(), 'utf8')) as { demo?: unknown };
  return config.demo === true;
}

export function demoSamplesPlugin(): Plugin {
  let root = process.cwd();
  // Minted once per process, so the server and client bundles carry the same samples.
  let module: string | undefined;
  return {
    name: 'offline-verifier:demo-samples',
    configResolved(config) {
      root = config.root;
    },
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      if (module === undefined) {
        let json = '[]';
        if (isDemoBuild()) {
          try {
            json = execFileSync('npx', ['tsx', 'tools/issuer/samples.ts'], {
              cwd: root,
              encoding: 'utf8',
              maxBuffer: 64 * 1024 * 1024,
              timeout: 120_000
            });
            JSON.parse(json);
          } catch (err) {
            this.error(`Minting the demo samples failed: ${(err as Error).message}`);
          }
        }
        module = `export default ${json};`;
      }
      return module;
    }
  };
}
