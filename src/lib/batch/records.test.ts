import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RecordSplitter, type RawRecord } from './records';
import { csvCells } from './csv';

const enc = new TextEncoder();

/** Feeds `bytes` in the given cut points, as a stream would. */
function split(bytes: Uint8Array, cuts: number[], quoted: boolean, max = 1 << 20): RawRecord[] {
  const s = new RecordSplitter(quoted, max);
  const out: RawRecord[] = [];
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    out.push(...s.push(bytes.subarray(at, cut)));
    at = cut;
  }
  out.push(...s.push(bytes.subarray(at)), ...s.end());
  return out;
}

/** A CSV cell as a writer would quote it. */
const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

describe('RecordSplitter and csvCells', () => {
  it('give the same records however the stream is cut, UTF-8 included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 8
        }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, cuts) => {
          const text = rows.map((cells) => cells.map(quote).join(',')).join('\r\n');
          const records = split(enc.encode(text), cuts, true);
          const nonEmpty = rows.filter((cells) => cells.map(quote).join(',') !== '');
          const read = records.filter((r) => r.text !== '').map((r) => csvCells(r.text!));
          expect(read).toEqual(nonEmpty);
        }
      )
    );
  });

  it('number each record by the line it starts on, a quoted newline counting as a line', () => {
    const records = split(enc.encode('a\n"b\nc",d\n\ne'), [3, 5], true);
    expect(records).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: '"b\nc",d' },
      { line: 4, text: '' },
      { line: 5, text: 'e' }
    ]);
  });

  it('skip a record over the limit without keeping it, and go on after it', () => {
    const big = 'x'.repeat(5000);
    const records = split(enc.encode(`short\n${big}\nafter\n`), [100, 2000, 4000], false, 1000);
    expect(records).toEqual([
      { line: 1, text: 'short' },
      { line: 2, tooLong: 5000 },
      { line: 3, text: 'after' }
    ]);
  });

  it('drop a byte-order mark and carriage returns', () => {
    expect(split(enc.encode('\uFEFFkey/a\r\nkey/b\r\n'), [1, 2], false)).toEqual([
      { line: 1, text: 'key/a' },
      { line: 2, text: 'key/b' }
    ]);
  });

  it('say what is wrong with a broken quoted cell', () => {
    expect(csvCells('"open,b')).toEqual({ problem: 'A quoted cell in this row is never closed.' });
    expect(csvCells('"a"b,c')).toEqual({
      problem: 'A quoted cell in this row is followed by text before the next comma.'
    });
    expect(csvCells('a,"b ""c""",')).toEqual(['a', 'b "c"', '']);
  });
});
