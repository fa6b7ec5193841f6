/**
 * Chaos against the real widget (script-tag build) in the system Chromium: a seeded run through
 * the fault proxy with hub restarts, a reload storm while a stream is being published, and a
 * page closed in the middle of a burst. Every run prints its seed; `CHAOS_SEED=<seed>` replays it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HubNotification } from '../../server/hub.js';
import { announcedIn, repeated, tally } from '../chaos/announcements.js';
import { runChaos } from '../chaos/driver.js';
import { HubHost } from '../chaos/hub-host.js';
import {
  flushWidget,
  installRecorder,
  liveRecord,
  loadRecords,
  readStored,
  waitWelcomed,
  widgetState,
  type RecorderOptions,
  type StoredState,
} from '../chaos/page-recorder.js';
import { startPageServer, type PageServer } from '../chaos/page-server.js';
import { ClumpPublisher } from '../chaos/publisher.js';
import { randomSeed, seededRandom } from '../chaos/random.js';
import { formatReport } from '../chaos/report.js';
import { notificationInputs } from '../chaos/traffic.js';
import { sleep, waitUntil } from '../chaos/wait.js';
import { launchBrowser } from './support/browser.js';

const SEED = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : randomSeed();
if (!Number.isInteger(SEED)) throw new Error(`CHAOS_SEED must be an integer, not ${process.env.CHAOS_SEED}`);
const USER = 'storm';
/** Toasts stay up for the whole page load, so a summary's count covers the whole load (see announcements.ts). */
const TOASTS_STAY_MS = 600_000;

let browser: Browser;
let pages: PageServer;
let hub: HubHost | undefined;
let context: BrowserContext | undefined;
let pageErrors: string[] = [];

beforeAll(async () => {
  console.log(`chaos.test seed ${SEED} (CHAOS_SEED=${SEED} replays it)`);
  [browser, pages] = await Promise.all([launchBrowser(), startPageServer()]);
});
afterAll(async () => {
  await browser?.close();
  await pages?.close();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
  await hub?.close();
  hub = undefined;
  pageErrors = [];
});

/** A fresh context (empty IndexedDB, OS notifications allowed) with the recorder; page errors go to `pageErrors`. */
async function newContext(options: Omit<RecorderOptions, 'user'>): Promise<BrowserContext> {
  const made = await browser.newContext({ permissions: ['notifications'] });
  await installRecorder(made, { ...options, user: USER });
  made.on('page', (page) => {
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (m) => {
      if (['error', 'warning'].includes(m.type()) && m.text().startsWith('lonceng:')) pageErrors.push(m.text());
    });
  });
  return made;
}

const widgetUrl = (host: HubHost) =>
  pages.widgetUrl({
    url: `ws://127.0.0.1:${host.port}/ws?user=${USER}`,
    user: USER,
    desktop: 'always',
    'toast-duration': TOASTS_STAY_MS,
    'max-items': 10_000,
  });

/** Waits until the widget holds every one of `sent` and its cursor is at the last; then commits to IndexedDB. */
async function holdsAll(page: Page, sent: readonly HubNotification[], timeout = 60_000): Promise<void> {
  const last = sent.at(-1)!.seq;
  const ok = await waitUntil(
    async () => {
      const state = await widgetState(page);
      const held = new Set(state.ids);
      return state.cursor?.seq === last && sent.every((n) => held.has(n.id));
    },
    timeout,
    100,
  );
  const state = await widgetState(page);
  expect(ok, `the widget holds all ${sent.length} (it holds ${state.ids.length}, cursor ${JSON.stringify(state.cursor)})`).toBe(true);
  await flushWidget(page);
}

/** Published ids the stored cursor covers (seq ≤ its seq, same epoch) that the store does not hold. */
function coveredButMissing(stored: StoredState, sent: readonly HubNotification[], epoch: string): string[] {
  const cursor = stored.cursor;
  if (!cursor || cursor.epoch !== epoch) return [];
  const held = new Set(stored.ids);
  return sent.filter((n) => n.seq <= cursor.seq && !held.has(n.id)).map((n) => n.id);
}

