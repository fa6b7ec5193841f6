/**
 * The answer to a hello (docs/PROTOCOL.md §3.2 and the inbox extension), decided from where the
 * user's stream stands: the welcome frame, and the seq after which the socket is sent the stream.
 */
import type { StreamHead } from './history.js';

/** What the welcome advertises while the inbox extension is on. */
const FEATURES = ['history', 'state'];

export interface WelcomeOptions {
  heartbeatMs: number;
  inbox: boolean;
}

export interface Welcome {
  frame: Record<string, unknown>;
  /** The socket is sent every entry with a seq above this one, replay and live alike. */
  from: number;
}

/** Decides the welcome for a hello carrying `epoch` and `after` (not trusted yet). */
export function decideWelcome(head: StreamHead, epoch: unknown, after: unknown, options: WelcomeOptions): Welcome {
  const { floor, seq } = head;
  const resumes = epoch === head.epoch && typeof after === 'number';
  const inWindow = resumes && after >= floor && after <= seq;
  // A client from an earlier epoch (the stream started over) is welcomed at the floor, just
  // below the oldest entry held now, and gets them all: what was published between the restart
  // and its return is not skipped.
  const cameBack = typeof epoch === 'string' && epoch !== head.epoch;
  const from = inWindow ? after : cameBack ? floor : seq;
  const frame: Record<string, unknown> = { type: 'welcome', v: 1, epoch: head.epoch, seq: cameBack ? from : seq };
  if (options.heartbeatMs > 0) frame.heartbeatMs = options.heartbeatMs;
  if (resumes && !inWindow) frame.reset = true;
  if (options.inbox) {
    frame.features = FEATURES;
    // Unread notifications held with seq ≤ welcome.seq: at the floor, nothing is held.
    frame.unread = cameBack ? 0 : head.unread;
  }
  return { frame, from };
}
