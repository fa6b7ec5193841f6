/** lonceng/core: the headless notification client, with no elements and no side effects. */
export { createNotifier, Notifier, NOTIFIER_DEFAULTS, type NotifierOptions } from './notifier.js';
export { Connection, AUTH_CLOSE_CODES, type ConnectionOptions, type UrlProvider } from './connection.js';
export { fullJitterDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
export {
  decodeV1,
  toServerFrame,
  toNotificationFrame,
  encodeFrame,
  MAX_FRAME_CHARS,
  PROTOCOL_VERSION,
  type ClientFrame,
  type ServerFrame,
  type HelloFrame,
  type WelcomeFrame,
  type NotificationFrame,
  type PingFrame,
  type StateFrame,
  type StateRequest,
  type StateChange,
  type HistoryFrame,
  type HistoryRequest,
  type Feature,
  type PongFrame,
  type FrameDecoder,
} from './protocol.js';
export {
  FallbackStore,
  IndexedDbStore,
  MemoryStore,
  databaseName,
  type InboxMeta,
  type NotificationStore,
  type StoreBatch,
  type StoreSnapshot,
} from './store.js';
export { PAGE_SIZE } from './history-pager.js';
export { MAX_IDS_PER_FRAME } from './outbox.js';
export { decoderFromParse, type ParseFunction, type ParsedNotification } from './parse.js';
export type { Transport, TransportSink } from './transport.js';
export type { NotifierEventMap } from './notifier-events.js';
export type { ConnectionState, Cursor, Logger, LoncengNotification, ResyncReason } from './types.js';
