import { describe, expect, it } from 'vitest';
import { formatMarkdown, runBench, TABLE_HEADER } from './bench';
import { CASES, mintCases } from './cases';
import { measureCase, QUICK, trustStoreFrom } from './harness';
import { demoConfig } from '../issuer/demo-trust';
import { formatBatchMarkdown, runBatchBench } from './batch-bench';

/** The body rows of the Markdown table that follows `TABLE_HEADER`, as cells. */
function tableRows(markdown: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(TABLE_HEADER);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('| ')) break;
    rows.push(line.slice(2, -2).split(' | '));
  }
  return rows;
}

describe('bench (Node half, quick)', () => {
  it('prints a row per kind plus the bulk row, each with a finite ratio', async () => {
    const results = await runBench({ quick: true, runtimes: ['node'] });
    expect(results.runtimes.map((r) => r.runtime)).toEqual(['node']);
    const rows = tableRows(formatMarkdown(results));

    const names = mintCases().map((c) => c.name);
    expect(names).toHaveLength(CASES.length);
    expect(rows.map((cells) => cells[0])).toEqual([
      ...names,
      expect.stringMatching(/^bulk 200 × signed-key ED25519_SIGN/)
    ]);
    for (const cells of rows) {
      expect(cells).toHaveLength(7);
      const ratio = Number(cells[6]);
      expect(Number.isFinite(ratio) && ratio > 0, `${cells[0]}: ratio "${cells[6]}"`).toBe(true);
    }
    for (const row of results.runtimes[0]!.rows) expect(row.error, row.name).toBeUndefined();
  });

  it('refuses to time a case whose verdict is not valid, or whose raw baseline fails', async () => {
    const trust = await trustStoreFrom(demoConfig());
    const [good] = mintCases();
    const at = good!.artifact.length - 10;
    const flipped = good!.artifact[at] === 'A' ? 'B' : 'A';
    const forged = { ...good!, artifact: good!.artifact.slice(0, at) + flipped + good!.artifact.slice(at + 1) };
    const forgedRow = await measureCase(forged, trust, QUICK);
    expect(forgedRow.error).toMatch(/^verdict invalid/);
    expect(forgedRow.ratio).toBeNaN();

    const wrongBytes = {
      ...good!,
      raw: good!.raw.map((op) =>
        op.op === 'verify' ? { ...op, data: Buffer.from('other bytes').toString('base64') } : op
      )
    };
    const rawRow = await measureCase(wrongBytes, trust, QUICK);
    expect(rawRow.error).toMatch(/^raw baseline failed/);
    expect(rawRow.ratio).toBeNaN();
  });
});

describe('batch bench (Node half, quick)', () => {
  it('runs cli verify over the key list and the license-file CSV, every verdict valid, next to the raw loop', async () => {
    const rows = await runBatchBench({ quick: true, runtimes: ['node'], progress: () => {} });
    expect(rows.map((r) => [r.runtime, r.items, r.valid, r.error])).toEqual([
      ['node', 2000, 2000, undefined],
      ['node', 200, 200, undefined]
    ]);
    for (const r of rows) expect(r.ratio).toBeGreaterThan(0);
    expect(formatBatchMarkdown(rows)).toContain('| 2,000 × signed-key ED25519_SIGN | CLI, Node |');
  });
});
