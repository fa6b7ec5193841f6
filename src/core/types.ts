/** Public data types of the headless core. */

/** Connection state as shown to users and fired in `lonceng-status`. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';

/** One notification as the notifier holds and stores it. Every field is plain text or data, never markup. */
export interface LoncengNotification {
  id: string;
  /** The server's sequence number, when it sent one. */
  seq?: number;
  /** Event name, e.g. `order.created`. */
  event: string;
  /** When it happened (ISO 8601, as the server sent it). */
  at: string;
  data: Record<string, unknown>;
  /** Server-given title and body win over the client's templates. */
  title?: string;
  body?: string;
  read: boolean;
  /** When this client received it (ms since epoch). */
  receivedAt: number;
}

/** Where a user's stream was left: the epoch and the highest seq received in it. */
export interface Cursor {
  epoch: string;
  seq: number;
}

/** Why the server could not fill a gap. */
export type ResyncReason = 'epoch' | 'reset';

/** Minimal logger; `console` fits. */
export interface Logger {
  debug(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}
