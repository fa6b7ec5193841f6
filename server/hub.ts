/**
 * A reference server for lonceng's wire protocol v1: per-user sequence numbers and replay
 * buffers, epochs, heartbeat, read sync. Used by the demo and the tests, and a model for
 * backend teams (see docs/PROTOCOL.md).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface HubOptions {
  /** Ping interval advertised in `welcome`; 0 sends no pings. */
  heartbeatMs?: number;
  /** How many notifications per user are kept for replay. */
  bufferSize?: number;
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

export interface HubNotification {
  type: 'notification';
  id: string;
  seq: number;
  event: string;
  at: string;
  data: Record<string, unknown>;
  title?: string;
  body?: string;
  read?: boolean;
}

interface UserState {
  seq: number;
  buffer: HubNotification[];
  read: Set<string>;
  sockets: Set<Client>;
}

interface Client {
  socket: WebSocket;
  user: string;
  welcomed: boolean;
  lastSeen: number;
  pinger?: ReturnType<typeof setInterval>;
}

const HELLO_TIMEOUT_MS = 10_000;

const userFromQuery = (request: IncomingMessage): string =>
  new URL(request.url ?? '/', 'http://localhost').searchParams.get('user') || 'default';

export class Hub {
  readonly heartbeatMs: number;
  readonly bufferSize: number;
  readonly path: string;
  epoch = randomUUID();
  /** Counters for tests and the demo's diagnostics. */
  readonly stats = { connections: 0, hellos: [] as unknown[], reads: [] as string[][] };

  readonly #userOf: (request: IncomingMessage) => string;
  readonly #users = new Map<string, UserState>();
  readonly #clients = new Set<Client>();
  readonly #denied = new Map<string, { code: number; reason: string }>();
  #wss: WebSocketServer | null = null;
  #http: Server | null = null;
  #port = 0;
  #host = '127.0.0.1';
  #silent = false;

  constructor(options: HubOptions = {}) {
    this.heartbeatMs = options.heartbeatMs ?? 25_000;
    this.bufferSize = options.bufferSize ?? 1000;
    this.path = options.path ?? '/ws';
    this.#userOf = options.userOf ?? userFromQuery;
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

  /** Publishes a notification to a user: numbered, buffered for replay, sent to every live socket. */
  publish(user: string, input: PublishInput): HubNotification {
    const state = this.#user(user);
    const notification: HubNotification = {
      type: 'notification',
      id: input.id ?? randomUUID(),
      seq: ++state.seq,
      event: input.event,
      at: input.at ?? new Date().toISOString(),
      data: input.data ?? {},
    };
    if (input.title !== undefined) notification.title = input.title;
    if (input.body !== undefined) notification.body = input.body;
    state.buffer.push(notification);
    if (state.buffer.length > this.bufferSize) state.buffer.splice(0, state.buffer.length - this.bufferSize);
    for (const client of state.sockets) if (client.welcomed) this.#send(client, notification);
    return notification;
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
      this.#users.clear();
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
    for (const client of this.#user(user).sockets) client.socket.send(text);
  }

  /** Closes a user's sockets with a code, e.g. 4401; with `deny`, refuses their new ones too. */
  closeUser(user: string, code: number, reason: string, { deny = false } = {}): void {
    if (deny) this.#denied.set(user, { code, reason });
    for (const client of this.#user(user).sockets) client.socket.close(code, reason);
  }

  allow(user: string): void {
    this.#denied.delete(user);
  }

  /** The user's buffered notifications (for tests and the demo). */
  buffered(user: string): readonly HubNotification[] {
    return this.#user(user).buffer;
  }

  /** How many sockets are open now, for one user or all. */
  openSockets(user?: string): number {
    return user === undefined ? this.#clients.size : this.#user(user).sockets.size;
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

  #user(user: string): UserState {
    let state = this.#users.get(user);
    if (!state) this.#users.set(user, (state = { seq: 0, buffer: [], read: new Set(), sockets: new Set() }));
    return state;
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
      let frame: { type?: unknown; epoch?: unknown; after?: unknown; ids?: unknown };
      try {
        frame = JSON.parse(data.toString()) as typeof frame;
      } catch {
        return;
      }
      if (frame.type === 'hello' && !client.welcomed) {
        clearTimeout(helloTimer);
        this.stats.hellos.push(frame);
        this.#welcome(client, frame.epoch, frame.after);
      } else if (frame.type === 'read' && Array.isArray(frame.ids)) {
        this.#onRead(
          client,
          frame.ids.filter((id): id is string => typeof id === 'string'),
        );
      }
    });
    socket.on('close', () => {
      clearTimeout(helloTimer);
      clearInterval(client.pinger);
      this.#clients.delete(client);
      this.#users.get(user)?.sockets.delete(client);
    });
    socket.on('error', () => socket.terminate());
  }

  #welcome(client: Client, epoch: unknown, after: unknown): void {
    const state = this.#user(client.user);
    const oldest = state.buffer[0]?.seq ?? state.seq + 1;
    const resumes = epoch === this.epoch && typeof after === 'number';
    const inWindow = resumes && after >= oldest - 1 && after <= state.seq;
    // A client from an earlier epoch (this server restarted and lost its numbering) is welcomed
    // just below the oldest notification held now, and gets them all: what was published
    // between the restart and its return is not skipped.
    const cameBack = typeof epoch === 'string' && epoch !== this.epoch;
    const from = inWindow ? after : cameBack ? oldest - 1 : state.seq;
    const welcome: Record<string, unknown> = { type: 'welcome', v: 1, epoch: this.epoch, seq: cameBack ? from : state.seq };
    if (this.heartbeatMs > 0) welcome.heartbeatMs = this.heartbeatMs;
    if (resumes && !inWindow) welcome.reset = true;
    this.#send(client, welcome);
    for (const notification of state.buffer) if (notification.seq > from) this.#send(client, notification);
    client.welcomed = true;
    state.sockets.add(client);
    if (this.heartbeatMs > 0) {
      client.pinger = setInterval(() => {
        if (this.#silent) return;
        if (Date.now() - client.lastSeen > 2 * this.heartbeatMs) client.socket.terminate();
        else this.#send(client, { type: 'ping' });
      }, this.heartbeatMs);
    }
  }

  #onRead(from: Client, ids: string[]): void {
    const state = this.#user(from.user);
    this.stats.reads.push(ids);
    for (const id of ids) state.read.add(id);
    for (const notification of state.buffer) if (state.read.has(notification.id)) notification.read = true;
    for (const client of state.sockets) if (client !== from && client.welcomed) this.#send(client, { type: 'read', ids });
  }

  #send(client: Client, frame: object): void {
    if (this.#silent || client.socket.readyState !== client.socket.OPEN) return;
    client.socket.send(JSON.stringify(frame));
  }
}
