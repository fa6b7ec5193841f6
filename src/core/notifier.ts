import { Connection, type ConnectionOptions, type UrlProvider } from './connection.js';
import { notifierEvent, TypedEventTarget, type NotifierEventMap } from './notifier-events.js';
import type { NotificationFrame, ServerFrame, WelcomeFrame } from './protocol.js';
import { decoderFromParse, type ParseFunction } from './parse.js';
import { RecentIds } from './recent-ids.js';
import { FallbackStore, MemoryStore, type NotificationStore } from './store.js';
import { decideNotification, decideWelcome, helloFrame } from './stream-rules.js';
import type { Transport, TransportSink } from './transport.js';
import type { ConnectionState, Cursor, Logger, LoncengNotification } from './types.js';
import { WriteBatcher } from './write-batcher.js';

export interface NotifierOptions extends Partial<Omit<ConnectionOptions, 'url'>> {
  /** WebSocket URL of the notification stream, or a function giving one before every attempt. */
  url?: UrlProvider;
  /** Namespace of everything stored locally (notifications, read state, cursor). */
  user?: string;
  /** Replaces the notifier's own WebSocket with another source of protocol frames. */
  transport?: Transport;
  /** Where state is kept; defaults to IndexedDB with a memory fallback. `'memory'` keeps nothing across loads. */
  store?: NotificationStore | 'memory';
  /** How many notifications are kept; read ones are dropped first, oldest first. */
  maxItems?: number;
  /** How many ids of dropped notifications are still remembered to recognise duplicates. */
  rememberIds?: number;
  /** How long writes are gathered into one transaction, in ms. */
  writeDelayMs?: number;
  logger?: Logger;
  /** Maps messages of a backend that does not speak protocol v1 to notifications. */
  parse?: ParseFunction;
}

/** How long after a socket opens a server that never welcomes still counts as live. */
const WELCOME_GRACE_MS = 3000;

export const NOTIFIER_DEFAULTS = {
  user: 'default',
  maxItems: 500,
  rememberIds: 5000,
  writeDelayMs: 25,
  changeDelayMs: 16,
};

/** Newest first: by `at`, then by seq, then by arrival. */
const newestFirst = (a: LoncengNotification, b: LoncengNotification): number =>
  timeOf(b) - timeOf(a) || (b.seq ?? 0) - (a.seq ?? 0) || b.receivedAt - a.receivedAt;
const timeOf = (n: LoncengNotification): number => {
  const t = Date.parse(n.at);
  return Number.isNaN(t) ? n.receivedAt : t;
};

/**
 * The headless notifier: keeps a user's notifications, unread state and resume cursor, fed by
 * protocol frames from a transport (its own WebSocket by default).
 *
 * @fires state, notification, change, resync, auth-error (see `NotifierEventMap`)
 */
export class Notifier extends TypedEventTarget<NotifierEventMap> {
  readonly user: string;
  /** Resolves once stored state is loaded and the transport has started. */
  readonly ready: Promise<void>;
  /** Notifications ignored as duplicates, for diagnostics. */
  duplicates = 0;
  /** Set when the server refused the user (close 4401/4403). */
  authError: { code: number; reason: string } | null = null;

  readonly #options: NotifierOptions;
  readonly #store: NotificationStore;
  readonly #writes: WriteBatcher;
  readonly #transport: Transport | null;
  readonly #items = new Map<string, LoncengNotification>();
  readonly #forgotten: RecentIds;
  readonly #pendingReads = new Set<string>();
  #sorted: LoncengNotification[] | null = null;
  #unread: number | null = null;
  #cursor: Cursor | null = null;
  /** The epoch welcomed on the current socket; null before its welcome. */
  #liveEpoch: string | null = null;
  #state: ConnectionState = 'connecting';
  #changeTimer: ReturnType<typeof setTimeout> | undefined;
  #welcomeTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: NotifierOptions = {}) {
    super();
    this.#options = options;
    this.user = options.user || NOTIFIER_DEFAULTS.user;
    this.#forgotten = new RecentIds(options.rememberIds ?? NOTIFIER_DEFAULTS.rememberIds);
    const store = options.store ?? new FallbackStore(this.user, options.logger ?? console);
    this.#store = store === 'memory' ? new MemoryStore() : store;
    this.#writes = new WriteBatcher(this.#store, options.writeDelayMs ?? NOTIFIER_DEFAULTS.writeDelayMs);
    this.#transport = options.transport ?? this.#createConnection();
    if (!this.#transport) this.#state = 'closed';
    this.ready = this.#start();
  }

