import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { createCatalog, messagesFor, relativeTime, type Catalog, type Category, type Locale, type Messages } from '../../catalog/index.js';
import type { LoncengNotification } from '../../core/types.js';
import { baseStyles } from '../shared/base.styles.js';
import { openNotification } from '../shared/open-notification.js';
import { NotifierElement } from '../shared/notifier-element.js';
import { panelStyles } from './panel.styles.js';

type Filter = Category | 'other' | 'all';
const FILTER_ORDER: Filter[] = ['all', 'orders', 'payments', 'shipping', 'refunds', 'stock', 'users', 'other'];
/** Rendering more than this many rows buys nothing; the rest stay stored and counted. */
const MAX_ROWS = 200;
const CLOCK_MS = 15_000;

/**
 * @summary The notification list: unread marks, mark one or all read, category filter,
 * relative times, and the connection state.
 *
 * Inside `<lonceng-notifications>` it follows the shared notifier; on its own, set `notifier`.
 *
 * @fires lonceng-open - `{ notification }`, cancelable: an item was activated. Unless cancelled,
 *   the browser follows the link configured for its event, if any.
 * @csspart panel - The panel's container.
 * @csspart item - One per notification shown.
 * @csspart mark-all-read - The "mark all as read" button.
 * @cssprop --lonceng-panel-max-height - Maximum height before the list scrolls.
 * @cssprop --lonceng-unread-bg - Background of unread items.
 * @cssprop --lonceng-accent - Links, pressed filters and unread dots.
 */
export class LoncengPanel extends NotifierElement {
  static override styles = [baseStyles, panelStyles];

  static override properties: PropertyDeclarations = {
    locale: {},
    filter: { state: true, attribute: false },
  };

  /** Language when not inside `<lonceng-notifications>`: `en` or `id`. */
  locale: Locale = 'en';

  private filter: Filter = 'all';

  readonly #ownCatalog: Catalog = createCatalog();
  #clock?: ReturnType<typeof setInterval>;

  override connectedCallback(): void {
    super.connectedCallback();
    // Keeps "2 minutes ago" true while the panel is on screen.
    this.#clock = setInterval(() => this.requestUpdate(), CLOCK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
  }

  /** Moves focus to the first item, or to the panel's first control when it is empty. */
  focusFirst(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('[part=item]') ?? this.renderRoot.querySelector<HTMLElement>('button');
    target?.focus();
  }

  get #locale(): Locale {
    return this.context?.locale ?? (this.locale === 'id' ? 'id' : 'en');
  }

  get #catalog(): Catalog {
    return this.context?.catalog ?? this.#ownCatalog;
  }

  get #messages(): Messages {
    return this.context?.messages ?? messagesFor(this.#locale);
  }

  // Up/Down/Home/End move between items, as in a menu; Tab leaves the list.
  #onListKey(event: KeyboardEvent): void {
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('[part=item]')];
    const at = items.indexOf((this.renderRoot as ShadowRoot).activeElement as HTMLElement);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[event.key];
    if (next === undefined || items.length === 0) return;
    event.preventDefault();
    items[Math.max(0, Math.min(items.length - 1, next))]?.focus();
  }

  protected override render(): TemplateResult {
    const notifier = this.followed;
    const m = this.#messages;
    const locale = this.#locale;
    const catalog = this.#catalog;
    const now = Date.now();
    const all = (notifier?.items ?? []).map((n) => ({ n, d: catalog.describe(n, locale) }));
    const present = new Set<Filter>(all.map(({ d }) => d.category));
    const filters = FILTER_ORDER.filter((f) => f === 'all' || present.has(f));
    const filter = present.has(this.filter) ? this.filter : 'all';
    const shown = (filter === 'all' ? all : all.filter(({ d }) => d.category === filter)).slice(0, MAX_ROWS);
    const state = notifier?.state ?? 'closed';
    const unread = notifier?.unreadCount ?? 0;
    return html`<section part="panel" aria-labelledby="heading">
      <header>
        <h2 id="heading">${m.heading}</h2>
        <span class="status ${state}">${notifier?.authError ? m.authError : m.status[state]}</span>
        <button part="mark-all-read" class="link" ?disabled=${unread === 0} @click=${() => notifier?.markAllRead()}>
          ${m.markAllRead}
        </button>
      </header>
      ${filters.length > 2
        ? html`<div class="filters" role="group" aria-label=${m.filterLabel}>
            ${filters.map(
              (f) => html`<button aria-pressed=${f === filter ? 'true' : 'false'} @click=${() => (this.filter = f)}>
                ${m.categories[f]}
              </button>`,
            )}
          </div>`
        : nothing}
      ${shown.length === 0
        ? html`<p class="empty">${m.empty}</p>`
        : html`<ul @keydown=${this.#onListKey}>
            ${shown.map(
              ({ n, d }) => html`<li>
                <button part="item" class="${n.read ? '' : 'unread'} ${d.severity}" @click=${() => openNotification(this, notifier, catalog, locale, n)}>
                  <span class="dot" aria-hidden="true"></span>
                  <span class="text">
                    <strong>${d.title}</strong>
                    <span class="body">${d.body}</span>
                    <time datetime=${n.at}>${relativeTime(Date.parse(n.at) || n.receivedAt, now, locale)}</time>
                  </span>
                  ${n.read ? nothing : html`<span class="sr">${m.unread}</span>`}
                </button>
              </li>`,
            )}
          </ul>`}
    </section>`;
  }
}
