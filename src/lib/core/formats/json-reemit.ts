/**
 * Compact JSON re-emission that keeps the signer's bytes. LicenseSpring signs a `.lic` as Python's
 * `json.dumps(OrderedDict, separators=(",", ":"), ensure_ascii=False)` of the parsed file, so the
 * verifier must rebuild those bytes from the text: key order and number lexemes as written (`1.0`
 * and `1e-07` stay; `JSON.parse` would lose them and hoist integer-like keys), strings re-encoded
 * with `JSON.stringify` (identical to Python's escaping with ensure_ascii=False), no whitespace.
 *
 * The grammar is RFC 8259 and nothing more: no comments, trailing commas, NaN, leading zeros or
 * duplicate keys (two readers could disagree on which duplicate counts). The walk is iterative with
 * the same depth bound as every other JSON reader here.
 */
import { fail } from '../errors';
import { MAX_JSON_DEPTH } from '../dataset';

/** The largest JSON text accepted, in UTF-16 code units; a `.lic` is a few kilobytes. */
export const MAX_REEMIT_LENGTH = 4 * 1024 * 1024;

interface Frame {
  object: boolean;
  /** Members or elements written to the output so far (dropped members do not count). */
  emitted: number;
  keys: Set<string>;
  /** Output length before the member being read, to cut it out when it is dropped. */
  mark: number;
  dropping: boolean;
}

interface Walk {
  output: string;
  /** Raw text span [start, end) of each top-level member's value, when the top level is an object. */
  spans: Map<string, [number, number]>;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPABLE = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

function malformed(pos: number, problem: string): never {
  fail('ERR_JSON', `The JSON is malformed at character ${pos + 1}: ${problem}.`);
}

function skipWhitespace(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return pos;
    pos++;
  }
}

/**
 * The string starting at `pos` (a quote): its end (after the closing quote), decoded value, and
 * whether its text is already what `JSON.stringify` writes for that value. It is when it has no
 * escape and no surrogate (control characters are refused), which is nearly every string of a
 * license file; those are neither parsed nor re-encoded.
 */
function readString(text: string, pos: number): { end: number; value: string; canonical: boolean } {
  let i = pos + 1;
  let canonical = true;
  for (;;) {
    if (i >= text.length) malformed(pos, 'a string is not closed');
    const c = text.charCodeAt(i);
    if (c === 0x22) break;
    if (c < 0x20) malformed(i, 'a control character must be escaped inside a string');
    if (c === 0x5c) {
      canonical = false;
      const e = text.charAt(i + 1);
      if (e === 'u') {
        if (!HEX4.test(text.slice(i + 2, i + 6))) malformed(i, 'a \\u escape needs four hex digits');
        i += 6;
        continue;
      }
      if (!ESCAPABLE.has(e)) malformed(i, 'unknown escape in a string');
      i += 2;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) canonical = false;
    i++;
  }
  if (canonical) return { end: i + 1, value: text.slice(pos + 1, i), canonical };
  // The slice has just been checked against the grammar, so JSON.parse cannot fail on it.
  return { end: i + 1, value: JSON.parse(text.slice(pos, i + 1)) as string, canonical };
}

