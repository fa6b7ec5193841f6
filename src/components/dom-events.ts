import type { ConnectionState, LoncengNotification, ResyncReason } from '../core/types.js';

/** Why a toast left: its time ran out, the user dismissed or activated it, or newer toasts pushed it out. */
export type ToastDismissReason = 'timeout' | 'user' | 'overflow';

export interface ToastActivateDetail {
  key: string;
  /** What `show()` was given as `ref`. */
  ref: unknown;
}

export interface ToastDismissDetail extends ToastActivateDetail {
  reason: ToastDismissReason;
}

/**
 * Every DOM event the elements fire (bubbling, composed), by type. `emit()` accepts only these
 * names with their detail, and they are registered on the global event maps, so listeners on
 * an element, the document or the window are typed.
 */
export interface LoncengEventMap {
  'lonceng-notification': CustomEvent<{ notification: LoncengNotification }>;
  'lonceng-refresh': CustomEvent<{ events: string[]; notifications: LoncengNotification[] }>;
  'lonceng-open': CustomEvent<{ notification: LoncengNotification }>;
  'lonceng-status': CustomEvent<{ state: ConnectionState }>;
  'lonceng-auth-error': CustomEvent<{ code: number; reason: string }>;
  'lonceng-resync': CustomEvent<{ reason: ResyncReason }>;
  'lonceng-toast-activate': CustomEvent<ToastActivateDetail>;
  'lonceng-toast-dismiss': CustomEvent<ToastDismissDetail>;
}

/** The `detail` of the DOM event `K`. */
export type LoncengEventDetail<K extends keyof LoncengEventMap> = LoncengEventMap[K]['detail'];

declare global {
  // HTMLElementEventMap, DocumentEventMap and WindowEventMap all extend this one.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends LoncengEventMap {}
}
