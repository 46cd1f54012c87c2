/** axe-core run in the page as it is, for the browser specs (accessibility.browser.spec.ts audits every page). */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

export interface AxeViolation {
  readonly id: string;
  readonly impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[]; readonly html: string }[];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe on the page as it is (WCAG 2.1 A and AA rules, and axe's best practices). The tab's
 * Content-Security-Policy refuses inline scripts, as it should: axe comes in through the
 * browser's debugging protocol (`evaluate`), which a page's policy does not govern.
 */
export async function audit(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    // Fluent UI's focus manager (tabster) puts invisible, aria-hidden focus guards (<i
    // data-tabster-dummy tabindex=0>) at the edges of focus groups; they hand focus on at once,
    // a screen reader never lands on them — axe's aria-hidden-focus would flag each one.
    const result = await axe.run({ exclude: [['[data-tabster-dummy]']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => ({ target: node.target, html: node.html.slice(0, 160) })) }));
  });
}

export const describeViolation = (violation: AxeViolation) => `${violation.impact ?? 'unknown'} ${violation.id} (${violation.help}) at ${violation.nodes.slice(0, 3).map((node) => `${node.target.join(' ')} ${node.html}`).join(', ')}`;
