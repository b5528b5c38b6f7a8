/**
 * Finished rows on their way from a verify worker to the page, packed by column. A structured
 * clone rebuilds an object property by property, which cost the page's thread more per row than
 * anything else it does in a batch; columns of strings and numbers clone at a fraction of that, the
 * words every row repeats (kind, status, reason) travel once per batch, and the page rebuilds each
 * row as a literal.
 */
import type { ArtifactKind, Status } from '../core/verdict';
import type { BatchItem } from './items';
import type { BatchRow } from './rows';

/** What the page keeps of an item to open its verdict card later: the input and its secrets. */
export type KeptInput = Pick<BatchItem, 'input' | 'licenseKey' | 'fingerprint'>;

export interface PackedRows {
  seq: number;
  /** Row numbers (1-based). */
  rows: Uint32Array<ArrayBuffer>;
  /** Per row: kind, status and reason, as indexes into `words`; genuine as 1 or 0. */
  kinds: Uint16Array<ArrayBuffer>;
  statuses: Uint16Array<ArrayBuffer>;
  reasons: Uint16Array<ArrayBuffer>;
  genuine: Uint8Array<ArrayBuffer>;
  words: string[];
  sources: string[];
  /** Decoded content, set only on genuine rows (see `batchRow`); `expiry` null means never. */
  licensees: (string | undefined)[];
  licenseIds: (string | undefined)[];
  expiries: (string | null | undefined)[];
  inputs: string[];
  /** The rare items with a license key or fingerprint of their own: [position, key, fingerprint]. */
  secrets: [number, string | undefined, string | undefined][];
}

export function packRows(seq: number, rows: readonly BatchRow[], items: readonly BatchItem[]): PackedRows {
  const n = rows.length;
  const words: string[] = [];
  const seen = new Map<string, number>();
  const word = (w: string) => {
    let at = seen.get(w);
    if (at === undefined) {
      at = words.push(w) - 1;
      seen.set(w, at);
    }
    return at;
  };
  const packed: PackedRows = {
    seq,
    rows: new Uint32Array(n),
    kinds: new Uint16Array(n),
    statuses: new Uint16Array(n),
    reasons: new Uint16Array(n),
    genuine: new Uint8Array(n),
    words,
    sources: new Array<string>(n),
    licensees: new Array<string | undefined>(n),
    licenseIds: new Array<string | undefined>(n),
    expiries: new Array<string | null | undefined>(n),
    inputs: new Array<string>(n),
    secrets: []
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const item = items[i]!;
    packed.rows[i] = r.row;
    packed.kinds[i] = word(r.kind);
    packed.statuses[i] = word(r.status);
    packed.reasons[i] = word(r.reason);
    packed.genuine[i] = r.genuine ? 1 : 0;
    packed.sources[i] = r.source;
    packed.licensees[i] = r.licensee;
    packed.licenseIds[i] = r.licenseId;
    packed.expiries[i] = r.expiry;
    packed.inputs[i] = item.input;
    if (item.licenseKey || item.fingerprint) packed.secrets.push([i, item.licenseKey, item.fingerprint]);
  }
  return packed;
}

/** The rows and kept inputs again, each exactly as `batchRow` made it and the item held it. */
/** The columns' buffers, moved rather than copied when the packed rows are posted. */
export const packedBuffers = (p: PackedRows): ArrayBuffer[] => [
  p.rows.buffer,
  p.kinds.buffer,
  p.statuses.buffer,
  p.reasons.buffer,
  p.genuine.buffer
];

export function unpackRows(p: PackedRows): { rows: BatchRow[]; inputs: KeptInput[] } {
  const n = p.rows.length;
  const rows = new Array<BatchRow>(n);
  const inputs = new Array<KeptInput>(n);
  for (let i = 0; i < n; i++) {
    const row: BatchRow = {
      row: p.rows[i]!,
      source: p.sources[i]!,
      kind: p.words[p.kinds[i]!] as ArtifactKind,
      status: p.words[p.statuses[i]!] as Status,
      genuine: p.genuine[i] === 1,
      reason: p.words[p.reasons[i]!]!
    };
    const licensee = p.licensees[i];
    const licenseId = p.licenseIds[i];
    const expiry = p.expiries[i];
    if (licensee !== undefined) row.licensee = licensee;
    if (licenseId !== undefined) row.licenseId = licenseId;
    if (expiry !== undefined) row.expiry = expiry;
    rows[i] = row;
    inputs[i] = { input: p.inputs[i]! };
  }
  for (const [i, licenseKey, fingerprint] of p.secrets) {
    if (licenseKey) inputs[i]!.licenseKey = licenseKey;
    if (fingerprint) inputs[i]!.fingerprint = fingerprint;
  }
  return { rows, inputs };
}
