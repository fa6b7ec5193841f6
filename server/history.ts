/**
 * Per-user history for the Hub: ONE ordered stream per user in which notifications and state
 * changes (read / unread / archive) share the user's seq numbering, with each held
 * notification's current `read` and `archived` state (docs/PROTOCOL.md §3, §9 and the inbox
 * extension). The Hub talks to a store only through `HistoryStore` and `UserStream`; the
 * stores are server/memory-history.ts (the default) and server/redis-history.ts.
 */

import type { NotificationFrame, StateChange } from '../src/core/protocol.js';

/** A button on a notification (`actions` in a notification frame). */
export interface NotificationAction {
  label: string;
  url?: string;
  id?: string;
}

/**
 * A notification frame as the Hub stores and sends it: the protocol's frame, always sequenced;
 * `read` and `archived` are present (true) only while the user has it read or archived.
 */
export type HubNotification = NotificationFrame & { seq: number; actions?: NotificationAction[] };

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

/** Where a user's stream stands. */
export interface StreamHead {
  /** The epoch of the stream's numbering: it changes only when the numbering starts over. */
  epoch: string;
  /** The highest seq assigned so far (0 when none): `welcome.seq`. */
  seq: number;
  /** The highest seq no longer held (0 while everything is held). */
  floor: number;
  /** Unread, unarchived notifications held now. */
  unread: number;
}

/** What `UserStream.append` did. */
export interface Appended {
  /** The epoch the notifications were numbered in; null if the numbering started over during the batch. */
  epoch: string | null;
  /** One per field set, in order: the new notification, or the held one with that id. */
  notifications: HubNotification[];
}

/** What `UserStream.update` did. */
export interface Updated {
  epoch: string;
  /** The ids that changed. */
  changed: string[];
  /** The sequenced state entry, when one was appended. */
  entry: StateEntry | null;
}

/** A read of the stream's entries after some seq. */
export interface StreamRead {
  /** The stream's epoch; null when the stream does not exist (it was lost, or never written). */
  epoch: string | null;
  /** The stream's seq and floor at the time of the read. */
  seq: number;
  floor: number;
  /** Entries in seq order; notifications carry their current flags. */
  frames: StreamFrame[];
}

/**
 * One user's stream. Every method reads or changes the stream atomically; calls made without
 * awaiting the previous one take effect in call order. Objects it returns belong to it:
 * callers send or copy them and never modify them.
 */
export interface UserStream {
  /** The stream's epoch, seq, floor and unread count; starts the stream (and its epoch) when there is none. */
  head(): Promise<StreamHead>;
  /**
   * Numbers each notification with the next seq and appends it, dropping the oldest entries
   * beyond the bound. A notification whose id the stream still holds is not appended again:
   * the held one stands for it (a publisher's retry is not a second notification).
   */
  append(batch: readonly NotificationFields[]): Promise<Appended>;
  /**
   * Applies a state change to the held notifications named by `ids` (unknown ids, ids already in
   * that state, and read/unread of archived ones are left out). With `sequence` and at least one
   * change, it also appends ONE state entry with the next seq.
   */
  update(type: StateType, ids: readonly string[], sequence: boolean): Promise<Updated>;
  /** At most `limit` entries with seq > `after`, in seq order. */
  after(after: number, limit: number): Promise<StreamRead>;
  /** The unarchived notifications with seq < `before` (all when null), newest first, at most `limit`. */
  page(before: number | null, limit: number): Promise<HistoryPage>;
  /** Every held notification, archived ones included, in seq order. */
  notifications(): Promise<HubNotification[]>;
}

/** Told by a shared store about entries appended by any process (its own included). */
export interface FeedListener {
  /** An entry with `seq` was appended to the user's stream, numbered in `epoch`. */
  appended(user: string, seq: number, epoch: string): void;
  /** Reports may have been lost (the store's connection came back): every followed user should be read again. */
  missed(): void;
}

/** A shared store's reports of appends, for the users this process follows. */
export interface StoreFeed {
  /** Starts reporting the user's appends; resolves once no append made from then on can go unreported. */
  follow(user: string): Promise<void>;
  unfollow(user: string): Promise<void>;
  /** Stops every report. */
  close(): Promise<void>;
}

/** Where the Hub keeps its users' streams. */
export interface HistoryStore {
  /** The epoch of a store whose users all share one (the memory store); absent when each stream has its own. */
  readonly epoch?: string;
  /** The stream of one user; it exists once written (or once its head is read). */
  stream(user: string): UserStream;
  /** Forgets every user, as a restart without persistence does: their streams start over in a new epoch. */
  clear(): Promise<void>;
  /**
   * For a store that several processes share: reports appends made by any of them, so that
   * each process can send them to the sockets it holds.
   */
  feed?(listener: FeedListener): StoreFeed;
  /** Releases the store's connections. */
  close?(): Promise<void>;
}
