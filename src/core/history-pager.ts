import type { HistoryFrame, HistoryRequest, NotificationFrame } from './protocol.js';

/** How many notifications one history page asks for (a server gives at most 100). */
export const PAGE_SIZE = 50;
/** A page not answered within this long is given up; the admin can ask again. */
export const PAGE_TIMEOUT_MS = 10_000;
/** One `load()` walks at most this many pages looking for notifications not held yet. */
const MAX_PAGES_PER_LOAD = 40;

export interface PagerHost {
  /** Sends a request now; false when there is no welcomed socket. */
  send(frame: HistoryRequest): boolean;
  /** Takes a page's notifications in; returns how many were new here. */
  merge(items: NotificationFrame[]): number;
  /** `loading` or `hasMore` changed. */
  changed(): void;
}

interface Pending {
  id: string;
  resolve(page: HistoryFrame | null): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Pages through a user's history on the server, newest first: one request at a time, each
 * below the oldest seq of the page before. A walk starts at the newest page (after a resync,
 * or once held notifications were dropped) and skips pages whose notifications are all held.
 */
export class HistoryPager {
  /** Older pages may exist on the server. */
  hasMore = false;
  #before: number | null = null;
  #pending: Pending | null = null;
  #loading: Promise<boolean> | null = null;
  #lastId = 0;
  readonly #host: PagerHost;
  readonly #timeoutMs: number;

  constructor(host: PagerHost, timeoutMs = PAGE_TIMEOUT_MS) {
    this.#host = host;
    this.#timeoutMs = timeoutMs;
  }

  get loading(): boolean {
    return this.#loading !== null;
  }

  /** Walks from the newest page again on the next `load()`. */
  restart(): void {
    this.#before = null;
    this.#setMore(true);
  }

  /** The server keeps no history: nothing to load. */
  disable(): void {
    this.#setMore(false);
    this.cancel();
  }

  /** Fetches pages until one brings a notification not held here, or none remain; resolves `hasMore`. */
  load(): Promise<boolean> {
    if (!this.hasMore) return Promise.resolve(false);
    if (!this.#loading) {
      this.#loading = this.#walk().finally(() => {
        this.#loading = null;
        this.#host.changed();
      });
      this.#host.changed();
    }
    return this.#loading;
  }

  /** A history frame from the server; false when it answers no request of ours. */
  answer(frame: HistoryFrame): boolean {
    const pending = this.#pending;
    if (pending?.id !== frame.id) return false;
    this.#settle(frame);
    return true;
  }

  /** The socket went away: an outstanding request will not be answered. */
  cancel(): void {
    this.#settle(null);
  }

  async #walk(): Promise<boolean> {
    for (let i = 0; i < MAX_PAGES_PER_LOAD && this.hasMore; i++) {
      const page = await this.#request();
      if (!page) break;
      const seqs = page.items.flatMap((n) => (n.seq === undefined ? [] : [n.seq]));
      if (seqs.length > 0) this.#before = Math.min(...seqs);
      const added = this.#host.merge(page.items);
      this.#setMore(page.more && seqs.length > 0);
      if (added > 0) break;
    }
    return this.hasMore;
  }

  #request(): Promise<HistoryFrame | null> {
    const id = `h${++this.#lastId}`;
    if (!this.#host.send({ type: 'history', id, before: this.#before, limit: PAGE_SIZE })) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.#pending = { id, resolve, timer: setTimeout(() => this.#settle(null), this.#timeoutMs) };
    });
  }

  #settle(page: HistoryFrame | null): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = null;
    clearTimeout(pending.timer);
    pending.resolve(page);
  }

  #setMore(more: boolean): void {
    if (more === this.hasMore) return;
    this.hasMore = more;
    this.#host.changed();
  }
}
