/**
 * The Hub: a server for lonceng's wire protocol v1 and its inbox extension (docs/PROTOCOL.md):
 * per-user sequence numbers, one ordered stream per user (notifications and state changes)
 * kept for replay and history, epochs, heartbeat, read/unread/archive sync, an authentication
 * hook. Its streams live in a `HistoryStore`: in memory by default, or in Redis
 * (server/redis-history.ts), where several Hub processes share them and any of them can serve
 * any user. Every operation on a user's stream is queued behind the ones before it, so the
 * stream and each socket see them in order.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_PAGE_ITEMS, MAX_STATE_IDS } from '../src/core/protocol.js';
import { admit, AUTH_UNAVAILABLE, userFromQuery, type Admission, type AllowedOrigins, type Authenticate } from './auth.js';
import type { HistoryStore, HubNotification, StateEntry, StateType, StoreFeed, StreamFrame } from './history.js';
import { MemoryHistoryStore } from './memory-history.js';
import { notificationFields, type PublishInput, type PublishOptions } from './publish.js';
import { KeyedSerial } from './serial.js';
import { decideWelcome } from './welcome.js';

export type {
  Appended,
  FeedListener,
  HistoryPage,
  HistoryStore,
  HubNotification,
  NotificationAction,
  NotificationFields,
  StateEntry,
  StateType,
  StoreFeed,
  StreamFrame,
  StreamHead,
  StreamRead,
  Updated,
  UserStream,
} from './history.js';
export { MemoryHistoryStore, MemoryStream } from './memory-history.js';
export type { PublishInput, PublishOptions } from './publish.js';

export interface HubOptions {
  /** Ping interval advertised in `welcome`; 0 sends no pings. Default 25,000. */
  heartbeatMs?: number;
  /**
   * How many notifications per user the default (memory) store keeps for replay and history
   * (default 10,000). The state entries among them are kept too; older ones go with the
   * notifications below them.
   */
  historySize?: number;
  /** The former name of `historySize`, still accepted; `historySize` wins when both are given. */
  bufferSize?: number;
  /**
   * The inbox extension (default on): `features` and `unread` in the welcome, sequenced
   * `read`/`unread`/`archive` state frames echoed to every socket of the user, and `history`
   * pages. Off, the Hub is a plain protocol v1 server (client `read` frames are forwarded to the
   * user's other sockets only).
   */
  inbox?: boolean;
  /** Where the users' streams are kept; by default in this process's memory, bounded by `historySize`. */
  history?: HistoryStore;
  /**
   * Decides who a connection belongs to, from its upgrade request (cookie, token): the user's
   * name, or a refusal (null: close 4401; `{ refuse: 4403 }`: close 4403). May be async. A
   * hook that throws closes the socket with 1011, which the client retries. By default the
   * user is the `user` query parameter: for demos and tests only.
   */
  authenticate?: Authenticate;
  /** The former way to name a connection's user (it cannot refuse); `authenticate` wins when both are given. */
  userOf?: (request: IncomingMessage) => string;
  /** Origins allowed to connect (others are closed with 4403); requests without an Origin header pass. */
  allowedOrigins?: AllowedOrigins;
  /** The URL path of the WebSocket endpoint (default `/ws`). */
  path?: string;
  /** Told about failures of the history store (e.g. Redis unreachable); by default they are logged. */
  onError?: (error: unknown) => void;
}

interface Client {
  socket: WebSocket;
  user: string;
  /** A hello arrived (its welcome may still be on its way). */
  greeted: boolean;
  welcomed: boolean;
  /** The epoch of its welcome and the highest seq sent to it since: where it stands in the user's stream. */
  epoch: string;
  cursor: number;
  lastSeen: number;
  pinger?: ReturnType<typeof setInterval>;
}

/** A user's welcomed sockets in this process. */
interface UserSockets {
  clients: Set<Client>;
  /** This process follows the user's appends through the store's feed. */
  following: boolean;
  /** A read of the stream for these sockets is queued. */
  syncQueued: boolean;
}

