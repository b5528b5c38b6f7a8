import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyCommand } from './verify';
import { composeCommand } from './compose';
import { issueCommand } from './issue';
import { qrCommand } from './qr';

interface Vector {
  id: string;
  kind: string;
  publicKey: string;
  publicKeyAsPublished?: string;
  input:
    | string
    | {
        method: string;
        path: string;
        host: string;
        date: string;
        digest: string;
        body: string;
        keygenSignature: string;
      };
  licenseKey?: string;
  fingerprint?: string;
  expect: { valid: boolean; dataset?: unknown; datasetJson?: unknown };
}

const VECTORS: Vector[] = JSON.parse(readFileSync(path.resolve('tests/vectors/keygen-public.json'), 'utf8'));

/** A time inside each sample's validity, so `valid` means genuine and in force. */
const NOW: Record<string, string> = {
  'lf-node-dc00e8': '2024-06-01T00:00:00Z',
  'mf-python-b10760': '2022-08-01T00:00:00Z',
  'sk-ed25519-java-demo': '2021-10-14T20:00:00Z',
  'sk-ed25519-not-genuine': '2021-10-14T20:00:00Z',
  'sk-rsa-pss-v2-demo': '2024-01-01T00:00:00Z',
  'resp-keygen-go-me': '2022-06-15T18:53:00Z',
  'resp-docs-digest-mismatch': '2021-06-09T16:09:00Z'
};

const dir = mkdtempSync(path.join(tmpdir(), 'ov-cli-'));

/** The app's documented envelope for a cached response (product.md §2). */
function envelope(input: Exclude<Vector['input'], string>): string {
  return JSON.stringify({
    format: 'keygen-response/1',
    request: { method: input.method, path: input.path, host: input.host },
    response: {
      status: 200,
      headers: { date: input.date, digest: input.digest, 'keygen-signature': input.keygenSignature },
      body: input.body
    }
  });
}

async function cli(args: string[]): Promise<{ code: number; out: unknown[] }> {
  const texts: string[] = [];
  const code = await verifyCommand(args, (text) => texts.push(text));
  // A list's verdicts come a batch of lines at a time; a single verdict may be pretty-printed.
  const list = args.includes('--jsonl') || args.includes('--csv');
  return { code, out: (list ? texts.flatMap((t) => t.split('\n')) : texts).map((l) => JSON.parse(l)) };
}

function argsFor(v: Vector, publicKey = v.publicKey): string[] {
  const file = path.join(dir, `${v.id}.txt`);
  writeFileSync(file, typeof v.input === 'string' ? v.input : envelope(v.input));
  const args = [`--public-key=${publicKey}`, '--now', NOW[v.id]!];
  if (v.licenseKey) args.push('--license-key', v.licenseKey);
  if (v.fingerprint) args.push('--fingerprint', v.fingerprint);
  return [...args, file];
}

describe("the vendors' real samples through the CLI", () => {
  it('covers every sample', () => {
    expect(VECTORS.map((v) => v.id).sort()).toEqual(Object.keys(NOW).sort());
  });

  for (const v of VECTORS) {
    it(`${v.id}: genuine ${v.expect.valid}`, async () => {
      const { code, out } = await cli(argsFor(v));
      const verdict = out[0] as { genuine: boolean; status: string; dataset?: string; data?: unknown };
      expect(verdict.genuine).toBe(v.expect.valid);
      expect(code).toBe(v.expect.valid ? 0 : 1);
      if (v.expect.valid) {
        expect(verdict.status).toBe('valid');
        if (typeof v.expect.dataset === 'string') expect(verdict.dataset).toBe(v.expect.dataset);
        else if (v.expect.dataset) expect(verdict.data).toEqual(v.expect.dataset);
      } else {
        expect(verdict.dataset).toBeUndefined();
      }
    });
  }

  it('accepts the RSA key as its vendor publishes it (base64 of the PEM)', async () => {
    const v = VECTORS.find((x) => x.publicKeyAsPublished)!;
    const { code, out } = await cli(argsFor(v, v.publicKeyAsPublished));
    expect(code).toBe(0);
    expect(out[0]).toMatchObject({ genuine: true, key: { algorithm: 'rsa-pss-sha256' } });
  });

  it('an RSA key pinned to PKCS#1 v1.5 does not accept a PSS-signed key', async () => {
    const v = VECTORS.find((x) => x.id === 'sk-rsa-pss-v2-demo')!;
    const { out } = await cli(argsFor(v, `rsa-sha256:${v.publicKey}`));
    expect(out[0]).toMatchObject({ genuine: false, status: 'invalid' });
  });
});

