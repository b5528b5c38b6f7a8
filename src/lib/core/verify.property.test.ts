/**
 * Property-based tests over every parser, through the one entry point `verify`: mutations of
 * genuine artifacts never verify with other content, arbitrary input never throws or hangs, and
 * oversized input is refused before it is read.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { verify, MAX_INPUT_BYTES } from './verify';
import type { VerifyContext } from './context';
import type { Verdict } from './verdict';
import { demoContext } from '../../../tools/issuer/demo-trust';
import { mintDemoSamples } from '../../../tools/issuer/samples';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const RUNS = 10_000;
const HANG_MS = 5_000;
const TOKEN_KINDS = ['signed-key', 'legacy-signed-key', 'encrypted-key', 'jwt-key', 'activation-proof'];

/** verify() with a hang detector: a parser that loops forever fails the test instead of the run. */
async function verifyBounded(input: string | Uint8Array, ctx: VerifyContext): Promise<Verdict> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`verify did not answer within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    const verdict = await Promise.race([verify(input, ctx), hang]);
    // A crash inside a parser is a bug even when it is caught: it must never happen.
    if (verdict.error?.code === 'ERR_INTERNAL') throw new Error(`verify crashed: ${verdict.reason}`);
    return verdict;
  } finally {
    clearTimeout(timer);
  }
}

type Mutation =
  | { op: 'replace'; at: number; char: string }
  | { op: 'delete'; at: number }
  | { op: 'insert'; at: number; char: string }
  | { op: 'truncate'; at: number }
  | { op: 'double' }
  | { op: 'swap'; at: number };

const printable = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), char: printable }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), char: printable }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ op: 'double' as const }) }
);

/** Apply a mutation; positions land on non-whitespace characters, so every mutation edits content. */
function mutate(text: string, m: Mutation): string {
  if (m.op === 'double') return text + '\n' + text;
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) if (!/\s/.test(text[i]!)) positions.push(i);
  const at = positions[m.at % positions.length]!;
  switch (m.op) {
    case 'replace':
      return text.slice(0, at) + (m.char === text[at] ? (m.char === 'A' ? 'B' : 'A') : m.char) + text.slice(at + 1);
    case 'delete':
      return text.slice(0, at) + text.slice(at + 1);
    case 'insert':
      return text.slice(0, at) + m.char + text.slice(at);
    case 'truncate':
      return text.slice(0, Math.max(1, at));
    case 'swap': {
      const next = positions[(m.at + 1) % positions.length]!;
      const [a, b] = at < next ? [at, next] : [next, at];
      return text.slice(0, a) + text[b] + text.slice(a + 1, b) + text[a] + text.slice(b + 1);
    }
  }
}

/** What a verdict vouches for: two genuine verdicts that agree on this carry the same facts. */
const vouched = (v: Verdict) => JSON.stringify([v.kind, v.summary, v.signedAt, v.expiresAt]);

/** base64 padding is optional in every format, so dropping or moving `=` is the same text. */
const sameBytes = (a: string, b: string) => a.replace(/=/g, '') === b.replace(/=/g, '');

const samples = (await mintDemoSamples(NOW)).filter((s) => s.expected === 'valid');
const base = await demoContext({ now: NOW });
const contextFor = (s: { licenseKey?: string; fingerprint?: string }): VerifyContext => ({
  ...base,
  ...(s.licenseKey ? { licenseKey: s.licenseKey } : {}),
  ...(s.fingerprint ? { fingerprint: s.fingerprint } : {}),
  sharedKey: base.trust.config.licenseSpring!.sharedKey!
});

describe('mutations of genuine artifacts', () => {
  it('the sample set covers every artifact kind', () => {
    expect(new Set(samples.map((s) => s.kind))).toEqual(
      new Set([
        'signed-key',
        'legacy-signed-key',
        'encrypted-key',
        'jwt-key',
        'activation-proof',
        'license-file',
        'machine-file',
        'keygen-response',
        'licensespring-license',
        'licensespring-request'
      ])
    );
  });

  // One property per kind; the runs are split among that kind's samples.
  const kinds = [...new Set(samples.map((s) => s.kind))];
  for (const kind of kinds) {
    it(`${kind}: ${RUNS} mutations never verify as anything but the original`, async () => {
      const own = samples.filter((s) => s.kind === kind);
      const originals = await Promise.all(own.map(async (s) => verify(s.text, contextFor(s))));
      originals.forEach((v) => expect(v).toMatchObject({ genuine: true, status: 'valid' }));
      let stillGenuine = 0;
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: own.length - 1 }), mutation, async (i, m) => {
          const sample = own[i]!;
          const mutated = mutate(sample.text, m);
          if (sameBytes(mutated, sample.text)) return;
          const verdict = await verifyBounded(mutated, contextFor(sample));
          expect(typeof verdict.status).toBe('string');
          if (verdict.genuine) {
            // Only edits outside what is signed (a header name's case, a LicenseSpring file's legacy
            // signature) may keep it genuine; it must vouch for the same facts, and any change to
            // the content it shows must cost it its `valid`.
            stillGenuine++;
            expect(vouched(verdict)).toBe(vouched(originals[i]!));
            if (JSON.stringify(verdict.data) !== JSON.stringify(originals[i]!.data))
              expect(verdict.status).not.toBe('valid');
          } else {
            expect(verdict.dataset).toBeUndefined();
            expect(verdict.data).toBeUndefined();
            expect(verdict.summary).toBeUndefined();
          }
        }),
        { numRuns: RUNS }
      );
      // Token formats have no unsigned content at all: every edit must break them. (License files
      // wrap the signed part in an unsigned JSON container, where a base64 edit that only appends
      // whitespace to that JSON is neutral; the checks above hold them to the same facts.)
      if (TOKEN_KINDS.includes(kind)) expect(stillGenuine).toBe(0);
    });
  }
});

describe('arbitrary input', () => {
  const anyInput = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.uint8Array({ maxLength: 400 }),
    fc.json({ maxDepth: 6 }),
    fc.json({ maxDepth: 4 }).map((j) => Buffer.from(j).toString('base64')),
    fc
      .tuple(
        fc.constantFrom(
          'key/',
          'proof/',
          'eyJhbGciOiJSUzI1NiJ9.',
          '-----BEGIN LICENSE FILE-----\n',
          '{"format":"keygen-response/1",'
        ),
        fc.string({ maxLength: 300 })
      )
      .map(([prefix, rest]) => prefix + rest),
    fc.tuple(fc.base64String({ maxLength: 200 }), fc.base64String({ maxLength: 200 })).map(([a, b]) => `key/${a}.${b}`)
  );

  it(`${RUNS} generated inputs: verify never throws, never hangs, never calls them genuine`, async () => {
    await fc.assert(
      fc.asyncProperty(anyInput, async (input) => {
        const verdict = await verifyBounded(input, base);
        expect(verdict.genuine).toBe(false);
        expect(verdict.checks).toBeInstanceOf(Array);
      }),
      { numRuns: RUNS }
    );
  });

  it('JSON bombs and pathological shapes give a verdict', async () => {
    const bombs = [
      '['.repeat(200_000) + ']'.repeat(200_000),
      '{"format":"keygen-response/1","a":' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000) + '}',
      '{' + Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',') + '}',
      Buffer.from('{"license_signature_v2":"x",' + '"a":['.repeat(50_000) + ']'.repeat(50_000) + '}').toString(
        'base64'
      ),
      'key/' + 'A'.repeat(3_000_000) + '.' + 'B'.repeat(86),
      '-----BEGIN LICENSE FILE-----\n' + 'QUFB\n'.repeat(200_000) + '-----END LICENSE FILE-----\n'
    ];
    for (const bomb of bombs) {
      const verdict = await verifyBounded(bomb, base);
      expect(verdict.genuine).toBe(false);
      expect(['malformed', 'invalid', 'unsupported']).toContain(verdict.status);
    }
  });

  it('input over the size limit is refused before it is read', async () => {
    // A string of 10 MB of NUL would be "binary" if it were read; the size error proves it was not.
    for (const size of [MAX_INPUT_BYTES + 1, 10 * 1024 * 1024]) {
      const verdict = await verify('\0'.repeat(size), base);
      expect(verdict.error?.code).toBe('ERR_INPUT_TOO_LARGE');
      const bytes = await verify(new Uint8Array(size), base);
      expect(bytes.error?.code).toBe('ERR_INPUT_TOO_LARGE');
    }
  });
});
