/**
 * Where the fake cameras' videos live: written by camera-setup.ts, named in playwright.config.ts
 * (launch flags want absolute paths). Resolved from the project root, where the tests run, like
 * build/. No imports of project files: the config loads this, also from configs elsewhere.
 */
import path from 'node:path';

export type CameraScene = 'valid' | 'forged';

export const CAMERA_FIXTURES_DIR = path.resolve('test-results/camera');

/** A scene's video, or the text its QR code holds. */
export const cameraFixture = (scene: CameraScene, ext: 'y4m' | 'txt' = 'y4m'): string => path.join(CAMERA_FIXTURES_DIR, `${scene}.${ext}`);
