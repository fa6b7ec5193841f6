/**
 * The default history store: every user's stream in this process's memory, bounded by a number
 * of notifications per user. All users share the store's epoch, which `clear()` renews.
 */
import { randomUUID } from 'node:crypto';
import type {
  Appended,
  HistoryPage,
  HistoryStore,
  HubNotification,
  NotificationFields,
  StateEntry,
  StateType,
  StreamFrame,
  StreamHead,
  StreamRead,
  Updated,
  UserStream,
} from './history.js';

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
  /** Unread, unarchived notifications dropped by the bound so far (see `#frame`). */
  #lost = 0;
  /** Held notifications. */
  #count = 0;
  /** Entries in seq order from `#head` on; the slots before it are dropped ones awaiting compaction. */
  #entries: Held[] = [];
  #head = 0;
  readonly #byId = new Map<string, HubNotification>();
  readonly #size: number;
  readonly #epoch: () => string;

  /** `epoch` names the numbering this stream's seqs belong to (its store's, read at each call). */
  constructor(size: number, epoch: string | (() => string) = randomUUID()) {
    this.#size = Math.max(0, Math.floor(size));
    this.#epoch = typeof epoch === 'string' ? () => epoch : epoch;
  }

  async head(): Promise<StreamHead> {
    return { epoch: this.#epoch(), seq: this.#seq, floor: this.#floor, unread: this.#unread };
  }

  async append(batch: readonly NotificationFields[]): Promise<Appended> {
    const notifications = batch.map((fields) => this.#append(fields));
    return { epoch: this.#epoch(), notifications };
  }

  async update(type: StateType, ids: readonly string[], sequence: boolean): Promise<Updated> {
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
    const epoch = this.#epoch();
    if (!sequence || changed.length === 0) return { epoch, changed, entry: null };
    const held: HeldState = { type, ids: changed, seq: ++this.#seq, unread: this.#unread, lost: this.#lost };
    this.#entries.push(held);
    return { epoch, changed, entry: this.#frame(held) };
  }

  async after(after: number, limit: number): Promise<StreamRead> {
    const frames: StreamFrame[] = [];
    for (let i = this.#indexFrom(Math.floor(after) + 1); i < this.#entries.length && frames.length < limit; i++) {
      const entry = this.#entries[i];
      frames.push(isNotification(entry) ? entry : this.#frame(entry));
    }
    return { epoch: this.#epoch(), seq: this.#seq, floor: this.#floor, frames };
  }

  async page(before: number | null, limit: number): Promise<HistoryPage> {
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

  async notifications(): Promise<HubNotification[]> {
    const out: HubNotification[] = [];
    for (let i = this.#head; i < this.#entries.length; i++) {
      const entry = this.#entries[i];
      if (isNotification(entry)) out.push(entry);
    }
    return out;
  }

  #append(fields: NotificationFields): HubNotification {
    const held = this.#byId.get(fields.id);
    if (held) return held;
    const notification: HubNotification = { type: 'notification', ...fields, seq: ++this.#seq };
    this.#entries.push(notification);
    this.#byId.set(notification.id, notification);
    this.#count++;
    this.#unread++;
    if (this.#count > this.#size) this.#trim();
    return notification;
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
      this.#byId.delete(entry.id);
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

/** Every user's stream in this process's memory, bounded by `size` notifications each. */
export class MemoryHistoryStore implements HistoryStore {
  readonly #streams = new Map<string, MemoryStream>();
  #epoch: string = randomUUID();

  constructor(readonly size: number) {}

  /** The epoch all of this store's streams are numbered in; `clear()` starts a new one. */
  get epoch(): string {
    return this.#epoch;
  }

  /** Renames the current numbering (the streams keep their seqs): for a process that restores its streams and their epoch. */
  set epoch(epoch: string) {
    this.#epoch = epoch;
  }

  stream(user: string): UserStream {
    let stream = this.#streams.get(user);
    if (!stream) this.#streams.set(user, (stream = new MemoryStream(this.size, () => this.#epoch)));
    return stream;
  }

  async clear(): Promise<void> {
    this.#streams.clear();
    this.#epoch = randomUUID();
  }
}
