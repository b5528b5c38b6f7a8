/**
 * How the app shows a file as QR codes, chosen with `npx tsx tools/bench/ur-density.ts` (which
 * part sizes the camera's decoder reads from blurred and noisy 720p frames) and `npm run bench`
 * (first frame to verdict at this rate, with frames dropped).
 */

/** File bytes per animated part: a version-13 code at level L (about 75 modules a side, 520 characters). */
export const PART_BYTES = 250;
/** Parts per second: a 30 fps camera sees each part about three times, a worker decodes one in well under 100 ms. */
export const FRAMES_PER_SECOND = 10;

/** A file this small is shown as one ordinary code of its text, readable by any QR app. */
export const fitsOneCode = (bytes: Uint8Array): boolean => bytes.length <= PART_BYTES;

/** The least time a transfer can take, in theory: every frame read and every part new. */
export const minimumSeconds = (bytes: number): number => bytes / PART_BYTES / FRAMES_PER_SECOND;
