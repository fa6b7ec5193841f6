import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { createSoundPlayer, type SoundPlayer } from '../../adapters/sound.js';
import { createDesktopNotifier, type DesktopMode } from '../../adapters/desktop.js';
import { createCatalog, messagesFor, resolveLocale, type Described, type Locale, type TemplateOverride } from '../../catalog/index.js';
import type { UrlProvider } from '../../core/connection.js';
import { createNotifier, type Notifier } from '../../core/notifier.js';
import type { ParseFunction } from '../../core/parse.js';
import type { LoncengNotification } from '../../core/types.js';
import { badgeText } from '../bell/bell.component.js';
import type { LoncengPanel } from '../panel/panel.component.js';
import type { LoncengToaster } from '../toaster/toaster.component.js';
import { baseStyles } from '../shared/base.styles.js';
import type { LoncengContext } from '../shared/context.js';
import { emit } from '../shared/emit.js';
import { openNotification } from '../shared/open-notification.js';
import { ArrivalBatcher, Throttle } from './batching.js';
import { notificationsStyles } from './notifications.styles.js';
import '../bell/bell.js';
import '../panel/panel.js';
import '../toaster/toaster.js';

/** More arrivals than this in one batch collapse into one summary toast. */
const MAX_SINGLE_TOASTS = 3;

