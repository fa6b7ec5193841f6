/** A bounded set of recently seen ids: remembers the newest `capacity`, forgets the oldest. */
export class RecentIds {
  readonly #ids = new Set<string>();

  constructor(readonly capacity: number) {}

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    // Adding a remembered id changes nothing: it keeps its place.
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) {
      // Sets iterate in insertion order, so the first entry is the oldest.
      const oldest = this.#ids.values().next().value as string;
      this.#ids.delete(oldest);
    }
  }

  get size(): number {
    return this.#ids.size;
  }
}
