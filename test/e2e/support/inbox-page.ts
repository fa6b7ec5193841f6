/**
 * A reference hub and a minimal admin page with the script-tag widget, both on 127.0.0.1, for
 * the inbox tests: each page is `/?user=U`, its widget connected to the hub as that user.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { Hub, type HubOptions } from '../../../server/hub.js';

export interface InboxSite {
  hub: Hub;
  /** The admin page of `user`. */
  pageUrl(user: string): string;
  close(): Promise<void>;
}

const page = (wsUrl: string, user: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Inbox</title></head>
<body style="margin:0;padding:1rem 1rem 0 calc(100vw - 4rem);font-family:sans-serif">
<lonceng-notifications url="${wsUrl}?user=${encodeURIComponent(user)}" user="${user}" toast-duration="1000"></lonceng-notifications>
<script src="/lonceng.iife.js"></script>
</body></html>`;

export async function startInboxSite(options: HubOptions = {}): Promise<InboxSite> {
  const hub = new Hub({ heartbeatMs: 0, ...options });
  const { url: wsUrl } = await hub.listen(0, '127.0.0.1');
  const script = readFileSync(new URL('../../../dist/lonceng.iife.js', import.meta.url));
  const http: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/lonceng.iife.js') return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (url.pathname !== '/') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html' }).end(page(wsUrl, url.searchParams.get('user') ?? 'default'));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  return {
    hub,
    pageUrl: (user) => `${base}?user=${encodeURIComponent(user)}`,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await hub.close();
    },
  };
}

/** What the page's widget holds and shows, read in the page. */
export const inboxState = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('lonceng-notifications')!;
    const n = el.notifier!;
    const bell = el.shadowRoot!.querySelector('lonceng-bell')!.shadowRoot!.querySelector('[part=bell]')!;
    return {
      unread: n.unreadCount,
      held: n.items.length,
      ids: n.items.map((item) => item.id),
      hasMore: n.hasMore,
      loading: n.loading,
      label: bell.getAttribute('aria-label') ?? '',
      cursor: n.cursor,
    };
  });

/** Waits until the widget is live and holds a cursor (its welcome arrived). */
export const waitLive = (page: Page) =>
  page.waitForFunction(() => {
    const n = document.querySelector('lonceng-notifications')?.notifier;
    return n?.state === 'open' && n.cursor !== null;
  });

/**
 * Scrolls the open panel's list to its end until every notification the server has is shown
 * (`expected` rows) or `timeoutMs` passes; returns the rows' count.
 */
export async function scrollToEnd(page: Page, expected: number, timeoutMs = 60_000): Promise<number> {
  const items = page.locator('lonceng-notifications').locator('[part=item]');
  const end = Date.now() + timeoutMs;
  let count = await items.count();
  while (count < expected && Date.now() < end) {
    await items.last().scrollIntoViewIfNeeded();
    await page.waitForTimeout(30);
    count = await items.count();
  }
  return count;
}
