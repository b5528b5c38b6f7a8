/**
 * Where the fake cameras' videos live: written by camera-setup.ts, named in playwright.config.ts
 * (launch flags want absolute paths). Resolved from the project root, where the tests run, like
 * build/. No imports of project files: the config loads this, also from configs elsewhere.
 */
import path from 'node:path';

/**
 * A code minted for the test, `photo-N`: the N-th photo of the bench's middle bucket
 * (tests/e2e/photos/), or `ur-…`: an animated code (see camera-setup.ts and ur-capture.setup.ts).
 */
export type CameraScene = 'valid' | 'forged' | `photo-${number}` | `ur-${string}`;

/** The animated-code scenes, each its own camera project; `-drop` plays every third frame missing. */
export const UR_SCENES = ['ur-license', 'ur-license-drop', 'ur-machine', 'ur-machine-drop', 'ur-mixed'] as const;

/** The photos of the bench corpus's middle bucket at the camera's 1280×960, and the text each holds. */
export const CAMERA_PHOTOS_DIR = path.resolve('tests/e2e/photos');
export const CAMERA_PHOTO_COUNT = 5;

export const CAMERA_FIXTURES_DIR = path.resolve('test-results/camera');

/** A scene's video, or the text its QR code holds. */
export const cameraFixture = (scene: CameraScene, ext: 'y4m' | 'txt' = 'y4m'): string =>
  path.join(CAMERA_FIXTURES_DIR, `${scene}.${ext}`);