  /** Notifications, newest first. */
  get items(): readonly LoncengNotification[] {
    return (this.#sorted ??= [...this.#items.values()].sort(newestFirst));
  }

  get unreadCount(): number {
    if (this.#unread === null) {
      let count = 0;
      for (const item of this.#items.values()) if (!item.read) count++;
      this.#unread = count;
    }
    return this.#unread;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get cursor(): Cursor | null {
    return this.#cursor && { ...this.#cursor };
  }

  /** How many malformed frames were dropped. */
  get droppedFrames(): number {
    return this.#transport?.dropped ?? 0;
  }

  /** Where state is kept now: `indexeddb`, or `memory` after a fallback. */
  get storage(): NotificationStore['kind'] {
    return this.#store.kind;
  }

  /** Marks these notifications read, here and (when the server listens) on the user's other devices. */
  markRead(ids: Iterable<string>): void {
    const changed = this.#applyRead(ids);
    if (changed.length === 0) return;
    for (const id of changed) this.#pendingReads.add(id);
    this.#sendPendingReads();
  }

  markAllRead(): void {
    this.markRead([...this.#items.values()].filter((item) => !item.read).map((item) => item.id));
  }

  /** Stops the transport and commits every pending write. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#transport?.stop();
    clearTimeout(this.#changeTimer);
    clearTimeout(this.#welcomeTimer);
    await this.ready.catch(() => undefined);
    await this.#writes.flush();
  }

  /** Resolves when everything received so far is committed to the store. */
  flush(): Promise<void> {
    return this.#writes.flush();
  }

  #createConnection(): Transport | null {
    const { url, logger = console } = this.#options;
    if (!url) {
      logger.error('lonceng: no `url` given; set the WebSocket URL of the notification stream.');
      return null;
    }
    const { parse, decode } = this.#options;
    return new Connection({ ...this.#options, url, logger, decode: decode ?? (parse ? decoderFromParse(parse) : undefined) });
  }

  async #start(): Promise<void> {
    const snapshot = await this.#store.load();
    for (const item of snapshot.items) {
      if (!this.#items.has(item.id)) this.#items.set(item.id, item);
    }
    this.#cursor = snapshot.cursor;
    this.#invalidate();
    if (this.#closed || !this.#transport) return;
    this.#transport.start(this.#sink);
  }

  readonly #sink: TransportSink = {
    open: () => {
      this.#liveEpoch = null;
      this.#transport?.send(helloFrame(this.#cursor));
    },
    frame: (frame: ServerFrame) => {
      if (this.#closed) return;
      this.#setState('open');
      if (frame.type === 'welcome') this.#onWelcome(frame);
      else if (frame.type === 'notification') this.#onNotification(frame);
      else if (frame.type === 'read') this.#applyRead(frame.ids);
    },
    state: (state) => {
      clearTimeout(this.#welcomeTimer);
      // `open` means live: it waits for the welcome (or any frame from a server without v1), so
      // that nothing published before the server took this client in can slip by.
      // A server that welcomed once (or left a stored cursor) speaks v1: no grace for it.
      if (state !== 'open') this.#setState(state);
      else if (!this.#cursor) this.#welcomeTimer = setTimeout(() => this.#setState('open'), WELCOME_GRACE_MS);
    },
    authError: (code, reason) => {
      this.authError = { code, reason };
      this.dispatchEvent(notifierEvent('auth-error', { code, reason }));
    },
  };

  #setState(state: ConnectionState): void {
    clearTimeout(this.#welcomeTimer);
    if (state === this.#state) return;
    this.#state = state;
    this.dispatchEvent(notifierEvent('state', { state }));
  }

  #onWelcome(welcome: WelcomeFrame): void {
    const decision = decideWelcome(this.#cursor, welcome);
    this.#liveEpoch = welcome.epoch;
    this.#cursor = decision.cursor;
    if (decision.store) this.#writes.cursor(decision.cursor);
    if (decision.resync) this.dispatchEvent(notifierEvent('resync', { reason: decision.resync }));
    this.#sendPendingReads();
  }

  #onNotification(frame: NotificationFrame): void {
    const decision = decideNotification(
      { cursor: this.#cursor, liveEpoch: this.#liveEpoch },
      frame,
      (id) => this.#items.has(id) || this.#forgotten.has(id),
    );
    if (decision.duplicate) {
      this.duplicates++;
      return;
    }
    const { seq } = frame;
    const notification: LoncengNotification = {
      id: frame.id,
      event: frame.event,
      at: frame.at,
      data: frame.data,
      read: frame.read === true,
      receivedAt: Date.now(),
    };
    if (seq !== undefined) notification.seq = seq;
    if (frame.title !== undefined) notification.title = frame.title;
    if (frame.body !== undefined) notification.body = frame.body;
    this.#items.set(notification.id, notification);
    this.#writes.put(notification);
    if (decision.cursor) {
      this.#cursor = decision.cursor;
      this.#writes.cursor(decision.cursor);
    }
    this.#invalidate();
    this.dispatchEvent(notifierEvent('notification', { notification }));
  }

  #applyRead(ids: Iterable<string>): string[] {
    const changed: string[] = [];
    for (const id of ids) {
      const item = this.#items.get(id);
      if (!item || item.read) continue;
      const updated = { ...item, read: true };
      this.#items.set(id, updated);
      this.#writes.put(updated);
      changed.push(id);
    }
    if (changed.length > 0) this.#invalidate();
    return changed;
  }

  #sendPendingReads(): void {
    if (this.#pendingReads.size === 0 || !this.#transport) return;
    if (this.#transport.send({ type: 'read', ids: [...this.#pendingReads] })) this.#pendingReads.clear();
  }

  #invalidate(): void {
    this.#sorted = null;
    this.#unread = null;
    this.#changeTimer ??= setTimeout(() => {
      this.#changeTimer = undefined;
      this.#enforceRetention();
      this.dispatchEvent(notifierEvent('change', {}));
    }, NOTIFIER_DEFAULTS.changeDelayMs);
  }

  // Runs on the coalesced change tick rather than per arrival, so a burst sorts once.
  #enforceRetention(): void {
    const max = this.#options.maxItems ?? NOTIFIER_DEFAULTS.maxItems;
    let excess = this.#items.size - max;
    if (excess <= 0) return;
    const oldestFirst = [...this.items].reverse();
    const victims = [...oldestFirst.filter((n) => n.read), ...oldestFirst.filter((n) => !n.read)].slice(0, excess);
    for (const victim of victims) {
      this.#items.delete(victim.id);
      this.#forgotten.add(victim.id);
      this.#writes.remove(victim.id);
      excess--;
    }
    this.#sorted = null;
    this.#unread = null;
  }
}

/** Creates a notifier; see `NotifierOptions`. */
export const createNotifier = (options: NotifierOptions = {}): Notifier => new Notifier(options);
