import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { createCatalog, createDescriber, relativeTime, resolveLocale, type Category, type Describer } from '../../catalog/index.js';
import type { Notifier } from '../../core/notifier.js';
import { baseStyles } from '../shared/base.styles.js';
import { NotifierFollower } from '../shared/notifier-follower.js';
import { openNotification } from '../shared/open-notification.js';
import { panelStyles } from './panel.styles.js';

type Filter = Category | 'other' | 'all';
const FILTER_ORDER: Filter[] = ['all', 'orders', 'payments', 'shipping', 'refunds', 'stock', 'users', 'other'];
/** Rendering more than this many rows buys nothing; the rest stay stored and counted. */
const MAX_ROWS = 200;
const CLOCK_MS = 15_000;

/**
 * @summary The notification list of a notifier: unread marks, mark one or all read, category
 * filter, relative times, and the connection state.
 *
 * Inside `<lonceng-notifications>` it is wired up already; on its own, set `notifier`.
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
export class LoncengPanel extends LitElement {
  static override styles = [baseStyles, panelStyles];

  static override properties: PropertyDeclarations = {
    notifier: { attribute: false },
    locale: {},
    active: { attribute: false },
    filter: { state: true, attribute: false },
  };

  /** The notifier whose notifications the panel lists. */
  notifier?: Notifier;

  /** Language: `en` or `id`; by default the page's (`<html lang>`), else `en`. */
  locale?: string;

  /** Whether the panel is on screen. While false it renders nothing and does no work (`<lonceng-notifications>` sets it while its panel is closed). */
  active = true;

  #sharedDescriber?: Describer;

  /**
   * How notifications read, shared with the toasts of `<lonceng-notifications>`; by default
   * the built-in texts in `locale`. Not reactive-declared, to stay out of the public manifest.
   * @internal
   */
  set describer(describer: Describer | undefined) {
    this.#sharedDescriber = describer;
    this.requestUpdate();
  }

  private filter: Filter = 'all';

  readonly #follower = new NotifierFollower(this, { change: () => this.active && this.requestUpdate() });
  #ownDescriber?: Describer;
  #clock?: ReturnType<typeof setInterval>;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopClock();
  }

  /** Moves focus to the first item, or to the panel's first control when it is empty. */
  focusFirst(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('[part=item]') ?? this.renderRoot.querySelector<HTMLElement>('button');
    target?.focus();
  }

  get #describer(): Describer {
    if (this.#sharedDescriber) return this.#sharedDescriber;
    const locale = resolveLocale(this.locale, document.documentElement.lang);
    if (this.#ownDescriber?.locale !== locale) this.#ownDescriber = createDescriber(createCatalog(), locale);
    return this.#ownDescriber;
  }

  protected override shouldUpdate(): boolean {
    if (!this.active) this.#stopClock();
    return this.active;
  }

  protected override willUpdate(): void {
    this.#follower.follow(this.notifier);
    // Keeps "2 minutes ago" true while the panel is on screen.
    this.#clock ??= setInterval(() => this.requestUpdate(), CLOCK_MS);
  }

  #stopClock(): void {
    clearInterval(this.#clock);
    this.#clock = undefined;
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
    const notifier = this.notifier;
    const describer = this.#describer;
    const { locale, messages: m } = describer;
    const now = Date.now();
    const all = (notifier?.items ?? []).map((n) => ({ n, d: describer.describe(n) }));
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
      ${
        filters.length > 2
          ? html`<div class="filters" role="group" aria-label=${m.filterLabel}>
              ${filters.map(
                (f) =>
                  html`<button aria-pressed=${f === filter ? 'true' : 'false'} @click=${() => (this.filter = f)}>
                    ${m.categories[f]}
                  </button>`,
              )}
            </div>`
          : nothing
      }
      ${
        shown.length === 0
          ? html`<p class="empty">${m.empty}</p>`
          : html`<ul @keydown=${this.#onListKey}>
              ${shown.map(
                ({ n, d }) =>
                  html`<li>
                    <button
                      part="item"
                      class="${n.read ? '' : 'unread'} ${d.severity}"
                      @click=${() => openNotification(this, notifier, describer, n)}
                    >
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
            </ul>`
      }
    </section>`;
  }
}
