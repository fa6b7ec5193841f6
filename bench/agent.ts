/**
 * The page side of the bench: installed in every page as an init script (before the widget's
 * script runs) and reached as `window.__bench`. Playwright sends `installAgent` to the page as
 * source text, so everything it uses is defined inside it.
 */

/** What the bench reads of `<lonceng-notifications>` in the page (the built script-tag widget). */
interface WidgetNotifier {
  readonly items: readonly unknown[];
  readonly unreadCount: number;
  readonly state: string;
  readonly cursor: unknown;
  readonly ready: Promise<void>;
  flush(): Promise<void>;
  on(type: 'notification', listener: () => void): () => void;
}

interface WidgetElement extends HTMLElement {
  readonly notifier?: WidgetNotifier;
}

export interface LongTasks {
  count: number;
  /** The longest task's duration in ms; 0 when there was none. */
  longest: number;
}

export interface BurstResult {
  /** ms from arming (just before the server publishes) until every notification is held. */
  ms: number;
  held: number;
  longTasks: LongTasks;
}

export interface ScrollOptions {
  /** Pixels scrolled per animation frame. */
  step: number;
  /** Stop once this many rows are rendered and scrolled through. */
  rows: number;
  /** Give up after this long without a new row while at the bottom. */
  stallMs: number;
  timeoutMs: number;
}

export type ScrollEnd = 'end marker' | 'rows rendered' | 'stalled' | 'cut short';

export interface ScrollResult {
  frames: number;
  longestFrame: number;
  totalMs: number;
  rows: number;
  held: number;
  ended: ScrollEnd;
  /** The end marker's text when the scroll stopped. */
  endText: string;
  longTasks: LongTasks;
}

export interface ColdStart {
  /** ms from navigation start until the notifier had loaded its stored state (`notifier.ready`). */
  readyAt: number | null;
  /** ms from navigation start until the first frame in which the badge read `99+`. */
  badgeAt: number | null;
  /** What the page showed when no badge came. */
  diagnosis: string;
}

export interface BenchAgent {
  /** Resolves once the widget is subscribed: socket open and a cursor from the welcome. */
  waitOpen(timeoutMs: number): Promise<void>;
  /** Resolves once the notifier holds at least `count` (polled every 50 ms: setup, not measured). */
  waitHeld(count: number, timeoutMs: number): Promise<number>;
  /** The notifier's `flush()`, then two frames and `quietMs` of idle time. */
  settle(quietMs: number): Promise<void>;
  /** Starts counting arrivals for a burst of `count`; call right before the server publishes. */
  armBurst(count: number): void;
  /** Resolves when the armed burst is held in full (checked every animation frame). */
  burstResult(timeoutMs: number): Promise<BurstResult>;
  /** Clicks the bell; ms until the panel's first item is painted. */
  openPanel(timeoutMs: number): Promise<number>;
  /** Scrolls the open panel's list from top to bottom, timing every frame. */
  scrollThrough(options: ScrollOptions): Promise<ScrollResult>;
  /**
   * Cold-start pages (`?cold=1`): resolves once the badge reads `99+`, or `graceMs` after the
   * stored state loaded without it, or after `timeoutMs`.
   */
  coldStart(timeoutMs: number, graceMs: number): Promise<ColdStart>;
}

declare global {
  interface Window {
    __bench: BenchAgent;
  }
}

