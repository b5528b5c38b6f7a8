/** vitest globalSetup of the projects that use WebKit: WebKitWebDriver (and Xvfb) for the run. */
import type { TestProject } from 'vitest/node';
import { WEBKIT_DRIVER_PORTS, startWebKitDriver } from './webkit.ts';

export default async function setup(project: TestProject): Promise<void> {
  await startWebKitDriver(project.name === 'webkit-e2e' ? WEBKIT_DRIVER_PORTS.e2e : WEBKIT_DRIVER_PORTS.browser);
}
