/**
 * The layer rule in eslint.config.js bites: each import below is linted as if it were written in
 * the named file, and an upward import (or a test helper in production code) is an error.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function importErrors(file: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, {
    filePath: file
  });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const refused: [file: string, specifier: string][] = [
  ['src/lib/core/verdict.ts', '../ui/verdict-view'],
  ['src/lib/core/formats/license-file.ts', '../../storage/db'],
  ['src/lib/core/policy.ts', '$lib/scan/payload'],
  ['src/lib/core/verify.ts', '../trust'],
  ['src/lib/core/verify.ts', 'svelte/store'],
  ['src/lib/core/crypto/keys.ts', 'node:crypto'],
  ['src/lib/storage/history.ts', '../ui/verdict-view'],
  ['src/lib/scan/payload.ts', '$lib/ui/input'],
  ['src/lib/kiosk/mode.ts', '../ui/kiosk-view'],
  ['src/lib/batch/pool.ts', '../../routes/batch/+page.svelte'],
  ['src/lib/ui/format.ts', '../../routes/+layout'],
  ['src/lib/storage/db.ts', '../../../tests/support/storage-cases'],
  ['src/lib/ui/input.ts', 'vitest'],
  ['src/routes/+layout.ts', '../../tools/issuer/samples'],
  ['tools/cli/verify.ts', '../../src/lib/core/formats/license-file'],
  ['tools/bench/run.ts', '../../src/lib/ui/verdict-view']
];

const allowed: [file: string, specifier: string][] = [
  ['src/lib/core/formats/license-file.ts', '../policy'],
  ['src/lib/core/verdict.ts', './crypto/keys'],
  ['src/lib/storage/history.ts', '../core/mask'],
  ['src/lib/kiosk/mode.ts', '../storage/db'],
  ['src/lib/ui/VerdictCard.ts', '$lib/core/mask'],
  ['src/routes/+layout.ts', '$lib/ui/format'],
  ['tools/cli/verify.ts', '../../src/lib/core/verify'],
  ['src/lib/core/verify.test.ts', '../../../tests/support/wycheproof-cases']
];

describe('the layer rule', () => {
  it.each(refused)('refuses, in %s, an import of %s', async (file, specifier) => {
    expect(await importErrors(file, specifier)).toHaveLength(1);
  });

  it.each(allowed)('allows, in %s, an import of %s', async (file, specifier) => {
    expect(await importErrors(file, specifier)).toEqual([]);
  });
});
