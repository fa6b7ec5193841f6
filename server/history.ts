/**
 * Per-user history for the reference Hub: ONE ordered stream per user in which notifications
 * and state changes (read / unread / archive) share the user's seq numbering, with each held
 * notification's current `read` and `archived` state (docs/PROTOCOL.md §3, §9 and the inbox
 * extension). The Hub talks to it only through `HistoryStore` and `UserStream`, so that a
 * persistent store (Redis, SQL) can replace the in-memory one below; the interface is
 * synchronous for now.
 */

import type { NotificationFrame, StateChange } from '../src/core/protocol.js';

/**
 * A notification frame as the Hub stores and sends it: the protocol's frame, always sequenced;
 * `read` and `archived` are present (true) only while the user has it read or archived.
 */
export type HubNotification = NotificationFrame & { seq: number };

/** The state changes of the inbox extension. */
export type StateType = StateChange;

/** A sequenced state entry, as sent to the user's sockets. */
export interface StateEntry {
  type: StateType;
  /** The ids that actually changed. */
  ids: string[];
  seq: number;
  /** The user's unread, unarchived count after the change. */
  unread: number;
}

/** One entry of a user's stream: a notification or a state entry. */
export type StreamFrame = HubNotification | StateEntry;

/** What a publisher supplies; the stream assigns `type` and `seq`. */
export type NotificationFields = Omit<HubNotification, 'type' | 'seq' | 'read' | 'archived'>;

/** One page of a user's inbox, answering a `history` request. */
export interface HistoryPage {
  /** Unarchived notifications, newest first. */
  items: HubNotification[];
  /** Whether older unarchived notifications exist below the last item. */
  more: boolean;
}

/**
 * One user's stream. Objects it returns belong to it: callers send or copy them and never
 * modify them.
 */
export interface UserStream {
  /** The highest seq assigned so far (0 when none): `welcome.seq`. */
  readonly seq: number;
  /** The highest seq no longer held (0 while everything is held). */
  readonly floor: number;
  /** Unread, unarchived notifications held now. */
  readonly unread: number;
  /** Numbers a notification with the next seq, appends it, and drops the oldest entries beyond the bound. */
  append(fields: NotificationFields): HubNotification;
  /**
   * Applies a state change to the held notifications named by `ids` and returns the ids that
   * changed (unknown ids, ids already in that state, and read/unread of archived ones are left
   * out). With `sequence` and at least one change, it also appends ONE state entry with the
   * next seq and returns it as `entry`.
   */
  update(type: StateType, ids: readonly string[], sequence: boolean): { changed: string[]; entry: StateEntry | null };
  /** Every entry with seq > `after`, in seq order; notifications carry their current flags. */
  after(after: number): StreamFrame[];
  /** The unarchived notifications with seq < `before` (all when null), newest first, at most `limit`. */
  page(before: number | null, limit: number): HistoryPage;
  /** Every held notification, archived ones included, in seq order. */
  notifications(): HubNotification[];
}

/** Where the Hub keeps its users' streams. */
export interface HistoryStore {
  /** The stream of one user, created empty on first use. */
  stream(user: string): UserStream;
  /** Forgets every user, as a restart without persistence does. */
  clear(): void;
}

/** A state entry as held: `lost` is the stream's count of unread notifications dropped so far, when it was made. */
interface HeldState extends StateEntry {
  lost: number;
}

type Held = HubNotification | HeldState;

const isNotification = (entry: Held): entry is HubNotification => entry.type === 'notification';

/** An in-memory stream holding at most `size` notifications (and the state entries among them). */
export class MemoryStream implements UserStream {
  #seq = 0;
  #floor = 0;
  #unread = 0;
  /** Unread, unarchived notifications dropped by the bound so far (see `after`). */
  #lost = 0;
  /** Held notifications. */
  #count = 0;
  /** Entries in seq order from `#head` on; the slots before it are dropped ones awaiting compaction. */
  #entries: Held[] = [];
  #head = 0;
  readonly #byId = new Map<string, HubNotification>();
  readonly #size: number;

  constructor(size: number) {
    this.#size = Math.max(0, Math.floor(size));
  }

  get seq(): number {
    return this.#seq;
  }

  get floor(): number {
    return this.#floor;
  }

