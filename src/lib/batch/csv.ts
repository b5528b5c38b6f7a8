/**
 * CSV records (RFC 4180: comma separated, `"` quotes, `""` inside quotes) and the plan that says
 * which column holds the artifact and which hold the license key and fingerprint it may need.
 */
import { detect } from '../core/detect';

/** The cells of one record, or why it cannot be read. Linear in the record's length. */
export function csvCells(text: string): string[] | { problem: string } {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 0x22) {
      let cell = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return { problem: 'A quoted cell in this row is never closed.' };
        cell += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 0x22) {
          cell += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      cells.push(cell);
      if (i >= text.length) return cells;
      if (text.charCodeAt(i) !== 0x2c)
        return { problem: 'A quoted cell in this row is followed by text before the next comma.' };
      i++;
    } else {
      const comma = text.indexOf(',', i);
      if (comma < 0) {
        cells.push(text.slice(i));
        return cells;
      }
      cells.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
}

/** Which columns (0-based) feed a check; `header`: the first record names the columns. */
export interface CsvPlan {
  header: boolean;
  columns: string[];
  artifact: number;
  licenseKey?: number;
  fingerprint?: number;
}

const LICENSE_KEY_HEADER = /^(license|licence)[ _-]?key$/i;
const FINGERPRINT_HEADER = /^(fingerprint|hardware[ _-]?id|machine[ _-]?(id|fingerprint))$/i;

const isArtifact = (cell: string) => cell.trim() !== '' && detect(cell.trim()) !== 'unknown';

/**
 * Reads the first two records: the first is a header when none of its cells is an artifact. The
 * artifact column is the one named `column` (a header name, or a 1-based number), else the first
 * whose data looks like an artifact. License key and fingerprint columns are found by their names.
 */
export function csvPlan(first: string[], second: string[] | undefined, column?: string): CsvPlan | { problem: string } {
  const header = !first.some(isArtifact);
  const columns = header ? first.map((c) => c.trim()) : first.map((_, i) => `Column ${i + 1}`);
  const data = header ? (second ?? []) : first;
  let artifact: number;
  if (column !== undefined) {
    const byName = columns.findIndex((c) => c.toLowerCase() === column.toLowerCase());
    const byNumber = /^\d+$/.test(column) ? Number(column) - 1 : -1;
    artifact = byName >= 0 ? byName : byNumber;
    if (artifact < 0 || artifact >= columns.length) {
      return {
        problem: `The CSV has no column "${column}"; its columns are ${columns.map((c) => `"${c}"`).join(', ')}.`
      };
    }
  } else {
    artifact = data.findIndex(isArtifact);
    if (artifact < 0) return { problem: 'No column of the CSV holds a license key or file; pick the column to check.' };
  }
  const plan: CsvPlan = { header, columns, artifact };
  if (header) {
    const licenseKey = columns.findIndex((c, i) => i !== artifact && LICENSE_KEY_HEADER.test(c));
    const fingerprint = columns.findIndex((c, i) => i !== artifact && FINGERPRINT_HEADER.test(c));
    if (licenseKey >= 0) plan.licenseKey = licenseKey;
    if (fingerprint >= 0) plan.fingerprint = fingerprint;
  }
  return plan;
}
