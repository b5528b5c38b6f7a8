/**
 * The luma plane of a camera frame, read as the camera delivered it. Cameras give planar YUV
 * (I420, NV12): its first plane is already the one byte of brightness per pixel the decoders
 * read, so copying the aim square out of it skips drawing the frame to RGBA and converting back,
 * which cost more than decoding. Other formats (RGBA frames, a GPU texture) return undefined and
 * the caller draws them.
 */
import type { Region } from './aim';
import type { Gray } from './decoder';

/** Formats whose plane 0 is full-resolution luma. */
const PLANAR_YUV = new Set(['I420', 'I420A', 'I422', 'I444', 'NV12']);

export async function frameLuma(frame: VideoFrame, region: Region): Promise<Gray | undefined> {
  const visible = frame.visibleRect;
  if (
    !frame.format ||
    !PLANAR_YUV.has(frame.format) ||
    !visible ||
    visible.width !== frame.displayWidth ||
    visible.height !== frame.displayHeight
  )
    return undefined;
  // Chroma is subsampled 2×2 (I420, NV12): a copied rect starts and ends on even pixels.
  const x = (visible.x + region.x) & ~1;
  const y = (visible.y + region.y) & ~1;
  const rect = {
    x,
    y,
    width: (visible.x + region.x + region.width - x) & ~1,
    height: (visible.y + region.y + region.height - y) & ~1
  };
  const buffer = new Uint8Array(frame.allocationSize({ rect }));
  const [luma] = await frame.copyTo(buffer, { rect });
  if (!luma) return undefined;
  const { offset, stride } = luma;
  const bytes =
    stride === rect.width
      ? buffer.subarray(offset, offset + rect.width * rect.height)
      : tight(buffer, offset, stride, rect.width, rect.height);
  if (frame.colorSpace?.fullRange !== true) stretch(bytes);
  return {
    luma: new Uint8ClampedArray(bytes.buffer, bytes.byteOffset, bytes.length),
    width: rect.width,
    height: rect.height
  };
}

/** Video luma 16–235 (limited range, what cameras send unless they say otherwise) as 0–255. */
const LIMITED_TO_FULL = Uint8Array.from({ length: 256 }, (_, y) =>
  Math.min(255, Math.max(0, Math.round(((y - 16) * 255) / 219)))
);

/**
 * Stretches limited-range luma in place, as drawing the frame to RGB does: the decoders' thresholds
 * were tuned on those pixels, and a faint code (a photographed label) is lost without the stretch.
 */
function stretch(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) bytes[i] = LIMITED_TO_FULL[bytes[i]!]!;
}

/** Rows of `width` bytes taken out of a plane whose rows are `stride` bytes apart. */
function tight(buffer: Uint8Array, offset: number, stride: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let row = 0; row < height; row++)
    out.set(buffer.subarray(offset + row * stride, offset + row * stride + width), row * width);
  return out;
}
