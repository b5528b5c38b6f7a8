/** Getting an artifact into the verifier: files and dropped data. */
import { MAX_INPUT_BYTES } from '../core/verify';

/**
 * A file's bytes, reading at most one byte past the core's size limit: the core refuses an
 * oversized input itself, and a huge file is never loaded whole just to be refused.
 */
export async function readFileBytes(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, MAX_INPUT_BYTES + 1).arrayBuffer());
}

export const OPEN_FILE_ACCEPT = '.lic,.req,.json,.har,.txt,text/*';

export function describeSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