describe('cli verify', () => {
  it('--jsonl gives one verdict per line, in order', async () => {
    const file = path.join(dir, 'bulk.jsonl');
    const good = VECTORS.find((x) => x.id === 'sk-ed25519-java-demo')!;
    const forged = (good.input as string).replace('key/eyJ', 'key/eyK');
    writeFileSync(file, [good.input, forged, '', good.input].join('\n'));
    const { code, out } = await cli(['--jsonl', '--public-key', good.publicKey, '--now', NOW[good.id]!, file]);
    expect(out.map((o) => (o as { genuine: boolean }).genuine)).toEqual([true, false, true]);
    expect(out.map((o) => (o as { source: string }).source)).toEqual([`${file}:1`, `${file}:2`, `${file}:4`]);
    expect(code).toBe(1);
  });

  it('--jsonl keeps input order across a pool of threads', async () => {
    const good = VECTORS.find((x) => x.id === 'sk-ed25519-java-demo')!;
    const forged = (good.input as string).replace('key/eyJ', 'key/eyK');
    // 1,000 lines in batches over 3 threads: every 7th is forged, so a reordering would show.
    const lines = Array.from({ length: 1000 }, (_, i) => (i % 7 === 3 ? forged : (good.input as string)));
    const file = path.join(dir, 'order.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const { out } = await cli(['--jsonl', '--jobs', '3', '--public-key', good.publicKey, '--now', NOW[good.id]!, file]);
    expect(out.map((o) => (o as { genuine: boolean }).genuine)).toEqual(lines.map((_, i) => i % 7 !== 3));
    expect((out[999] as { source: string }).source).toBe(`${file}:1000`);
  });

  it('--csv COLUMN checks one column, by header name or number, and a broken row is its own malformed row', async () => {
    const good = VECTORS.find((x) => x.id === 'sk-ed25519-java-demo')!;
    const file = path.join(dir, 'keys.csv');
    writeFileSync(file, ['customer,key', `"Acme, Inc.",${good.input}`, `"unclosed,${good.input}`].join('\r\n'));
    const args = ['--public-key', good.publicKey, '--now', NOW[good.id]!, file];
    for (const column of ['key', '2']) {
      const { code, out } = await cli(['--csv', column, ...args]);
      expect(out.map((o) => (o as { status: string }).status)).toEqual(['valid', 'malformed']);
      expect(out.map((o) => (o as { source: string }).source)).toEqual([`${file}:2`, `${file}:3`]);
      expect(code).toBe(1);
    }
    await expect(cli(['--csv', 'serial', ...args])).rejects.toThrow(
      'The CSV has no column "serial"; its columns are "customer", "key".'
    );
  });

  it('--csv feeds a license key column to the license files that need it', async () => {
    const v = VECTORS.find((x) => x.kind === 'license-file' && x.licenseKey)!;
    const file = path.join(dir, 'files.csv');
    const quoted = `"${(v.input as string).replaceAll('"', '""')}"`;
    writeFileSync(file, `license file,license key\n${quoted},${v.licenseKey}\n${quoted},WRONG-KEY\n`);
    const { out } = await cli(['--csv', 'license file', `--public-key=${v.publicKey}`, '--now', NOW[v.id]!, file]);
    const [right, wrong] = out as { status: string; checks: { id: string; ok: boolean }[] }[];
    expect(right!.status).toBe('valid');
    expect(wrong!.status).not.toBe('valid');
    expect(wrong!.checks.find((c) => c.id === 'decryption')?.ok).toBe(false);
  });

  it('exits 2 on usage errors and 1 on a non-valid input, as a process', () => {
    const run = (args: string[]) => {
      try {
        execFileSync('npx', ['tsx', 'tools/cli.ts', ...args], { stdio: 'pipe' });
        return 0;
      } catch (err) {
        return (err as { status: number }).status;
      }
    };
    const junk = path.join(dir, 'junk.txt');
    writeFileSync(junk, 'not a license');
    expect(run(['verify', '--now', 'yesterday', junk])).toBe(2);
    expect(run(['verify', path.join(dir, 'missing.txt')])).toBe(2);
    expect(run(['frobnicate'])).toBe(2);
    expect(run(['verify', '--jsonl', '--jobs', '0', junk])).toBe(2);
    expect(run(['verify', '--jsonl', '--csv', '1', junk])).toBe(2);
    expect(run(['verify', junk])).toBe(1);
  });
});

describe('cli compose', () => {
  it("reproduces the vendor's published v2 example byte for byte", async () => {
    const example = JSON.parse(readFileSync(path.resolve('tests/vectors/licensespring-v2-example.json'), 'utf8'));
    const r = example.request as Record<string, string>;
    const optional = ['ip_local', 'mac_address', 'os_hostname', 'os_ver', 'sdk_lang', 'sdk_ver'];
    const args = [
      '--product',
      r.product!,
      '--hardware-id',
      r.hardware_id!,
      '--license-key',
      r.license_key!,
      '--api-key',
      r.api_key!,
      '--shared-key',
      example.sharedKey,
      '--date',
      r.date!,
      '--request-id',
      r.request_id!,
      ...optional.flatMap((name) => ['--field', `${name}=${r[name]}`])
    ];
    const out: string[] = [];
    expect(await composeCommand(args, (line) => out.push(line))).toBe(0);
    const file = JSON.parse(Buffer.from(out.join(''), 'base64').toString('utf8'));
    expect(file).toEqual({ request: example.request, signature: example.signature });
    // Key order is part of what is signed: the vendor's layout, schema_version first.
    expect(Object.keys(file.request)).toEqual(Object.keys(example.request));
  });

  it('refuses a non-ASCII value, naming the field', async () => {
    const args = [
      '--product',
      'p',
      '--hardware-id',
      'h',
      '--license-key',
      'k',
      '--api-key',
      'a',
      '--shared-key',
      's',
      '--field',
      'os_hostname=Bürorechner'
    ];
    await expect(composeCommand(args, () => {})).rejects.toThrow(/os_hostname/);
  });
});

describe('cli issue', () => {
  const kinds = [
    'signed-key',
    'legacy-signed-key',
    'encrypted-key',
    'jwt-key',
    'activation-proof',
    'license-file',
    'machine-file',
    'keygen-response',
    'licensespring-license'
  ];
  for (const kind of kinds) {
    it(`${kind}: what the demo issuer mints verifies against the demo config`, async () => {
      const out: string[] = [];
      expect(await issueCommand([kind], (line) => out.push(line))).toBe(0);
      const file = path.join(dir, `issued-${kind}.txt`);
      writeFileSync(file, out.join('\n'));
      const { code, out: verdicts } = await cli([file]);
      expect(verdicts[0]).toMatchObject({ kind, genuine: true, status: 'valid' });
      expect(code).toBe(0);
    });
  }

  it('signs with --private-key, which the demo config then does not trust', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const keyFile = path.join(dir, 'other.pem');
    writeFileSync(keyFile, pem);
    const out: string[] = [];
    await issueCommand(['signed-key', '--private-key', keyFile], (line) => out.push(line));
    const file = path.join(dir, 'other-key.txt');
    writeFileSync(file, out[0]!);
    const { out: verdicts } = await cli([file]);
    expect(verdicts[0]).toMatchObject({ genuine: false, status: 'invalid' });
  });
});

