import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_REEMIT_LENGTH, reemitJson, walkJson } from './json-reemit';
import { VerifyError } from '../errors';

// Input and expected bytes produced by CPython 3: json.loads(src, object_pairs_hook=OrderedDict),
// pop both signatures, json.dumps(separators=(",", ":"), ensure_ascii=False), UTF-8 hex.
const PYTHON_SOURCE =
  '{ "b": 1.0, "a": 1e-07, "2": "two", "1": -5000000000.0, "big": 12345678901234567890, "e": 1e+100, ' +
  '"s": "caf\\u00e9 \\/ \\u2028 \\u2029 \\b\\f\\n\\r\\t \\u0001 \\u001f \\u007f \\" \\\\ \\ud83d\\ude00 \u00fc\u65e5", ' +
  '"n": [ true, false, null, {} , [] ], "license_signature": "x", "nested": {"license_signature": "kept"}, "license_signature_v2": "y" }';
const PYTHON_BYTES_HEX =
  '7b2262223a312e302c2261223a31652d30372c2232223a2274776f222c2231223a2d353030303030303030302e302c22626967223a31323334353637383930313233343536373839302c2265223a31652b3130302c2273223a22636166c3a9202f20e280a820e280a9205c625c665c6e5c725c74205c7530303031205c7530303166207f205c22205c5c20f09f988020c3bce697a5222c226e223a5b747275652c66616c73652c6e756c6c2c7b7d2c5b5d5d2c226e6573746564223a7b226c6963656e73655f7369676e6174757265223a226b657074227d7d';

const SIGNATURES = ['license_signature', 'license_signature_v2'];

function jsonError(text: string): VerifyError {
  try {
    reemitJson(text);
  } catch (err) {
    expect(err).toBeInstanceOf(VerifyError);
    expect((err as VerifyError).code).toBe('ERR_JSON');
    return err as VerifyError;
  }
  throw new Error(`accepted: ${text}`);
}

describe('reemitJson', () => {
  it("reproduces Python's compact ensure_ascii=False bytes: floats, exponents, escapes, non-ASCII, U+2028, integer-like keys", () => {
    const out = reemitJson(PYTHON_SOURCE, SIGNATURES);
    expect(Buffer.from(out, 'utf8').toString('hex')).toBe(PYTHON_BYTES_HEX);
  });

  it('keeps number lexemes that JSON.parse would rewrite', () => {
    const text = '{"a":1.0,"b":1e-07,"c":-0.5E+10,"d":-0,"e":12345678901234567890123}';
    expect(reemitJson(text)).toBe(text);
    expect(JSON.stringify(JSON.parse(text))).not.toBe(text);
  });

  it('keeps integer-like keys where they stand', () => {
    expect(reemitJson('{"b": 1, "2": 2, "1": {"10": 0, "9": 1}}')).toBe('{"b":1,"2":2,"1":{"10":0,"9":1}}');
  });

  it('drops only the named top-level members, wherever they are', () => {
    expect(reemitJson('{"x":1,"a":{"x":2},"y":[{"x":3}]}', ['x'])).toBe('{"a":{"x":2},"y":[{"x":3}]}');
    expect(reemitJson('{"a":1,"x":{"deep":[1,2]},"b":2}', ['x'])).toBe('{"a":1,"b":2}');
    expect(reemitJson('{"a":1,"x":2}', ['x', 'a'])).toBe('{}');
    expect(reemitJson('[{"x":1}]', ['x'])).toBe('[{"x":1}]');
  });

  it('re-encodes strings as JSON.stringify does', () => {
    expect(reemitJson('["\\u00e9", "\\/", "\\u0041", "\\ud800", "\\u001F", "\u2028"]')).toBe(
      '["é","/","A","\\ud800","\\u001f","\u2028"]'
    );
  });

  it('refuses anything outside strict JSON', () => {
    const bad = [
      '',
      '   ',
      '{"a":1,}',
      '[1,]',
      '[,1]',
      '{"a":1 "b":2}',
      '{a:1}',
      "{'a':1}",
      '{"a":1}/* c */',
      '// c\n{}',
      '[NaN]',
      '[Infinity]',
      '[-Infinity]',
      '[01]',
      '[1.]',
      '[.5]',
      '[1e]',
      '[+1]',
      '[0x10]',
      '["\\x41"]',
      '["\\u12"]',
      '["a\u0001"]',
      '["tab\t"]',
      '["unclosed]',
      '[True]',
      '[nul]',
      '{"a":1}{}',
      '{"a":1,"a":2}',
      '\u00a0{}',
      '[1]\u000b'
    ];
    for (const text of bad) jsonError(text);
  });

  it('bounds depth and size', () => {
    expect(reemitJson('['.repeat(64) + ']'.repeat(64))).toBe('['.repeat(64) + ']'.repeat(64));
    expect(jsonError('['.repeat(65) + ']'.repeat(65)).message).toContain('deeper than 64');
    expect(jsonError('{"a":' + '['.repeat(64) + ']'.repeat(64) + '}').message).toContain('deeper');
    expect(jsonError('"' + 'a'.repeat(MAX_REEMIT_LENGTH) + '"').message).toContain('larger than');
  });

  it('refuses a million nested brackets without deep recursion', () => {
    expect(() => reemitJson('['.repeat(1_000_000))).toThrow(VerifyError);
  });
});

describe('walkJson', () => {
  it('slices the value exactly as written, whitespace and escapes included', () => {
    const text = '{ "request" : {"b": 1.0, "a":"\\u00e9"} , "signature":"ab" }';
    const walked = walkJson(text);
    expect(walked.member('request')).toBe('{"b": 1.0, "a":"\\u00e9"}');
    expect(walked.member('signature')).toBe('"ab"');
    expect(walked.member('missing')).toBeUndefined();
    expect(walkJson('[{"request":1}]').member('request')).toBeUndefined();
  });

  it('checks the whole text first', () => {
    expect(() => walkJson('{"request":{},"x":}')).toThrow(VerifyError);
  });
});

describe('reemitJson (properties)', () => {
  it('is the identity on JSON.stringify output', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        expect(reemitJson(text, [])).toBe(text);
      }),
      { numRuns: 1000 }
    );
  });

  it('removes exactly the whitespace of pretty-printed JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(1, 2, '\t'), (value, indent) => {
        expect(reemitJson(JSON.stringify(value, null, indent))).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 }
    );
  });

  it('malformed JSON never throws anything but VerifyError, and what it accepts JSON.parse accepts', () => {
    const mutation = fc.record({
      kind: fc.constantFrom('delete', 'insert', 'replace'),
      at: fc.nat(),
      char: fc.constantFrom(...'{}[]:,"\\ .-+eE0123456789tfnul\u0000\u2028aé'.split(''))
    });
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 5 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (value, mutations) => {
          let text = JSON.stringify(value, null, 1);
          for (const m of mutations) {
            const at = text.length ? m.at % text.length : 0;
            if (m.kind === 'delete') text = text.slice(0, at) + text.slice(at + 1);
            else if (m.kind === 'insert') text = text.slice(0, at) + m.char + text.slice(at);
            else text = text.slice(0, at) + m.char + text.slice(at + 1);
          }
          let accepted: string | undefined;
          try {
            accepted = reemitJson(text, ['a']);
          } catch (err) {
            expect(err).toBeInstanceOf(VerifyError);
          }
          if (accepted !== undefined) expect(() => JSON.parse(text)).not.toThrow();
        }
      ),
      { numRuns: 2000 }
    );
  });
});
