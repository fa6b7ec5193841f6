/**
 * A second, small lonceng server written from docs/PROTOCOL.md alone, for the conformance checker's
 * tests. It differs from the reference Hub where the protocol allows: plain v1 (no inbox
 * extension), read frames ignored, a small replay buffer (old cursors get `reset`), a hello from
 * another epoch welcomed at the current seq without replay, a ping before the welcome, times with
 * a +07:00 offset, ids made from the order code, extra members in its frames, a token in the query
 * string, idle sockets closed by a read deadline. With `fault` it breaks exactly one rule.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** One deliberate deviation from the protocol. */
export type Fault =
  /** a resume gets a welcome without reset but no replay */
  | 'no-replay'
  /** every third notification is held back until the next one has been sent */
  | 'seq-out-of-order'
  /** every fourth notification skips a seq */
  | 'seq-gaps'
  /** heartbeatMs is advertised but no ping is ever sent */
  | 'no-ping'
  /** the refused URL is answered with HTTP 403 instead of an upgrade */
  | 'http-403'
  /** history pages ignore `before` */
  | 'history-ignores-before';

export interface TestServerOptions {
  /** Advertised and sent; without it the server sends no pings. */
  heartbeatMs?: number;
  /** Notifications held per user for replay (default 8). */
  bufferSize?: number;
  /** Advertise and answer `history` (inbox extension §13.6). */
  history?: boolean;
  /** Send JSON null in optional members (allowed, discouraged). */
  nulls?: boolean;
  fault?: Fault;
}

export interface TestServer {
  /** The stream, authenticated as user `conformance`. */
  url: string;
  publishUrl: string;
  /** A URL with a token the server does not know. */
  refusedUrl: string;
  close(): Promise<void>;
}

interface Entry {
  seq: number;
  frame: Record<string, unknown>;
}

interface User {
  seq: number;
  floor: number;
  held: Entry[];
  sockets: Set<WebSocket>;
}

const TOKENS = new Map([['t-conformance', 'conformance']]);
const HELD_BACK_MS = 500;