/** The init script. */
export function installAgent(): void {
  const tasks: { start: number; end: number }[] = [];
  let observer: PerformanceObserver | null = null;
  const keep = (entries: PerformanceEntryList) => {
    for (const e of entries) tasks.push({ start: e.startTime, end: e.startTime + e.duration });
  };
  try {
    observer = new PerformanceObserver((list) => keep(list.getEntries()));
    observer.observe({ type: 'longtask', buffered: true });
  } catch {
    observer = null; // no Long Tasks API: every figure reads 0 tasks
  }

  /** Long tasks overlapping [from, to] (page time). */
  const longTasksIn = (from: number, to: number): LongTasks => {
    if (observer) keep(observer.takeRecords());
    const hits = tasks.filter((t) => t.end > from && t.start < to).map((t) => t.end - t.start);
    return { count: hits.length, longest: hits.length > 0 ? Math.max(...hits) : 0 };
  };

  const host = () => document.querySelector<WidgetElement>('lonceng-notifications');
  const notifier = () => host()?.notifier;
  const inner = (name: string) => host()?.shadowRoot?.querySelector(name)?.shadowRoot ?? null;
  const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  /** After the next paint: a task queued from a frame callback runs once that frame is drawn. */
  const painted = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

  /** Polls `check` every `everyMs` (or every frame when 0) until it returns a value; rejects after `timeoutMs`. */
  async function until<T>(what: string, check: () => T | null | undefined | false, timeoutMs: number, everyMs = 0): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await (everyMs > 0 ? sleep(everyMs) : frame());
    }
  }

  let burst: { t0: number; count: number; arrived: number; off: () => void } | null = null;

  /** The item part appearing in the panel's shadow root, noticed as soon as it is inserted. */
  function firstItem(timeoutMs: number): Promise<void> {
    const found = () => !!inner('lonceng-panel')?.querySelector('[part=item]');
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (error?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        mo.disconnect();
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => finish(new Error(`no panel item within ${timeoutMs} ms`)), timeoutMs);
      const mo = new MutationObserver(() => found() && finish());
      const root = inner('lonceng-panel');
      if (root) mo.observe(root, { childList: true, subtree: true });
      // Should the panel be replaced, its new shadow root is looked at every frame.
      const poll = () => {
        if (done) return;
        if (found()) finish();
        else requestAnimationFrame(poll);
      };
      poll();
    });
  }

  async function scrollThrough(options: ScrollOptions): Promise<ScrollResult> {
    const root = inner('lonceng-panel');
    const scroller = root?.querySelector<HTMLElement>('.scroll');
    if (!root || !scroller) throw new Error('the panel has no .scroll list');
    const held = notifier()?.items.length ?? 0;
    const rowsNow = () => scroller.querySelector('ul')?.childElementCount ?? 0;
    const endText = () => root.querySelector('.end')?.textContent?.trim() ?? '';
    // The end marker says there is nothing older (no "load older" button, nothing loading).
    const endReached = () => !root.querySelector('.end button') && endText() !== '';
    const atBottom = () => scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
    const durations: number[] = [];
    const t0 = await frame();
    let last = t0;
    let lastRows = rowsNow();
    let lastGrowth = t0;
    let ended: ScrollEnd;
    for (;;) {
      const now = await frame();
      durations.push(now - last);
      last = now;
      const rows = rowsNow();
      if (rows !== lastRows) [lastRows, lastGrowth] = [rows, now];
      const bottom = atBottom();
      // Once every row is rendered, the rest of the list is scrolled through too.
      if (bottom && rows >= held && endReached()) ended = 'end marker';
      else if (bottom && rows >= options.rows) ended = 'rows rendered';
      else if (bottom && now - lastGrowth > options.stallMs) ended = 'stalled';
      else if (now - t0 > options.timeoutMs) ended = 'cut short';
      else {
        scroller.scrollTop += options.step;
        continue;
      }
      break;
    }
    await painted();
    return {
      frames: durations.length,
      longestFrame: Math.max(0, ...durations),
      totalMs: last - t0,
      rows: lastRows,
      held,
      ended,
      endText: endText(),
      longTasks: longTasksIn(t0, last),
    };
  }

  const cold: ColdStart = { readyAt: null, badgeAt: null, diagnosis: '' };
  const badgeText = () => inner('lonceng-bell')?.querySelector('[part=badge]')?.textContent?.trim() ?? '';

  /** From the first frame on: when the notifier loaded its stored state, and the first frame with a 99+ badge. */
  function watchColdStart(): void {
    let following = false;
    const watch = () => {
      const n = notifier();
      if (n && !following) {
        following = true;
        void n.ready.then(() => (cold.readyAt = performance.now()));
      }
      if (badgeText() === '99+') cold.badgeAt = performance.now();
      else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  }

  async function coldStart(timeoutMs: number, graceMs: number): Promise<ColdStart> {
    const over = () => cold.badgeAt !== null || (cold.readyAt !== null && performance.now() - cold.readyAt > graceMs);
    await until('the cold start', over, timeoutMs).catch(() => undefined);
    if (cold.badgeAt === null) {
      const n = notifier();
      cold.diagnosis =
        `no 99+ badge ${cold.readyAt === null ? `within ${timeoutMs} ms` : `${graceMs} ms after the stored state loaded`}: ` +
        `badge "${badgeText()}", unreadCount ${n?.unreadCount ?? '-'}, ${n?.items.length ?? 0} held, state ${n?.state ?? '-'}`;
    }
    return { ...cold };
  }

  const agent: BenchAgent = {
    async waitOpen(timeoutMs) {
      await until('the welcome', () => notifier()?.state === 'open' && notifier()?.cursor != null, timeoutMs, 20);
    },

    async waitHeld(count, timeoutMs) {
      return until(`${count} held`, () => (notifier()?.items.length ?? 0) >= count && notifier()!.items.length, timeoutMs, 50);
    },

    async settle(quietMs) {
      await notifier()?.flush();
      await frame();
      await frame();
      await sleep(quietMs);
    },

    armBurst(count) {
      const n = notifier();
      if (!n) throw new Error('no notifier');
      burst?.off();
      const armed = { t0: performance.now(), count, arrived: 0, off: (): void => undefined };
      armed.off = n.on('notification', () => void armed.arrived++);
      burst = armed;
    },

    async burstResult(timeoutMs) {
      const armed = burst;
      if (!armed) throw new Error('no burst armed');
      // Counting arrivals costs nothing; `items` sorts everything held, so it is read once the count is in.
      const held = () => notifier()?.items.length ?? 0;
      let checked = armed.t0;
      await until(
        `a burst of ${armed.count}`,
        () => {
          const now = performance.now();
          if (armed.arrived >= armed.count) return true;
          // Should arrivals go uncounted (duplicates), the held count decides, twice a second.
          if (now - checked < 500) return false;
          checked = now;
          return held() >= armed.count;
        },
        timeoutMs,
      );
      const end = performance.now();
      armed.off();
      burst = null;
      await painted();
      return { ms: end - armed.t0, held: held(), longTasks: longTasksIn(armed.t0, end) };
    },

    async openPanel(timeoutMs) {
      const bell = inner('lonceng-bell')?.querySelector<HTMLElement>('[part=bell]');
      if (!bell) throw new Error('no bell part');
      const t0 = performance.now();
      bell.click();
      await firstItem(timeoutMs);
      await painted();
      return performance.now() - t0;
    },

    scrollThrough,
    coldStart,
  };
  window.__bench = agent;

  if (new URLSearchParams(location.search).has('cold')) watchColdStart();
}
