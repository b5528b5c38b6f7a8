/**
 * Build-time trust anchors: exposes `VERIFIER_CONFIG` (or the committed demo config) to the app as
 * `virtual:trust-config`, already parsed. `npm run build` validates the file first
 * (tools/check-config.ts), with the same code the app and CLI run, so a malformed config stops the
 * build naming the field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { tsImport } from 'tsx/esm/api';

const VIRTUAL_ID = 'virtual:trust-config';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

export const configPath = (): string => path.resolve(process.env.VERIFIER_CONFIG ?? 'config/demo.json');

export function trustConfigPlugin(): Plugin {
  const file = configPath();
  return {
    name: 'offline-verifier:trust-config',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      this.addWatchFile(file);
      // Parsed here rather than in the page: the app ships the result, not the validator. Loaded
      // through tsx, as the CLI runs the core, so Vite's config bundler never follows the core.
      const { parseConfig } = (await tsImport(
        '../src/lib/core/config.ts',
        import.meta.url
      )) as typeof import('../src/lib/core/config');
      let config: ReturnType<typeof parseConfig>;
      try {
        config = parseConfig(JSON.parse(readFileSync(file, 'utf8')));
      } catch (err) {
        this.error(`Verifier config ${file}: ${(err as Error).message}`);
      }
      return `export default ${JSON.stringify(config)};`;
    }
  };
}