/** `emit`: build the re-emitted text; without it the walk only checks the grammar and finds the spans. */
function walk(text: string, dropTopLevel: readonly string[], emit: boolean): Walk {
  if (text.length > MAX_REEMIT_LENGTH)
    fail('ERR_JSON', `The JSON is larger than ${MAX_REEMIT_LENGTH / 1024 / 1024} MiB.`);
  const out: string[] = [];
  const spans = new Map<string, [number, number]>();
  const stack: Frame[] = [];
  let topLevelSpan: [number, number] | undefined;
  let pos = skipWhitespace(text, 0);

  // Read `"key":` of an object member and leave `pos` at its value.
  const readMember = (frame: Frame) => {
    if (text.charCodeAt(pos) !== 0x22) malformed(pos, 'expected a member name in double quotes');
    const start = pos;
    const { end, value: key, canonical } = readString(text, start);
    if (frame.keys.has(key)) malformed(pos, `the member "${key.slice(0, 40)}" appears twice`);
    frame.keys.add(key);
    pos = skipWhitespace(text, end);
    if (text.charCodeAt(pos) !== 0x3a) malformed(pos, 'expected ":" after a member name');
    pos = skipWhitespace(text, pos + 1);
    frame.mark = out.length;
    frame.dropping = stack.length === 1 && dropTopLevel.includes(key);
    if (stack.length === 1) {
      topLevelSpan = [pos, pos];
      spans.set(key, topLevelSpan);
    }
    if (emit) out.push(frame.emitted > 0 ? ',' : '', canonical ? text.slice(start, end) : JSON.stringify(key), ':');
  };

  for (;;) {
    // At the start of a value.
    const c = text.charAt(pos);
    let opened = false;
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_JSON_DEPTH) malformed(pos, `nested deeper than ${MAX_JSON_DEPTH} levels`);
      const frame: Frame = { object: c === '{', emitted: 0, keys: new Set(), mark: 0, dropping: false };
      stack.push(frame);
      if (emit) out.push(c);
      pos = skipWhitespace(text, pos + 1);
      const close = frame.object ? '}' : ']';
      if (text.charAt(pos) === close) {
        stack.pop();
        if (emit) out.push(close);
        pos++;
      } else {
        if (frame.object) readMember(frame);
        opened = true;
      }
    } else if (c === '"') {
      const { end, value, canonical } = readString(text, pos);
      if (emit) out.push(canonical ? text.slice(pos, end) : JSON.stringify(value));
      pos = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = pos;
      const m = NUMBER.exec(text);
      if (!m) malformed(pos, 'not a number');
      if (emit) out.push(m[0]);
      pos += m[0].length;
    } else if (text.startsWith('true', pos) || text.startsWith('null', pos)) {
      if (emit) out.push(text.slice(pos, pos + 4));
      pos += 4;
    } else if (text.startsWith('false', pos)) {
      if (emit) out.push('false');
      pos += 5;
    } else {
      malformed(pos, pos >= text.length ? 'the text ends where a value should start' : 'expected a value');
    }
    if (opened) continue;

    // A value is complete: close every container it completes.
    for (;;) {
      const valueEnd = pos;
      pos = skipWhitespace(text, pos);
      const frame = stack[stack.length - 1];
      if (!frame) {
        if (pos !== text.length) malformed(pos, 'unexpected text after the JSON value');
        return { output: out.join(''), spans };
      }
      if (stack.length === 1 && frame.object && topLevelSpan) topLevelSpan[1] = valueEnd;
      if (frame.dropping) {
        out.length = frame.mark;
        frame.dropping = false;
      } else frame.emitted++;
      const ch = text.charAt(pos);
      if (ch === ',') {
        pos = skipWhitespace(text, pos + 1);
        if (frame.object) readMember(frame);
        else if (emit) out.push(',');
        break;
      }
      if (ch === (frame.object ? '}' : ']')) {
        stack.pop();
        if (emit) out.push(ch);
        pos++;
        continue;
      }
      malformed(pos, frame.object ? 'expected "," or "}"' : 'expected "," or "]"');
    }
  }
}

/**
 * Re-emit `text` as compact JSON with its key order and number lexemes kept, leaving out the named
 * members of the top-level object. Throws `ERR_JSON` for anything that is not strict JSON.
 */
export function reemitJson(text: string, dropTopLevel: readonly string[] = []): string {
  return walk(text, dropTopLevel, true).output;
}

/**
 * Check `text` as strict JSON (as `reemitJson` does, without building its output) and give the
 * raw text of any top-level member's value exactly as written (a signed request is HMACed over
 * these bytes): undefined when the top level is not an object or has no such member.
 */
export function walkJson(text: string): { member(name: string): string | undefined } {
  const { spans } = walk(text, [], false);
  return {
    member(name) {
      const span = spans.get(name);
      return span ? text.slice(span[0], span[1]) : undefined;
    }
  };
}
