/**
 * Gathers arrivals that come close together into one batch: a replay after a reconnect, or a
 * flurry of orders, becomes one toast, one sound and one OS notification.
 */
export class ArrivalBatcher<T> {
  #batch: T[] = [];
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #maxTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param onBatch receives each batch
   * @param idleMs a batch closes when nothing more arrived for this long
   * @param maxMs ...or when it has been open this long, so a steady stream still shows
   */
  readonly #onBatch: (batch: T[]) => void;
  readonly #idleMs: number;
  readonly #maxMs: number;

  constructor(onBatch: (batch: T[]) => void, idleMs = 150, maxMs = 1000) {
    this.#onBatch = onBatch;
    this.#idleMs = idleMs;
    this.#maxMs = maxMs;
  }

  add(item: T): void {
    this.#batch.push(item);
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.flush(), this.#idleMs);
    this.#maxTimer ??= setTimeout(() => this.flush(), this.#maxMs);
  }

  flush(): void {
    const batch = this.#batch;
    this.cancel();
    if (batch.length > 0) this.#onBatch(batch);
  }

  /** Drops the open batch. */
  cancel(): void {
    clearTimeout(this.#idleTimer);
    clearTimeout(this.#maxTimer);
    this.#maxTimer = undefined;
    this.#batch = [];
  }
}

/**
 * Coalesces calls so that `fire` runs at most once per `intervalMs`, each time with everything
 * gathered since the last run; the first of a quiet spell goes out after `leadMs`.
 */
export class Throttle<T> {
  #pending: T[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastFired = -Infinity;

  readonly #fire: (items: T[]) => void;
  readonly #intervalMs: number;
  readonly #leadMs: number;
  readonly #now: () => number;

  constructor(fire: (items: T[]) => void, intervalMs = 1000, leadMs = 50, now: () => number = Date.now) {
    this.#fire = fire;
    this.#intervalMs = intervalMs;
    this.#leadMs = leadMs;
    this.#now = now;
  }

  add(item: T): void {
    this.#pending.push(item);
    if (this.#timer !== undefined) return;
    const wait = Math.max(this.#leadMs, this.#lastFired + this.#intervalMs - this.#now());
    this.#timer = setTimeout(() => {
      const items = this.#pending;
      this.cancel();
      this.#lastFired = this.#now();
      this.#fire(items);
    }, wait);
  }

  /** Drops what was gathered and not yet fired. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
  }
}
