import type { ConnectionState, LoncengNotification, ResyncReason } from '../core/types.js';

/** DOM events fired by `<lonceng-notifications>` (bubbling, composed), by type. */
export interface LoncengEventMap {
  'lonceng-notification': CustomEvent<{ notification: LoncengNotification }>;
  'lonceng-refresh': CustomEvent<{ events: string[]; notifications: LoncengNotification[] }>;
  'lonceng-open': CustomEvent<{ notification: LoncengNotification }>;
  'lonceng-status': CustomEvent<{ state: ConnectionState }>;
  'lonceng-auth-error': CustomEvent<{ code: number; reason: string }>;
  'lonceng-resync': CustomEvent<{ reason: ResyncReason }>;
}

declare global {
  // Typed listeners: element.addEventListener('lonceng-open', (e) => e.detail.notification).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends LoncengEventMap {}
}
