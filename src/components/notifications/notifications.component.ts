import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { DesktopMode } from '../../adapters/desktop.js';
import { createCatalog, createDescriber, resolveLocale, type Describer, type TemplateOverride } from '../../catalog/index.js';
import type { UrlProvider } from '../../core/connection.js';
import type { Notifier } from '../../core/notifier.js';
import type { ParseFunction } from '../../core/parse.js';
import type { LoncengNotification } from '../../core/types.js';
import type { LoncengPanel } from '../panel/panel.component.js';
import type { LoncengToaster } from '../toaster/toaster.component.js';
import { baseStyles } from '../shared/base.styles.js';
import { emit } from '../shared/emit.js';
import { openNotification } from '../shared/open-notification.js';
import { Announcer } from './announcer.controller.js';
import { DashboardRefresh } from './dashboard-refresh.controller.js';
import { NotifierLifecycle } from './notifier-lifecycle.controller.js';
import { notificationsStyles } from './notifications.styles.js';
import { Popover } from './popover.controller.js';
import { TitleCount } from './title-count.controller.js';
import '../bell/bell.js';
import '../panel/panel.js';
import '../toaster/toaster.js';

/**
 * @summary The drop-in: a bell with unread badge, a dropdown panel and toasts, around one
 * notifier connected to `url`. Plays a sound and shows OS notifications for new arrivals.
 *
 * @fires lonceng-notification - `{ notification }` for each new notification.
 * @fires lonceng-refresh - `{ events, notifications }`: order.created or payment.received arrived;
 *   at most once a second, listing every such arrival since the last one.
 * @fires lonceng-open - `{ notification }`, cancelable: an item, toast or OS notification was activated.
 * @fires lonceng-status - `{ state }`: the connection state changed.
 * @fires lonceng-auth-error - `{ code, reason }`: the server refused the user; no more retries.
 * @fires lonceng-resync - `{ reason }`: the server could not fill the gap since the last visit.
 * @csspart bell - The bell button.
 * @csspart badge - The unread count.
 * @csspart panel - The panel.
 * @csspart item - One per notification in the panel.
 * @csspart mark-all-read - The "mark all as read" button.
 * @csspart toast - One per visible toast.
 * @cssprop --lonceng-surface - Background of panel and toasts.
 * @cssprop --lonceng-text - Text colour.
 * @cssprop --lonceng-muted - Secondary text.
 * @cssprop --lonceng-border - Borders and separators.
 * @cssprop --lonceng-accent - Accent: links, unread marks, focus ring.
 * @cssprop --lonceng-critical - High-severity highlights.
 * @cssprop --lonceng-radius - Corner radius.
 * @cssprop --lonceng-shadow - Shadow of the panel and toasts.
 * @cssprop --lonceng-font - Font family.
 * @cssprop --lonceng-panel-width - Width of the panel (24rem).
 * @cssprop --lonceng-z - z-index of the panel and toasts (1000).
 */
export class LoncengNotifications extends LitElement {
  static override styles = [baseStyles, notificationsStyles];

  static override properties: PropertyDeclarations = {
    url: {},
    user: {},
    locale: {},
    muted: { type: Boolean, reflect: true },
    desktop: {},
    toastDuration: { type: Number, attribute: 'toast-duration' },
    theme: { reflect: true },
    noTitleCount: { type: Boolean, attribute: 'no-title-count' },
    sound: {},
    templates: { attribute: false },
    parse: { attribute: false },
    maxItems: { type: Number, attribute: 'max-items' },
    permission: { state: true },
  };

  /** WebSocket URL of the notification stream; as a property it may be a function returning one (e.g. with a fresh token). */
  url?: UrlProvider;
  /** Namespace of everything stored locally. */
  user = 'default';
  /** `en` or `id`; defaults to `id` when `<html lang>` is Indonesian, else `en`. */
  locale?: string;
  /** No sound. */
  muted = false;
  /** OS notifications: `off`, `auto` (only when the page is hidden or unfocused) or `always`. */
  desktop: DesktopMode = 'auto';
  /** How long a toast stays, in ms (paused while hovered or focused). */
  toastDuration = 6000;
  /** `light` or `dark`; by default it follows the system. */
  theme?: 'light' | 'dark';
  /** Leaves the document title alone (by default it shows the unread count). */
  noTitleCount = false;
  /** URL of a sound to play instead of the built-in chime. */
  sound?: string;
  /** Per-event template, link, category or severity overrides, by event name. */
  templates?: Record<string, TemplateOverride>;
  /** Maps messages of a backend that does not speak protocol v1 to notifications. */
  parse?: ParseFunction;
  /** How many of the newest notifications this device keeps, besides the older pages the admin loaded (read when the notifier is made). */
  maxItems?: number;

