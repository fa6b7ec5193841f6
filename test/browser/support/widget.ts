// Mounting <lonceng-notifications> against the test Hub, and reaching into its shadow parts.
import '../../../src/lonceng.js';
import type { LoncengNotifications } from '../../../src/lonceng.js';
import { userUrl } from './hub.js';
import { waitFor } from './wait.js';

export const uniqueUser = (name = 'admin') => `${name}-${Math.random().toString(36).slice(2, 8)}`;

export { sleep, waitFor } from './wait.js';

/** Mounts a widget for `user` (fresh unless given) and waits until it is live. */
export async function mountWidget(
  attributes: Record<string, string> = {},
  user = uniqueUser(),
): Promise<{ el: LoncengNotifications; user: string }> {
  const el = document.createElement('lonceng-notifications');
  el.setAttribute('user', user);
  el.setAttribute('url', await userUrl(user));
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
  await waitFor(() => el.notifier?.state === 'open', 'the widget to connect');
  return { el, user };
}

/** All elements with this part anywhere in the widget's shadow trees. */
export function parts(el: Element, name: string): HTMLElement[] {
  const found: HTMLElement[] = [];
  const walk = (root: ShadowRoot | null | undefined) => {
    if (!root) return;
    for (const node of root.querySelectorAll<HTMLElement>('*')) {
      if (node.part?.contains(name)) found.push(node);
      walk(node.shadowRoot);
    }
  };
  walk(el.shadowRoot);
  return found;
}

export const part = (el: Element, name: string): HTMLElement | undefined => parts(el, name)[0];

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

export const visibleText = (el: HTMLElement | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Opens the widget's panel, as a click on the bell does (the panel renders only while open). */
export async function openPanel(el: HTMLElement): Promise<void> {
  if (part(el, 'bell')!.getAttribute('aria-expanded') !== 'true') part(el, 'bell')!.click();
  await waitFor(() => !!part(el, 'panel'), 'the panel to open');
}
