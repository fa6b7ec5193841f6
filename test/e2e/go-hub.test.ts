// The script-tag widget in Chromium against the Go hub of examples/go-hub, as a Go dashboard
// would serve it: live notifications in the panel and badge, worded by the widget in the page's
// language, a read mark, and a resume from the stored cursor after the tab was closed.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPageServer, type PageServer } from '../chaos/page-server.js';
import { buildGoHub, goHubUnavailable, startGoHub, type GoHubBuild, type RunningGoHub } from '../server/support/go-hub.js';
import { launchBrowser } from './support/browser.js';
import { badgeCount, part, readable, showPanel } from './support/demo.js';

const unavailable = goHubUnavailable();
// CI must run it: a missing toolchain there is a failure, not a skip.
if (unavailable && process.env.CI) throw new Error(`the Go hub test needs Go: ${unavailable}`);

describe.skipIf(unavailable !== null)(`the widget against the Go hub${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let build: GoHubBuild;
  let hub: RunningGoHub;
  let pages: PageServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    build = buildGoHub();
    pages = await startPageServer();
    hub = await startGoHub(build.binary, {
      sessions: [{ token: 't1', user: 'admin-1' }],
      origins: [new URL(pages.origin).host],
      heartbeat: '1s',
    });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await hub?.stop();
    await pages?.close();
    build?.remove();
  });

  const items = (page: Page) => part(page, 'item');

  it('shows what the Go hub publishes, in the page’s language, takes a read mark, and resumes after the tab was closed', async () => {
    const page = await context.newPage();
    await page.goto(pages.widgetUrl({ url: hub.streamUrl('t1'), user: 'admin-1', locale: 'id' }));
    await page.waitForFunction(() => document.querySelector('lonceng-notifications')?.notifier?.state === 'open');

    await hub.publish({ user: 'admin-1', event: 'order.created', data: { orderCode: 'ORD-7', customerName: 'Siti', totalAmount: 150000 } });
    await expect.poll(() => badgeCount(page)).toBe(1);
    await showPanel(page);
    await expect.poll(() => items(page).count()).toBe(1);
    // No texts from the hub: the widget words the event itself, in Indonesian here.
    expect(readable(await items(page).first().textContent())).toMatch(/Siti .*#ORD-7.*Rp 150\.000/);
    expect(readable(await items(page).first().textContent())).toMatch(/Pesanan Baru/);

    await items(page).first().click(); // read: the badge goes to 0, and the hub numbers the read mark (seq 2)
    await expect.poll(() => badgeCount(page)).toBe(0);
    const cursorOf = (p: Page) => p.evaluate(() => document.querySelector('lonceng-notifications')!.notifier!.cursor);
    await expect.poll(async () => (await cursorOf(page))?.seq).toBe(2);
    const before = await cursorOf(page);
    await page.evaluate(() => document.querySelector('lonceng-notifications')!.notifier!.flush());

    // The admin closes the tab; two events happen; the tab opens again and resumes from its cursor.
    await page.close();
    await hub.publish({ user: 'admin-1', event: 'stock.low', data: { productName: 'Kopi Gayo', stock: 3 } });
    const last = await hub.publish({ user: 'admin-1', event: 'payment.expired', data: { orderCode: 'ORD-8' } });
    const again = await context.newPage();
    await again.goto(pages.widgetUrl({ url: hub.streamUrl('t1'), user: 'admin-1', locale: 'id' }));
    await again.waitForFunction(() => document.querySelector('lonceng-notifications')?.notifier?.state === 'open');
    await expect.poll(() => badgeCount(again)).toBe(2);
    await showPanel(again);
    await expect.poll(() => items(again).count()).toBe(3);
    const after = await again.evaluate(() => {
      const notifier = document.querySelector('lonceng-notifications')!.notifier!;
      return { cursor: notifier.cursor, read: notifier.items.filter((n) => n.read).map((n) => n.event) };
    });
    expect(after.cursor).toEqual({ epoch: before!.epoch, seq: last.seq });
    expect(last.seq).toBe(4);
    expect(after.read).toEqual(['order.created']);
  });
});
