/**
 * Every e2e spec imports `test` and `expect` from here, never from '@playwright/test': an automatic
 * fixture records every request of the browser context (pages and service worker alike) and fails
 * the test if any went to an origin other than the app's. The app must send nothing anywhere.
 */
import { test as base, expect, type BrowserContext, type Request } from '@playwright/test';

export interface EgressRecorder {
  /** Origins the app may talk to: its own (from `baseURL`). */
  readonly ownOrigins: ReadonlySet<string>;
  /** "METHOD url" of each request to another origin so far. */
  readonly foreign: readonly string[];
  /** Returns and forgets the foreign requests so far (for the recorder's own negative test). */
  takeForeign(): string[];
  /** Records a context the test made itself, too. */
  watch(context: BrowserContext): void;
}

// Not network traffic: nothing leaves the browser for these.
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

export const test = base.extend<{ egress: EgressRecorder }>({
  egress: [
    async ({ context, baseURL }, use) => {
      const ownOrigins = new Set(baseURL ? [new URL(baseURL).origin] : []);
      let foreign: string[] = [];
      const record = (request: Request) => {
        const url = new URL(request.url());
        if (LOCAL_SCHEMES.has(url.protocol) || ownOrigins.has(url.origin)) return;
        foreign.push(`${request.method()} ${request.url()}`);
      };
      const watched = [context];
      context.on('request', record);
      await use({
        ownOrigins,
        get foreign() {
          return foreign;
        },
        takeForeign() {
          const taken = foreign;
          foreign = [];
          return taken;
        },
        watch(other) {
          watched.push(other);
          other.on('request', record);
        }
      });
      for (const each of watched) each.off('request', record);
      expect(foreign, 'requests to another origin than the app').toEqual([]);
    },
    { auto: true }
  ]
});

export { expect };