/** A client frame after JSON parsing: nothing in it is trusted yet. */
interface IncomingFrame {
  type?: unknown;
  epoch?: unknown;
  after?: unknown;
  ids?: unknown;
  id?: unknown;
  before?: unknown;
  limit?: unknown;
}

const HELLO_TIMEOUT_MS = 10_000;
const DEFAULT_HISTORY_SIZE = 10_000;
/** The protocol's limit of ids per state frame: a client frame naming more is ignored as a whole (the client splits larger sets). */
export { MAX_STATE_IDS };
/** Page size of a history request without a valid `limit`; the most a page holds is the protocol's MAX_PAGE_ITEMS. */
const DEFAULT_PAGE = 50;
/** Entries read from the store at a time when catching sockets up. */
const SYNC_BATCH = 500;
/** Close code for a socket that must say hello again: its stream started over, or it fell behind what is held. */
const RESYNC_CODE = 1012;
/** Close code when the store failed while welcoming a socket: the client retries. */
const SERVER_ERROR = 1011;
const STATE_TYPES = new Set<unknown>(['read', 'unread', 'archive'] satisfies StateType[]);

const pageLimit = (limit: unknown): number =>
  typeof limit === 'number' && Number.isFinite(limit) ? Math.min(MAX_PAGE_ITEMS, Math.max(1, Math.floor(limit))) : DEFAULT_PAGE;

export class Hub {
  readonly heartbeatMs: number;
  /** How many notifications per user the default store keeps. */
  readonly historySize: number;
  readonly inbox: boolean;
  readonly path: string;
  /** Counters for tests and the demo's diagnostics. */
  readonly stats = { connections: 0, hellos: [] as unknown[], reads: [] as string[][] };

  readonly #authenticate: Authenticate;
  readonly #origins: AllowedOrigins | undefined;
  readonly #history: HistoryStore;
  readonly #feed: StoreFeed | null;
  readonly #onError: (error: unknown) => void;
  readonly #queue = new KeyedSerial();
  readonly #users = new Map<string, UserSockets>();
  readonly #clients = new Set<Client>();
  /** Upgrade requests still being authenticated. */
  readonly #upgrading = new Set<Duplex>();
  readonly #denied = new Map<string, { code: number; reason: string }>();
  #wss: WebSocketServer | null = null;
  #http: Server | null = null;
  #port = 0;
  #host = '127.0.0.1';
  #silent = false;

