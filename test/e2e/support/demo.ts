/**
 * Helpers for driving the QA demo (demo/server.ts) in a real Chromium: a recorder of the
 * widget's DOM events installed in every page, and readers for what a user sees (badge,
 * panel items, toasts) and what the widget holds (its notifier).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { HubNotification } from '../../../server/hub.js';
import type { LoncengEventMap } from '../../../src/components/dom-events.js';

export const VIEWPORT = { width: 1280, height: 860 };

/** What the recorder keeps of the widget's DOM events, in page time (`performance.now()`). */
export interface Recorded {
  notes: { id: string; event: string; t: number }[];
  refreshes: { events: string[]; t: number }[];
  resyncs: { reason: string; t: number }[];
  states: { state: string; t: number }[];
}

declare global {
  interface Window {
    __lonceng: Recorded;
  }
}

/** Runs in every page before its scripts: records the widget's events as they bubble to `window`. */
function recorder(): void {
  const log: Recorded = { notes: [], refreshes: [], resyncs: [], states: [] };
  window.__lonceng = log;
  const on = <K extends keyof LoncengEventMap>(type: K, record: (event: LoncengEventMap[K]) => void) =>
    addEventListener(type, (event) => record(event as LoncengEventMap[K]));
  on('lonceng-notification', (e) =>
    log.notes.push({ id: e.detail.notification.id, event: e.detail.notification.event, t: performance.now() }),
  );
  on('lonceng-refresh', (e) => log.refreshes.push({ events: e.detail.events, t: performance.now() }));
  on('lonceng-resync', (e) => log.resyncs.push({ reason: e.detail.reason, t: performance.now() }));
  on('lonceng-status', (e) => log.states.push({ state: e.detail.state, t: performance.now() }));
}

/** A fresh context (empty IndexedDB) with the recorder, and page errors collected into `errors`. */
export async function newContext(browser: Browser, errors: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
  await context.addInitScript(recorder);
  context.on('page', (page) => page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`)));
  return context;
}

/** Opens `url` in a new page of `context` and waits until its widget is subscribed (see `waitOpen`). */
export async function openWidgetPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await waitOpen(page);
  return page;
}

/**
 * Waits until the widget is subscribed: its socket is open and it holds a cursor. The state
 * turns `open` when the socket opens, before the server's welcome; a first-time widget gets its
 * cursor from that welcome, and only from then on is everything published sure to reach it.
 */
export async function waitOpen(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const notifier = document.querySelector('lonceng-notifications')?.notifier;
      // With a server that keeps history, a new device first loads its newest page.
      return notifier?.state === 'open' && notifier.cursor !== null && !notifier.loading;
    },
    undefined,
    { timeout: 15_000 },
  );
}

export const part = (page: Page, name: string) => page.locator('lonceng-notifications').locator(`[part=${name}]`);
/** Toasts on screen, not counting one playing its leave animation. */
export const visibleToasts = (page: Page) => page.locator('lonceng-notifications').locator('[part=toast]:not(.out)');

/** The badge's visible text; '' when there is no badge (0 unread). */
export async function badgeText(page: Page): Promise<string> {
  const badge = part(page, 'badge');
  if ((await badge.count()) === 0) return '';
  return (await badge.textContent())?.trim() ?? '';
}

/** The unread count the badge shows (0 when it is absent); NaN for `99+`. */
export async function badgeCount(page: Page): Promise<number> {
  const text = await badgeText(page);
  return text === '' ? 0 : /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

/** Opens the panel unless it is open already: like an admin, a test sees items only in the open panel. */
export async function showPanel(page: Page): Promise<void> {
  const bell = part(page, 'bell');
  if ((await bell.getAttribute('aria-expanded')) !== 'true') await bell.click();
  await expect.poll(() => part(page, 'panel').isVisible()).toBe(true);
}

export async function itemCount(page: Page): Promise<number> {
  await showPanel(page);
  return part(page, 'item').count();
}

/** Ids of the notifications the widget's notifier holds, newest first. */
export const heldIds = (page: Page) =>
  page.evaluate(() => document.querySelector('lonceng-notifications')!.notifier!.items.map((n) => n.id));

export const connectionState = (page: Page) => page.evaluate(() => document.querySelector('lonceng-notifications')!.notifier!.state);

export const recorded = (page: Page) => page.evaluate(() => window.__lonceng);

/** Ids of `lonceng-notification` events recorded so far. */
export const notedIds = (page: Page) => page.evaluate(() => window.__lonceng.notes.map((n) => n.id));

/** How many times each id occurs in `ids`. */
export function occurrences(ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Ids occurring more than once. */
export const duplicatesIn = (ids: readonly string[]): string[] => [...occurrences(ids)].filter(([, n]) => n > 1).map(([id]) => id);

/** POSTs to the demo's HTTP API from the test process and returns the JSON answer. */
export async function post<T = unknown>(base: string, path: string): Promise<T> {
  const response = await fetch(new URL(path, base), { method: 'POST' });
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

export async function get<T = unknown>(base: string, path: string): Promise<T> {
  const response = await fetch(new URL(path, base));
  return (await response.json()) as T;
}

/** Fires a shop action through the API, as another admin or a backend job would. */
export const act = (base: string, event: string) => post<HubNotification>(base, `/api/qa/${event}`);

/**
 * Clicks `selector` on `page` and returns the JSON answer of the POST the click makes to a
 * path containing `path` (e.g. the notification a QA button fired).
 */
export async function clickForAnswer<T = unknown>(page: Page, selector: string, path: string): Promise<T> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith(path)),
    page.click(selector),
  ]);
  expect(response.ok(), `${path} answered ${response.status()}`).toBe(true);
  return (await response.json()) as T;
}

/** Whitespace collapsed, as a user reads it. */
export const readable = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A Rupiah amount as the contract writes it in both languages: `Rp 150.000`. */
export const rupiah = (amount: number) => `Rp ${new Intl.NumberFormat('id-ID').format(amount)}`;

/** Digits of a figure such as `Rp 1.234.000` or `17`. */
export const figureValue = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