  private permission: NotificationPermission | 'unsupported' = 'default';

  #describer: Describer = createDescriber(createCatalog(), 'en');
  #describedWith?: Record<string, TemplateOverride>;

  readonly #title = new TitleCount(this, () => !this.noTitleCount);
  readonly #refresh = new DashboardRefresh(this);
  readonly #popover = new Popover(this, {
    focusInside: async () => {
      const panel = this.renderRoot.querySelector<LoncengPanel>('lonceng-panel');
      await panel?.updateComplete;
      panel?.focusFirst();
    },
    trigger: () => this.renderRoot.querySelector('lonceng-bell')?.shadowRoot?.querySelector<HTMLElement>('[part=bell]'),
  });
  readonly #announcer = new Announcer(this, {
    toaster: () => this.renderRoot.querySelector<LoncengToaster>('lonceng-toaster'),
    messages: () => this.#describer.messages,
    muted: () => this.muted,
    desktop: () => this.desktop,
    tag: () => `lonceng-${this.user}`,
    activate: (notification) => openNotification(this, this.notifier, this.#describer, notification),
    openPanel: () => void this.#popover.set(true),
  });
  readonly #lifecycle = new NotifierLifecycle(
    this,
    () => ({
      url: this.url,
      user: this.user || 'default',
      parse: this.parse,
      maxItems: this.maxItems,
      // Warnings and critical ones (a dispute, low stock) are the last to go when room runs out.
      keepLonger: (n) => this.#describer.describe(n).sticky,
    }),
    (notifier) => {
      this.#title.follow(notifier);
      return [
        notifier.on('notification', ({ detail }) => this.#onArrival(detail.notification)),
        notifier.on('state', ({ detail }) => emit(this, 'lonceng-status', detail)),
        notifier.on('resync', ({ detail }) => emit(this, 'lonceng-resync', detail)),
        notifier.on('auth-error', ({ detail }) => emit(this, 'lonceng-auth-error', detail)),
        () => {
          this.#title.follow(undefined);
          this.#announcer.cancel();
          this.#refresh.cancel();
        },
      ];
    },
  );

  /** The notifier behind the widget, for scripting (e.g. `markAllRead()`). */
  get notifier(): Notifier | undefined {
    return this.#lifecycle.notifier;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.permission = this.#announcer.desktop.permission;
  }

  protected override willUpdate(): void {
    this.#announcer.soundUrl = this.sound;
    const locale = resolveLocale(this.locale, document.documentElement.lang);
    if (this.#describer.locale !== locale || this.#describedWith !== this.templates) {
      this.#describedWith = this.templates;
      this.#describer = createDescriber(createCatalog({ templates: this.templates }), locale);
    }
  }

  #onArrival(notification: LoncengNotification): void {
    emit(this, 'lonceng-notification', { notification });
    const described = this.#describer.describe(notification);
    this.#announcer.add(notification, described);
    if (described.refresh) this.#refresh.add(notification);
  }

  async #requestDesktop(): Promise<void> {
    this.permission = await this.#announcer.desktop.request();
  }

  protected override render(): TemplateResult {
    const describer = this.#describer;
    const m = describer.messages;
    const open = this.#popover.open;
    return html`<lonceng-bell
        .notifier=${this.notifier}
        locale=${describer.locale}
        exportparts="bell, badge"
        ?expanded=${open}
        @click=${() => void this.#popover.toggle()}
      ></lonceng-bell>
      <div class="popover" role="dialog" aria-label=${m.heading} ?hidden=${!open} @keydown=${this.#popover.onKeydown}>
        <lonceng-panel
          .notifier=${this.notifier}
          .describer=${describer}
          .active=${open}
          locale=${describer.locale}
          exportparts="panel,item,mark-all-read"
        ></lonceng-panel>
        <footer>
          ${
            this.desktop !== 'off' && this.permission === 'default'
              ? html`<button @click=${this.#requestDesktop}>${m.desktopEnable}</button>`
              : nothing
          }
          <button aria-pressed=${this.muted ? 'true' : 'false'} @click=${() => (this.muted = !this.muted)}>
            ${this.muted ? m.unmute : m.mute}
          </button>
        </footer>
      </div>
      <lonceng-toaster
        exportparts="toast"
        .duration=${this.toastDuration}
        dismiss-label=${m.dismiss}
        @lonceng-toast-activate=${this.#announcer.onToastActivate}
        @lonceng-toast-dismiss=${this.#announcer.onToastDismiss}
      ></lonceng-toaster>`;
  }
}
