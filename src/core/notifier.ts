import { Connection, type ConnectionOptions, type UrlProvider } from './connection.js';
import { HistoryPager } from './history-pager.js';
import { notifierEvent, TypedEventTarget, type NotifierEventMap } from './notifier-events.js';
import { StateOutbox } from './outbox.js';
import type { Feature, NotificationFrame, ServerFrame, StateChange, StateFrame, WelcomeFrame } from './protocol.js';
import { decoderFromParse, type ParseFunction } from './parse.js';
import { RecentIds } from './recent-ids.js';
import { chooseEvictions } from './retention.js';
import { ServerUnread } from './server-unread.js';
import { FallbackStore, MemoryStore, type InboxMeta, type NotificationStore } from './store.js';
import { decideNotification, decideSequenced, decideWelcome, helloFrame, type NotificationDecision } from './stream-rules.js';
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
  /**
   * How many of the newest notifications are kept on this device, besides the older pages the
   * admin loaded. Read ones go first, oldest first; without a server that keeps history, unread
   * ones are kept up to `maxUnreadItems`.
   */
  maxItems?: number;
  /** Without a server that keeps history: how many unread notifications are kept at most. */
  maxUnreadItems?: number;
  /** Notifications dropped last when room runs out (the drop-in: warnings and critical ones). */
  keepLonger?: (notification: LoncengNotification) => boolean;
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
/** How long a server that welcomed before (there is a cursor) may take to welcome a new socket. */
const WELCOME_DEADLINE_MS = 10_000;

export const NOTIFIER_DEFAULTS = {
  user: 'default',
  maxItems: 2000,
  maxUnreadItems: 10_000,
  rememberIds: 5000,
  writeDelayMs: 25,
  changeDelayMs: 16,
};

/** Newest first: by `at`, then by seq, then by arrival. */
const newestFirst = (a: LoncengNotification, b: LoncengNotification): number =>
  timeOf(b) - timeOf(a) || (b.seq ?? 0) - (a.seq ?? 0) || b.receivedAt - a.receivedAt;
// A server's clock cannot date a notification after it arrived: future dates would push real ones out.
const timeOf = (n: LoncengNotification): number => Math.min(Date.parse(n.at) || n.receivedAt, n.receivedAt);

/** Fields a notification has only when its frame has them. */
const OPTIONAL_FIELDS = ['seq', 'title', 'body'] as const;

const toNotification = (frame: NotificationFrame): LoncengNotification => {
  const n: LoncengNotification = {
    id: frame.id,
    event: frame.event,
    at: frame.at,
    data: frame.data,
    read: frame.read === true,
    receivedAt: Date.now(),
  };
  // The same object, typed so that any of these fields can be set.
  const optional: Partial<Record<(typeof OPTIONAL_FIELDS)[number], unknown>> = n;
  for (const field of OPTIONAL_FIELDS) if (frame[field] !== undefined) optional[field] = frame[field];
  return n;
};

