import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublishInput } from '../../server/hub.js';
import { launchBrowser } from './support/browser.js';
import { inboxState, scrollToEnd, startInboxSite, waitLive, type InboxSite } from './support/inbox-page.js';

let browser: Browser;
const contexts: BrowserContext[] = [];
const sites: InboxSite[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  for (const site of sites.splice(0)) await site.close();
});

async function site(options: { inbox?: boolean } = {}): Promise<InboxSite> {
  const s = await startInboxSite(options);
  sites.push(s);
  return s;
}

/** A fresh browser profile: a device of its own, with an empty IndexedDB. */
async function device(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  contexts.push(context);
  return context;
}

async function open(context: BrowserContext, s: InboxSite, user: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(s.pageUrl(user));
  await waitLive(page);
  return page;
}

const part = (page: Page, name: string) => page.locator('lonceng-notifications').locator(`[part=${name}]`);

async function openPanel(page: Page): Promise<void> {
  if ((await part(page, 'bell').getAttribute('aria-expanded')) !== 'true') await part(page, 'bell').click();
  await expect.poll(() => part(page, 'panel').isVisible()).toBe(true);
}

const order = (i: number): PublishInput => ({
  event: 'order.created',
  data: { orderCode: `ORD-${i}`, customerName: 'Budi', totalAmount: 1000 * i },
});
const dispute = (i: number): PublishInput => ({ event: 'dispute.created', data: { disputeCode: `DSP-${i}`, orderCode: `ORD-${i}` } });

/** Ids of the rows shown in the panel, top to bottom. */
const shownTexts = (page: Page) => part(page, 'item').allTextContents();

for (const inbox of [true, false]) {
  describe(inbox ? 'with a server that keeps history' : 'with a plain v1 server (no inbox extension)', () => {
    it('keeps 3 unread disputes reachable after a burst of 2,000, with the exact badge, also after a reload', async () => {
      const s = await site({ inbox });
      const user = `burst-${inbox}`;
      const page = await open(await device(), s, user);
      for (let i = 1; i <= 3; i++) s.hub.publish(user, dispute(i));
      await expect.poll(async () => (await inboxState(page)).unread).toBe(3);
      s.hub.publishMany(
        user,
        Array.from({ length: 2000 }, (_, i) => order(i + 1)),
      );
      await expect.poll(async () => (await inboxState(page)).unread, { timeout: 20_000 }).toBe(2003);
      expect((await inboxState(page)).label).toContain('2003');
      await expect.poll(() => part(page, 'badge').textContent()).toBe('99+');

      const check = async () => {
        await openPanel(page);
        expect(await scrollToEnd(page, 2003)).toBe(2003);
        const texts = await shownTexts(page);
        for (let i = 1; i <= 3; i++)
          expect(
            texts.some((t) => t.includes(`DSP-${i}`)),
            `dispute ${i}`,
          ).toBe(true);
        expect(new Set(texts).size).toBe(2003);
      };
      await check();

      await page.evaluate(() => document.querySelector('lonceng-notifications')!.notifier!.flush());
      await page.reload();
      await waitLive(page);
      await expect.poll(async () => (await inboxState(page)).unread, { timeout: 20_000 }).toBe(2003);
      await check();
    });
  });
}

