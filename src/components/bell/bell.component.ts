import { html, type PropertyDeclarations, type TemplateResult } from 'lit';
import { messagesFor } from '../../catalog/index.js';
import { baseStyles } from '../shared/base.styles.js';
import { NotifierElement } from '../shared/notifier-element.js';
import { bellStyles } from './bell.styles.js';

/** The badge text: the count, or `99+` above 99. */
export const badgeText = (count: number): string => (count > 99 ? '99+' : String(count));

/**
 * @summary A bell button with the unread count; it rings briefly when a notification arrives.
 *
 * Inside `<lonceng-notifications>` it follows the shared notifier; on its own, set `notifier`.
 *
 * @csspart bell - The button.
 * @csspart badge - The unread count (`99+` above 99); absent at 0.
 * @cssprop --lonceng-bell-size - Width and height of the button (2.5rem).
 * @cssprop --lonceng-bell-color - Icon colour (currentColor).
 * @cssprop --lonceng-badge-bg - Badge background.
 * @cssprop --lonceng-badge-text - Badge text colour.
 */
export class LoncengBell extends NotifierElement {
  static override styles = [baseStyles, bellStyles];

  static override properties: PropertyDeclarations = {
    expanded: { type: Boolean, reflect: true },
    ringing: { state: true, attribute: false },
  };

  /** Whether the panel this bell controls is open (sets `aria-expanded`). */
  expanded = false;

  private ringing = false;

  #ringTimer?: ReturnType<typeof setTimeout>;

  /** Rings briefly. */
  protected override onArrival(): void {
    this.ringing = true;
    clearTimeout(this.#ringTimer);
    this.#ringTimer = setTimeout(() => (this.ringing = false), 900);
  }

  protected override render(): TemplateResult {
    const count = this.followed?.unreadCount ?? 0;
    const messages = this.context?.messages ?? messagesFor('en');
    return html`<button
      part="bell"
      class=${this.ringing ? 'ring' : ''}
      aria-label=${messages.bellLabel(count)}
      aria-expanded=${this.expanded ? 'true' : 'false'}
      aria-haspopup="dialog"
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      ${count > 0 ? html`<span part="badge" aria-hidden="true">${badgeText(count)}</span>` : ''}
    </button>`;
  }
}
