import type { ClientFrame, ServerFrame } from './protocol.js';
import type { ConnectionState } from './types.js';

/** What a transport reports to the notifier. */
export interface TransportSink {
  /** A new socket is open: the notifier answers with `hello`. */
  open(): void;
  /** One valid server frame (pings are answered by the transport and not passed on). */
  frame(frame: ServerFrame): void;
  state(state: ConnectionState): void;
  /** The server refused the user (close 4401/4403); the transport has stopped. */
  authError(code: number, reason: string): void;
}

/**
 * The seam between the notifier and whatever delivers protocol frames: its own WebSocket
 * (`Connection`), or frames relayed from another tab.
 */
export interface Transport {
  start(sink: TransportSink): void;
  /** Sends a frame now; false when there is no open socket (the frame is not queued). */
  send(frame: ClientFrame): boolean;
  stop(): void;
  /** Drops the current socket and connects again. */
  reconnectNow?(reason?: string): void;
  /** How many incoming frames were dropped as malformed. */
  readonly dropped?: number;
}
