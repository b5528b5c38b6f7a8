/**
 * The aim square: the part of a camera frame the scanner draws, asks the user to fill, and
 * decodes. Its own module so the page can draw it without loading the decoder.
 */

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The square's side as a share of the frame's shorter side. */
export const AIM_FRACTION = 0.8;

/** The centred square the user is asked to hold the code in. */
export function aimRegion(width: number, height: number): Region {
  return centredSquare(width, height, AIM_FRACTION);
}

/** The centred square whose side is `fraction` of the frame's shorter side. */
export function centredSquare(width: number, height: number, fraction: number): Region {
  const side = Math.round(Math.min(width, height) * fraction);
  return { x: Math.round((width - side) / 2), y: Math.round((height - side) / 2), width: side, height: side };
}
