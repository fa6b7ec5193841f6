/**
 * A connection's frames read the way the widget reads them (docs/PROTOCOL.md §3.3, §13.4): the
 * stream entries after the welcome, the cursor they start from, the notifications held with their
 * read and archived state, and the unread count.
 */
import type { Frame } from './client.js';
import { streamSeq } from './frames.js';
import type { Connection } from './session.js';

/** A stream entry (a notification or a sequenced state frame) received on a connection. */
export interface Entry {
  /** Its index in the connection's `received`. */
  index: number;
  seq: number;
  frame: Frame;
}

/** A notification as the connection holds it after every frame it received. */
export interface Held {
  seq: number;
  id: string;
  frame: Frame;
  read: boolean;
  archived: boolean;
}

/**
 * The stream entries received after the welcome, in arrival order; `from` and `to` (indexes in
 * `received`, `to` excluded) narrow it down.
 */
export function entries(connection: Connection, from = connection.welcomeIndex + 1, to = connection.probe.received.length): Entry[] {
  const out: Entry[] = [];
  const received = connection.probe.received;
  for (let index = Math.max(from, connection.welcomeIndex + 1); index < Math.min(to, received.length); index++) {
    const frame = received[index].frame;
    const seq = frame && streamSeq(frame);
    if (frame && seq !== null) out.push({ index, seq, frame });
  }
  return out;
}

/**
 * The seq the connection's cursor starts from after its welcome (§3.3): the hello's `after` when
 * the welcome resumes it, else the welcome's seq.
 */
export function cursorStart(connection: Connection): number {
  const { welcome, probe } = connection;
  const hello = probe.hello;
  const seq = typeof welcome.seq === 'number' ? welcome.seq : 0;
  const resumes =
    hello !== null &&
    hello.epoch !== null &&
    hello.after !== null &&
    welcome.epoch === hello.epoch &&
    welcome.reset !== true &&
    seq >= hello.after;
  return resumes && hello.after !== null ? hello.after : seq;
}

/** The highest seq received on the connection so far (its cursor), or the start of its cursor. */
export function lastSeq(connection: Connection): number {
  return entries(connection).reduce((highest, entry) => Math.max(highest, entry.seq), cursorStart(connection));
}

const idsOf = (frame: Frame): string[] => (Array.isArray(frame.ids) ? frame.ids.filter((id): id is string => typeof id === 'string') : []);

/** The notifications received after the welcome, with the read and archived state the frames since gave them. */
export function held(connection: Connection): Held[] {
  const byId = new Map<string, Held>();
  for (const { seq, frame } of entries(connection)) {
    if (frame.type === 'notification') {
      if (typeof frame.id === 'string' && !byId.has(frame.id)) {
        byId.set(frame.id, { seq, id: frame.id, frame, read: frame.read === true, archived: frame.archived === true });
      }
      continue;
    }
    for (const id of idsOf(frame)) {
      const notification = byId.get(id);
      if (!notification || notification.archived) continue;
      if (frame.type === 'archive') notification.archived = true;
      else notification.read = frame.type === 'read';
    }
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * The user's unread count as the widget keeps it on this connection (§13.4), or null when the
 * welcome has no `unread`: the welcome's count, +1 for each new unread notification after it, set
 * by each later state frame's `unread`.
 */
export function unreadCount(connection: Connection): number | null {
  const start = connection.welcome.unread;
  if (typeof start !== 'number') return null;
  let count = start;
  const welcomed = typeof connection.welcome.seq === 'number' ? connection.welcome.seq : 0;
  const seen = new Set<string>();
  for (const { seq, frame } of entries(connection)) {
    // A replay (seq ≤ the welcome's) is already in the welcome's count.
    if (seq <= welcomed) continue;
    if (frame.type === 'notification') {
      const id = String(frame.id);
      if (!seen.has(id) && frame.read !== true && frame.archived !== true) count++;
      seen.add(id);
    } else if (typeof frame.unread === 'number') {
      count = frame.unread;
    }
  }
  return count;
}

/** Whether two JSON values are equal, whatever the order of their members. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

/** Seqs as short ranges for messages: `4–6, 9`. */
export function ranges(seqs: readonly number[]): string {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j;
  }
  return parts.join(', ');
}
