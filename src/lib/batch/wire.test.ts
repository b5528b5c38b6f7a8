import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packRows, unpackRows } from './wire';
import { STATUSES, type BatchRow } from './rows';
import type { BatchItem } from './items';

const text = fc.string({ maxLength: 40 });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const rowAndItem = fc
  .record({
    source: text,
    kind: fc.constantFrom('signed-key', 'license-file', 'unknown' as const),
    status: fc.constantFrom(...STATUSES),
    genuine: fc.boolean(),
    reason: fc.constantFrom('Genuine, and every check passed.', 'The signature does not verify.', ''),
    licensee: optional(text),
    licenseId: optional(text),
    expiry: optional(fc.option(text, { nil: null })),
    input: text,
    licenseKey: optional(text),
    fingerprint: optional(text)
  })
  .map(({ input, licenseKey, fingerprint, licensee, licenseId, expiry, ...rest }) => {
    const row: BatchRow = { row: 0, ...rest };
    if (licensee !== undefined) row.licensee = licensee;
    if (licenseId !== undefined) row.licenseId = licenseId;
    if (expiry !== undefined) row.expiry = expiry;
    const item: BatchItem = { index: 0, source: rest.source, input };
    if (licenseKey) item.licenseKey = licenseKey;
    if (fingerprint) item.fingerprint = fingerprint;
    return { row, item };
  });

describe('rows packed by column for the page', () => {
  it("come back exactly as made: every field, its absence, null expiry, and each item's own secrets", () => {
    fc.assert(
      fc.property(fc.array(rowAndItem, { maxLength: 300 }), fc.nat(1_000_000), (pairs, first) => {
        const rows = pairs.map((p, i) => ({ ...p.row, row: first + i + 1 }));
        const items = pairs.map((p) => p.item);
        // Through a real structured clone, as a worker's message travels.
        const unpacked = unpackRows(structuredClone(packRows(7, rows, items)));
        expect(unpacked.rows).toStrictEqual(rows);
        expect(unpacked.inputs).toStrictEqual(
          items.map(({ input, licenseKey, fingerprint }) => ({
            input,
            ...(licenseKey ? { licenseKey } : {}),
            ...(fingerprint ? { fingerprint } : {})
          }))
        );
      }),
      { numRuns: 200 }
    );
  });
});