describe('cli verify says what a verdict did not cover', () => {
  it('a signed key checked with --fingerprint prints that no device was compared', async () => {
    const { mintSignedKey } = await import('../issuer/signed-key');
    const { demoLicenseFacts, keyDataset } = await import('../issuer/datasets');
    const file = path.join(dir, 'key.txt');
    writeFileSync(
      file,
      mintSignedKey({
        algorithm: 'ed25519',
        dataset: keyDataset(demoLicenseFacts({ created: '2026-01-01T00:00:00Z', expiry: null }))
      })
    );
    const { code, out } = await cli(['--fingerprint', 'THIS-DEVICE', '--now', '2026-06-01T00:00:00Z', file]);
    expect(code).toBe(0);
    expect(out[0]).toMatchObject({
      status: 'valid',
      notCovered: ['A license key is not bound to any device, so the fingerprint given was not compared.']
    });
  });

  it('a HAR prints its verdict once: the signed exchange cut out of it is not printed again', async () => {
    const { mintResponse, responseHar } = await import('../issuer/keygen-response');
    const file = path.join(dir, 'session.har');
    writeFileSync(file, responseHar([mintResponse({ algorithm: 'ed25519' })]));
    const { code, out } = await cli([file]);
    expect(code).toBe(0);
    expect(out[0]).toMatchObject({ kind: 'keygen-response', genuine: true, status: 'valid' });
    expect(out[0]).not.toHaveProperty('artifact');
  });
});

