/** Accessibility scans with axe, one way for every spec. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

/**
 * Firefox ESR 153 kills the content process (SIGSEGV in libxul) at the first read of an element's
 * `ariaLabelledByElements` from one JS world once another world has read it: Playwright's role
 * queries read it from their Xray sandbox, axe from the page's own world, in either order. While
 * axe scans there, HTMLElement and SVGElement shadow the property with `undefined`, as in a browser
 * without ARIA element reflection, and axe resolves each `aria-labelledby` from the attribute,
 * which is how the app sets every one. Deleting the shadows afterwards leaves Element's own.
 */
async function withoutLabelledByReflection<T>(page: Page, scan: () => Promise<T>): Promise<T> {
  const shadow = (on: boolean) =>
    Promise.all(
      page.frames().map((frame) =>
        frame.evaluate((install) => {
          for (const proto of [HTMLElement.prototype, SVGElement.prototype]) {
            if (install)
              Object.defineProperty(proto, 'ariaLabelledByElements', { configurable: true, get: () => undefined });
            else delete (proto as { ariaLabelledByElements?: unknown }).ariaLabelledByElements;
          }
        }, on)
      )
    );
  await shadow(true);
  try {
    return await scan();
  } finally {
    await shadow(false);
  }
}

/** Rules axe finds broken, as `id: help (targets)`; only `impacts` when given; inside `include` when given. */
export async function axeViolations(
  page: Page,
  options: { impacts?: Impact[]; include?: string } = {}
): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (options.include) builder.include(options.include);
  const firefox = page.context().browser()?.browserType().name() === 'firefox';
  const { violations } = await (firefox
    ? withoutLabelledByReflection(page, () => builder.analyze())
    : builder.analyze());
  return violations
    .filter((v) => !options.impacts || options.impacts.includes(v.impact as Impact))
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The violations that block people: serious and critical. */
export const seriousViolations = (page: Page): Promise<string[]> =>
  axeViolations(page, { impacts: ['serious', 'critical'] });
