/**
 * End-to-end tests against the production build (`npm run build` first): the preview server serves
 * build/ on :4173 (or PREVIEW_PORT). The system Chromium is used; Playwright never downloads a browser here.
 */
import { defineConfig, devices } from '@playwright/test';
import path from 'node:path';
import { CAMERA_PHOTO_COUNT, UR_SCENES, cameraFixture } from './tests/e2e/support/camera-fixtures';
import { NOT_IN_FIREFOX } from './tests/e2e/support/engines';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tools/chromium';
import { FIREFOX_LAUNCH } from './tools/firefox';

/**
 * A fake camera playing `y4m` (written by camera-setup.ts before launch) or, without one, Chromium's
 * own test pattern (a picture with no code in it). Headless Chromium denies the camera unless the
 * fake permission prompt accepts it.
 */
const fakeCamera = (y4m?: string, allowed = true) => [
  '--use-fake-device-for-media-stream',
  ...(allowed ? ['--use-fake-ui-for-media-stream'] : []),
  ...(y4m ? [`--use-file-for-fake-video-capture=${y4m}`] : [])
];
// Launch flags are per browser, so each camera picture is its own project, running the tests tagged for it.
const cameraProject = (name: string, tag: string, camera: string[]) => ({
  name,
  testMatch: /scan-camera/,
  grep: new RegExp(tag),
  use: {
    ...devices['Desktop Chrome'],
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...camera] }
  }
});

const baseURL = `http://localhost:${process.env.PREVIEW_PORT ?? 4173}`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // The JSON report is what .ci/run counts.
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  // Absolute (from the project root, like build/), so configs that extend this one from elsewhere find it.
  globalSetup: path.resolve('tests/e2e/support/camera-setup.ts'),
  use: {
    baseURL,
    headless: true,
    serviceWorkers: 'allow',
    trace: 'retain-on-failure'
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /scan-camera|kiosk-camera|photo-camera|ur-camera|ur-capture/,
      use: { ...devices['Desktop Chrome'], launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }
    },
    {
      // Firefox ESR over WebDriver BiDi; the tests it leaves out, and why, are in support/engines.ts.
      name: 'firefox',
      // Camera tests play a y4m file as the camera, which only Chromium can.
      testIgnore: /scan-camera|kiosk-camera|photo-camera|ur-camera|ur-capture/,
      grepInvert: NOT_IN_FIREFOX,
      // Every step goes over WebDriver BiDi, screenshots most slowly: twice Chromium's time.
      timeout: 60_000,
      use: { ...devices['Desktop Firefox'], launchOptions: FIREFOX_LAUNCH }
    },
    cameraProject('camera', '@valid-code', fakeCamera(cameraFixture('valid'))),
    cameraProject('camera-forged', '@forged-code', fakeCamera(cameraFixture('forged'))),
    cameraProject('camera-no-code', '@no-code', fakeCamera()),
    cameraProject('camera-denied', '@camera-denied', fakeCamera(undefined, false)),
    {
      ...cameraProject('kiosk-camera', '@kiosk-camera', fakeCamera(cameraFixture('valid'))),
      testMatch: /kiosk-camera/
    },
    {
      ...cameraProject('kiosk-camera-ur', '@kiosk-ur', fakeCamera(cameraFixture('ur-machine-slow'))),
      testMatch: /kiosk-camera/
    },
    // The bench corpus's middle bucket, one photo per camera (tests/e2e/photo-camera.spec.ts).
    ...Array.from({ length: CAMERA_PHOTO_COUNT }, (_, n) => ({
      ...cameraProject(`camera-photo-${n}`, '@photo-camera', fakeCamera(cameraFixture(`photo-${n}`))),
      testMatch: /photo-camera/
    })),
    // Animated codes: the app's own "Show as QR" is recorded first (ur-capture.setup.ts), then
    // each video plays as its own camera (ur-camera.spec.ts); the CLI-made ones are written by camera-setup.ts.
    {
      name: 'ur-capture',
      testMatch: /ur-capture\.setup/,
      use: { ...devices['Desktop Chrome'], launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }
    },
    ...UR_SCENES.map((scene) => ({
      ...cameraProject(`camera-${scene}`, `@${scene}(?![\\w-])`, fakeCamera(cameraFixture(scene))),
      testMatch: /ur-camera/,
      ...(scene.startsWith('ur-license') ? { dependencies: ['ur-capture'] } : {})
    }))
  ],
  webServer: {
    command: 'npm run preview',
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000
  }
});
