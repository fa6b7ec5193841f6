/**
 * A reference server for lonceng's wire protocol v1 and its inbox extension: per-user sequence
 * numbers, one ordered stream per user (notifications and state changes) kept for replay and
 * history, epochs, heartbeat, read/unread/archive sync. Used by the demo and the tests, and a
 * model for backend teams (see docs/PROTOCOL.md).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  MemoryHistoryStore,
  type HistoryStore,
  type HubNotification,
  type NotificationFields,
  type StateEntry,
  type StateType,
  type UserStream,
} from './history.js';

export type { HistoryPage, HistoryStore, HubNotification, StateEntry, StateType, StreamFrame, UserStream } from './history.js';
export { MemoryHistoryStore, MemoryStream } from './history.js';

export interface HubOptions {
  /** Ping interval advertised in `welcome`; 0 sends no pings. */
  heartbeatMs?: number;
  /**
   * How many notifications per user are kept for replay and history (default 10,000). The
   * state entries among them are kept too; older ones go with the notifications below them.
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
  /** Where the users' streams are kept; by default in memory, bounded by `historySize`. */
  history?: HistoryStore;
  /** Names the user of a connection; defaults to the `user` query parameter. */
  userOf?: (request: IncomingMessage) => string;
  /** The URL path of the WebSocket endpoint. */
  path?: string;
}

export interface PublishInput {
  event: string;
  data?: Record<string, unknown>;
  id?: string;
  at?: string;
  title?: string;
  body?: string;
}

interface Client {
  socket: WebSocket;
  user: string;
  welcomed: boolean;
  lastSeen: number;
  pinger?: ReturnType<typeof setInterval>;
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
/** What the welcome advertises while the inbox extension is on. */
const FEATURES = ['history', 'state'];
/** A client state frame naming more ids than this is ignored as a whole (the client splits larger sets). */
export const MAX_STATE_IDS = 500;
/** Page size of a history request without a valid `limit`, and the most a page holds. */
const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;
const STATE_TYPES = new Set<unknown>(['read', 'unread', 'archive'] satisfies StateType[]);

const userFromQuery = (request: IncomingMessage): string =>
  new URL(request.url ?? '/', 'http://localhost').searchParams.get('user') || 'default';

const pageLimit = (limit: unknown): number =>
  typeof limit === 'number' && Number.isFinite(limit) ? Math.min(MAX_PAGE, Math.max(1, Math.floor(limit))) : DEFAULT_PAGE;

export class Hub {
  readonly heartbeatMs: number;
  /** How many notifications per user are kept (with the default store). */
  readonly historySize: number;
  readonly inbox: boolean;
  readonly path: string;
  epoch = randomUUID();
  /** Counters for tests and the demo's diagnostics. */
  readonly stats = { connections: 0, hellos: [] as unknown[], reads: [] as string[][] };

  readonly #userOf: (request: IncomingMessage) => string;
  readonly #history: HistoryStore;
  /** Each user's welcomed sockets. */
  readonly #sockets = new Map<string, Set<Client>>();
  readonly #clients = new Set<Client>();
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
    this.#userOf = options.userOf ?? userFromQuery;
    this.#history = options.history ?? new MemoryHistoryStore(this.historySize);
  }

