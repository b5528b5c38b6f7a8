/**
 * How the app shows a file as QR codes, chosen with `npx tsx tools/bench/ur-density.ts` (which
 * part sizes the camera's decoder reads from blurred and noisy 720p frames) and `npm run bench`
 * (first frame to verdict at this rate, with frames dropped).
 */

/** File bytes per animated part: 535 characters, a version-12 code at level L (65 modules a side). */
export const PART_BYTES = 250;
/** Parts per second: a 30 fps camera sees each part about three times, a worker decodes one in well under 100 ms. */
export const FRAMES_PER_SECOND = 10;

/** A file this small is shown as one ordinary code of its text, readable by any QR app. */
export const fitsOneCode = (bytes: Uint8Array): boolean => bytes.length <= PART_BYTES;

/** The least time a transfer can take, in theory: every frame read and every part new. */
export const minimumSeconds = (bytes: number): number => bytes / PART_BYTES / FRAMES_PER_SECOND;

/**
 * The texts of the codes that show `file`, as the app shows them: its own text when it fits one
 * code, else UR parts 1…count, upper-cased (QR alphanumeric mode holds a character in 5.5 bits
 * instead of 8). ``count` defaults to three times the parts a receiver needs: with a third of the frames lost it
 * still completes, as a loop of a display does.
 */
export async function frameTexts(file: Uint8Array, count?: number): Promise<string[]> {
  if (fitsOneCode(file)) return [new TextDecoder().decode(file)];
  const { TransferEncoder } = await import('./transfer');
  const encoder = new TransferEncoder(file, { maxFragmentLength: PART_BYTES });
  const total = count ?? 3 * encoder.seqLength;
  const texts: string[] = [];
  for (let seqNum = 1; seqNum <= total; seqNum++) texts.push((await encoder.part(seqNum)).toUpperCase());
  return texts;
}
