import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import {
  createCatalog,
  createDescriber,
  relativeTime,
  resolveLocale,
  type Category,
  type Described,
  type Describer,
} from '../../catalog/index.js';
import type { Notifier } from '../../core/notifier.js';
import type { LoncengNotification } from '../../core/types.js';
import { baseStyles } from '../shared/base.styles.js';
import { NotifierFollower } from '../shared/notifier-follower.js';
import { openNotification } from '../shared/open-notification.js';
import { panelStyles } from './panel.styles.js';

type Filter = Category | 'other' | 'all';
const FILTER_ORDER: Filter[] = ['all', 'orders', 'payments', 'shipping', 'refunds', 'stock', 'users', 'other'];
/** Rows are rendered this many at a time, as the end of the list comes near. */
const STEP = 50;
const CLOCK_MS = 15_000;

interface Row {
  n: LoncengNotification;
  d: Described;
}

const CHECK = 'm5 12 5 5 9-9';
const ENVELOPE = 'M3 5h18v14H3zm0 0 9 8 9-8';

/**
 * @summary The notification list of a notifier: unread marks, mark one or all read, mark unread,
 * archive, category and unread filters, older pages from the server, relative times, and the
 * connection state. Holds thousands of notifications: rows are rendered as the end of the list
 * comes near, and the list is one Tab stop (arrows, Home/End and Page Up/Down move inside it).
 *
 * Inside `<lonceng-notifications>` it is wired up already; on its own, set `notifier`.
 *
 * @fires lonceng-open - `{ notification }`, cancelable: an item was activated. Unless cancelled,
 *   the browser follows the link configured for its event, if any.
 * @csspart panel - The panel's container.
 * @csspart item - One per notification shown.
 * @csspart item-toggle-read - Per notification: marks it read, or unread again.
 * @csspart item-archive - Per notification: archives it (it leaves the list).
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
    unreadOnly: { state: true, attribute: false },
    said: { state: true, attribute: false },
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
  private unreadOnly = false;
  /** What the live region last said. */
  private said = '';

  readonly #follower = new NotifierFollower(this, { change: () => this.active && this.requestUpdate() });
  #ownDescriber?: Describer;
  #clock?: ReturnType<typeof setInterval>;
  /** The filtered list as last rendered; its rows from `#start` to `#limit` are in the DOM. */
  #rows: Row[] = [];
  #start = 0;
  #limit = STEP;
  // The list's one Tab stop: a notification, remembered by id, and which of its buttons (column).
  // `#at` is its row at the last render: where to go when it leaves the list.
  #id?: string;
  #at = 0;
  #col = 0;
  /**
   * After this update, focus the active notification: 1 when focus was in the list (left where it
   * is, so that a re-render never scrolls the list under the admin's wheel), 2 for a keyboard move.
   */
  #refocus = 0;
  #io?: IntersectionObserver;
  /** Which rows were in the DOM when the ends of the list were last observed. */
  #shown = '';
  /** The last page brought nothing (offline, timed out): wait for the admin before asking again. */
  #stalled = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopClock();
    this.#io?.disconnect();
    this.#io = undefined;
  }

  /** Moves focus to the newest item (once rendered), or to the panel's first control when it is empty. */
  focusFirst(): void {
    this.#at = this.#col = 0;
    this.#id = undefined;
    if (this.#rows.length > 0) {
      this.#refocus = 2;
      this.requestUpdate();
    } else this.renderRoot.querySelector('button')?.focus();
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
    this.#refocus ||= +!!this.#scroller?.contains((this.renderRoot as ShadowRoot).activeElement);
  }

  protected override updated(): void {
    const scroller = this.#scroller!;
    const active = (this.renderRoot as ShadowRoot).activeElement;
    const list = scroller.querySelector('ul');
    // Back onto the active notification, unless focus stayed on the button below the list.
    if (this.#refocus && (!active || list?.contains(active)))
      list?.children[this.#at - this.#start]?.querySelectorAll('button')[this.#col]?.focus({ preventScroll: this.#refocus < 2 });
    this.#refocus = 0;
    // The spacer standing for the rows above those rendered, and the line after the list.
    const ends = [scroller.firstElementChild!, scroller.lastElementChild!];
    // Near either end: 50 more rows there (at the bottom once every wanted row is shown).
    this.#io ??= new IntersectionObserver(
      (entries) => {
        for (const { isIntersecting, target } of entries) {
          if (!isIntersecting) continue;
          if (target !== ends[0]) {
            if (this.#limit <= this.#rows.length) this.#more();
          } else if (this.#start > 0) {
            this.#start -= STEP;
            this.requestUpdate();
          }
        }
      },
      { root: scroller, rootMargin: '300px' },
    );
    const shown = `${this.#start} ${Math.min(this.#limit, this.#rows.length)}`;
    if (shown !== this.#shown) {
      // Observing anew reports whether an end is still near once this render is laid out.
      this.#shown = shown;
      for (const end of ends) {
        this.#io.unobserve(end);
        this.#io.observe(end);
      }
    }
    const n = this.notifier;
    if (n?.hasMore && !n.loading && !this.#stalled && this.#rows.length < this.#limit) void this.#load(n);
  }

  get #scroller(): HTMLElement | null {
    return this.renderRoot.querySelector('.scroll');
  }

  #stopClock(): void {
    clearInterval(this.#clock);
    this.#clock = undefined;
  }

  /** Wants 50 more rows: rendered from those held, or fetched once every held one is shown. */
  #more(): void {
    this.#limit += STEP;
    this.#stalled = false;
    this.requestUpdate();
  }

  async #load(n: Notifier): Promise<void> {
    const had = n.items.length;
    await n.loadOlder().catch(() => false);
    this.#stalled = n.items.length <= had;
    this.requestUpdate();
  }

  #view(filter: Filter, unreadOnly: boolean): void {
    this.filter = filter;
    this.unreadOnly = unreadOnly;
    this.#start = this.#at = 0;
    this.#limit = STEP;
    this.#id = undefined;
    this.#stalled = false;
  }

  #act(n: LoncengNotification, action: 'markRead' | 'markUnread' | 'archive', said: string): void {
    this.notifier?.[action]([n.id]);
    // The same words again would not be announced again: make them differ invisibly.
    this.said = this.said === said ? `${said}\u00a0` : said;
  }

  // Roving tabindex: whichever button in the list gets focus becomes its Tab stop.
  #onFocus(event: FocusEvent): void {
    const button = event.target as HTMLButtonElement;
    const row = button.closest('li')!;
    this.#at = this.#start + [...row.parentElement!.children].indexOf(row);
    this.#col = [...row.querySelectorAll('button')].indexOf(button);
    this.#id = this.#rows[this.#at]?.n.id;
    this.requestUpdate();
  }

  // Up/Down move between rows keeping the column, Left/Right between a row's buttons,
  // Home/End to the first/last row held, Page Up/Down by ten rows; Tab leaves the list.
  async #onKey(event: KeyboardEvent): Promise<void> {
    const last = this.#rows.length - 1;
    const at = this.#at;
    const row = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: last, PageDown: at + 10, PageUp: at - 10 }[event.key];
    const col = { ArrowRight: this.#col + 1, ArrowLeft: this.#col - 1 }[event.key];
    if (row === undefined && col === undefined) return;
    event.preventDefault();
    const n = this.notifier;
    if (col !== undefined) this.#col = Math.max(0, Math.min(2, col));
    else {
      // By position, set before any fetch so that keys pressed meanwhile add up; the render
      // clamps it to the list and renders as far as it.
      this.#at = Math.max(0, row!);
      this.#id = undefined;
      // Past the last one held: fetch older ones first, then move onto them.
      if (row! > last && n?.hasMore) await this.#load(n);
    }
    this.#refocus = 2;
    this.requestUpdate();
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
    const unreadOnly = this.unreadOnly;
    const rows = (this.#rows = all.filter(({ n, d }) => (filter === 'all' || d.category === filter) && !(unreadOnly && n.read)));
    let at = rows.findIndex(({ n }) => n.id === this.#id);
    // The active notification left the list: the row that took its place is active now.
    if (at < 0) at = Math.max(0, Math.min(this.#at, rows.length - 1));
    this.#at = at;
    this.#id = rows[at]?.n.id;
    if (at < this.#start || at >= this.#limit) {
      // A move past the rows rendered: render those around it instead, however far it went.
      this.#start = Math.max(0, (Math.floor(at / STEP) - 1) * STEP);
      this.#limit = this.#start + 3 * STEP;
    }
    const start = this.#start;
    const tab = (i: number, col: number) => (i + start === at && col === this.#col ? 0 : -1);
    const state = notifier?.state ?? 'closed';
    const unread = notifier?.unreadCount ?? 0;
    const loading = notifier?.loading;
    const notKept = notifier?.notKept ?? 0;
    return html`<section part="panel" aria-labelledby="heading">
      <header>
        <h2 id="heading">${m.heading}</h2>
        <span class="status ${state}">${notifier?.authError ? m.authError : m.status[state]}</span>
        <button part="mark-all-read" class="link" ?disabled=${unread === 0} @click=${() => notifier?.markAllRead()}>
          ${m.markAllRead}
        </button>
      </header>
      ${
        all.length > 0 || unreadOnly
          ? html`<div class="filters">
              <button aria-pressed=${unreadOnly ? 'true' : 'false'} @click=${() => this.#view(filter, !unreadOnly)}>${m.unreadOnly}</button>
              ${
                filters.length > 2
                  ? html`<div role="group" aria-label=${m.filterLabel}>
                      ${filters.map(
                        (f) =>
                          html`<button aria-pressed=${f === filter ? 'true' : 'false'} @click=${() => this.#view(f, unreadOnly)}>
                            ${m.categories[f]}
                          </button>`,
                      )}
                    </div>`
                  : nothing
              }
            </div>`
          : nothing
      }
      ${notKept > 0 ? html`<p class="note">${m.notKept(notKept)}</p>` : nothing}
      <div class="scroll">
        <div .style=${`height:${start * 4.5}rem`}></div>
        ${
          rows.length > 0
            ? html`<ul @keydown=${this.#onKey} @focusin=${this.#onFocus}>
                ${rows.slice(start, this.#limit).map(
                  ({ n, d }, i) =>
                    html`<li class="${n.read ? '' : 'unread'} ${d.severity}">
                      <button part="item" tabindex=${tab(i, 0)} @click=${() => openNotification(this, notifier, describer, n)}>
                        <span class="dot" aria-hidden="true"></span>
                        <span class="text">
                          <strong>${d.title}</strong>
                          <span class="body">${d.body}</span>
                          <time datetime=${n.at}>${relativeTime(Date.parse(n.at) || n.receivedAt, now, locale)}</time>
                        </span>
                        <span class="sr">${n.read ? '' : m.unread}</span>
                      </button>
                      <button
                        part="item-toggle-read"
                        tabindex=${tab(i, 1)}
                        aria-label=${n.read ? m.markUnread : m.markRead}
                        @click=${() => (n.read ? this.#act(n, 'markUnread', m.markedUnread) : this.#act(n, 'markRead', m.markedRead))}
                      >
                        <svg viewBox="0 0 24 24" aria-hidden="true"><path d=${n.read ? ENVELOPE : CHECK}></path></svg>
                      </button>
                      <button
                        part="item-archive"
                        tabindex=${tab(i, 2)}
                        aria-label=${m.archive}
                        @click=${() => this.#act(n, 'archive', m.archived)}
                      >
                        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 4h18v4H3zm2 4v12h14V8m-9 4h4"></path></svg>
                      </button>
                    </li>`,
                )}
              </ul>`
            : notifier?.hasMore
              ? nothing
              : html`<p class="empty">${m.empty}</p>`
        }
        <p class="end">
          ${
            notifier?.hasMore || loading
              ? html`<button class="link" @click=${this.#more}>${loading ? m.loading : m.loadOlder}</button>`
              : notifier?.history && rows.length > 0
                ? m.noOlder
                : nothing
          }
        </p>
      </div>
      <p class="sr" role="status">${this.said}</p>
    </section>`;
  }
}