  get unread(): number {
    return this.#unread;
  }

  append(fields: NotificationFields): HubNotification {
    const notification: HubNotification = { type: 'notification', ...fields, seq: ++this.#seq };
    this.#entries.push(notification);
    this.#byId.set(notification.id, notification);
    this.#count++;
    this.#unread++;
    if (this.#count > this.#size) this.#trim();
    return notification;
  }

  update(type: StateType, ids: readonly string[], sequence: boolean): { changed: string[]; entry: StateEntry | null } {
    const changed: string[] = [];
    for (const id of ids) {
      const n = this.#byId.get(id);
      if (!n || n.archived) continue;
      if (type === 'read' && !n.read) {
        n.read = true;
        this.#unread--;
      } else if (type === 'unread' && n.read) {
        delete n.read;
        this.#unread++;
      } else if (type === 'archive') {
        n.archived = true;
        if (!n.read) this.#unread--;
      } else continue;
      changed.push(id);
    }
    if (!sequence || changed.length === 0) return { changed, entry: null };
    const held: HeldState = { type, ids: changed, seq: ++this.#seq, unread: this.#unread, lost: this.#lost };
    this.#entries.push(held);
    return { changed, entry: this.#frame(held) };
  }

  after(after: number): StreamFrame[] {
    const out: StreamFrame[] = [];
    for (let i = this.#indexFrom(Math.floor(after) + 1); i < this.#entries.length; i++) {
      const entry = this.#entries[i];
      out.push(isNotification(entry) ? entry : this.#frame(entry));
    }
    return out;
  }

  page(before: number | null, limit: number): HistoryPage {
    const items: HubNotification[] = [];
    let i = (before === null ? this.#entries.length : this.#indexFrom(before)) - 1;
    for (; i >= this.#head && items.length < limit; i--) {
      const entry = this.#entries[i];
      if (isNotification(entry) && !entry.archived) items.push(entry);
    }
    let more = false;
    for (; i >= this.#head && !more; i--) {
      const entry = this.#entries[i];
      more = isNotification(entry) && !entry.archived;
    }
    return { items, more };
  }

  notifications(): HubNotification[] {
    const out: HubNotification[] = [];
    for (let i = this.#head; i < this.#entries.length; i++) {
      const entry = this.#entries[i];
      if (isNotification(entry)) out.push(entry);
    }
    return out;
  }

  /**
   * A held state entry as sent. Its `unread` is the count after the change less the unread
   * notifications the bound has dropped since: replayed from the floor (a client back from
   * another epoch), the last state entry then leaves the client's count at what the server
   * holds now, not at a count that includes notifications gone since.
   */
  #frame(held: HeldState): StateEntry {
    return { type: held.type, ids: held.ids, seq: held.seq, unread: Math.max(0, held.unread - (this.#lost - held.lost)) };
  }

  /** Index of the first held entry with seq ≥ `seq` (binary search: seqs increase). */
  #indexFrom(seq: number): number {
    let lo = this.#head;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#entries[mid].seq >= seq) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Drops the oldest notifications beyond the bound, and the state entries below the oldest one kept. */
  #trim(): void {
    const entries = this.#entries;
    while (this.#head < entries.length && (this.#count > this.#size || !isNotification(entries[this.#head]))) {
      const entry = entries[this.#head++];
      this.#floor = entry.seq;
      if (!isNotification(entry)) continue;
      this.#count--;
      if (this.#byId.get(entry.id) === entry) this.#byId.delete(entry.id);
      if (!entry.read && !entry.archived) {
        this.#unread--;
        this.#lost++;
      }
    }
    if (this.#head === entries.length) {
      this.#entries = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > entries.length) {
      this.#entries = entries.slice(this.#head);
      this.#head = 0;
    }
  }
}

/** The default store: every user's stream in this process's memory, bounded by `size` notifications each. */
export class MemoryHistoryStore implements HistoryStore {
  readonly #streams = new Map<string, MemoryStream>();

  constructor(readonly size: number) {}

  stream(user: string): UserStream {
    let stream = this.#streams.get(user);
    if (!stream) this.#streams.set(user, (stream = new MemoryStream(this.size)));
    return stream;
  }

  clear(): void {
    this.#streams.clear();
  }
}