describe('with a server that keeps history', () => {
  it('shows a new device its inbox: the newest page at once, the server count, and every older page in order while more arrive', async () => {
    const s = await site();
    const user = 'second-laptop';
    const published = s.hub.publishMany(
      user,
      Array.from({ length: 300 }, (_, i) => order(i + 1)),
    );
    s.hub.markRead(
      user,
      published.slice(0, 260).map((n) => n.id),
    );
    expect(s.hub.unreadCount(user)).toBe(40);

    const page = await open(await device(), s, user);
    await expect.poll(async () => (await inboxState(page)).unread).toBe(40);
    await expect.poll(() => part(page, 'badge').textContent()).toBe('40');
    await openPanel(page);
    await expect.poll(() => part(page, 'item').count()).toBeGreaterThanOrEqual(50);
    expect((await shownTexts(page))[0]).toContain('ORD-300');

    let extra = 0;
    const live = setInterval(() => s.hub.publish(user, order(1000 + ++extra)), 100);
    try {
      expect(await scrollToEnd(page, 300)).toBeGreaterThanOrEqual(300);
    } finally {
      clearInterval(live);
    }
    await expect.poll(async () => (await inboxState(page)).hasMore).toBe(false);
    await expect.poll(async () => (await inboxState(page)).held).toBe(300 + extra);
    const { ids } = await inboxState(page);
    expect(new Set(ids).size).toBe(ids.length);
    const expected = [...s.hub.buffered(user)].reverse().map((n) => n.id);
    expect(ids).toEqual(expected);
  });

  it('carries read, unread and archive from device A to device B, live and after B was closed', async () => {
    const s = await site();
    const user = 'two-devices';
    const ids = s.hub
      .publishMany(
        user,
        Array.from({ length: 6 }, (_, i) => order(i + 1)),
      )
      .map((n) => n.id);
    const a = await open(await device(), s, user);
    const contextB = await device();
    let b = await open(contextB, s, user);
    await expect.poll(async () => (await inboxState(b)).unread).toBe(6);
    await openPanel(a);
    await expect.poll(() => part(a, 'item').count()).toBe(6);

    // Live: A reads the newest, archives the next, then marks the newest unread again.
    await part(a, 'item-toggle-read').first().click();
    await expect.poll(async () => (await inboxState(b)).unread).toBe(5);
    await part(a, 'item-archive').nth(1).click();
    await expect.poll(async () => (await inboxState(b)).ids).not.toContain(ids[4]);
    expect((await inboxState(b)).unread).toBe(4);
    await part(a, 'item-toggle-read').first().click();
    await expect.poll(async () => (await inboxState(b)).unread).toBe(5);

    // B closed: A reads one and archives another; B learns both when it comes back.
    await b.evaluate(() => document.querySelector('lonceng-notifications')!.notifier!.flush());
    await b.close();
    await part(a, 'item-toggle-read').nth(1).click();
    await part(a, 'item-archive').nth(2).click();
    await expect.poll(async () => (await inboxState(a)).unread).toBe(3);
    b = await open(contextB, s, user);
    await expect.poll(async () => (await inboxState(b)).unread).toBe(3);
    const [stateA, stateB] = await Promise.all([inboxState(a), inboxState(b)]);
    expect(stateB.ids).toEqual(stateA.ids);
    expect(stateB.unread).toBe(s.hub.unreadCount(user));
    expect(await part(b, 'badge').textContent()).toBe(await part(a, 'badge').textContent());
  });

  it('lets a keyboard user reach the 1,000th notification from the bell and archive it', async () => {
    const s = await site();
    const user = 'keyboard';
    const published = s.hub.publishMany(
      user,
      Array.from({ length: 1200 }, (_, i) => order(i + 1)),
    );
    const page = await open(await device(), s, user);
    await expect.poll(async () => (await inboxState(page)).unread).toBe(1200);
    await part(page, 'bell').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.localName)).toBe('lonceng-notifications');
    // Newest first: the 1,000th from the top is number 201.
    const target = published[1200 - 1000];
    const settled = () => page.waitForFunction(() => !document.querySelector('lonceng-notifications')!.notifier!.loading);
    for (let i = 0; i < 99; i++) {
      await page.keyboard.press('PageDown');
      await settled();
    }
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowDown');
    const focusedText = () =>
      page.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el?.closest('li')?.textContent ?? '';
      });
    await expect.poll(focusedText).toContain(`#${String(target.data.orderCode)} `);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await inboxState(page)).ids.includes(target.id)).toBe(false);
    expect(s.hub.buffered(user).find((n) => n.id === target.id)?.archived).toBe(true);
    expect((await inboxState(page)).unread).toBe(1199);
  });
});