  /** The former name of `historySize`. */
  get bufferSize(): number {
    return this.historySize;
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

  get url(): string {
    return `ws://${this.#host}:${this.#port}${this.path}`;
  }

  /** Serves the endpoint on an existing HTTP server (e.g. the demo's). */
  attach(http: Server): void {
    const wss = new WebSocketServer({ noServer: true });
    http.on('upgrade', (request, socket, head) => {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== this.path) return;
      wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, request));
    });
    this.#wss = wss;
  }

  /** Publishes a notification to a user: numbered, kept for replay and history, sent to every welcomed socket. */
  publish(user: string, input: PublishInput): HubNotification {
    return this.publishMany(user, [input])[0];
  }

  /**
   * Publishes several notifications to a user, in order, each as `publish` does, and returns
   * them. For bursts: the user's stream and sockets are looked up once, and each frame is
   * serialised once for all sockets.
   */
  publishMany(user: string, inputs: readonly PublishInput[]): HubNotification[] {
    const stream = this.#stream(user);
    const targets = this.#targets(user);
    const published: HubNotification[] = [];
    for (const input of inputs) {
      const fields: NotificationFields = {
        id: input.id ?? randomUUID(),
        event: input.event,
        at: input.at ?? new Date().toISOString(),
        data: input.data ?? {},
      };
      if (input.title !== undefined) fields.title = input.title;
      if (input.body !== undefined) fields.body = input.body;
      const notification = stream.append(fields);
      published.push(notification);
      if (targets.length > 0) {
        const text = JSON.stringify(notification);
        for (const socket of targets) socket.send(text);
      }
    }
    return published;
  }

  /**
   * Marks notifications read on the server's side, as another device of the user would: with the
   * inbox on, one sequenced `read` entry listing the ids that changed goes to every socket of the
   * user (none when nothing changed). With the inbox off, a plain `read` frame goes to every socket.
   * Returns the state entry, or null.
   */
  markRead(user: string, ids: readonly string[]): StateEntry | null {
    if (this.inbox) return this.#change(user, 'read', ids);
    this.#plainRead(user, ids, null);
    return null;
  }

  /** Marks notifications unread again, as `markRead` does (archived ones stay as they are). Inbox only: null when off. */
  markUnread(user: string, ids: readonly string[]): StateEntry | null {
    return this.inbox ? this.#change(user, 'unread', ids) : null;
  }

  /** Archives notifications, as `markRead` does: out of history pages and the unread count. Inbox only: null when off. */
  archive(user: string, ids: readonly string[]): StateEntry | null {
    return this.inbox ? this.#change(user, 'archive', ids) : null;
  }

  /** The user's unread, unarchived notifications held now (what a welcome would say as `unread`). */
  unreadCount(user: string): number {
    return this.#stream(user).unread;
  }

  /** The user's current seq (what a welcome would say now); state entries take seqs too. */
  seq(user: string): number {
    return this.#stream(user).seq;
  }

  /** Cuts every connection abruptly, as a network failure would. */
  drop(): void {
    for (const client of this.#clients) client.socket.terminate();
  }

  /**
   * Restarts the server: every socket is cut and the port refuses connections for `downMs`.
   * Without `keepBuffer` the server forgets everything, as one without persistence does: a new
   * epoch begins.
   */
  async restart({ keepBuffer, downMs = 0 }: { keepBuffer: boolean; downMs?: number }): Promise<void> {
    const standalone = this.#http !== null;
    if (standalone) await this.#stopListening();
    else this.drop();
    if (!keepBuffer) {
      this.epoch = randomUUID();
      this.#history.clear();
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

  /** Sends raw text to every socket of a user (for malformed-frame tests). */
  sendRaw(user: string, text: string): void {
    for (const client of this.#sockets.get(user) ?? []) client.socket.send(text);
  }

  /** Closes a user's sockets with a code, e.g. 4401; with `deny`, refuses their new ones too. */
  closeUser(user: string, code: number, reason: string, { deny = false } = {}): void {
    if (deny) this.#denied.set(user, { code, reason });
    for (const client of this.#sockets.get(user) ?? []) client.socket.close(code, reason);
  }

  allow(user: string): void {
    this.#denied.delete(user);
  }

  /**
   * The user's held notifications, in seq order, archived ones included; each carries its
   * current state as `read: true` / `archived: true`. The objects are the Hub's own: do not
   * modify them.
   */
  buffered(user: string): readonly HubNotification[] {
    return this.#stream(user).notifications();
  }

  /** How many sockets are open now, for one user or all. */
  openSockets(user?: string): number {
    return user === undefined ? this.#clients.size : (this.#sockets.get(user)?.size ?? 0);
  }

  async close(): Promise<void> {
    await this.#stopListening();
    this.#wss?.close();
    this.#wss = null;
  }

  async #stopListening(): Promise<void> {
    const http = this.#http;
    this.drop();
    if (!http) return;
    this.#http = null;
    http.closeAllConnections?.();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }

  #stream(user: string): UserStream {
    return this.#history.stream(user);
  }

  #socketsOf(user: string): Set<Client> {
    let sockets = this.#sockets.get(user);
    if (!sockets) this.#sockets.set(user, (sockets = new Set()));
    return sockets;
  }

  /** The user's welcomed sockets that can be written to now. */
  #targets(user: string, except?: Client): WebSocket[] {
    const sockets = this.#sockets.get(user);
    if (this.#silent || !sockets) return [];
    const out: WebSocket[] = [];
    for (const client of sockets) {
      if (client !== except && client.welcomed && client.socket.readyState === client.socket.OPEN) out.push(client.socket);
    }
    return out;
  }

  #broadcast(user: string, frame: object, except?: Client): void {
    const targets = this.#targets(user, except);
    if (targets.length === 0) return;
    const text = JSON.stringify(frame);
    for (const socket of targets) socket.send(text);
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const user = this.#userOf(request);
    const denied = this.#denied.get(user);
    if (denied) {
      socket.close(denied.code, denied.reason);
      return;
    }
    this.stats.connections++;
    const client: Client = { socket, user, welcomed: false, lastSeen: Date.now() };
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
        if (client.welcomed) return;
        clearTimeout(helloTimer);
        this.stats.hellos.push(frame);
        this.#welcome(client, f.epoch, f.after);
      } else if (STATE_TYPES.has(f.type) && Array.isArray(f.ids)) {
        this.#onState(client, f.type as StateType, f.ids as unknown[]);
      } else if (f.type === 'history' && this.inbox && client.welcomed && typeof f.id === 'string') {
        this.#onHistory(client, f.id, f.before, f.limit);
      }
    });
    socket.on('close', () => {
      clearTimeout(helloTimer);
      clearInterval(client.pinger);
      this.#clients.delete(client);
      this.#sockets.get(user)?.delete(client);
    });
    socket.on('error', () => socket.terminate());
  }

  /**
   * Answers a hello (§3.2), all in one synchronous step so that nothing published or changed
   * meanwhile is missed or sent twice (§3.5): decide the welcome, send it and the replay from
   * the stream, then register the socket for live frames.
   */
  #welcome(client: Client, epoch: unknown, after: unknown): void {
    const stream = this.#stream(client.user);
    const { floor, seq } = stream;
    const resumes = epoch === this.epoch && typeof after === 'number';
    const inWindow = resumes && after >= floor && after <= seq;
    // A client from an earlier epoch (this server restarted and lost its numbering) is welcomed
    // at the floor, just below the oldest entry held now, and gets them all: what was published
    // between the restart and its return is not skipped.
    const cameBack = typeof epoch === 'string' && epoch !== this.epoch;
    const from = inWindow ? after : cameBack ? floor : seq;
    const welcome: Record<string, unknown> = { type: 'welcome', v: 1, epoch: this.epoch, seq: cameBack ? from : seq };
    if (this.heartbeatMs > 0) welcome.heartbeatMs = this.heartbeatMs;
    if (resumes && !inWindow) welcome.reset = true;
    if (this.inbox) {
      welcome.features = FEATURES;
      // Unread notifications held with seq ≤ welcome.seq: at the floor, nothing is held.
      welcome.unread = cameBack ? 0 : stream.unread;
    }
    this.#send(client, welcome);
    if (from < seq) for (const frame of stream.after(from)) this.#send(client, frame);
    client.welcomed = true;
    this.#socketsOf(client.user).add(client);
    if (this.heartbeatMs > 0) {
      client.pinger = setInterval(() => {
        if (this.#silent) return;
        if (Date.now() - client.lastSeen > 2 * this.heartbeatMs) client.socket.terminate();
        else this.#send(client, { type: 'ping' });
      }, this.heartbeatMs);
    }
  }

  /** A client's `read` / `unread` / `archive` frame. */
  #onState(from: Client, type: StateType, raw: unknown[]): void {
    const ids = raw.filter((id): id is string => typeof id === 'string');
    if (type === 'read') this.stats.reads.push(ids);
    if (!this.inbox) {
      if (type === 'read') this.#plainRead(from.user, ids, from);
      return;
    }
    // Over the limit the whole frame is ignored, as any invalid frame is.
    if (raw.length > MAX_STATE_IDS) return;
    this.#change(from.user, type, ids);
  }

  /** Applies a state change; when an id changed, its sequenced entry goes to every welcomed socket of the user. */
  #change(user: string, type: StateType, ids: readonly string[]): StateEntry | null {
    const { entry } = this.#stream(user).update(type, ids, true);
    if (entry) this.#broadcast(user, entry);
    return entry;
  }

  /** Plain protocol v1 read sync (§5): record it, forward it to the user's other sockets (all of them when `from` is null). */
  #plainRead(user: string, ids: readonly string[], from: Client | null): void {
    this.#stream(user).update('read', ids, false);
    this.#broadcast(user, { type: 'read', ids }, from ?? undefined);
  }

  /** A `history` request: one page of the user's unarchived notifications, newest first. */
  #onHistory(client: Client, id: string, before: unknown, limit: unknown): void {
    const page = this.#stream(client.user).page(typeof before === 'number' ? before : null, pageLimit(limit));
    this.#send(client, { type: 'history', id, items: page.items, more: page.more });
  }

  #send(client: Client, frame: object): void {
    if (this.#silent || client.socket.readyState !== client.socket.OPEN) return;
    client.socket.send(JSON.stringify(frame));
  }
}
