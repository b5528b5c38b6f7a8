import { describe, expect, it } from 'vitest';
import { csvCells } from './csv';
import { RecordSplitter } from './records';
import { countRows, parseReport, reportCsv, reportFileName, reportJson, type BatchRow } from './rows';
import { ItemCounter, ListReader } from './items';

const rows: BatchRow[] = [
  {
    row: 1,
    source: 'keys.csv:2',
    kind: 'signed-key',
    status: 'valid',
    genuine: true,
    reason: 'Genuine, and every check passed.',
    licensee: '=HYPERLINK("x")',
    licenseId: 'L-1',
    expiry: null
  },
  {
    row: 2,
    source: 'keys.csv:3',
    kind: 'unknown',
    status: 'malformed',
    genuine: false,
    reason: 'A quoted cell in this row is never closed.'
  }
];

describe('batch report', () => {
  it('reads back its own JSON with the same counts', () => {
    const report = parseReport(reportJson(rows, Date.parse('2026-11-29T12:00:00Z')));
    expect('problem' in report).toBe(false);
    if ('problem' in report) return;
    expect(report.rows).toEqual(rows);
    expect(report.counts).toEqual(countRows(rows));
    expect(report.counts.valid).toBe(1);
    expect(report.counts.malformed).toBe(1);
  });

  it('refuses JSON that is not a report, with a sentence', () => {
    expect(parseReport('{"format":"keygen-response/1"}')).toEqual({
      problem: 'This JSON is not a batch report (its "format" is not "offline-verifier-batch/1").'
    });
    expect(parseReport('nope')).toEqual({ problem: 'This file is not JSON, so it is not a batch report.' });
  });

  it('writes CSV a spreadsheet reads as text, never as a formula', () => {
    const csv = reportCsv(rows);
    const splitter = new RecordSplitter(true, 1 << 20);
    const records = [...splitter.push(new TextEncoder().encode(csv)), ...splitter.end()].filter((r) => r.text);
    const cells = records.map((r) => csvCells(r.text!));
    expect(cells[0]).toEqual([
      'row',
      'source',
      'kind',
      'status',
      'genuine',
      'reason',
      'licensee',
      'license id',
      'expiry'
    ]);
    expect(cells[1]).toEqual([
      '1',
      'keys.csv:2',
      'signed-key',
      'valid',
      'true',
      'Genuine, and every check passed.',
      `'=HYPERLINK("x")`,
      'L-1',
      'never'
    ]);
    expect((cells[2] as string[])[3]).toBe('malformed');
  });

  it('names exports with the date', () => {
    expect(reportFileName(new Date(2026, 10, 29, 23, 0).getTime(), 'csv')).toBe(
      'offline-verifier-batch-2026-11-29.csv'
    );
  });
});

describe('ListReader', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('finds the header and the artifact, license key and fingerprint columns of a CSV', () => {
    const reader = new ListReader('k.csv', { type: 'csv' }, new ItemCounter());
    const items = [
      ...reader.push(bytes('name,License Key,artifact,fingerprint\nAcme,LK-1,key/abc.def,FP-1\n')),
      ...reader.end()
    ];
    expect(items).toEqual([
      { index: 0, source: 'k.csv:2', input: 'key/abc.def', licenseKey: 'LK-1', fingerprint: 'FP-1' }
    ]);
  });

  it('skips the header of a CSV whose plan was chosen beforehand', () => {
    const plan = { header: true, columns: ['name', 'key'], artifact: 1 };
    const reader = new ListReader('k.csv', { type: 'csv', plan }, new ItemCounter());
    const items = [...reader.push(bytes('name,key\nAcme,key/a.b\n')), ...reader.end()];
    expect(items).toEqual([{ index: 0, source: 'k.csv:2', input: 'key/a.b' }]);
  });

  it('makes a line over the limit and an empty cell malformed items with their line numbers', () => {
    const reader = new ListReader('k.csv', { type: 'csv', column: 'key' }, new ItemCounter());
    const items = [...reader.push(bytes(`key\n"${'x'.repeat(5 * 1024 * 1024)}"\n\n""\nkey/a.b`)), ...reader.end()];
    expect(items.map((i) => [i.source, i.problem])).toEqual([
      ['k.csv:2', 'This row is 5 MiB, over the 4 MiB limit; no license artifact is that big.'],
      ['k.csv:4', 'This row has nothing in the "key" column.'],
      ['k.csv:5', undefined]
    ]);
  });
});
