/**
 * The measurements. Each run takes a fresh browser context (empty IndexedDB) and a user the
 * Hub has not seen, and goes through them in order, on the 10,000 notifications of one burst:
 *
 *   heap of the empty widget → burst of 10,000 (4) → heap with 10,000 held (5) → panel open (1)
 *   → scroll (2) → that page closed, a new one opened with the Hub silent: cold start (3).
 *
 * A step that fails is recorded as not measured; the run goes on unless the 10,000 are not held.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { installAgent, type ScrollResult } from './agent.js';
import { COUNT, type Results } from './metrics.js';
import type { BenchServer } from './server.js';
import { workload } from './workload.js';

export interface BenchConfig {
  runs: number;
  /** Pixels scrolled per animation frame in the scroll measurement. */
  scrollStep: number;
  /** How long one scroll through the list may take before it is cut short. */
  scrollMs: number;
}

export interface Bench {
  browser: Browser;
  server: BenchServer;
  config: BenchConfig;
  results: Results;
  /** Uncaught errors of the pages, for the report. */
  pageErrors: string[];
}

const VIEWPORT = { width: 1280, height: 860 };
const OPEN_TIMEOUT_MS = 15_000;
const BURST_TIMEOUT_MS = 60_000;
/** Idle time after writes are flushed, before a measurement starts. */
const QUIET_MS = 300;
/** A cold start that loaded its stored state but shows no 99+ badge this long after is given up. */
const BADGE_GRACE_MS = 3000;
/** The scroll stops when no row was added this long while at the bottom. */
const SCROLL_STALL_MS = 3000;
const MB = 1e6;

/**
 * The agent as init-script source. tsx compiles with esbuild's `keepNames`, which wraps named
 * functions in `__name(…)` calls: the helper is given beside it, as an identity.
 */
const AGENT_SCRIPT = `(() => { const __name = (fn) => fn; (${installAgent.toString()})(); })();`;

let users = 0;
/** A user the Hub has not seen: it keeps a stream per user. */
const freshUser = () => `bench-${++users}`;

async function newContext(bench: Bench): Promise<BrowserContext> {
  const context = await bench.browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ content: AGENT_SCRIPT });
  context.on('page', (page) =>
    page.on('pageerror', (error) => {
      if (!/ResizeObserver loop/.test(error.message)) bench.pageErrors.push(error.message.split('\n')[0]);
    }),
  );
  return context;
}

/** Opens the widget page for `user` and waits until it is subscribed. */
async function openPage(bench: Bench, context: BrowserContext, user: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(bench.server.pageUrl(user));
  await page.evaluate((ms) => window.__bench.waitOpen(ms), OPEN_TIMEOUT_MS);
  return page;
}

/** Flushes the notifier's writes and waits for a quiet moment. */
const settle = (page: Page) => page.evaluate((ms) => window.__bench.settle(ms), QUIET_MS);

/** JS heap in use after garbage collection, in MB (CDP). */
async function heapMB(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / MB;
  } finally {
    await cdp.detach();
  }
}

/** (4): 10,000 published at once to the connected page; until the notifier holds them all. */
async function burst(bench: Bench, page: Page, user: string): Promise<void> {
  const inputs = workload(COUNT);
  await page.evaluate((count) => window.__bench.armBurst(count), COUNT);
  const t0 = performance.now();
  await bench.server.hub.publishMany(user, inputs);
  bench.results.record('publish', performance.now() - t0);
  const result = await page.evaluate((ms) => window.__bench.burstResult(ms), BURST_TIMEOUT_MS);
  if (result.held !== COUNT) throw new Error(`after the burst the widget holds ${result.held}, not ${COUNT}`);
  bench.results.record('burst', result.ms);
  bench.results.record('burstTask', result.longTasks.longest);
}

/** (1): bell click → the panel's first item painted. */
async function openPanel(bench: Bench, page: Page): Promise<void> {
  bench.results.record('open', await page.evaluate((ms) => window.__bench.openPanel(ms), OPEN_TIMEOUT_MS));
}

/** (2): the open panel's list scrolled from top to bottom. */
async function scroll(bench: Bench, page: Page): Promise<void> {
  const { results, config } = bench;
  const options = { step: config.scrollStep, rows: COUNT, stallMs: SCROLL_STALL_MS, timeoutMs: config.scrollMs };
  const result = await page.evaluate((o) => window.__bench.scrollThrough(o), options);
  results.record('scrollFrame', result.longestFrame);
  results.record('scrollTask', result.longTasks.longest);
  results.record('scrollTotal', result.totalMs);
  results.record('scrollRows', result.rows);
  results.note(describeScroll(result));
}

/** How a scroll ended, in words shared by runs that ended alike (the rows are in the table). */
function describeScroll(s: ScrollResult): string {
  const marker = s.endText ? `, end marker reading "${s.endText}"` : ', no end marker text';
  return `Scroll ended: ${s.ended}, ${s.held.toLocaleString('en-US')} held${marker}`;
}

/** (3): a new page of the same context (its IndexedDB holds the 10,000), with the Hub silent. */
async function coldStart(bench: Bench, context: BrowserContext, user: string): Promise<void> {
  const { results, server } = bench;
  server.hub.silence(true);
  try {
    const page = await context.newPage();
    await page.goto(server.pageUrl(user, { cold: true }));
    const cold = await page.evaluate(([timeout, grace]) => window.__bench.coldStart(timeout, grace), [OPEN_TIMEOUT_MS, BADGE_GRACE_MS]);
    if (cold.readyAt !== null) results.record('coldReady', cold.readyAt);
    if (cold.badgeAt === null) throw new Error(cold.diagnosis);
    results.record('cold', cold.badgeAt);
  } finally {
    server.hub.silence(false);
  }
}

/** One run of every measurement on a fresh context; `step` records a failed step and goes on. */
async function runOnce(bench: Bench, context: BrowserContext, step: (name: string, fn: () => Promise<void>) => Promise<void>) {
  const { results } = bench;
  const user = freshUser();
  const page = await openPage(bench, context, user);
  await settle(page);
  await step('heap, empty', async () => results.record('heapEmpty', await heapMB(context, page)));
  await burst(bench, page, user); // everything after needs the 10,000: a failure ends the run
  await settle(page);
  await step('heap, 10,000 held', async () => results.record('heapHeld', await heapMB(context, page)));
  await step('panel open', () => openPanel(bench, page));
  await settle(page);
  await step('scroll', () => scroll(bench, page));
  await settle(page);
  await page.close();
  await step('cold start', () => coldStart(bench, context, user));
}

/** Runs everything `runs` times, each on a fresh context; `progress` hears of each run. */
export async function measureAll(bench: Bench, progress: (line: string) => void): Promise<void> {
  const { runs } = bench.config;
  for (let run = 1; run <= runs; run++) {
    const t0 = performance.now();
    const failed: string[] = [];
    const step = async (name: string, fn: () => Promise<void>) => {
      await fn().catch((error: unknown) => {
        failed.push(name);
        bench.results.fail(run, name, error);
      });
    };
    const context = await newContext(bench);
    try {
      await step('setup and burst', () => runOnce(bench, context, step));
    } finally {
      await context.close();
    }
    const took = ((performance.now() - t0) / 1000).toFixed(1);
    progress(`run ${run}/${runs}: ${took} s${failed.length > 0 ? `, not measured: ${failed.join(', ')}` : ''}`);
  }
}
