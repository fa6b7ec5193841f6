/**
 * What a chaos run watches inside the page: the widget's `lonceng-notification` and
 * `lonceng-status` events, and its announcements through the platform's seams (OS notifications
 * through `Notification`, the chime through `OscillatorNode.start`, toasts through the toaster's
 * `show`), plus what its IndexedDB holds. With `persist`, each page load keeps its own record in
 * `sessionStorage`, so records survive reloads of the tab.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { Cursor } from '../../src/core/types.js';

/** What the widget's IndexedDB holds for a user: its cursor and the ids of its notifications. */
export interface StoredState {
  cursor: Cursor | null;
  ids: string[];
}

/** One page load, as the recorder saw it. */
export interface LoadRecord {
  load: number;
  /** `lonceng-notification` ids, in order. */
  notes: string[];
  /** OS notifications the page created. */
  os: { title: string; body: string }[];
  /** Toasts the toaster was asked to show. */
  toasts: { key: string; title: string }[];
  /** Oscillators started: the built-in chime starts two. */
  tones: number;
  /** With `persist`: the IndexedDB as this load found it, before the widget touched it. */
  found: StoredState | null;
}

/** Connection states with the wall-clock time they were entered (`Date.now()`). */
export type StatusListener = (state: string, at: number) => void;

declare global {
  interface Window {
    __chaos?: LoadRecord;
    __chaosReadStore?: (user: string) => Promise<StoredState>;
    __chaosStatus?: StatusListener;
    __chaosArrivals?: () => void;
  }
}

/** Page side: defines `window.__chaosReadStore`, reading the widget's database without creating it. */
function defineStoreReader(): void {
  window.__chaosReadStore = (user) =>
    new Promise((resolve) => {
      const empty: StoredState = { cursor: null, ids: [] };
      const request = indexedDB.open(`lonceng:${user}`);
      // Nothing stored yet: leave the database for the widget to create.
      request.onupgradeneeded = () => request.transaction?.abort();
      request.onerror = () => resolve(empty);
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains('state')) {
          db.close();
          return resolve(empty);
        }
        const tx = db.transaction('state', 'readonly');
        const keys = tx.objectStore('state').getAllKeys();
        const cursor = tx.objectStore('state').get('cursor') as IDBRequest<Cursor | undefined>;
        tx.oncomplete = () => {
          db.close();
          const ids = keys.result
            .filter((key): key is string => typeof key === 'string' && key.startsWith('n:'))
            .map((key) => key.slice(2));
          resolve({ cursor: cursor.result ?? null, ids });
        };
        tx.onerror = () => {
          db.close();
          resolve(empty);
        };
      };
    });
}

/** Page side: the recorder, installed before any of the page's scripts run. */
function recordPage({ persist, user, arrivals }: { persist: boolean; user: string; arrivals: number | null }): void {
  // A new tab's first document (about:blank) has no storage to keep records in.
  if (!location.protocol.startsWith('http')) return;
  const load = persist ? Number(sessionStorage.getItem('chaos:loads') ?? 0) + 1 : 1;
  if (persist) sessionStorage.setItem('chaos:loads', String(load));
  const record: LoadRecord = { load, notes: [], os: [], toasts: [], tones: 0, found: null };
  window.__chaos = record;
  // sessionStorage is written at once: a record survives the page being reloaded right after.
  const save = persist ? () => sessionStorage.setItem(`chaos:load:${load}`, JSON.stringify(record)) : () => undefined;
  save();

  addEventListener('lonceng-notification', (event) => {
    record.notes.push((event as CustomEvent<{ notification: { id: string } }>).detail.notification.id);
    save();
    if (record.notes.length === arrivals) window.__chaosArrivals?.();
  });
  addEventListener('lonceng-status', (event) => {
    window.__chaosStatus?.((event as CustomEvent<{ state: string }>).detail.state, Date.now());
  });

  const Real = window.Notification as typeof Notification | undefined;
  if (Real) {
    window.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        record.os.push({ title, body: options?.body ?? '' });
        save();
      }
    };
  }
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
    record.tones++;
    save();
    return start.apply(this, args);
  };
  const define = CustomElementRegistry.prototype.define;
  CustomElementRegistry.prototype.define = function (name, constructor, options) {
    if (name === 'lonceng-toaster') {
      const proto = constructor.prototype as { show(toast: { key?: string; title: string }): unknown };
      const show = proto.show;
      proto.show = function (toast) {
        record.toasts.push({ key: toast.key ?? '', title: toast.title });
        save();
        return show.call(this, toast);
      };
    }
    return define.call(this, name, constructor, options);
  };

  if (persist) {
    // Opened before the widget opens its database, so this read sees what the last load left.
    void window.__chaosReadStore?.(user).then((found) => {
      record.found = found;
      save();
    });
  }
}

export interface RecorderOptions {
  /** Keep one record per page load in sessionStorage (for reloads). */
  persist?: boolean;
  /** The widget's `user`, whose database is read. */
  user: string;
  onStatus?: StatusListener;
  /** Called (in Node) once a page load has had `count` arrivals. */
  onArrivals?: { count: number; listener: () => void };
}

/** Installs the recorder in every page of `context`. */
export async function installRecorder(
  context: BrowserContext,
  { persist = false, user, onStatus, onArrivals }: RecorderOptions,
): Promise<void> {
  // Functions handed to the page lose the helpers a TypeScript loader may wrap them in (tsx's `__name`).
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  if (onStatus) await context.exposeFunction('__chaosStatus', onStatus);
  if (onArrivals) await context.exposeFunction('__chaosArrivals', onArrivals.listener);
  await context.addInitScript(defineStoreReader);
  await context.addInitScript(recordPage, { persist, user, arrivals: onArrivals?.count ?? null });
}

/** The current load's record. */
export const liveRecord = (page: Page): Promise<LoadRecord> => page.evaluate(() => window.__chaos!);

/** Every load's record (with `persist`), oldest first. */
export const loadRecords = (page: Page): Promise<LoadRecord[]> =>
  page.evaluate(() => {
    const loads = Number(sessionStorage.getItem('chaos:loads') ?? 0);
    return Array.from({ length: loads }, (_, i) => JSON.parse(sessionStorage.getItem(`chaos:load:${i + 1}`)!) as LoadRecord);
  });

/** What the page's IndexedDB holds for `user` now. */
export const readStored = (page: Page, user: string): Promise<StoredState> => page.evaluate((name) => window.__chaosReadStore!(name), user);

/** What the page's widget holds: its notifier's items, cursor and state. */
export const widgetState = (page: Page) =>
  page.evaluate(() => {
    const notifier = document.querySelector('lonceng-notifications')?.notifier;
    return {
      ids: notifier?.items.map((n) => n.id) ?? [],
      cursor: notifier?.cursor ?? null,
      state: notifier?.state ?? null,
      loading: notifier?.loading ?? false,
    };
  });

/** Waits until the widget's socket is welcomed and its first history page (if any) is in. */
export async function waitWelcomed(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const notifier = document.querySelector('lonceng-notifications')?.notifier;
      return notifier?.state === 'open' && notifier.cursor !== null && !notifier.loading;
    },
    undefined,
    { timeout, polling: 50 },
  );
}

/** Commits what the widget has received to IndexedDB. */
export const flushWidget = (page: Page): Promise<void> =>
  page.evaluate(() => document.querySelector('lonceng-notifications')!.notifier!.flush());
