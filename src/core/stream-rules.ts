/**
 * The client's rules for a user's ordered stream (docs/PROTOCOL.md §3.3): what to say in `hello`,
 * whether a `welcome` resumes or starts the cursor afresh, and whether a `notification` is a
 * duplicate or moves the cursor.
 *
 * Pure: frames and the current position in, decisions out. No sockets, timers, stores or
 * events; the notifier acts on the decisions (sends, writes, fires).
 */
import type { HelloFrame, NotificationFrame, WelcomeFrame } from './protocol.js';
import type { Cursor, ResyncReason } from './types.js';

/** Where the client stands in the stream of the current socket. */
export interface StreamPosition {
  /** The stored cursor: the epoch and the highest seq received in it; null before any welcome ever. */
  cursor: Cursor | null;
  /** The epoch welcomed on the current socket; null until its welcome arrives. */
  liveEpoch: string | null;
}

/** What a welcome does to the cursor. */
export interface WelcomeDecision {
  /** The cursor from now on: the stored one when resuming, else the welcome's epoch and seq. */
  cursor: Cursor;
  /**
   * True when the cursor starts afresh and must be written to the store (even when its values
   * happen to equal the stored ones); false when the stored cursor is kept as it is.
   */
  store: boolean;
  /** Why the gap since the stored cursor cannot be filled; null when resuming or on a first connection. */
  resync: ResyncReason | null;
}

/** What a notification is: a duplicate to ignore, or new (and whether it moves the cursor). */
export type NotificationDecision =
  | {
      duplicate: true;
      /** `id`: its id is already held or remembered; `seq` (stream entries without an id): at or below the cursor. */
      reason: 'id' | 'seq';
    }
  | {
      duplicate: false;
      /** The cursor moved to the notification's seq, to be stored with it; null when it does not move. */
      cursor: Cursor | null;
    };

/**
 * The first frame after every open: the stored cursor as `epoch` and `after`, or nulls when
 * there is none.
 */
export function helloFrame(cursor: Cursor | null): HelloFrame {
  return { type: 'hello', v: 1, epoch: cursor?.epoch ?? null, after: cursor?.seq ?? null };
}

/**
 * Decides the cursor on a welcome.
 *
 * - Resume: a stored cursor of the welcome's epoch, no `reset`, and `welcome.seq ≥ stored.seq`
 *   keeps the stored cursor unchanged (nothing to write); the replay follows.
 * - Otherwise the cursor starts afresh at (`welcome.epoch`, `welcome.seq`) and is written, so
 *   nothing sent after the welcome can be missed. A resync is reported unless there was no stored
 *   cursor at all (first connection): `epoch` when the welcome's epoch differs from the stored one,
 *   `reset` when it is the same epoch, whether because of `reset: true` or because `welcome.seq` is
 *   below the stored seq (a server that went back without changing its epoch).
 */
export function decideWelcome(stored: Cursor | null, welcome: Pick<WelcomeFrame, 'epoch' | 'seq' | 'reset'>): WelcomeDecision {
  const resumes = stored !== null && stored.epoch === welcome.epoch && !welcome.reset && welcome.seq >= stored.seq;
  if (resumes) return { cursor: stored, store: false, resync: null };
  const resync: ResyncReason | null = stored === null ? null : stored.epoch === welcome.epoch ? 'reset' : 'epoch';
  return { cursor: { epoch: welcome.epoch, seq: welcome.seq }, store: true, resync };
}

/**
 * Decides whether a notification is new, and where the cursor goes.
 *
 * A notification is *sequenced* when it has a `seq`, the current socket has been welcomed, and the
 * cursor is in that welcomed (live) epoch. Only sequenced notifications are compared with the
 * cursor and move it; the others (no `seq`, before the welcome, or a cursor of another epoch) are
 * deduplicated by id only and leave the cursor where it is.
 *
 * - Duplicate: its `id` is `known` (held, or remembered after being dropped).
 * - Otherwise it is new. When sequenced above the cursor, the cursor moves to (`cursor.epoch`,
 *   `seq`); at or below the cursor (a server that misnumbered or resent it) it is still new, since
 *   its id is, and the cursor stays: a wrong seq never hides later notifications.
 *
 * `known` is asked first, once, and only ever about `frame.id`.
 */
export function decideNotification(
  position: StreamPosition,
  frame: Pick<NotificationFrame, 'id' | 'seq'>,
  known: (id: string) => boolean,
): NotificationDecision {
  if (known(frame.id)) return { duplicate: true, reason: 'id' };
  const decision = decideSequenced(position, frame.seq);
  // A new id at or below the cursor was misnumbered or resent by the server: shown, the cursor stays.
  return decision.duplicate ? { duplicate: false, cursor: null } : decision;
}

/**
 * The seq rule alone, for any entry of the user's stream (a notification, or a state frame of
 * the inbox extension): a sequenced entry at or below the cursor was applied already; above it,
 * it moves the cursor. Unsequenced entries are applied and leave the cursor alone.
 */
export function decideSequenced(position: StreamPosition, seq: number | undefined): NotificationDecision {
  const { cursor, liveEpoch } = position;
  const sequenced = seq !== undefined && liveEpoch !== null && cursor !== null && cursor.epoch === liveEpoch;
  if (!sequenced) return { duplicate: false, cursor: null };
  if (seq <= cursor.seq) return { duplicate: true, reason: 'seq' };
  return { duplicate: false, cursor: { epoch: cursor.epoch, seq } };
}
