/** Strict CSP in the built app: no eval, no WebAssembly, no inline script, nothing but 'self' to connect to. */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { builtRoutes, pasteAndVerify } from './support/app';
import { validSignedKey } from './support/samples';

/** The smallest valid WebAssembly module: the magic number and version 1. */
const EMPTY_WASM = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

async function policyOf(page: Page): Promise<Map<string, string[]>> {
  const content = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
  expect(content, 'the prerendered page carries its CSP in a <meta> tag').toBeTruthy();
  return new Map(
    content!
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources])
  );
}

/**
 * What the page may run: `eval` and WebAssembly compilation, each 'allowed' or the error's name.
 * The probe runs from a timer: code evaluated by the DevTools protocol itself may use eval.
 */
async function dynamicCode(page: Page): Promise<{ eval: string; wasm: string; violations: string[] }> {
  return page.evaluate(
    (bytes) =>
      new Promise((resolve) => {
        const violations: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
        setTimeout(async () => {
          let evalResult: string;
          try {
            evalResult = (0, eval)('1') === 1 ? 'allowed' : 'wrong result';
          } catch (err) {
            evalResult = (err as Error).name;
          }
          const wasmResult = await WebAssembly.compile(new Uint8Array(bytes)).then(
            () => 'allowed',
            (err: Error) => err.name
          );
          // Violation events are dispatched asynchronously.
          setTimeout(() => resolve({ eval: evalResult, wasm: wasmResult, violations }), 100);
        });
      }),
    EMPTY_WASM
  );
}

test('every page carries a strict policy', async ({ page }) => {
  for (const route of builtRoutes()) {
    await page.goto(route);
    const policy = await policyOf(page);
    const everySource = [...policy.values()].flat();
    expect(everySource).not.toContain("'unsafe-eval'");
    expect(everySource).not.toContain("'wasm-unsafe-eval'");
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
    expect(policy.get('script-src')?.filter((s) => !s.startsWith("'sha256-"))).toEqual(["'self'"]);
    expect(policy.get('style-src')).not.toContain("'unsafe-inline'");
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
  }
});

test('the page refuses eval and WebAssembly, and still verifies a key', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));

  await page.goto('/');
  const refused = await dynamicCode(page);
  expect(refused.eval).toBe('EvalError');
  expect(refused.wasm).toBe('CompileError');
  expect(refused.violations).toContain('script-src');

  await pasteAndVerify(page, validSignedKey());
  expect(errors).toEqual([]);
});

test('without the policy the same probes run (the CSP test is real)', async ({ page }) => {
  await page.goto('about:blank');
  expect(await dynamicCode(page)).toEqual({ eval: 'allowed', wasm: 'allowed', violations: [] });
});

test('nothing the app does is refused by the policy', async ({ page }) => {
  const refusals: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) refusals.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy: ${e.effectiveDirective} ${e.blockedURI}`)
    );
  });
  await page.goto('/about');
  await expect(page.locator('h1').first()).toBeVisible();
  await page.goto('/');
  await pasteAndVerify(page, validSignedKey());
  // Violation events are dispatched asynchronously.
  await page.waitForTimeout(200);
  expect(refusals).toEqual([]);
});
