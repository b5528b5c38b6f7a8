/** Playwright globalSetup: the fake cameras' videos, written before any browser launches. */
import { mkdirSync } from 'node:fs';
import { CAMERA_FIXTURES_DIR } from './camera-fixtures';
import { writeCameraScene } from './y4m';
import { validSignedKey } from './samples';
import { forgedSignedKey } from './scan';

export default function cameraSetup(): void {
  mkdirSync(CAMERA_FIXTURES_DIR, { recursive: true });
  writeCameraScene('valid', validSignedKey());
  writeCameraScene('forged', forgedSignedKey());
}
