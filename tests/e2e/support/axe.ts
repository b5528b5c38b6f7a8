/** Accessibility scans with axe, one way for every spec. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

/** Rules axe finds broken, as `id: help (targets)`; only `impacts` when given; inside `include` when given. */
export async function axeViolations(
  page: Page,
  options: { impacts?: Impact[]; include?: string } = {}
): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (options.include) builder.include(options.include);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => !options.impacts || options.impacts.includes(v.impact as Impact))
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The violations that block people: serious and critical. */
export const seriousViolations = (page: Page): Promise<string[]> =>
  axeViolations(page, { impacts: ['serious', 'critical'] });
