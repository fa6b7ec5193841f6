// axe-core is a UMD script: loaded as a module it installs `window.axe`.
import 'axe-core/axe.js';
import type { AxeResults, RunOptions } from 'axe-core';

const axe = (window as unknown as { axe: { run(context: Element, options?: RunOptions): Promise<AxeResults> } }).axe;

/** The accessibility violations axe finds in `element`, as readable lines (`rule: selectors`). */
export async function axeViolations(element: Element): Promise<string[]> {
  const results = await axe.run(element);
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