/** A real click: the browser lets the page make sound from then on. */
const gesture = (page: Page) => page.mouse.click(300, 500);

describe('chaos', () => {
  it('2,000 notifications through 25 faults and 2 hub restarts: nothing lost or duplicated, cursor exact', async () => {
    const report = await runChaos({ seed: SEED, notifications: 2000, faults: 25, restarts: 2, rate: 100, browser });
    console.log(formatReport(report));
    expect(report.sent).toBe(2000);
    expect(Object.values(report.faults).reduce((a, b) => a + b, 0)).toBe(25);
    expect(report.restarts).toBe(2);
    expect(report.converged, 'the widget held everything before the deadline').toBe(true);
    expect(report.pageErrors, 'page errors').toEqual([]);
    expect(report.lost, 'lost').toEqual([]);
    expect(report.duplicated, 'announced more than once').toEqual([]);
    expect(report.unannounced, 'held but never announced').toEqual([]);
    expect(report.cursor.widget, "the widget's cursor").toEqual(report.cursor.expected);
    expect(report.cursor.stored, 'the stored cursor').toEqual(report.cursor.expected);
    expect(report.halfOpen, 'every black hole noticed by the heartbeat').not.toContain(null);
  });

  it('reload storm: 20 reloads mid-stream; each notification stored once and announced at most once, the cursor never ahead of the store', async () => {
    const random = seededRandom(SEED);
    hub = await HubHost.start({ heartbeatMs: 1000, historySize: 10_000 });
    context = await newContext({ persist: true });
    const page = await context.newPage();
    await page.goto(widgetUrl(hub));
    await waitWelcomed(page);
    await gesture(page);

    const publisher = new ClumpPublisher({
      hub,
      user: USER,
      prefix: `r${SEED}`,
      random: seededRandom(SEED + 1),
      size: [1, 6],
      pauseMs: [20, 400],
      // Titles of their own: an OS notification names the one notification it stands for.
      title: (n) => `Order ${n}`,
    });
    const publishing = publisher.run();
    const reloadedAt: number[] = [];
    for (let i = 0; i < 20; i++) {
      // Some loads live long enough to announce (a batch closes 150 ms after the last arrival, or 1 s after the first), some do not.
      await sleep(random.int(100, 1000));
      reloadedAt.push(publisher.sent.length);
      await page.reload();
      await gesture(page);
    }
    await sleep(500);
    publisher.stop();
    const sent = await publishing;
    await holdsAll(page, sent);

    const [widget, stored, loads] = await Promise.all([widgetState(page), readStored(page, USER), loadRecords(page)]);
    const idOfTitle = new Map(sent.map((n) => [n.title, n.id]));
    const announced = tally(loads.map(announcedIn));
    const noted = tally(loads.map((l) => l.notes));
    const ownToasts = tally(loads.map((l) => l.toasts.filter((t) => t.key !== 'lonceng-burst').map((t) => t.key)));
    const ownOs = tally(loads.map((l) => l.os.flatMap((o) => idOfTitle.get(o.title) ?? [])));
    const chimes = loads.map((l) => l.tones / 2);
    const aheadOfStore = loads.map((l) => (l.found ? coveredButMissing(l.found, sent, hub!.epoch) : []));
    console.log(
      `reload storm (seed ${SEED}): ${sent.length} published, ${loads.length} page loads (reloads after ${reloadedAt.join(', ')} published); ` +
        `announced ${announced.size}, never ${sent.length - announced.size}, more than once ${repeated(announced).length}; ` +
        `lonceng-notification more than once ${repeated(noted).length}; own toasts ${[...ownToasts.values()].reduce((a, b) => a + b, 0)}, ` +
        `OS notifications ${loads.reduce((a, l) => a + l.os.length, 0)}, chimes ${chimes.reduce((a, b) => a + b, 0)}; ` +
        `loads finding the cursor ahead of the store ${aheadOfStore.filter((m) => m.length > 0).length}`,
    );

    expect(loads).toHaveLength(21);
    expect(pageErrors, 'page errors').toEqual([]);
    // Exactly once in the panel's notifier and in IndexedDB.
    const held = tally([widget.ids]);
    const inStore = new Set(stored.ids);
    expect(sent.filter((n) => held.get(n.id) !== 1)).toEqual([]);
    expect(sent.filter((n) => !inStore.has(n.id))).toEqual([]);
    expect(widget.cursor).toEqual({ epoch: hub.epoch, seq: sent.at(-1)!.seq });
    expect(stored.cursor).toEqual(widget.cursor);
    // Announced (toast, sound, OS notification) at most once across all the loads.
    expect(repeated(announced), 'announced in more than one page load').toEqual([]);
    expect(repeated(noted), 'lonceng-notification fired more than once').toEqual([]);
    expect(repeated(ownToasts), 'a toast of its own more than once').toEqual([]);
    expect(repeated(ownOs), 'an OS notification of its own more than once').toEqual([]);
    loads.forEach((l, i) => expect(chimes[i], `load ${l.load}: a chime per announced batch at most`).toBeLessThanOrEqual(l.os.length));
    // What a load found stored: the cursor never ahead of the notifications stored with it.
    expect(
      loads.filter((l) => l.load > 1 && !l.found),
      'every reload read the store',
    ).toEqual([]);
    aheadOfStore.forEach((missing, i) => expect(missing, `load ${i + 1}: covered by the stored cursor but not stored`).toEqual([]));
  });

  it('close mid-burst: the page closed during a burst of 2,000, reopened: the cursor was never ahead of the store, and everything arrives', async () => {
    const closeAfter = seededRandom(SEED ^ 0x9e3779b9).int(100, 1500);
    hub = await HubHost.start({ heartbeatMs: 1000, historySize: 10_000 });
    let closing: Promise<void> | undefined;
    let first: Page | undefined = undefined;
    // The page is closed from Node the moment it reports its `closeAfter`-th arrival.
    context = await newContext({ onArrivals: { count: closeAfter, listener: () => void (closing ??= first?.close()) } });
    first = await context.newPage();
    await first.goto(widgetUrl(hub));
    await waitWelcomed(first);

    // 2,000 within about a second, in chunks, so that the close lands while the burst is still coming in.
    const sent: HubNotification[] = [];
    for (let from = 0; from < 2000; from += 50) {
      sent.push(...(await hub.publish(USER, notificationInputs(`b${SEED}`, from, 50))));
      await sleep(25);
    }
    expect(await waitUntil(() => closing !== undefined, 30_000), `${closeAfter} arrivals before the close`).toBe(true);
    await closing;

    const blank = await context.newPage();
    await blank.goto(pages.blankUrl);
    const left = await readStored(blank, USER);
    await blank.close();
    console.log(
      `close mid-burst (seed ${SEED}): closed at the ${closeAfter}th arrival of 2000; ` +
        `the store held ${left.ids.length} with cursor ${JSON.stringify(left.cursor)}`,
    );
    expect(coveredButMissing(left, sent, hub.epoch), 'covered by the stored cursor but not stored').toEqual([]);

    const again = await context.newPage();
    await again.goto(widgetUrl(hub));
    await waitWelcomed(again);
    await holdsAll(again, sent);
    const [widget, stored, record] = await Promise.all([widgetState(again), readStored(again, USER), liveRecord(again)]);
    const held = new Set(widget.ids);
    const inStore = new Set(stored.ids);
    expect(
      sent.filter((n) => !held.has(n.id) || !inStore.has(n.id)),
      'missing after reopening',
    ).toEqual([]);
    expect(widget.cursor).toEqual({ epoch: hub.epoch, seq: sent.at(-1)!.seq });
    expect(stored.cursor).toEqual(widget.cursor);
    expect(repeated(tally([record.notes])), 'announced twice after reopening').toEqual([]);
    const storedBefore = new Set(left.ids);
    expect(
      record.notes.filter((id) => storedBefore.has(id)),
      'stored before the close, announced again',
    ).toEqual([]);
    expect(pageErrors, 'page errors').toEqual([]);
  });
});
