import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../demo/server.js';
import { launchBrowser } from './support/browser.js';

const SHOTS = 'test-results/screenshots';
let browser: Browser;
let demo: Demo;
let context: BrowserContext | undefined;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
  // A plain v1 server: these tests start every device empty (test/e2e/inbox.test.ts covers the inbox).
  demo = await startDemo({ port: 0, autoplay: false, inbox: false });
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** A page on the demo's script-tag page, with spies on the OS notification and audio APIs. */
async function openDemo(options: { permissions?: string[]; colorScheme?: 'light' | 'dark'; setup?: string } = {}): Promise<Page> {
  context = await browser.newContext({
    permissions: options.permissions ?? [],
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 1280, height: 860 },
  });
  await context.addInitScript(() => {
    const w = window as unknown as { __os: string[]; __tones: number; Notification?: typeof Notification };
    w.__os = [];
    w.__tones = 0;
    const Real = w.Notification;
    if (Real) {
      // Records every OS notification the page really creates, then creates it.
      class Recorded extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          w.__os.push(`${title} | ${options?.body ?? ''}`);
        }
      }
      w.Notification = Recorded;
    }
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
      w.__tones++;
      return start.apply(this, args);
    };
  });
  const page = await context.newPage();
  if (options.setup) await page.addInitScript(options.setup);
  await page.goto(demo.url);
  await page.waitForFunction(() => document.querySelector('lonceng-notifications')?.notifier?.state === 'open');
  return page;
}

const badge = (page: Page) => page.locator('lonceng-notifications').locator('[part=badge]');
const items = (page: Page) => page.locator('lonceng-notifications').locator('[part=item]');
const toasts = (page: Page) => page.locator('lonceng-notifications').locator('[part=toast]');
const osShown = (page: Page) => page.evaluate(() => (window as unknown as { __os: string[] }).__os);
const chimes = (page: Page) => page.evaluate(() => (window as unknown as { __tones: number }).__tones / 2);

describe('the script-tag build on a plain page', () => {
  it('exposes Lonceng.createNotifier and shows what the shop does', async () => {
    const page = await openDemo();
    expect(await page.evaluate(() => typeof (window as unknown as { Lonceng: { createNotifier: unknown } }).Lonceng.createNotifier)).toBe(
      'function',
    );
    await page.click('[data-qa="order.created"]');
    await expect.poll(() => badge(page).textContent()).toBe('1');
    await page.locator('lonceng-notifications').locator('[part=bell]').click();
    await expect.poll(() => items(page).count()).toBe(1);
    expect(await items(page).first().textContent()).toMatch(/New Order.*placed an order #ORD-.*\(Rp \d{1,3}(\.\d{3})+\)/s);
  });

  it('keeps notifications and read state across a real reload, without replaying duplicates', async () => {
    const page = await openDemo();
    await page.click('[data-qa="payment.received"]');
    await page.click('[data-qa="stock.low"]');
    await expect.poll(() => badge(page).textContent()).toBe('2');
    await page.locator('lonceng-notifications').locator('[part=bell]').click();
    await items(page).first().click();
    await expect.poll(() => badge(page).textContent()).toBe('1');
    await page.waitForTimeout(100);
    const hellosBefore = demo.hub.stats.hellos.length;
    await page.reload();
    await page.waitForFunction(() => document.querySelector('lonceng-notifications')?.notifier?.state === 'open');
    await expect.poll(() => badge(page).textContent()).toBe('1');
    const hello = demo.hub.stats.hellos[hellosBefore] as { epoch: string | null; after: number | null };
    expect(hello.epoch).toBe(demo.hub.epoch);
    expect(hello.after).toBe((await demo.hub.buffered('admin')).at(-1)!.seq);
    expect(await page.evaluate(() => document.querySelector('lonceng-notifications')!.notifier!.items.length)).toBeGreaterThanOrEqual(2);
  });

  it('shows an OS notification only when permitted and the page is unfocused', async () => {
    // Another tab takes the focus; Playwright pretends every page still has it, and turning
    // that pretence off gives the real answer.
    const unfocus = async (page: Page) => {
      await (await context!.newPage()).bringToFront();
      const cdp = await context!.newCDPSession(page);
      await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
      await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(false);
    };
    const arrived = (page: Page, n: number) =>
      expect.poll(() => page.evaluate(() => document.querySelector('lonceng-notifications')!.notifier!.items.length)).toBe(n);

    const granted = await openDemo({ permissions: ['notifications'] });
    await demo.act('stock.low');
    await arrived(granted, 1);
    await granted.waitForTimeout(500);
    expect(await osShown(granted), 'focused page: the toast is enough').toEqual([]);
    await unfocus(granted);
    await demo.act('dispute.created');
    await expect.poll(() => osShown(granted)).toHaveLength(1);
    expect((await osShown(granted))[0]).toMatch(/^⚠️ New Dispute \| Dispute #DSP-\d+ created for order #ORD-/);
    await context!.close();

    const denied = await openDemo({ permissions: [] });
    await unfocus(denied);
    const before = await denied.evaluate(() => document.querySelector('lonceng-notifications')!.notifier!.items.length);
    await demo.act('dispute.created');
    await arrived(denied, before + 1);
    await denied.waitForTimeout(500);
    expect(await osShown(denied)).toEqual([]);
  });

  it('chimes once per burst, and never when muted', async () => {
    const page = await openDemo();
    await page.mouse.click(600, 600); // a real gesture unlocks audio
    for (let i = 0; i < 25; i++) await demo.act('order.created');
    await expect
      .poll(() => page.evaluate(() => document.querySelector('lonceng-notifications')!.notifier!.unreadCount), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(25);
    await page.waitForTimeout(1500);
    expect(await chimes(page)).toBe(1);
    expect(await toasts(page).count()).toBe(1);

    await page.evaluate(() => document.querySelector('lonceng-notifications')!.setAttribute('muted', ''));
    for (let i = 0; i < 5; i++) await demo.act('payment.received');
    await page.waitForTimeout(1500);
    expect(await chimes(page)).toBe(1);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`looks right in ${scheme} mode with the panel open and two toasts (screenshot)`, async () => {
      const page = await openDemo({ colorScheme: scheme });
      await page.evaluate(() => document.querySelector('lonceng-notifications')!.setAttribute('toast-duration', '60000'));
      for (const event of ['stock.low', 'user.registered', 'payment.received', 'order.shipped']) {
        await demo.act(event);
        await page.waitForTimeout(400);
      }
      await page.click('[data-qa="order.created"]');
      await page.waitForTimeout(400);
      await page.locator('lonceng-notifications').locator('[part=bell]').click();
      await expect.poll(() => items(page).count()).toBeGreaterThanOrEqual(5);
      await expect.poll(() => toasts(page).count()).toBeGreaterThanOrEqual(2);
      await page.waitForTimeout(400);
      await page.screenshot({ path: `${SHOTS}/widget-${scheme}.png` });
    });
  }
});
