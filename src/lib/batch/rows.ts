/**
 * A batch's report: one compact row per item, the counts per status, and the CSV and JSON exports
 * (which the Batch screen also reads back). Decoded content (licensee, license id, expiry) is in a
 * row only when the verdict is genuine; the license keys and fingerprints that fed the checks never are.
 */
import { VerifyError } from '../core/errors';
import { errorVerdict, type ArtifactKind, type Status, type Verdict } from '../core/verdict';
import { verify } from '../core/verify';
import type { VerifyContext } from '../core/context';
import type { BatchItem } from './items';

export interface BatchRow {
  /** 1-based, in input order. */
  row: number;
  source: string;
  kind: ArtifactKind;
  status: Status;
  genuine: boolean;
  reason: string;
  licensee?: string;
  licenseId?: string;
  /** ISO 8601, or null for never. */
  expiry?: string | null;
}

/** Every status, most reassuring first: the order of the summary and the filters. */
export const STATUSES: readonly Status[] = [
  'valid',
  'expired',
  'not-yet-valid',
  'wrong-device',
  'wrong-product',
  'clock-tampered',
  'invalid',
  'malformed',
  'unsupported'
];

export type StatusCounts = Record<Status, number>;

export const emptyCounts = (): StatusCounts => Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;

/** The item's verdict: its own secrets join the batch's context; a problem item is malformed as is. */
export function verifyItem(item: BatchItem, ctx: VerifyContext): Promise<Verdict> {
  if (item.problem)
    return Promise.resolve(errorVerdict('unknown', new VerifyError('ERR_FORMAT_MALFORMED', item.problem)));
  const own: VerifyContext = { ...ctx };
  if (item.licenseKey) own.licenseKey = item.licenseKey;
  if (item.fingerprint) own.fingerprint = item.fingerprint;
  return verify(item.input, own);
}

export function batchRow(item: BatchItem, verdict: Verdict): BatchRow {
  const row: BatchRow = {
    row: item.index + 1,
    source: item.source,
    kind: verdict.kind,
    status: verdict.status,
    genuine: verdict.genuine,
    reason: verdict.reason
  };
  if (verdict.genuine) {
    const licensee = verdict.summary?.licensee ?? verdict.summary?.email;
    if (licensee) row.licensee = licensee;
    if (verdict.summary?.licenseId) row.licenseId = verdict.summary.licenseId;
    if (verdict.expiresAt !== undefined) row.expiry = verdict.expiresAt;
  }
  return row;
}

export function countRows(rows: Iterable<BatchRow>): StatusCounts {
  const counts = emptyCounts();
  for (const r of rows) counts[r.status]++;
  return counts;
}

export const REPORT_FORMAT = 'offline-verifier-batch/1';

export interface BatchReport {
  format: typeof REPORT_FORMAT;
  /** When the batch was verified (ISO 8601). */
  verifiedAt: string;
  counts: StatusCounts;
  rows: BatchRow[];
}

/** Rows per part of an export: the page yields between parts, so a big report never blocks it. */
const PART_ROWS = 2000;

/** The JSON report as parts to join (one row a line). */
export function* reportJsonParts(rows: BatchRow[], verifiedAt: number): Generator<string> {
  const head: Omit<BatchReport, 'rows'> = {
    format: REPORT_FORMAT,
    verifiedAt: new Date(verifiedAt).toISOString(),
    counts: countRows(rows)
  };
  yield JSON.stringify(head).slice(0, -1) + ',"rows":[\n';
  for (let at = 0; at < rows.length; at += PART_ROWS) {
    yield (
      rows
        .slice(at, at + PART_ROWS)
        .map((r) => JSON.stringify(r))
        .join(',\n') + (at + PART_ROWS < rows.length ? ',\n' : '\n')
    );
  }
  yield ']}\n';
}

export const reportJson = (rows: BatchRow[], verifiedAt: number): string =>
  [...reportJsonParts(rows, verifiedAt)].join('');

const CSV_COLUMNS = [
  'row',
  'source',
  'kind',
  'status',
  'genuine',
  'reason',
  'licensee',
  'license id',
  'expiry'
] as const;

/** A cell a spreadsheet will not run as a formula, quoted when it has to be. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvLine(r: BatchRow): string {
  const expiry = r.expiry === null ? 'never' : (r.expiry ?? '');
  return [
    String(r.row),
    r.source,
    r.kind,
    r.status,
    String(r.genuine),
    r.reason,
    r.licensee ?? '',
    r.licenseId ?? '',
    expiry
  ]
    .map(csvCell)
    .join(',');
}

/** The CSV report as parts to join. */
export function* reportCsvParts(rows: BatchRow[]): Generator<string> {
  yield CSV_COLUMNS.join(',') + '\r\n';
  for (let at = 0; at < rows.length; at += PART_ROWS)
    yield rows
      .slice(at, at + PART_ROWS)
      .map((r) => csvLine(r) + '\r\n')
      .join('');
}

export const reportCsv = (rows: BatchRow[]): string => [...reportCsvParts(rows)].join('');

/** `offline-verifier-batch-2026-11-29.csv`: the day the batch was verified, in local time. */
export function reportFileName(verifiedAt: number, extension: 'csv' | 'json'): string {
  const d = new Date(verifiedAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `offline-verifier-batch-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.${extension}`;
}

const isRow = (r: unknown): r is BatchRow => {
  const o = r as Partial<BatchRow> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.row === 'number' &&
    typeof o.source === 'string' &&
    typeof o.reason === 'string' &&
    STATUSES.includes(o.status as Status)
  );
};

/** A JSON report read back, or the sentence saying why it is not one. */
export function parseReport(text: string): BatchReport | { problem: string } {
  let doc: Partial<BatchReport>;
  try {
    doc = JSON.parse(text);
  } catch {
    return { problem: 'This file is not JSON, so it is not a batch report.' };
  }
  if (doc?.format !== REPORT_FORMAT)
    return { problem: `This JSON is not a batch report (its "format" is not "${REPORT_FORMAT}").` };
  if (!Array.isArray(doc.rows) || !doc.rows.every(isRow))
    return { problem: 'This batch report has a row that is not a verdict row; it may have been edited.' };
  const verifiedAt =
    typeof doc.verifiedAt === 'string' && !Number.isNaN(Date.parse(doc.verifiedAt))
      ? doc.verifiedAt
      : new Date(0).toISOString();
  // Reasons and names are text to show, never markup; the counts are recomputed, never trusted.
  return { format: REPORT_FORMAT, verifiedAt, counts: countRows(doc.rows), rows: doc.rows };
}