describe('cli qr', () => {
  const frames = (out: string[]) => out.filter((line) => line.endsWith('.png'));

  it('show writes the animated frames of a license file, and read gets the file back with every third frame lost', async () => {
    const licenseFile: string[] = [];
    await issueCommand(['license-file'], (line) => licenseFile.push(line));
    const original = path.join(dir, 'qr-license.lic');
    writeFileSync(original, licenseFile.join('\n'));
    const written: string[] = [];
    expect(
      await qrCommand(['show', '--out', path.join(dir, 'qr-frames'), original], (line) => written.push(line))
    ).toBe(0);
    expect(frames(written).length).toBeGreaterThan(20);
    let back: Uint8Array | undefined;
    const kept = frames(written).filter((_, i) => i % 3 !== 2);
    expect(
      await qrCommand(
        ['read', ...kept],
        () => {},
        (bytes) => (back = bytes)
      )
    ).toBe(0);
    expect(new TextDecoder().decode(back)).toBe(readFileSync(original, 'utf8'));
    // Too few parts: no file, exit 1.
    expect(
      await qrCommand(
        ['read', ...kept.slice(0, 5)],
        () => {},
        () => {}
      )
    ).toBe(1);
  });

  it('read gives a binary file back byte for byte, small or not, with a plain code among the pictures', async () => {
    const written: string[] = [];
    writeFileSync(path.join(dir, 'qr-plain.txt'), 'key/plain');
    await qrCommand(['show', '--out', path.join(dir, 'qr-plain'), path.join(dir, 'qr-plain.txt')], (line) =>
      written.push(line)
    );
    const plain = frames(written)[0]!;
    for (const length of [100, 700]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 151 + 0x80) & 0xff);
      const original = path.join(dir, `qr-binary-${length}.bin`);
      writeFileSync(original, bytes);
      const shown: string[] = [];
      await qrCommand(['show', '--out', path.join(dir, `qr-binary-${length}`), original], (line) => shown.push(line));
      let back: Uint8Array | undefined;
      expect(
        await qrCommand(
          ['read', plain, ...frames(shown)],
          () => {},
          (out) => (back = out)
        )
      ).toBe(0);
      expect(back).toEqual(bytes);
    }
  });

  it('a small file is one ordinary code of its text', async () => {
    const text = 'hardware-id: 5f2a9c10-7d3e-4b8a-9e61-0c4d2b7f8a13';
    const small = path.join(dir, 'qr-small.txt');
    writeFileSync(small, text);
    const written: string[] = [];
    await qrCommand(['show', '--out', path.join(dir, 'qr-key'), small], (line) => written.push(line));
    expect(frames(written)).toHaveLength(1);
    let back: Uint8Array | undefined;
    expect(
      await qrCommand(
        ['read', frames(written)[0]!],
        () => {},
        (bytes) => (back = bytes)
      )
    ).toBe(0);
    expect(new TextDecoder().decode(back)).toBe(text);
  });
});