/** A new notification with what the catalog made of it. */
interface Arrival {
  n: LoncengNotification;
  d: Described;
}
const BURST_KEY = 'lonceng-burst';
const TITLE_COUNT = /^\(\d+\+?\) /;

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
    context: { state: true, attribute: false },
    open: { state: true, attribute: false },
    permission: { state: true, attribute: false },
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

  /** Handed to the bell and panel inside. */
  protected context?: LoncengContext;

  private open = false;
  private permission: NotificationPermission | 'unsupported' = 'default';

  #notifier?: Notifier;
  #off: (() => void)[] = [];
  #sound?: SoundPlayer;
  readonly #desktop = createDesktopNotifier();
  readonly #batcher = new ArrivalBatcher<Arrival>((batch) => this.#announce(batch));
  readonly #refresh = new Throttle<LoncengNotification>((notifications) =>
    emit(this, 'lonceng-refresh', { events: notifications.map((n) => n.event), notifications }),
  );
  #burstCount = 0;

  /** The notifier behind the widget, for scripting (e.g. `markAllRead()`). */
  get notifier(): Notifier | undefined {
    return this.#notifier;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.permission = this.#desktop.permission;
    document.addEventListener('pointerdown', this.#onOutsidePointer, true);
    // A notifier closed by a previous disconnect is created again on the next update.
    if (this.hasUpdated && !this.#notifier) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.#onOutsidePointer, true);
    this.#teardown();
    this.#sound?.dispose();
    this.#sound = undefined;
    if (!this.noTitleCount) document.title = document.title.replace(TITLE_COUNT, '');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.#notifier || changed.has('url') || changed.has('user') || changed.has('parse')) this.#connect();
    if (!this.#sound || changed.has('sound')) {
      this.#sound?.dispose();
      this.#sound = createSoundPlayer(this.sound ? { url: this.sound } : {});
    }
    const locale = resolveLocale(this.locale, document.documentElement.lang);
    const notifier = this.#notifier;
    if (notifier && (changed.has('templates') || changed.has('locale') || this.context?.notifier !== notifier)) {
      this.context = { notifier, catalog: createCatalog({ templates: this.templates }), locale, messages: messagesFor(locale) };
    }
  }

  #connect(): void {
    this.#teardown();
    if (!this.isConnected) return;
    const notifier = createNotifier({ url: this.url, user: this.user || 'default', parse: this.parse });
    this.#notifier = notifier;
    this.#off = [
      notifier.on('notification', ({ detail }) => this.#onNotification(detail.notification)),
      notifier.on('change', () => this.#syncTitle()),
      notifier.on('state', ({ detail }) => emit(this, 'lonceng-status', detail)),
      notifier.on('resync', ({ detail }) => emit(this, 'lonceng-resync', detail)),
      notifier.on('auth-error', ({ detail }) => emit(this, 'lonceng-auth-error', detail)),
    ];
    void notifier.ready.then(() => this.#syncTitle());
  }

  #teardown(): void {
    for (const off of this.#off.splice(0)) off();
    this.#batcher.cancel();
    this.#refresh.cancel();
    void this.#notifier?.close();
    this.#notifier = undefined;
  }

  #onNotification(notification: LoncengNotification): void {
    emit(this, 'lonceng-notification', { notification });
    const context = this.context;
    if (!context) return;
    // Described once on arrival: a burst of thousands is not described again when announced.
    const d = context.catalog.describe(notification, context.locale);
    this.#batcher.add({ n: notification, d });
    if (d.refresh) this.#refresh.add(notification);
  }

  /** One batch of arrivals: toasts (or one summary), at most one sound and one OS notification. */
  #announce(described: Arrival[]): void {
    const messages = this.context?.messages;
    if (!messages) return;
    const toaster = this.renderRoot.querySelector<LoncengToaster>('lonceng-toaster');
    let desktop: { title: string; body: string; notification?: LoncengNotification };
    if (described.length <= MAX_SINGLE_TOASTS && this.#burstCount === 0) {
      for (const { n, d } of described) toaster?.show({ key: n.id, title: d.title, body: d.body, sticky: d.sticky, ref: n });
      const last = described[described.length - 1]!;
      desktop = described.length === 1 ? { ...last.d, notification: last.n } : { title: messages.burstTitle(described.length), body: messages.burstBody(described.map(({ d }) => d.title)) };
    } else {
      // While a summary toast is up, later arrivals grow it instead of stacking new toasts.
      this.#burstCount += described.length;
      desktop = { title: messages.burstTitle(this.#burstCount), body: messages.burstBody(described.map(({ d }) => d.title)) };
      toaster?.show({ key: BURST_KEY, ...desktop, sticky: described.some(({ d }) => d.sticky) });
    }
    if (!this.muted) this.#sound?.play();
    this.#desktop.show({
      ...desktop,
      tag: `lonceng-${this.user}`,
      mode: this.desktop,
      onClick: () => (desktop.notification ? this.#activate(desktop.notification) : this.#setOpen(true)),
    });
  }

  #activate(notification: LoncengNotification): void {
    const context = this.context;
    if (context) openNotification(this, this.#notifier, context.catalog, context.locale, notification);
  }

  #onToastActivate = (event: CustomEvent<{ key: string; ref?: unknown }>): void => {
    event.stopPropagation();
    const ref = event.detail.ref as LoncengNotification | undefined;
    if (ref?.id) this.#activate(ref);
    else this.#setOpen(true);
  };

  #onToastDismiss = (event: CustomEvent<{ key: string }>): void => {
    event.stopPropagation();
    if (event.detail.key === BURST_KEY) this.#burstCount = 0;
  };

  #syncTitle(): void {
    if (this.noTitleCount || !this.#notifier) return;
    const count = this.#notifier.unreadCount;
    const base = document.title.replace(TITLE_COUNT, '');
    const title = count > 0 ? `(${badgeText(count)}) ${base}` : base;
    if (document.title !== title) document.title = title;
  }

  async #setOpen(open: boolean, returnFocus = false): Promise<void> {
    if (this.open === open) return;
    this.open = open;
    await this.updateComplete;
    if (open) {
      const panel = this.renderRoot.querySelector<LoncengPanel>('lonceng-panel');
      await panel?.updateComplete;
      panel?.focusFirst();
    } else if (returnFocus) {
      this.renderRoot.querySelector('lonceng-bell')?.shadowRoot?.querySelector<HTMLElement>('[part=bell]')?.focus();
    }
  }

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.open) {
      event.stopPropagation();
      void this.#setOpen(false, true);
    }
  };

  #onOutsidePointer = (event: Event): void => {
    if (this.open && !event.composedPath().includes(this)) void this.#setOpen(false);
  };

  async #requestDesktop(): Promise<void> {
    this.permission = await this.#desktop.request();
  }

  protected override render(): TemplateResult {
    const m = this.context?.messages ?? messagesFor(resolveLocale(this.locale, document.documentElement.lang) as Locale);
    const desktopOffered = this.desktop !== 'off';
    return html`<lonceng-bell
        .context=${this.context}
        exportparts="bell, badge"
        ?expanded=${this.open}
        @click=${() => void this.#setOpen(!this.open)}
      ></lonceng-bell>
      <div class="popover" role="dialog" aria-label=${m.heading} ?hidden=${!this.open} @keydown=${this.#onKeydown}>
        <lonceng-panel .context=${this.context} exportparts="panel, item, mark-all-read"></lonceng-panel>
        <footer>
          ${desktopOffered && this.permission === 'default'
            ? html`<button @click=${this.#requestDesktop}>${m.desktopEnable}</button>`
            : nothing}
          <button aria-pressed=${this.muted ? 'true' : 'false'} @click=${() => (this.muted = !this.muted)}>
            ${this.muted ? m.unmute : m.mute}
          </button>
        </footer>
      </div>
      <lonceng-toaster
        exportparts="toast"
        .duration=${this.toastDuration}
        dismiss-label=${m.dismiss}
        @lonceng-toast-activate=${this.#onToastActivate}
        @lonceng-toast-dismiss=${this.#onToastDismiss}
      ></lonceng-toaster>`;
  }
}
