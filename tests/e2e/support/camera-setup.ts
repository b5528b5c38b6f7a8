/** Playwright globalSetup: the fake cameras' videos, written before any browser launches. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CAMERA_FIXTURES_DIR, CAMERA_PHOTO_COUNT, CAMERA_PHOTOS_DIR, cameraFixture } from './camera-fixtures';
import { photoY4m, writeCameraScene } from './y4m';
import { validSignedKey } from './samples';
import { forgedSignedKey } from './scan';
import { writeUrScenes } from './ur-scenes';

export default async function cameraSetup(): Promise<void> {
  mkdirSync(CAMERA_FIXTURES_DIR, { recursive: true });
  writeCameraScene('valid', validSignedKey());
  writeCameraScene('forged', forgedSignedKey());
  const photos = JSON.parse(readFileSync(path.join(CAMERA_PHOTOS_DIR, 'photos.json'), 'utf8')) as Array<{
    file: string;
    text: string;
    center: { x: number; y: number };
  }>;
  if (photos.length !== CAMERA_PHOTO_COUNT)
    throw new Error(
      `tests/e2e/photos/photos.json lists ${photos.length} photos, the camera projects ${CAMERA_PHOTO_COUNT}`
    );
  for (const [n, photo] of photos.entries()) {
    writeFileSync(
      cameraFixture(`photo-${n}`),
      photoY4m(readFileSync(path.join(CAMERA_PHOTOS_DIR, photo.file)), photo.center)
    );
    writeFileSync(cameraFixture(`photo-${n}`, 'txt'), photo.text);
  }
  await writeUrScenes();
}
