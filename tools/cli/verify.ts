/**
 * `cli verify`: one JSON verdict per input. Exit 0 when every input is valid, 1 otherwise.
 * With `--jsonl`, each input line is one artifact and each output line one verdict, in order,
 * verified a window at a time so bulk checks keep WebCrypto's thread pool busy.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { verify } from '../../src/lib/core/verify';
import type { VerifyContext } from '../../src/lib/core/context';
import type { Verdict } from '../../src/lib/core/verdict';
import { cliTrustStore } from './trust';
import { UsageError } from './usage';
import { DEMO_CONFIG_FILE } from '../issuer/demo-trust';

export const VERIFY_USAGE = `verify [--config FILE] [--public-key [ALG:]KEY|PATH]... [--license-key K] [--fingerprint F]
       [--shared-key S] [--now ISO8601] [--floor ISO8601] [--jsonl] FILE|- [FILE...]`;

const WINDOW = 64;

/** The verdict as the CLI prints it: `checks` as {id, ok, message}. */
function printable(verdict: Verdict, source: string) {
  return { source, ...verdict, checks: verdict.checks.map(({ id, ok, message }) => ({ id, ok, message })) };
}

function parseTimeOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(t)) throw new UsageError(`--${name} must be an ISO 8601 time, got "${value}"`);
  return t;
}

async function* lines(file: string): AsyncGenerator<string> {
  const input = file === '-' ? process.stdin : createReadStream(file);
  for await (const line of createInterface({ input, crlfDelay: Infinity })) yield line;
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
      jsonl: { type: 'boolean' }
    }
  });
  if (positionals.length === 0) throw new UsageError('verify needs a FILE, or - for standard input');
  for (const file of positionals) if (file !== '-' && !existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const trust = await cliTrustStore(values.config, values['public-key'] ?? [], DEMO_CONFIG_FILE);
  const ctx: VerifyContext = { trust, now: parseTimeOption('now', values.now) ?? Date.now() };
  const floor = parseTimeOption('floor', values.floor);
  if (floor !== undefined) ctx.floor = floor;
  if (values['license-key']) ctx.licenseKey = values['license-key'];
  if (values.fingerprint) ctx.fingerprint = values.fingerprint;
  if (values['shared-key']) ctx.sharedKey = values['shared-key'];

  let allValid = true;
  const emit = (verdict: Verdict, source: string, pretty: boolean) => {
    if (verdict.status !== 'valid') allValid = false;
    write(JSON.stringify(printable(verdict, source), null, pretty ? 2 : undefined));
  };

  for (const file of positionals) {
    if (!values.jsonl) {
      emit(await verify(await readWhole(file), ctx), file, positionals.length === 1);
      continue;
    }
    let pending: { source: string; verdict: Promise<Verdict> }[] = [];
    const flush = async () => {
      for (const p of pending) emit(await p.verdict, p.source, false);
      pending = [];
    };
    let n = 0;
    for await (const line of lines(file)) {
      n++;
      if (line.trim() === '') continue;
      pending.push({ source: `${file}:${n}`, verdict: verify(line, ctx) });
      if (pending.length >= WINDOW) await flush();
    }
    await flush();
  }
  return allValid ? 0 : 1;
}
