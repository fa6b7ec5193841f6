/**
 * A tiny HTTP server for the chaos runs: the script-tag build (dist/lonceng.iife.js) on a plain
 * page holding one `<lonceng-notifications>`, whose attributes come from the page URL's query
 * (`/?url=ws://…&user=…`), and a blank page of the same origin for reading its IndexedDB with no
 * widget running.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const IIFE = fileURLToPath(new URL('../../dist/lonceng.iife.js', import.meta.url));

/** The widget attributes a page URL may set. */
const ATTRIBUTES = ['url', 'user', 'desktop', 'toast-duration', 'max-items', 'locale', 'muted'];

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function widgetPage(query: URLSearchParams): string {
  const attributes = ATTRIBUTES.filter((name) => query.has(name))
    .map((name) => ` ${name}="${escapeHtml(query.get(name)!)}"`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>lonceng chaos</title></head>
<body>
<header style="display:flex;justify-content:flex-end;padding:1rem"><lonceng-notifications${attributes}></lonceng-notifications></header>
<main style="height:70vh"></main>
<script src="/lonceng.iife.js"></script>
</body>
</html>`;
}

export interface PageServer {
  /** Origin of the pages, e.g. `http://127.0.0.1:4312`. */
  origin: string;
  /** The widget page with these attributes. */
  widgetUrl(attributes: Record<string, string | number>): string;
  /** A page of the same origin without the widget. */
  blankUrl: string;
  close(): Promise<void>;
}

/** Serves the pages; throws when the script-tag build is missing. */
export async function startPageServer(): Promise<PageServer> {
  if (!existsSync(IIFE)) throw new Error(`${IIFE} is missing: run \`npm run build\` first`);
  const script = readFileSync(IIFE);
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const headers = { 'cache-control': 'no-store' };
    if (url.pathname === '/') {
      response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(widgetPage(url.searchParams));
    } else if (url.pathname === '/blank') {
      response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>blank</title>');
    } else if (url.pathname === '/lonceng.iife.js') {
      response.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    widgetUrl: (attributes) => {
      const query = new URLSearchParams(Object.entries(attributes).map(([k, v]) => [k, String(v)]));
      return `${origin}/?${query.toString()}`;
    },
    blankUrl: `${origin}/blank`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
