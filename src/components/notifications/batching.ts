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
  constructor(
    private readonly onBatch: (batch: T[]) => void,
    private readonly idleMs = 150,
    private readonly maxMs = 1000,
  ) {}

  add(item: T): void {
    this.#batch.push(item);
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.flush(), this.idleMs);
    this.#maxTimer ??= setTimeout(() => this.flush(), this.maxMs);
  }

  flush(): void {
    clearTimeout(this.#idleTimer);
    clearTimeout(this.#maxTimer);
    this.#maxTimer = undefined;
    const batch = this.#batch;
    this.#batch = [];
    if (batch.length > 0) this.onBatch(batch);
  }

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

  constructor(
    private readonly fire: (items: T[]) => void,
    private readonly intervalMs = 1000,
    private readonly leadMs = 50,
    private readonly now: () => number = Date.now,
  ) {}

  add(item: T): void {
    this.#pending.push(item);
    if (this.#timer !== undefined) return;
    const wait = Math.max(this.leadMs, this.#lastFired + this.intervalMs - this.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#lastFired = this.now();
      const items = this.#pending;
      this.#pending = [];
      this.fire(items);
    }, wait);
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
  }
}
