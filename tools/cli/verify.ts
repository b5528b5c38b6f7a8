/**
 * `cli verify`: one JSON verdict per input. Exit 0 when every input is valid, 1 otherwise.
 * With `--jsonl` (each line one artifact) or `--csv COLUMN` (each record one artifact, from that
 * column), each output line is one verdict, in input order, verified on a pool of `--jobs` threads.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { verify } from '../../src/lib/core/verify';
import type { VerifyContext } from '../../src/lib/core/context';
import { cliTrustStore } from './trust';
import { UsageError } from './usage';
import { printable } from './printable';
import { verifyWithPool } from './pool';
import { DEMO_CONFIG_FILE } from '../issuer/demo-trust';

export const VERIFY_USAGE = `verify [--config FILE] [--public-key [ALG:]KEY|PATH]... [--license-key K] [--fingerprint F]
       [--shared-key S] [--now ISO8601] [--floor ISO8601] [--jsonl | --csv COLUMN] [--jobs N] FILE|- [FILE...]`;

function parseTimeOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(t))
    throw new UsageError(`--${name} must be an ISO 8601 time, got "${value}"`);
  return t;
}

async function readWhole(file: string): Promise<Uint8Array> {
  if (file !== '-') return readFileSync(file);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function verifyCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      'public-key': { type: 'string', multiple: true },
      'license-key': { type: 'string' },
      fingerprint: { type: 'string' },
      'shared-key': { type: 'string' },
      now: { type: 'string' },
      floor: { type: 'string' },
      jsonl: { type: 'boolean' },
      csv: { type: 'string' },
      jobs: { type: 'string' }
    }
  });
  if (values.jsonl && values.csv !== undefined)
    throw new UsageError('--jsonl and --csv are two ways to read a list: give one');
  const jobs = values.jobs === undefined ? os.availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256)
    throw new UsageError(`--jobs must be a whole number from 1 to 256, got "${values.jobs}"`);
  if (positionals.length === 0) throw new UsageError('verify needs a FILE, or - for standard input');
  for (const file of positionals) if (file !== '-' && !existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const trust = await cliTrustStore(values.config, values['public-key'] ?? [], DEMO_CONFIG_FILE);
  const ctx: VerifyContext = { trust, now: parseTimeOption('now', values.now) ?? Date.now() };
  const floor = parseTimeOption('floor', values.floor);
  if (floor !== undefined) ctx.floor = floor;
  if (values['license-key']) ctx.licenseKey = values['license-key'];
  if (values.fingerprint) ctx.fingerprint = values.fingerprint;
  if (values['shared-key']) ctx.sharedKey = values['shared-key'];

  if (values.jsonl || values.csv !== undefined) {
    const { trust: _, ...context } = ctx;
    const format = values.csv !== undefined ? { type: 'csv' as const, column: values.csv } : { type: 'lines' as const };
    const setup = {
      config: values.config,
      publicKeys: values['public-key'] ?? [],
      defaultConfig: DEMO_CONFIG_FILE,
      context
    };
    return (await verifyWithPool({ files: positionals, format, jobs, setup, write })) ? 0 : 1;
  }

  let allValid = true;
  for (const file of positionals) {
    const verdict = await verify(await readWhole(file), ctx);
    if (verdict.status !== 'valid') allValid = false;
    write(JSON.stringify(printable(verdict, file), null, positionals.length === 1 ? 2 : undefined));
  }
  return allValid ? 0 : 1;
}
