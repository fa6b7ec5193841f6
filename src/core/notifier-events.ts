/** The headless notifier's events: their map by type, a typed EventTarget, and a typed event factory. */
import type { ConnectionState, LoncengNotification, ResyncReason } from './types.js';

/** Events of the headless notifier, by type. */
export interface NotifierEventMap {
  /** The connection state changed. */
  state: CustomEvent<{ state: ConnectionState }>;
  /** A new (not duplicate) notification arrived. */
  notification: CustomEvent<{ notification: LoncengNotification }>;
  /**
   * Items or read state changed; coalesced, at most about once per frame. The detail is an empty
   * object; typed without an index signature so that reading any field of it does not compile.
   */
  change: CustomEvent<Record<never, never>>;
  /** The server could not fill the gap since the last visit (new epoch or reset). */
  resync: CustomEvent<{ reason: ResyncReason }>;
  /** The server refused the user (close 4401/4403); the notifier will not retry. */
  'auth-error': CustomEvent<{ code: number; reason: string }>;
}

type Detail<K extends keyof NotifierEventMap> = NotifierEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * An EventTarget whose `on()` accepts only the event types of its map `M`, with each listener
 * typed by its event. `M` may be an interface (no index signature needed, none wanted: an index
 * signature would let any string through). Returns the unsubscribe function.
 */
export class TypedEventTarget<M extends { [K in keyof M]: Event }> extends EventTarget {
  on<K extends keyof M & string>(type: K, listener: (event: M[K]) => void, options?: AddEventListenerOptions): () => void {
    this.addEventListener(type, listener as unknown as EventListener, options);
    return () => this.removeEventListener(type, listener as unknown as EventListener, options);
  }
}

export const notifierEvent = <K extends keyof NotifierEventMap>(type: K, detail: Detail<K>): NotifierEventMap[K] =>
  new CustomEvent(type, { detail }) as NotifierEventMap[K];