/** `2026-11-25T10:15:42.120+07:00`: the same instant in Western Indonesian Time. */
function jakartaTime(date = new Date()): string {
  return `${new Date(date.getTime() + 7 * 3600_000).toISOString().slice(0, -1)}+07:00`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parse(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { heartbeatMs, bufferSize = 8, history = false, nulls = false, fault } = options;
  const epoch = String(Date.now());
  const users = new Map<string, User>();
  let published = 0;
  let heldBack: { frame: string; user: User; timer: ReturnType<typeof setTimeout> } | null = null;

  const userOf = (name: string): User => {
    let user = users.get(name);
    if (!user) users.set(name, (user = { seq: 0, floor: 0, held: [], sockets: new Set() }));
    return user;
  };
  const sendAll = (user: User, text: string) => {
    for (const socket of user.sockets) socket.send(text);
  };
  const flushHeldBack = () => {
    if (!heldBack) return;
    clearTimeout(heldBack.timer);
    sendAll(heldBack.user, heldBack.frame);
    heldBack = null;
  };

  const publish = (name: string, body: Record<string, unknown>) => {
    const user = userOf(name);
    published++;
    user.seq += fault === 'seq-gaps' && published % 4 === 0 ? 2 : 1;
    const data = isObject(body.data) ? body.data : {};
    const frame: Record<string, unknown> = {
      type: 'notification',
      id: `${String(body.event)}:${typeof data.orderCode === 'string' ? data.orderCode : `${user.seq}`}`,
      seq: user.seq,
      event: body.event,
      at: jakartaTime(),
      data,
      'x-server': 'conformance-test',
    };
    if (typeof body.title === 'string') frame.title = body.title;
    if (typeof body.body === 'string') frame.body = body.body;
    if (nulls) Object.assign(frame, { title: frame.title ?? null, body: frame.body ?? null, read: null, archived: null });
    user.held.push({ seq: user.seq, frame });
    while (user.held.length > bufferSize) user.floor = (user.held.shift() as Entry).seq;
    const text = JSON.stringify(frame);
    if (fault === 'seq-out-of-order' && published % 3 === 0) {
      flushHeldBack();
      heldBack = { frame: text, user, timer: setTimeout(flushHeldBack, HELD_BACK_MS) };
      return;
    }
    sendAll(user, text);
    flushHeldBack();
  };

  const welcome = (socket: WebSocket, user: User, hello: Record<string, unknown>) => {
    const frame: Record<string, unknown> = { type: 'welcome', v: 1, epoch, seq: user.seq, 'x-server': 'conformance-test' };
    if (heartbeatMs !== undefined) frame.heartbeatMs = heartbeatMs;
    if (history) frame.features = ['history', 'x-conformance-unknown'];
    if (nulls) Object.assign(frame, { reset: null, features: frame.features ?? null, unread: null });
    let replay: Entry[] = [];
    const after = hello.after;
    if (hello.epoch === epoch && typeof after === 'number') {
      if (after < user.floor || after > user.seq) frame.reset = true;
      else if (fault !== 'no-replay') replay = user.held.filter((entry) => entry.seq > after);
    }
    socket.send(JSON.stringify(frame));
    for (const entry of replay) socket.send(JSON.stringify(entry.frame));
    user.sockets.add(socket);
  };

  const answerHistory = (socket: WebSocket, user: User, request: Record<string, unknown>) => {
    if (typeof request.id !== 'string') return;
    const limit = typeof request.limit === 'number' ? Math.min(100, Math.max(1, Math.floor(request.limit))) : 50;
    const before = fault === 'history-ignores-before' || typeof request.before !== 'number' ? Infinity : request.before;
    const below = user.held.filter((entry) => entry.seq < before).reverse();
    socket.send(
      JSON.stringify({
        type: 'history',
        id: request.id,
        items: below.slice(0, limit).map((entry) => entry.frame),
        more: below.length > limit,
      }),
    );
  };

  const wss = new WebSocketServer({ noServer: true });
  const serve = (socket: WebSocket, name: string) => {
    const user = userOf(name);
    let welcomed = false;
    let lastHeard = Date.now();
    // A ping may precede the welcome (§2.2).
    if (heartbeatMs !== undefined && fault !== 'no-ping') socket.send('{"type":"ping"}');
    const helloDeadline = setTimeout(() => socket.close(1008, 'no hello'), 10_000);
    const beat =
      heartbeatMs === undefined || fault === 'no-ping'
        ? undefined
        : setInterval(() => {
            if (Date.now() - lastHeard > 2 * heartbeatMs) socket.close(1001, 'silent for 2 heartbeats');
            else socket.send('{"type":"ping"}');
          }, heartbeatMs);
    socket.on('message', (data: Buffer, binary: boolean) => {
      lastHeard = Date.now();
      const frame = binary ? null : parse(data.toString('utf8'));
      if (!welcomed) {
        if (frame?.type !== 'hello') return void socket.close(1008, 'expected hello');
        clearTimeout(helloDeadline);
        welcomed = true;
        welcome(socket, user, frame);
      } else if (frame?.type === 'history' && history) {
        answerHistory(socket, user, frame);
      }
      // Everything else, read frames included, is ignored (§5: a server MAY ignore reads).
    });
    socket.on('close', () => {
      clearTimeout(helloDeadline);
      clearInterval(beat);
      user.sockets.delete(socket);
    });
  };

  const refuse = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (fault === 'http-403') {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => ws.close(4401, 'unknown token'));
  };

  const http: Server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/hooks/publish') return void response.writeHead(404).end();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = parse(Buffer.concat(chunks).toString('utf8'));
      if (!body || typeof body.user !== 'string' || typeof body.event !== 'string') return void response.writeHead(422).end();
      publish(body.user, body);
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"queued":true}');
    });
  });
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const name = url.pathname === '/stream' ? TOKENS.get(url.searchParams.get('token') ?? '') : undefined;
    if (name === undefined) return refuse(request, socket, head);
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws, name));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const base = `127.0.0.1:${port}`;
  return {
    url: `ws://${base}/stream?token=t-conformance`,
    publishUrl: `http://${base}/hooks/publish`,
    refusedUrl: `ws://${base}/stream?token=expired`,
    close: async () => {
      if (heldBack) clearTimeout(heldBack.timer);
      for (const socket of wss.clients) socket.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