  constructor(options: HubOptions = {}) {
    this.heartbeatMs = options.heartbeatMs ?? 25_000;
    this.historySize = options.historySize ?? options.bufferSize ?? DEFAULT_HISTORY_SIZE;
    this.inbox = options.inbox ?? true;
    this.path = options.path ?? '/ws';
    this.#authenticate = options.authenticate ?? options.userOf ?? userFromQuery;
    this.#origins = options.allowedOrigins;
    this.#history = options.history ?? new MemoryHistoryStore(this.historySize);
    this.#onError = options.onError ?? ((error) => console.error('lonceng hub:', error));
    this.#feed =
      this.#history.feed?.({
        appended: (user, seq, epoch) => this.#onAppended(user, seq, epoch),
        missed: () => this.#onMissed(),
      }) ?? null;
  }

  /** The former name of `historySize`. */
  get bufferSize(): number {
    return this.historySize;
  }

  /**
   * The epoch every user's stream shares, for a store that has one (the memory store). A store
   * that keeps an epoch per user (Redis) has none: use `epochOf(user)`.
   */
  get epoch(): string {
    const epoch = this.#history.epoch;
    if (epoch === undefined) throw new Error('this history store keeps an epoch per user: use `await hub.epochOf(user)`');
    return epoch;
  }

  /** Renames the memory store's numbering (see `MemoryHistoryStore.epoch`); other stores keep their own. */
  set epoch(epoch: string) {
    if (!(this.#history instanceof MemoryHistoryStore)) throw new Error('only the memory store takes an epoch from outside');
    this.#history.epoch = epoch;
  }

  /** Starts a standalone HTTP server carrying the endpoint; port 0 picks a free one. */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ url: string; port: number }> {
    const http = createServer((_request, response) => response.writeHead(426).end('WebSocket only'));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => resolve());
    });
    this.#http = http;
    this.#host = host;
    this.#port = (http.address() as AddressInfo).port;
    this.attach(http);
    return { url: this.url, port: this.#port };
  }

  /** The endpoint's URL while `listen` serves it. */
  get url(): string {
    return `ws://${this.#host}:${this.#port}${this.path}`;
  }

  /** Serves the endpoint on an existing HTTP server (upgrade requests for `path`; others are left alone). */
  attach(http: Server): void {
    const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== this.path) return;
      void this.#upgrade(wss, request, socket, head);
    });
    this.#wss = wss;
  }

  /**
   * Publishes a notification to a user: numbered, kept for replay and history, sent to every
   * welcomed socket of the user (on any Hub sharing the store). Resolves with the notification
   * as sent.
   */
  publish(user: string, input: PublishInput): Promise<HubNotification>;
  publish(user: string, event: string, data?: Record<string, unknown>, options?: PublishOptions): Promise<HubNotification>;
  async publish(
    user: string,
    input: PublishInput | string,
    data?: Record<string, unknown>,
    options?: PublishOptions,
  ): Promise<HubNotification> {
    const [published] = await this.publishMany(user, [typeof input === 'string' ? { ...options, event: input, data } : input]);
    return published;
  }

  /**
   * Publishes several notifications to a user, in order, each as `publish` does, and resolves
   * with them. For bursts: one queued operation, and each frame serialised once for all sockets.
   */
  async publishMany(user: string, inputs: readonly PublishInput[]): Promise<HubNotification[]> {
    const batch = inputs.map(notificationFields);
    return this.#queue.run(user, async () => {
      const { epoch, notifications } = await this.#history.stream(user).append(batch);
      await this.#deliver(user, epoch, notifications);
      return notifications;
    });
  }

  /**
   * Marks notifications read on the server's side, as another device of the user would: with the
   * inbox on, one sequenced `read` entry listing the ids that changed goes to every socket of the
   * user (none when nothing changed). With the inbox off, a plain `read` frame goes to every socket.
   * Resolves with the state entry, or null.
   */
  async markRead(user: string, ids: readonly string[]): Promise<StateEntry | null> {
    if (this.inbox) return this.#change(user, 'read', ids);
    await this.#plainRead(user, ids, null);
    return null;
  }

  /** Marks notifications unread again, as `markRead` does (archived ones stay as they are). Inbox only: null when off. */
  async markUnread(user: string, ids: readonly string[]): Promise<StateEntry | null> {
    return this.inbox ? this.#change(user, 'unread', ids) : null;
  }

  /** Archives notifications, as `markRead` does: out of history pages and the unread count. Inbox only: null when off. */
  async archive(user: string, ids: readonly string[]): Promise<StateEntry | null> {
    return this.inbox ? this.#change(user, 'archive', ids) : null;
  }

  /** The user's unread, unarchived notifications held now (what a welcome would say as `unread`). */
  async unreadCount(user: string): Promise<number> {
    return this.#queue.run(user, async () => (await this.#history.stream(user).head()).unread);
  }

  /** The user's current seq (what a welcome would say now); state entries take seqs too. */
  async seq(user: string): Promise<number> {
    return this.#queue.run(user, async () => (await this.#history.stream(user).head()).seq);
  }

  /** The epoch of the user's stream (what a welcome would say now). */
  async epochOf(user: string): Promise<string> {
    return this.#queue.run(user, async () => (await this.#history.stream(user).head()).epoch);
  }

  /**
   * The user's held notifications, in seq order, archived ones included; each carries its
   * current state as `read: true` / `archived: true`. Do not modify them.
   */
  async buffered(user: string): Promise<readonly HubNotification[]> {
    return this.#queue.run(user, () => this.#history.stream(user).notifications());
  }

  /** Cuts every connection abruptly, as a network failure would (upgrades being authenticated too). */
  drop(): void {
    for (const socket of this.#upgrading) socket.destroy();
    for (const client of this.#clients) client.socket.terminate();
  }

  /**
   * Restarts the server: every socket is cut and the port refuses connections for `downMs`.
   * Without `keepBuffer` the store forgets everything, as one without persistence does: a new
   * epoch begins.
   */
  async restart({ keepBuffer, downMs = 0 }: { keepBuffer: boolean; downMs?: number }): Promise<void> {
    const standalone = this.#http !== null;
    if (standalone) await this.#stopListening();
    else this.drop();
    if (!keepBuffer) {
      await this.#queue.idle();
      await this.#history.clear();
    }
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
    if (standalone) await this.listen(this.#port, this.#host);
  }

  /** While on, sockets stay open but nothing is sent on them: a half-open connection. */
  silence(on: boolean): void {
    this.#silent = on;
    for (const client of this.#clients) client.lastSeen = Date.now();
  }

  get silent(): boolean {
    return this.#silent;
  }

  /** Sends raw text to every welcomed socket of a user (for malformed-frame tests). */
  sendRaw(user: string, text: string): void {
    for (const client of this.#users.get(user)?.clients ?? []) client.socket.send(text);
  }

  /** Closes a user's sockets with a code, e.g. 4401; with `deny`, refuses their new ones too. */
  closeUser(user: string, code: number, reason: string, { deny = false } = {}): void {
    if (deny) this.#denied.set(user, { code, reason });
    for (const client of this.#users.get(user)?.clients ?? []) client.socket.close(code, reason);
  }

  /** Lets a user refused by `closeUser(…, { deny: true })` connect again. */
  allow(user: string): void {
    this.#denied.delete(user);
  }

  /** How many welcomed sockets are open now, for one user; or how many sockets at all. */
  openSockets(user?: string): number {
    return user === undefined ? this.#clients.size : (this.#users.get(user)?.clients.size ?? 0);
  }

  /** Stops serving: cuts every socket, waits for queued operations, stops following the store (which stays open). */
  async close(): Promise<void> {
    await this.#stopListening();
    this.#wss?.close();
    this.#wss = null;
    await this.#queue.idle();
    await this.#feed?.close();
  }

  async #stopListening(): Promise<void> {
    const http = this.#http;
    this.drop();
    if (!http) return;
    this.#http = null;
    http.closeAllConnections?.();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }

  /** Decides who the upgrade belongs to, then upgrades: accepted, or closed with the refusal's code. */
  async #upgrade(wss: WebSocketServer, request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    let admission: Admission;
    this.#upgrading.add(socket);
    try {
      admission = await admit(request, this.#authenticate, this.#origins);
    } catch {
      admission = { code: AUTH_UNAVAILABLE, reason: 'authentication unavailable' };
    } finally {
      this.#upgrading.delete(socket);
    }
    if ('user' in admission) admission = this.#denied.get(admission.user) ?? admission;
    // Cut meanwhile (`drop`), closed meanwhile, or the client went away.
    if (this.#wss !== wss) socket.destroy();
    if (socket.destroyed) return;
    wss.handleUpgrade(request, socket, head, (ws) => {
      if ('user' in admission) this.#accept(ws, admission.user);
      else ws.close(admission.code, admission.reason);
    });
  }

  #accept(socket: WebSocket, user: string): void {
    this.stats.connections++;
    const client: Client = { socket, user, greeted: false, welcomed: false, epoch: '', cursor: 0, lastSeen: Date.now() };
    this.#clients.add(client);
    const helloTimer = setTimeout(() => socket.close(4400, 'no hello'), HELLO_TIMEOUT_MS);
    socket.on('message', (data: Buffer) => {
      client.lastSeen = Date.now();
      if (this.#silent) return;
      let frame: unknown;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return;
      }
      // `null`, numbers, strings and arrays are valid JSON but no frame.
      if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return;
      const f = frame as IncomingFrame;
      if (f.type === 'hello') {
        if (client.greeted) return;
        client.greeted = true;
        clearTimeout(helloTimer);
        this.stats.hellos.push(frame);
        this.#queue
          .run(user, () => this.#welcome(client, f.epoch, f.after))
          .catch((error: unknown) => {
            this.#onError(error);
            socket.close(SERVER_ERROR, 'try again');
          });
      } else if (STATE_TYPES.has(f.type) && Array.isArray(f.ids)) {
        this.#onState(client, f.type as StateType, f.ids as unknown[]).catch((error: unknown) => this.#onError(error));
      } else if (f.type === 'history' && this.inbox && client.greeted && typeof f.id === 'string') {
        this.#onHistory(client, f.id, f.before, f.limit).catch((error: unknown) => this.#onError(error));
      }
    });
    socket.on('close', () => {
      clearTimeout(helloTimer);
      clearInterval(client.pinger);
      this.#clients.delete(client);
      this.#retire(client);
    });
    socket.on('error', () => socket.terminate());
  }

  /** Takes a socket out of its user's live set; the last one out stops following the user. */
  #retire(client: Client): void {
    const user = client.user;
    const sockets = this.#users.get(user);
    if (!sockets) return;
    sockets.clients.delete(client);
    if (sockets.clients.size > 0) return;
    void this.#queue
      .run(user, async () => {
        if (this.#users.get(user) !== sockets || sockets.clients.size > 0) return;
        this.#users.delete(user);
        if (sockets.following) await this.#feed?.unfollow(user);
      })
      .catch((error: unknown) => this.#onError(error));
  }

  /**
   * Answers a hello (§3.2) as one queued operation, so that nothing published or changed
   * meanwhile is missed or sent twice (§3.5): follow the user's stream, decide the welcome from
   * its head, send it, register the socket at its starting point, and send it what follows.
   */
  async #welcome(client: Client, epoch: unknown, after: unknown): Promise<void> {
    if (!this.#isOpen(client)) return;
    const user = client.user;
    let sockets = this.#users.get(user);
    if (!sockets) this.#users.set(user, (sockets = { clients: new Set(), following: false, syncQueued: false }));
    if (this.#feed && !sockets.following) {
      await this.#feed.follow(user);
      sockets.following = true;
    }
    const head = await this.#history.stream(user).head();
    if (!this.#isOpen(client)) return;
    const { frame, from } = decideWelcome(head, epoch, after, { heartbeatMs: this.heartbeatMs, inbox: this.inbox });
    this.#send(client, JSON.stringify(frame));
    client.epoch = head.epoch;
    client.cursor = from;
    client.welcomed = true;
    sockets.clients.add(client);
    if (from < head.seq) await this.#sync(user);
    if (this.heartbeatMs > 0) {
      client.pinger = setInterval(() => {
        if (this.#silent) return;
        if (Date.now() - client.lastSeen > 2 * this.heartbeatMs) client.socket.terminate();
        else this.#send(client, '{"type":"ping"}');
      }, this.heartbeatMs);
    }
  }

  /**
   * Sends entries just appended to the user's sockets that stand right before them; if any
   * socket is elsewhere (another process appended in between, or the stream started over),
   * catches the sockets up from the store instead.
   */
  async #deliver(user: string, epoch: string | null, frames: readonly StreamFrame[]): Promise<void> {
    const sockets = this.#users.get(user);
    if (!sockets || sockets.clients.size === 0 || frames.length === 0) return;
    const texts: string[] = [];
    let behind = false;
    for (const client of sockets.clients) {
      if (client.epoch !== epoch) {
        behind = true;
        continue;
      }
      for (const [i, frame] of frames.entries()) {
        if (frame.seq <= client.cursor) continue;
        if (frame.seq !== client.cursor + 1) {
          behind = true;
          break;
        }
        this.#send(client, (texts[i] ??= JSON.stringify(frame)));
        client.cursor = frame.seq;
      }
    }
    if (behind) await this.#sync(user);
  }

  /**
   * Brings every welcomed socket of the user up to the end of its stream, reading from the store
   * after the one furthest behind. A socket whose stream started over, or which fell below what
   * is held, is closed so that it says hello again. When the store fails, the user's sockets are
   * cut: they come back and resume from their cursors.
   */
  async #sync(user: string): Promise<void> {
    const sockets = this.#users.get(user);
    if (!sockets) return;
    try {
      for (;;) {
        const clients = [...sockets.clients];
        if (clients.length === 0) return;
        const from = Math.min(...clients.map((client) => client.cursor));
        const read = await this.#history.stream(user).after(from, SYNC_BATCH);
        const texts: string[] = [];
        for (const client of clients) {
          if (!sockets.clients.has(client)) continue;
          if (read.epoch !== client.epoch || client.cursor < read.floor || client.cursor > read.seq) {
            sockets.clients.delete(client);
            client.socket.close(RESYNC_CODE, 'resync');
            continue;
          }
          for (const [i, frame] of read.frames.entries()) {
            if (frame.seq <= client.cursor) continue;
            this.#send(client, (texts[i] ??= JSON.stringify(frame)));
            client.cursor = frame.seq;
          }
        }
        if (read.frames.length < SYNC_BATCH) return;
      }
    } catch (error) {
      this.#onError(error);
      for (const client of sockets.clients) client.socket.terminate();
    }
  }

  /** The store reported an append (by any process): catch up the user's sockets that are behind it. */
  #onAppended(user: string, seq: number, epoch: string): void {
    const sockets = this.#users.get(user);
    if (!sockets || sockets.syncQueued) return;
    for (const client of sockets.clients) {
      if (client.epoch !== epoch || !(client.cursor >= seq)) {
        this.#queueSync(user, sockets);
        return;
      }
    }
  }

  /** The store may have lost reports: catch up every user with sockets here. */
  #onMissed(): void {
    for (const [user, sockets] of this.#users) if (!sockets.syncQueued) this.#queueSync(user, sockets);
  }

  #queueSync(user: string, sockets: UserSockets): void {
    sockets.syncQueued = true;
    void this.#queue.run(user, async () => {
      sockets.syncQueued = false;
      await this.#sync(user);
    });
  }

  /** A client's `read` / `unread` / `archive` frame. */
  async #onState(from: Client, type: StateType, raw: unknown[]): Promise<void> {
    const ids = raw.filter((id): id is string => typeof id === 'string');
    if (type === 'read') this.stats.reads.push(ids);
    if (!this.inbox) {
      if (type === 'read') await this.#plainRead(from.user, ids, from);
      return;
    }
    // Over the limit the whole frame is ignored, as any invalid frame is.
    if (raw.length > MAX_STATE_IDS) return;
    await this.#change(from.user, type, ids);
  }

  /** Applies a state change; when an id changed, its sequenced entry goes to every welcomed socket of the user. */
  #change(user: string, type: StateType, ids: readonly string[]): Promise<StateEntry | null> {
    return this.#queue.run(user, async () => {
      const { epoch, entry } = await this.#history.stream(user).update(type, ids, true);
      if (entry) await this.#deliver(user, epoch, [entry]);
      return entry;
    });
  }

  /** Plain protocol v1 read sync (§5): record it, forward it to the user's other sockets (all of them when `from` is null). */
  #plainRead(user: string, ids: readonly string[], from: Client | null): Promise<void> {
    return this.#queue.run(user, async () => {
      await this.#history.stream(user).update('read', ids, false);
      const text = JSON.stringify({ type: 'read', ids });
      for (const client of this.#users.get(user)?.clients ?? []) if (client !== from) this.#send(client, text);
    });
  }

  /** A `history` request: one page of the user's unarchived notifications, newest first. */
  #onHistory(client: Client, id: string, before: unknown, limit: unknown): Promise<void> {
    return this.#queue.run(client.user, async () => {
      if (!client.welcomed) return;
      const page = await this.#history.stream(client.user).page(typeof before === 'number' ? before : null, pageLimit(limit));
      this.#send(client, JSON.stringify({ type: 'history', id, items: page.items, more: page.more }));
    });
  }

  #isOpen(client: Client): boolean {
    return client.socket.readyState === client.socket.OPEN;
  }

  #send(client: Client, text: string): void {
    if (this.#silent || !this.#isOpen(client)) return;
    client.socket.send(text);
  }
}
