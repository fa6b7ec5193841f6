/**
 * The demo: one process serving the demo page, the built widget and a protocol v1 WebSocket
 * endpoint fed by a sample shop. `PORT` picks the port (default 5173).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hub } from '../server/hub.js';
import { EVENT_NAMES, randomEvent, SAMPLE_EVENTS } from './shop.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const USER = 'admin';
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

export interface Demo {
  url: string;
  hub: Hub;
  publish(event: string): ReturnType<Hub['publish']>;
  close(): Promise<void>;
}

/** Starts the demo; `port` 0 picks a free one. */
export async function startDemo({ port = 5173, host = '127.0.0.1', autoplay = true } = {}): Promise<Demo> {
  const hub = new Hub({ heartbeatMs: 15_000, bufferSize: 5000 });

  function publish(event: string) {
    return hub.publish(USER, { event, data: SAMPLE_EVENTS[event]!() });
}

const http = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const qa = /^\/api\/qa\/([\w.]+)$/.exec(url.pathname);
  if (request.method === 'POST' && qa) {
    const event = qa[1]!;
    if (!SAMPLE_EVENTS[event]) return void response.writeHead(404).end('unknown event');
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(publish(event)));
    return;
  }
  if (request.method === 'POST' && url.pathname === '/api/autoplay') {
    autoplay = url.searchParams.get('on') !== '0';
    return void response.writeHead(204).end();
  }
  const path = url.pathname === '/' ? '/demo/index.html' : url.pathname;
  const file = normalize(join(root, path));
  const allowed = file.startsWith(join(root, 'demo')) || file.startsWith(join(root, 'dist'));
  if (!allowed || !existsSync(file) || !statSync(file).isFile()) return void response.writeHead(404).end('not found');
  response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  createReadStream(file).pipe(response);
});
hub.attach(http);

const ticker = setInterval(() => {
  if (autoplay && hub.openSockets(USER) > 0) publish(randomEvent());
}, 8000);
ticker.unref();

await new Promise<void>((resolve) => http.listen(port, host, resolve));
const url = `http://${host}:${(http.address() as AddressInfo).port}/`;
return {
  url,
  hub,
  publish,
  async close() {
    clearInterval(ticker);
    http.closeAllConnections();
    await hub.close();
    await new Promise((resolve) => http.close(resolve));
  },
};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const demo = await startDemo({ port: Number(process.env.PORT ?? 5173), host: process.env.HOST ?? '127.0.0.1', autoplay: process.env.DEMO_AUTOPLAY !== '0' });
  console.log(`lonceng demo: ${demo.url}  (WebSocket ${demo.url.replace(/^http/, "ws")}ws, ${EVENT_NAMES.length} events)`);
}
