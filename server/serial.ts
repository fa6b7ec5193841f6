/** Runs tasks one at a time per key, each after the ones queued before it under that key. */
export class KeyedSerial {
  readonly #tails = new Map<string, Promise<void>>();

  /** Queues `task` under `key`; resolves or rejects with its result. A failed task does not stop the ones after it. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    const result = previous ? previous.then(task) : task();
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values());
  }
}
