/** What one batch may be, stated to the user before anything is read. */
import { MAX_INPUT_BYTES } from '../core/verify';
import { mib } from './items';

/** All the files of one batch together (a list is streamed, so this bounds time, not memory). */
export const MAX_BATCH_BYTES = 2 * 1024 * 1024 * 1024;
/** Files in one batch: opened, in a folder, or inside zips. */
export const MAX_FILES = 50_000;
/** A JSON report read back is parsed whole. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export const LIMITS_SENTENCE = `Up to 2 GiB in all, ${MAX_FILES.toLocaleString('en-US')} files (zips included), and ${mib(MAX_INPUT_BYTES)} per license file or list line.`;

/** Why a batch of these files is refused before it starts, or undefined. */
export function refusal(files: readonly { name: string; size: number }[]): string | undefined {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MAX_BATCH_BYTES)
    return `These files come to ${mib(total)}; a batch takes at most 2 GiB. Split it into smaller batches.`;
  if (files.length > MAX_FILES)
    return `That is ${files.length.toLocaleString('en-US')} files; a batch takes at most ${MAX_FILES.toLocaleString('en-US')}. Split it into smaller batches.`;
  return undefined;
}
