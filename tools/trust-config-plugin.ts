/**
 * Build-time trust anchors: exposes `VERIFIER_CONFIG` (or the committed demo config) to the app as
 * `virtual:trust-config`. `npm run build` validates the file first (tools/check-config.ts), with the
 * same code the app and CLI run, so a malformed config stops the build naming the field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:trust-config';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

export const configPath = (): string => path.resolve(process.env.VERIFIER_CONFIG ?? 'config/demo.json');

export function trustConfigPlugin(): Plugin {
  const file = configPath();
  return {
    name: 'offline-verifier:trust-config',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      this.addWatchFile(file);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        this.error(`Verifier config ${file}: ${(err as Error).message}`);
      }
      return `export default ${JSON.stringify(json)};`;
    }
  };
}
