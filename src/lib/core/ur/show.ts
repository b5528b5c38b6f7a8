/**
 * How the app shows a file as QR codes, both chosen by measurement:
 * - part size: `npx tsx tools/bench/ur-density.ts` reads parts of 100–400 bytes from synthetic
 *   clean, blurred and noisy 720p camera frames with the camera's first way of decoding; up to
 *   300 bytes every class read ≥ 93 % (350: 87 %). One step below that edge, for phones' cameras.
 * - frame rate: `npx tsx tools/bench/ur-bench.ts --quick --fps=N` (6.5 KB license file, 20 % of
 *   frames lost, first frame → verdict): 10 fps 4.1 s, 12 fps 4.2 s, 15 fps 3.3 s, 20 fps 2.7 s, but
 *   the 16 KB file no faster at 20 than at 15 (8.7 / 9.0 s: the decoder is saturated), and a 30 fps
 *   camera sees each part of a 15 fps sequence twice. Measured on 2 shared cores at load 13–19.
 */

/** File bytes per animated part: 535 characters, a version-12 code at level L (65 modules a side). */
export const PART_BYTES = 250;
/** Parts per second. */
export const FRAMES_PER_SECOND = 15;

/** A file this small is shown as one ordinary code of its text, readable by any QR app. */
export const fitsOneCode = (bytes: Uint8Array): boolean => bytes.length <= PART_BYTES;

/**
 * The texts of the codes that show `file`, as the app shows them: its own text when it fits one
 * code, else UR parts 1…count, upper-cased (QR alphanumeric mode holds a character in 5.5 bits
 * instead of 8). ``count` defaults to three times the parts a receiver needs: with a third of the frames lost it
 * still completes, as a loop of a display does. `partBytes` other than the app's is for the bench.
 */
export async function frameTexts(file: Uint8Array, count?: number, partBytes = PART_BYTES): Promise<string[]> {
  if (file.length <= partBytes) return [new TextDecoder().decode(file)];
  const { TransferEncoder } = await import('./transfer');
  const encoder = new TransferEncoder(file, { maxFragmentLength: partBytes });
  const total = count ?? 3 * encoder.seqLength;
  const texts: string[] = [];
  for (let seqNum = 1; seqNum <= total; seqNum++) texts.push((await encoder.part(seqNum)).toUpperCase());
  return texts;
}
