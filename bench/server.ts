/**
 * The bench's server on 127.0.0.1: a Hub (the reference protocol server) on `/ws`, a tiny page
 * with the script-tag widget for a given user on `/`, and the widget's build on
 * `/dist/lonceng.iife.js`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hub } from '../server/hub.js';

export const HOST = '127.0.0.1';
/** How many notifications the page's widget keeps (`max-items`). */
export const MAX_ITEMS = 10_000;

export interface BenchServer {
  hub: Hub;
  /** The page for `user`; `cold` marks a cold-start page (its agent watches the badge). */
  pageUrl(user: string, options?: { cold?: boolean }): string;
  close(): Promise<void>;
}

const escapeAttr = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function pageHtml(port: number, user: string): string {
  const ws = `ws://${HOST}:${port}/ws?user=${encodeURIComponent(user)}`;
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><link rel="icon" href="data:," /><title>lonceng bench</title></head>
  <body>
    <lonceng-notifications url="${escapeAttr(ws)}" user="${escapeAttr(user)}" max-items="${MAX_ITEMS}"></lonceng-notifications>
    <script src="/dist/lonceng.iife.js"></script>
  </body>
</html>
`;
}

function send(response: ServerResponse, type: string, body: string | Buffer, status = 200): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}

/** Starts the page server with a Hub attached; `widgetFile` is the script-tag build served. */
export async function startBenchServer(widgetFile: string): Promise<BenchServer> {
  const widget = readFileSync(widgetFile);
  // No pings: the figures are the widget's, and cold starts run against a silenced Hub.
  const hub = new Hub({ heartbeatMs: 0, historySize: MAX_ITEMS });
  let port = 0;
  const http = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://${HOST}`);
    if (url.pathname === '/') send(response, 'text/html; charset=utf-8', pageHtml(port, url.searchParams.get('user') ?? 'bench'));
    else if (url.pathname === '/dist/lonceng.iife.js') send(response, 'text/javascript; charset=utf-8', widget);
    else send(response, 'text/plain', 'not found', 404);
  });
  hub.attach(http);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, HOST, () => resolve());
  });
  port = (http.address() as AddressInfo).port;
  return {
    hub,
    pageUrl: (user, { cold = false } = {}) => `http://${HOST}:${port}/?user=${encodeURIComponent(user)}${cold ? '&cold=1' : ''}`,
    async close() {
      http.closeAllConnections();
      await hub.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
