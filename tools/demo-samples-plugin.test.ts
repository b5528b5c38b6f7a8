import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoSamplesPlugin } from './demo-samples-plugin';
import { DEMO_CONFIG_FILE } from './issuer/demo-trust';

const ID = '\0virtual:demo-samples';

/** The module text the plugin serves, built as the app would be with `config`. */
function moduleFor(config: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'samples-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  process.env.VERIFIER_CONFIG = file;
  const plugin = demoSamplesPlugin();
  const load = plugin.load as (this: { error(message: string): never }, id: string) => string;
  return load.call(
    {
      error: (message) => {
        throw new Error(message);
      }
    },
    ID
  );
}

const samplesIn = (module: string): { id: string }[] =>
  JSON.parse(module.replace(/^export default /, '').replace(/;$/, ''));

describe('virtual:demo-samples', () => {
  const demo = JSON.parse(readFileSync(DEMO_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
  afterEach(() => delete process.env.VERIFIER_CONFIG);

  it('ships no samples in a vendor build', () => {
    expect(samplesIn(moduleFor({ ...demo, demo: false }))).toEqual([]);
    const { demo: _, ...unmarked } = demo;
    expect(samplesIn(moduleFor(unmarked))).toEqual([]);
  });

  it('mints the samples in a demo build', () => {
    const ids = samplesIn(moduleFor(demo)).map((s) => s.id);
    expect(ids).toContain('signed-key-ed25519');
    expect(ids).toContain('signed-key-forged');
  });

  it('answers only for its own module', () => {
    const plugin = demoSamplesPlugin();
    expect((plugin.resolveId as (id: string) => string | undefined)('virtual:demo-samples')).toBe(ID);
    expect((plugin.resolveId as (id: string) => string | undefined)('virtual:trust-config')).toBeUndefined();
  });
});
