/** Recognising a UR part without loading the transfer code: the scanners ask this of every read. */

/** Whether a scanned code is a UR part at all (QR alphanumeric mode upper-cases it). */
export const isUrPart = (text: string): boolean => /^\s*ur:/i.test(text);

/** "part 3 of 12" for a multi-part UR, null for anything else. */
export function partLabel(text: string): string | null {
  const match = /^\s*ur:[a-z0-9-]{1,32}\/([0-9]{1,10})-([0-9]{1,10})\//i.exec(text);
  return match ? `part ${match[1]} of ${match[2]}` : null;
}
