/** vitest globalSetup of the WebKit browser project: WebKitWebDriver (and Xvfb) for the run. */
import { startWebKitDriver } from './webkit.ts';

export default async function setup(): Promise<() => void> {
  return startWebKitDriver();
}
