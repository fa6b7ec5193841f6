import type { InboxMeta, NotificationStore } from './store.js';
import type { Cursor, LoncengNotification } from './types.js';

/**
 * Gathers writes for a short while and commits them as one store transaction, so a burst of
 * notifications costs a few transactions, and each cursor is stored with what it covers.
 */
export class WriteBatcher {
  readonly #store: NotificationStore;
  readonly #delayMs: number;
  #put = new Map<string, LoncengNotification>();
  #remove = new Set<string>();
  #cursor: Cursor | null | undefined;
  #meta: InboxMeta | undefined;
  /** Set while anything is gathered, as is `#gathered`: every change schedules the flush. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();
  /** Resolves when the batch being gathered is committed. */
  #gathered: Promise<void> | undefined;
  #resolveGathered: ((written: Promise<void>) => void) | undefined;

  constructor(store: NotificationStore, delayMs: number) {
    this.#store = store;
    this.#delayMs = delayMs;
  }

  put(item: LoncengNotification): void {
    this.#remove.delete(item.id);
    this.#put.set(item.id, { ...item });
    this.#schedule();
  }

  remove(id: string): void {
    this.#put.delete(id);
    this.#remove.add(id);
    this.#schedule();
  }

  cursor(cursor: Cursor | null): void {
    this.#cursor = cursor && { ...cursor };
    this.#schedule();
  }

  meta(meta: InboxMeta): void {
    this.#meta = { ...meta };
    this.#schedule();
  }

  /**
   * Resolves once everything gathered so far is committed (or its write failed), without hurrying
   * it. The same promise until more is gathered: comparing tells whether anything came since.
   */
  committed(): Promise<void> {
    return this.#gathered ?? this.#writing;
  }

  /** Commits everything gathered so far; resolves when it is stored. */
  flush(): Promise<void> {
    const gathered = this.#gathered;
    if (!gathered) return this.#writing;
    clearTimeout(this.#timer);
    this.#timer = this.#gathered = undefined;
    const batch = { put: [...this.#put.values()], remove: [...this.#remove], cursor: this.#cursor, meta: this.#meta };
    this.#put = new Map();
    this.#remove = new Set();
    this.#cursor = undefined;
    this.#meta = undefined;
    // Batches are committed one after another, so a later cursor never lands before an earlier one.
    this.#resolveGathered!(this.#writing.then(() => this.#store.write(batch)).catch(() => undefined));
    return (this.#writing = gathered);
  }

  #schedule(): void {
    if (this.#gathered) return;
    this.#gathered = new Promise((resolve) => (this.#resolveGathered = resolve));
    this.#timer = setTimeout(() => void this.flush(), this.#delayMs);
  }
}
