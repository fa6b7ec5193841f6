import { MAX_STATE_IDS, type StateChange, type StateRequest } from './protocol.js';

/** A server takes at most this many ids in one state frame (docs/PROTOCOL.md §13.7): the protocol's one limit. */
export { MAX_STATE_IDS as MAX_IDS_PER_FRAME };

/**
 * State changes made here and not yet sent: the latest change of each notification wins, so a
 * notification read and then marked unread while offline sends only `unread`.
 */
export class StateOutbox {
  readonly #changes = new Map<string, StateChange>();

  add(change: StateChange, ids: Iterable<string>): void {
    for (const id of ids) {
      // Re-inserting moves the id to the end: changes go out in the order they were last made.
      this.#changes.delete(id);
      this.#changes.set(id, change);
    }
  }

  get size(): number {
    return this.#changes.size;
  }

  /**
   * Takes everything out as frames of at most `MAX_IDS_PER_FRAME` ids, keeping only the kinds of
   * change the server takes (`read` alone for a server without the state extension).
   */
  drain(accepted: readonly StateChange[]): StateRequest[] {
    const byChange = new Map<StateChange, string[]>();
    for (const [id, change] of this.#changes) {
      if (!accepted.includes(change)) continue;
      let ids = byChange.get(change);
      if (!ids) byChange.set(change, (ids = []));
      ids.push(id);
    }
    this.#changes.clear();
    const frames: StateRequest[] = [];
    for (const [type, ids] of byChange) {
      for (let i = 0; i < ids.length; i += MAX_STATE_IDS) frames.push({ type, ids: ids.slice(i, i + MAX_STATE_IDS) });
    }
    return frames;
  }
}
