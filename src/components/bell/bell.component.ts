import { html, LitElement, type PropertyDeclarations, type TemplateResult } from 'lit';
import { messagesFor, resolveLocale } from '../../catalog/index.js';
import type { Notifier } from '../../core/notifier.js';
import { badgeText } from '../shared/badge-text.js';
import { baseStyles } from '../shared/base.styles.js';
import { NotifierFollower } from '../shared/notifier-follower.js';
import { bellStyles } from './bell.styles.js';

/** How long the bell rings after an arrival, in ms (see bell.styles.ts). */
const RING_MS = 900;

/**
 * @summary A bell button with the unread count of a notifier; it rings briefly when a
 * notification arrives.
 *
 * Inside `<lonceng-notifications>` it is wired up already; on its own, set `notifier`.
 *
 * @csspart bell - The button.
 * @csspart badge - The unread count (`99+` above 99); absent at 0.
 * @cssprop --lonceng-bell-size - Width and height of the button (2.5rem).
 * @cssprop --lonceng-bell-color - Icon colour (currentColor).
 * @cssprop --lonceng-badge-bg - Badge background.
 * @cssprop --lonceng-badge-text - Badge text colour.
 */
export class LoncengBell extends LitElement {
  static override styles = [baseStyles, bellStyles];

  static override properties: PropertyDeclarations = {
    notifier: { attribute: false },
    locale: {},
    expanded: { type: Boolean, reflect: true },
    ringing: { state: true },
  };

  /** The notifier whose unread count the bell shows. */
  notifier?: Notifier;

  /** Language of the accessible name: `en` or `id`; by default the page's (`<html lang>`), else `en`. */
  locale?: string;

  /** Whether the panel this bell controls is open (sets `aria-expanded`). */
  expanded = false;

  private ringing = false;

  readonly #follower = new NotifierFollower(this, { arrival: () => this.#ring() });
  #ringTimer?: ReturnType<typeof setTimeout>;

  #ring(): void {
    this.ringing = true;
    clearTimeout(this.#ringTimer);
    this.#ringTimer = setTimeout(() => (this.ringing = false), RING_MS);
  }

  protected override willUpdate(): void {
    this.#follower.follow(this.notifier);
  }

  protected override render(): TemplateResult {
    const count = this.notifier?.unreadCount ?? 0;
    const messages = messagesFor(resolveLocale(this.locale, document.documentElement.lang));
    return html`<button
      part="bell"
      class=${this.ringing ? 'ring' : ''}
      aria-label=${messages.bellLabel(count)}
      aria-expanded=${this.expanded ? 'true' : 'false'}
      aria-haspopup="dialog"
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      ${count > 0 ? html`<span part="badge" aria-hidden="true">${badgeText(count)}</span>` : ''}
    </button>`;
  }
}
