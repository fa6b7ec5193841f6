/**
 * The demo: one process serving the admin pages, the built widget, a simulated shop and its
 * protocol v1 WebSocket endpoint (`/ws`). `PORT` picks the port (default 5173). The Hub keeps
 * its history in memory, or in Redis when `LONCENG_REDIS_URL` names a server
 * (e.g. `redis://127.0.0.1:6379`).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hub, type HubNotification } from '../server/hub.js';
import { createRedisHistory, type RedisHistoryStore } from '../server/redis-history.js';
import { EVENT_NAMES, QA_ACTIONS, Shop } from './shop.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The admin every demo page signs in as. */
export const DEMO_USER = 'admin';
const GARBAGE = [
  'not json at all',
  '{"type":"notification"}',
  '{"type":"notification","id":42,"event":"order.created","at":"2026-11-25T10:00:00Z","data":{}}',
  '{"type":"mystery","payload":true}',
  '[1,2,3]',
  '{"type":"welcome","epoch":null}',
  JSON.stringify({
    type: 'notification',
    id: 'huge',
    event: 'order.created',
    at: new Date(0).toISOString(),
    data: { pad: 'x'.repeat(300_000) },
  }),
];
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
/** Paths served as files, and where they are. */
const PAGES: Record<string, string> = { '/': 'demo/index.html', '/control': 'demo/control.html', '/spa/': 'demo-dist/spa/index.html' };
/** Where a URL path's file is: a named page, the built SPA, or the file of that path. */
const fileOf = (pathname: string): string => PAGES[pathname] ?? (pathname.startsWith('/spa/') ? `demo-dist${pathname}` : pathname);
const SERVED = ['demo', 'dist', 'demo-dist'].map((dir) => join(root, dir) + sep);

export interface Demo {
  url: string;
  hub: Hub;
  shop: Shop;
  /** Runs the shop action behind an event's QA control; resolves with the one notification it fired. */
  act(event: string): Promise<HubNotification>;
  close(): Promise<void>;
}

export interface DemoOptions {
  port?: number;
  host?: string;
  /** A random shop action every few seconds while someone is connected. */
  autoplay?: boolean;
  heartbeatMs?: number;
  /** The protocol's inbox extension (history, state sync, unread counts); off makes a plain v1 server. */
  inbox?: boolean;
  /** Keep the history in this Redis server (`redis://host:port`) instead of in memory. */
  redisUrl?: string;
}

const json = (response: ServerResponse, body: unknown, status = 200) =>
  void response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));

/** Starts the demo; `port` 0 picks a free one. */
export async function startDemo({
  port = 5173,
  host = '127.0.0.1',
  autoplay = false,
  heartbeatMs = 15_000,
  inbox = true,
  redisUrl,
}: DemoOptions = {}): Promise<Demo> {
  const redis: RedisHistoryStore | null = redisUrl ? await createRedisHistory({ url: redisUrl, size: 10_000 }) : null;
  const hub = new Hub({ heartbeatMs, historySize: 10_000, inbox, history: redis ?? undefined });
  // What the shop published during the current request, in order.
  const fired: Promise<HubNotification>[] = [];
  const shop = new Shop((event, data) => fired.push(hub.publish(DEMO_USER, { event, data })));
  const firedSoFar = () => Promise.all(fired.splice(0));

  async function act(event: string): Promise<HubNotification> {
    QA_ACTIONS[event](shop);
    const notifications = await firedSoFar();
    if (notifications.length !== 1) throw new Error(`${event} fired ${notifications.length} notifications`);
    return notifications[0];
  }

  const api: Record<string, (url: URL) => unknown> = {
    'GET /api/dashboard': () => shop.dashboard(),
    'GET /api/shop': () => ({
      dashboard: shop.dashboard(),
      orders: shop.orders.slice(0, 10),
      products: shop.products,
      autoplay,
      silent: hub.silent,
    }),
    'POST /api/shop/sell': (url) => {
      const product = shop.sell(url.searchParams.get('product') ?? '', Number(url.searchParams.get('quantity') ?? 1));
      return firedSoFar().then((notifications) => ({ product, notifications }));
    },
    'POST /api/fault/drop': () => (hub.drop(), { ok: true }),
    'POST /api/fault/restart': async () => (await hub.restart({ keepBuffer: false }), { epoch: await hub.epochOf(DEMO_USER) }),
    'POST /api/fault/silence': (url) => (hub.silence(url.searchParams.get('on') !== '0'), { silent: hub.silent }),
    'POST /api/fault/burst': (url) => {
      const count = Math.min(10_000, Number(url.searchParams.get('count') ?? 2000));
      for (let i = 0; i < count; i++) shop.checkout();
      return firedSoFar().then((sent) => ({ sent: sent.length, first: sent[0]?.seq, last: sent.at(-1)?.seq }));
    },
    'POST /api/fault/garbage': () => {
      for (const text of GARBAGE) hub.sendRaw(DEMO_USER, text);
      return { sent: GARBAGE.length };
    },
    'POST /api/autoplay': (url) => ({ autoplay: (autoplay = url.searchParams.get('on') !== '0') }),
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const qa = /^\/api\/qa\/([\w.]+)$/.exec(url.pathname);
    if (qa && request.method === 'POST') {
      if (!QA_ACTIONS[qa[1]]) return json(response, { error: `unknown event ${qa[1]}` }, 404);
      return json(response, await act(qa[1]));
    }
    const route = api[`${request.method} ${url.pathname}`];
    if (route) return json(response, await route(url));
    const file = normalize(join(root, fileOf(url.pathname)));
    if (!SERVED.some((dir) => file.startsWith(dir)) || !existsSync(file) || !statSync(file).isFile()) {
      return void response.writeHead(404).end('not found');
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(response);
  }

  const http = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => json(response, { error: String(error) }, 400));
  });
  hub.attach(http);

  const actions = Object.keys(QA_ACTIONS);
  const ticker = setInterval(() => {
    if (autoplay && !hub.silent && hub.openSockets(DEMO_USER) > 0) {
      act(actions[Math.floor(Math.random() * actions.length)]).catch((error: unknown) => console.error('demo autoplay:', error));
    }
  }, 6000);
  ticker.unref();

  await new Promise<void>((resolve) => http.listen(port, host, resolve));
  return {
    url: `http://${host}:${(http.address() as AddressInfo).port}/`,
    hub,
    shop,
    act,
    async close() {
      clearInterval(ticker);
      http.closeAllConnections();
      await hub.close();
      await redis?.close();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const demo = await startDemo({
    port: Number(process.env.PORT ?? 5173),
    host: process.env.HOST ?? '127.0.0.1',
    autoplay: process.env.DEMO_AUTOPLAY === '1',
    redisUrl: process.env.LONCENG_REDIS_URL || undefined,
  });
  console.log(`lonceng demo: ${demo.url}  (script-tag page; SPA page ${demo.url}spa/; remote control ${demo.url}control)`);
  console.log(`history: ${process.env.LONCENG_REDIS_URL ? `Redis at ${process.env.LONCENG_REDIS_URL}` : 'in memory'}`);
  console.log(`shop events: ${EVENT_NAMES.join(', ')}`);
}
