import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { webdriverio } from '@vitest/browser-webdriverio';
import { trustConfigPlugin } from './tools/trust-config-plugin.ts';
import { demoSamplesPlugin } from './tools/demo-samples-plugin.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tools/chromium.ts';
import { FIREFOX_LAUNCH } from './tools/firefox.ts';
import { WEBKIT_CAPABILITIES, WEBKIT_DRIVER_PORTS, webkitConnection } from './tools/webkit.ts';

export default defineConfig({
  plugins: [trustConfigPlugin(), demoSamplesPlugin(), sveltekit()],
  // Dynamic imports load their own static imports: every chunk is in the service worker's cache, so
  // preloading them in parallel gains nothing offline and costs a <link> in the DOM per chunk.
  build: {
    target: 'es2022',
    modulePreload: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Every page runs Svelte's and SvelteKit's runtime: one chunk rather than a handful of tiny
          // ones, since each module a cold open loads costs the main thread a request and a compile.
          groups: [{ name: 'framework', test: /node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx)[\\/]/ }]
        }
      }
    }
  },
  // PREVIEW_PORT lets two checkouts run their end-to-end tests side by side.
  preview: { port: Number(process.env.PREVIEW_PORT ?? 4173), strictPort: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'tools/**/*.test.ts', 'tests/adversarial/**/*.test.ts'],
          exclude: ['src/**/*.browser.test.ts'],
          testTimeout: 60_000
        }
      },
      {
        // End-to-end smoke tests in WebKit through WebdriverIO (Playwright cannot drive WebKitGTK);
        // they need the production build.
        test: {
          name: 'webkit-e2e',
          environment: 'node',
          include: ['tests/webkit/**/*.test.ts'],
          globalSetup: ['tools/webkit-driver-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts'],
          // Mints artifacts with the Node-only demo issuer for the Chromium tests (inject()).
          globalSetup: ['tests/support/browser-setup.ts'],
          testTimeout: 60_000,
          // One run per engine: Chromium and Firefox through Playwright, WebKit through WebKitWebDriver
          // (tools/webkit.ts), which has no headless mode and runs under Xvfb instead.
          browser: {
            enabled: true,
            headless: true,
            instances: [
              {
                browser: 'chromium',
                provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } })
              },
              { browser: 'firefox', provider: playwright({ launchOptions: FIREFOX_LAUNCH }) },
              {
                browser: 'safari',
                name: 'browser (webkit)',
                headless: false,
                globalSetup: ['tests/support/browser-setup.ts', 'tools/webkit-driver-setup.ts'],
                provider: webdriverio({
                  ...webkitConnection(WEBKIT_DRIVER_PORTS.browser),
                  capabilities: WEBKIT_CAPABILITIES
                })
              }
            ]
          }
        }
      }
    ]
  }
});
