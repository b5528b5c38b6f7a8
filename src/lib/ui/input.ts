/** Getting an artifact into the verifier: links, files, dropped data. */
import { MAX_INPUT_BYTES } from '../core/limits';

const LINK_PREFIX = '#/v/';

/**
 * The artifact carried by a `/#/v/<payload>` link, percent-decoded; undefined for any other hash.
 * The fragment never reaches a server, so a printed QR code can carry a license key safely.
 */
export function payloadFromHash(hash: string): string | undefined {
  if (!hash.startsWith(LINK_PREFIX)) return undefined;
  const encoded = hash.slice(LINK_PREFIX.length);
  try {
    return decodeURIComponent(encoded);
  } catch {
    // A stray "%" is more likely part of the artifact than a broken escape.
    return encoded;
  }
}

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
