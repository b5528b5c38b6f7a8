/** What the user dropped or opened on the Batch screen, and how it will be read. */
import { RecordSplitter } from '../batch/records';
import { csvCells, csvPlan, type CsvPlan } from '../batch/csv';
import { REPORT_FORMAT } from '../batch/rows';
import type { BatchMode } from '../batch/reader.worker';

const LIST_FILE = /\.(csv|jsonl|ndjson|txt|lst)$/i;
/** The part of a CSV read to show its columns: the first records are in it. */
const PREVIEW_BYTES = 256 * 1024;

/** A dropped folder's files, its tree walked (names keep the folder path). */
export async function droppedFiles(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return [...data.files];
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry, path: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      files.push(
        path ? new File([file], `${path}${file.name}`, { type: file.type, lastModified: file.lastModified }) : file
      );
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries returns the directory a slice at a time, until an empty slice.
      for (;;) {
        const slice = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (slice.length === 0) break;
        for (const child of slice) await walk(child, `${path}${entry.name}/`);
      }
    }
  };
  for (const entry of entries) await walk(entry, '');
  return files;
}

/** `list` when every file is a list (CSV, JSONL, plain text); otherwise every file is one artifact. */
export const modeFor = (files: readonly File[]): BatchMode =>
  files.length > 0 && files.every((f) => LIST_FILE.test(f.name)) ? 'list' : 'files';

/** Whether a single JSON file is a batch report to read back rather than an artifact to check. */
export async function isReport(files: readonly File[]): Promise<boolean> {
  if (files.length !== 1 || !/\.json$/i.test(files[0]!.name)) return false;
  const head = await files[0]!.slice(0, 200).text();
  return head.includes(`"format": "${REPORT_FORMAT}"`) || head.includes(`"format":"${REPORT_FORMAT}"`);
}

/** The first CSV's columns and the detected plan (the user may change the columns). */
export async function previewCsv(
  file: File
): Promise<{ plan: CsvPlan } | { problem: string; columns: string[]; header: boolean }> {
  const splitter = new RecordSplitter(true, PREVIEW_BYTES);
  const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
  // The last record of the preview may be cut short, so only complete ones are used.
  const records = splitter.push(head).filter((r) => r.text !== undefined && r.text.trim() !== '');
  const cells = records.map((r) => csvCells(r.text!)).filter((c): c is string[] => Array.isArray(c));
  if (cells.length === 0)
    return {
      problem: `${file.name} has no complete CSV row in its first ${PREVIEW_BYTES / 1024} KB.`,
      columns: [],
      header: false
    };
  const plan = csvPlan(cells[0]!, cells[1]);
  if ('problem' in plan) return { problem: plan.problem, columns: cells[0]!.map((c) => c.trim()), header: true };
  return { plan };
}