/**
 * The headless notifier: keeps a user's inbox (notifications, read state, unread count) and
 * resume cursor, fed by protocol frames from a transport (its own WebSocket by default). With
 * a server that advertises the inbox extension, older pages are fetched on demand, state
 * changes travel both ways, and the unread count is the server's.
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
  readonly #outbox = new StateOutbox();
  readonly #serverUnread = new ServerUnread();
  readonly #pager: HistoryPager;
  #features = new Set<Feature>();
  /** `items`, sorted; undefined until asked for after a change. */
  #sorted: LoncengNotification[] | undefined;
  /** Unread among those held; undefined until counted after a change (the badge, title and panel each ask). */
  #heldUnread: number | undefined;
  #notKept = 0;
  /** Notifications taken in from history pages this session: kept on top of `maxItems`. */
  #loaded = 0;
  #metaChanged = false;
  /** The unread count last written with the meta. */
  #writtenUnread = -1;
  /** The stored count, shown until the stored notifications have loaded. */
  #storedUnread: number | undefined;
  #storeLoaded = false;
  #cursor: Cursor | null = null;
  /** The epoch welcomed on the current socket; null before its welcome. */
  #liveEpoch: string | null = null;
  #state: ConnectionState = 'connecting';
  #changeTimer: ReturnType<typeof setTimeout> | undefined;
  #welcomeTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  /** New notifications waiting for their commit to be announced. */
  #unannounced: LoncengNotification[] = [];

  constructor(options: NotifierOptions = {}) {
    super();
    this.#options = options;
    this.user = options.user || NOTIFIER_DEFAULTS.user;
    this.#forgotten = new RecentIds(options.rememberIds ?? NOTIFIER_DEFAULTS.rememberIds);
    const store = options.store ?? new FallbackStore(this.user, options.logger ?? console);
    this.#store = store === 'memory' ? new MemoryStore() : store;
    this.#writes = new WriteBatcher(this.#store, options.writeDelayMs ?? NOTIFIER_DEFAULTS.writeDelayMs);
    this.#pager = new HistoryPager({
      send: (frame) => this.#liveEpoch !== null && !!this.#transport?.send(frame),
      merge: (items) => this.#mergePage(items),
      changed: () => this.#invalidate(),
    });
    this.#transport = options.transport ?? this.#createConnection();
    if (!this.#transport) this.#state = 'closed';
    this.ready = this.#start();
  }

  /** The inbox: notifications held here, newest first (archived ones are gone). */
  get items(): readonly LoncengNotification[] {
    return (this.#sorted ??= [...this.#items.values()].sort(newestFirst));
  }

  /** Unread notifications: the server's count when it gives one, else those held here plus those not kept. */
  get unreadCount(): number {
    return this.#storedUnread ?? this.#serverUnread.count ?? this.#countHeldUnread() + this.#notKept;
  }

  /** Unread notifications this device could not keep (only without a server that keeps history). */
  get notKept(): number {
    return this.#notKept;
  }

  /** Whether the server keeps history: older notifications can be paged in with `loadOlder()`. */
  get history(): boolean {
    return this.#features.has('history');
  }

  /** Older notifications may exist on the server. */
  get hasMore(): boolean {
    return this.history && this.#pager.hasMore;
  }

  /** A history page is being fetched. */
  get loading(): boolean {
    return this.#pager.loading;
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
    this.#change('read', ids);
  }

  markAllRead(): void {
    if (this.#notKept > 0) {
      // Those not kept cannot be shown any more; reading the inbox acknowledges them too.
      this.#notKept = 0;
      this.#metaChanged = true;
      this.#invalidate();
    }
    // Those read already are left alone.
    this.#change('read', this.#items.keys());
  }

  /** Marks these notifications unread again, here and (with a server that keeps state) everywhere. */
  markUnread(ids: Iterable<string>): void {
    this.#change('unread', ids);
  }

  /** Takes these notifications out of the inbox, here and (with a server that keeps state) everywhere. */
  archive(ids: Iterable<string>): void {
    this.#change('archive', ids);
  }

  /** Fetches the next older page from the server; resolves whether more remain. */
  loadOlder(): Promise<boolean> {
    return this.history ? this.#pager.load() : Promise.resolve(false);
  }

  /** Stops the transport and commits every pending write. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#transport?.stop();
    this.#pager.cancel();
    clearTimeout(this.#changeTimer);
    clearTimeout(this.#welcomeTimer);
    await this.ready.catch(() => undefined);
    this.#writeMeta();
    await this.#writes.flush();
  }

  /** Resolves when everything received so far is committed to the store. */
  flush(): Promise<void> {
    this.#writeMeta();
    return this.#writes.flush();
  }

  #createConnection(): Transport | null {
    const { url, logger = console, parse, decode } = this.#options;
    if (!url) {
      logger.error('lonceng: no `url` given; set the WebSocket URL of the notification stream.');
      return null;
    }
    return new Connection({ ...this.#options, url, logger, decode: decode ?? (parse ? decoderFromParse(parse) : undefined) });
  }

  async #start(): Promise<void> {
    // The meta is read on its own and first (its transaction ahead of the big one): thousands of
    // stored notifications take a while.
    const quickMeta = this.#store.loadMeta();
    const loading = this.#store.load();
    const quick = await quickMeta;
    if (quick?.unread !== undefined && this.#items.size === 0) {
      this.#storedUnread = quick.unread;
      this.#invalidate();
    }
    const snapshot = await loading;
    this.#storedUnread = undefined;
    this.#storeLoaded = true;
    for (const item of snapshot.items) {
      if (!this.#items.has(item.id)) this.#items.set(item.id, item);
    }
    this.#cursor = snapshot.cursor;
    const meta = snapshot.meta;
    this.#notKept = meta?.notKept ?? 0;
    // The server's last count shows until its welcome brings the current one.
    if (meta?.serverUnread && meta.serverUnread.epoch === this.#cursor?.epoch) this.#serverUnread.count = meta.serverUnread.count;
    this.#invalidate();
    if (!this.#closed) this.#transport?.start(this.#sink);
  }

  readonly #sink: TransportSink = {
    open: () => {
      this.#liveEpoch = null;
      this.#transport?.send(helloFrame(this.#cursor));
    },
    frame: (frame: ServerFrame) => {
      if (this.#closed) return;
      this.#setState('open');
      switch (frame.type) {
        case 'welcome':
          return this.#onWelcome(frame);
        case 'notification':
          return this.#onNotification(frame);
        case 'history':
          this.#pager.answer(frame);
          return;
        case 'read':
        case 'unread':
        case 'archive':
          return this.#onState(frame);
      }
    },
    state: (state) => {
      clearTimeout(this.#welcomeTimer);
      // `open` means live: it waits for the welcome (or any frame from a server without v1), so
      // that nothing published before the server took this client in can slip by.
      // A server that welcomed once (or left a stored cursor) speaks v1: no grace for it.
      if (state === 'open') {
        this.#welcomeTimer = this.#cursor
          ? setTimeout(() => this.#transport?.reconnectNow?.('no welcome'), WELCOME_DEADLINE_MS)
          : setTimeout(() => this.#setState('open'), WELCOME_GRACE_MS);
        return;
      }
      this.#liveEpoch = null;
      this.#serverUnread.reset();
      this.#pager.cancel();
      this.#setState(state);
    },
    authError: (code, reason) => {
      this.authError = { code, reason };
      this.dispatchEvent(notifierEvent('auth-error', { code, reason }));
    },
  };

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    clearTimeout(this.#welcomeTimer);
    this.#state = state;
    this.dispatchEvent(notifierEvent('state', { state }));
  }

  #onWelcome(welcome: WelcomeFrame): void {
    // One welcome per socket (PROTOCOL.md §3.3): a second one is ignored.
    if (this.#liveEpoch !== null) return;
    const decision = decideWelcome(this.#cursor, welcome);
    this.#liveEpoch = welcome.epoch;
    this.#cursor = decision.cursor;
    if (decision.store) this.#writes.cursor(decision.cursor);
    this.#features = new Set(welcome.features);
    this.#serverUnread.welcome(welcome.unread, welcome.seq);
    this.#metaChanged = true;
    if (decision.resync) this.dispatchEvent(notifierEvent('resync', { reason: decision.resync }));
    this.#sendChanges();
    if (this.history) {
      this.#pager.restart();
      // A new device, or one back from a gap the replay cannot fill: show the newest page.
      if (decision.store) void this.#pager.load();
    } else {
      this.#pager.disable();
    }
    this.#invalidate();
  }

  /**
   * Acts on the seq decision for a stream entry: false for a duplicate; else true, and the cursor
   * moves (and is stored) when it advances.
   */
  #advance(decision: NotificationDecision): boolean {
    if (decision.duplicate) {
      this.duplicates++;
      return false;
    }
    if (decision.cursor) {
      this.#cursor = decision.cursor;
      this.#writes.cursor(decision.cursor);
    }
    return true;
  }

  #position() {
    return { cursor: this.#cursor, liveEpoch: this.#liveEpoch };
  }

  #onNotification(frame: NotificationFrame): void {
    const decision = decideNotification(this.#position(), frame, (id) => this.#items.has(id) || this.#forgotten.has(id));
    if (!this.#advance(decision)) {
      // A redelivery may say it was read meanwhile (PROTOCOL.md §5).
      if (frame.read) this.#apply('read', [frame.id]);
      return;
    }
    this.#serverUnread.arrival(frame.seq, frame.read !== true && frame.archived !== true);
    if (frame.archived) {
      // Archived elsewhere before it reached this device: never in the inbox here.
      this.#forgotten.add(frame.id);
      this.#invalidate();
      return;
    }
    const notification = this.#hold(toNotification(frame));
    this.#invalidate();
    if (this.#unannounced.push(notification) === 1) this.#announceWhenStored(performance.now(), this.#writes.committed());
  }

  /**
   * Announced once stored: a reload before the commit gets them again by replay, unannounced so
   * far. A burst is announced once all of it is stored (nothing more gathered meanwhile), a
   * steady stream at least every second.
   */
  #announceWhenStored(since: number, gathered: Promise<void>): void {
    void gathered.then(() => {
      const latest = this.#writes.committed();
      if (latest !== gathered && performance.now() - since < 1000) return this.#announceWhenStored(since, latest);
      const stored = this.#unannounced.splice(0);
      if (!this.#closed) for (const notification of stored) this.dispatchEvent(notifierEvent('notification', { notification }));
    });
  }

  #onState(frame: StateFrame): void {
    if (!this.#advance(decideSequenced(this.#position(), frame.seq))) return;
    this.#serverUnread.state(frame.seq, frame.unread, this.#apply(frame.type, frame.ids));
    this.#metaChanged = true;
    this.#invalidate();
  }

  /** A change made here: applied at once, counted, and sent when the server takes it. */
  #change(change: StateChange, ids: Iterable<string>): void {
    const changed: string[] = [];
    const delta = this.#apply(change, ids, changed);
    if (changed.length === 0) return;
    this.#serverUnread.local(delta);
    this.#metaChanged = true;
    this.#outbox.add(change, changed);
    this.#sendChanges();
  }

  /**
   * Applies a state change to the held notifications it names; returns how it moved the
   * unread count, and lists the ids it changed in `changed`.
   */
  #apply(change: StateChange, ids: Iterable<string>, changed: string[] = []): number {
    let delta = 0;
    for (const id of ids) {
      const item = this.#items.get(id);
      if (!item) continue;
      if (change === 'archive') {
        this.#forget(id);
        if (!item.read) delta--;
      } else {
        const read = change === 'read';
        if (item.read === read) continue;
        this.#hold({ ...item, read });
        delta += read ? -1 : 1;
      }
      changed.push(id);
    }
    if (changed.length > 0) this.#invalidate();
    return delta;
  }

  // Only a welcomed socket (so a transport) takes changes.
  #sendChanges(): void {
    if (this.#liveEpoch === null) return;
    const accepted: StateChange[] = this.#features.has('state') ? ['read', 'unread', 'archive'] : ['read'];
    for (const frame of this.#outbox.drain(accepted)) this.#transport?.send(frame);
  }

  /** Holds this notification (new, or a changed copy of one held) and stores it. */
  #hold(notification: LoncengNotification): LoncengNotification {
    this.#items.set(notification.id, notification);
    this.#writes.put(notification);
    return notification;
  }

  /** Drops a held notification, remembering its id so that a repeat is known as a duplicate. */
  #forget(id: string): void {
    this.#items.delete(id);
    this.#forgotten.add(id);
    this.#writes.remove(id);
  }

  /** A history page: notifications not held yet come in (never announced); held ones take the server's read state. */
  #mergePage(items: NotificationFrame[]): number {
    let added = 0;
    for (const frame of items) {
      if (frame.archived) continue;
      if (this.#items.has(frame.id)) {
        // Changes made here and not yet sent are newer than the page; else the server's state wins.
        if (this.#outbox.size === 0) this.#apply(frame.read ? 'read' : 'unread', [frame.id]);
        continue;
      }
      this.#hold(toNotification(frame));
      added++;
    }
    this.#loaded += added;
    this.#invalidate();
    return added;
  }

  #countHeldUnread(): number {
    if (this.#heldUnread === undefined) {
      let count = 0;
      for (const item of this.#items.values()) if (!item.read) count++;
      this.#heldUnread = count;
    }
    return this.#heldUnread;
  }

  #writeMeta(): void {
    // Nothing is written before the stored state is in: it would overwrite what is not read yet.
    if (!this.#storeLoaded) return;
    const unread = this.unreadCount;
    if (!this.#metaChanged && unread === this.#writtenUnread) return;
    this.#metaChanged = false;
    this.#writtenUnread = unread;
    const meta: InboxMeta = { notKept: this.#notKept, unread };
    const count = this.#serverUnread.count;
    if (count !== null && this.#cursor) meta.serverUnread = { epoch: this.#cursor.epoch, count };
    this.#writes.meta(meta);
  }

  #invalidate(): void {
    this.#sorted = this.#heldUnread = undefined;
    this.#changeTimer ??= setTimeout(() => {
      this.#changeTimer = undefined;
      this.#enforceRetention();
      this.#writeMeta();
      this.dispatchEvent(notifierEvent('change', {}));
    }, NOTIFIER_DEFAULTS.changeDelayMs);
  }

  // Runs on the coalesced change tick rather than per arrival, so a burst sorts once.
  #enforceRetention(): void {
    const options = this.#options;
    const maxItems = options.maxItems ?? NOTIFIER_DEFAULTS.maxItems;
    const maxUnread = options.maxUnreadItems ?? NOTIFIER_DEFAULTS.maxUnreadItems;
    if (this.#items.size <= maxItems + this.#loaded && this.#countHeldUnread() <= maxUnread) return;
    const pageable = this.history;
    const victims = chooseEvictions([...this.items].reverse(), {
      maxItems,
      extra: this.#loaded,
      pageable,
      maxUnread,
      keepLonger: options.keepLonger,
    });
    if (victims.length === 0) return;
    for (const victim of victims) {
      this.#forget(victim.id);
      if (!victim.read && !pageable) this.#notKept++;
    }
    if (pageable) this.#pager.restart();
    else this.#metaChanged = true;
    this.#sorted = this.#heldUnread = undefined;
  }
}

/** Creates a notifier; see `NotifierOptions`. */
export const createNotifier = (options: NotifierOptions = {}): Notifier => new Notifier(options);
