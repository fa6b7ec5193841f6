import ReconnectingWebSocket from 'partysocket/ws';
import { DEFAULT_BACKOFF, fullJitterDelay, type BackoffOptions } from './backoff.js';
import { decodeV1, encodeFrame, type ClientFrame, type FrameDecoder } from './protocol.js';
import type { Transport, TransportSink } from './transport.js';
import type { ConnectionState, Logger } from './types.js';

/** A WebSocket URL, or a function giving one (e.g. with a fresh token) before every attempt. */
export type UrlProvider = string | (() => string | Promise<string>);

/**
 * The server's `heartbeatMs` is taken within these bounds: a tiny one would judge a healthy socket
 * dead over and over, a huge one would never notice a dead one.
 */
export const MIN_HEARTBEAT_MS = 1000;
export const MAX_HEARTBEAT_MS = 5 * 60_000;

/** Close codes after which retrying cannot help. */
export const AUTH_CLOSE_CODES: readonly number[] = [4401, 4403];

/** Closes a socket we replace: judged dead (no frame for 2 × heartbeat), or woken page / network back. */
const RECONNECT_CLOSE_CODE = 4000;

interface PageLike {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

export interface ConnectionOptions {
  url: UrlProvider;
  /** WebSocket constructor; defaults to the global one (pass `ws` in Node). */
  WebSocket?: unknown;
  backoff?: BackoffOptions;
  /** A connection attempt that is not open after this long is abandoned and retried. */
  connectionTimeoutMs?: number;
  decode?: FrameDecoder;
  logger?: Logger;
  now?: () => number;
  random?: () => number;
  /** The window to watch for online/offline and page lifecycle; null to watch nothing. */
  window?: PageLike | null;
  document?: (PageLike & { visibilityState?: string }) | null;
  navigator?: { onLine?: boolean } | null;
}

/** A connection open this long resets the backoff. */
export const MIN_UPTIME_MS = 1000;

/** How long a connection attempt may take by default. */
const CONNECTION_TIMEOUT_MS = 4000;

/** The page object an option names: the option when given (null included), else the global one, if any. */
function pageObject<K extends 'window' | 'document' | 'navigator'>(
  options: ConnectionOptions,
  name: K,
): NonNullable<ConnectionOptions[K]> | null {
  const given = options[name];
  return given !== undefined
    ? given
    : (((globalThis as Record<string, unknown>)[name] as NonNullable<ConnectionOptions[K]> | undefined) ?? null);
}

/**
 * Protocol v1 over a reconnecting WebSocket (partysocket): full-jitter backoff, heartbeat
 * deadline for half-open sockets, reaction to network and page lifecycle, auth close codes.
 */
export class Connection implements Transport {
  /** Frames dropped as malformed, for diagnostics. */
  dropped = 0;

  readonly #options: ConnectionOptions;
  readonly #now: () => number;
  readonly #window: PageLike | null;
  readonly #document: (PageLike & { visibilityState?: string }) | null;
  readonly #navigator: { onLine?: boolean } | null;
  #socket: ReconnectingWebSocket | undefined;
  #sink: TransportSink | undefined;
  /** Undefined until `start()`. */
  #state: ConnectionState | undefined;
  #heartbeatMs = 0;
  #lastFrameAt = 0;
  #heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #suspended = false;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    // Monotonic: a clock change must not judge a socket dead or keep a dead one.
    this.#now = options.now ?? (() => performance.now());
    this.#window = pageObject(options, 'window');
    this.#document = pageObject(options, 'document');
    this.#navigator = pageObject(options, 'navigator');
  }

  get state(): ConnectionState {
    return this.#state ?? 'connecting';
  }

  start(sink: TransportSink): void {
    if (this.#socket) return;
    this.#sink = sink;
    this.#setState(this.#isOffline() ? 'offline' : 'connecting');
    this.#openSocket();
    this.#listenToPage(true);
  }

  #openSocket(): void {
    const backoff = this.#options.backoff ?? DEFAULT_BACKOFF;
    const random = this.#options.random ?? Math.random;
    const { url } = this.#options;
    // The constructor already asks for the first delay, before `socket` is assigned: 0 then.
    // (A `const` would still be in its temporal dead zone there and throw.)
    let socket: ReconnectingWebSocket | undefined;
    // eslint-disable-next-line prefer-const
    socket = new ReconnectingWebSocket(typeof url === 'string' ? url : async () => url(), undefined, {
      WebSocket: this.#options.WebSocket,
      connectionTimeout: this.#options.connectionTimeoutMs ?? CONNECTION_TIMEOUT_MS,
      // Hello must be the first frame of every socket, so nothing may be queued ahead of it.
      maxEnqueuedMessages: 0,
      reconnectionDelayGrowFactor: 1,
      // The backoff starts over once a connection stayed up this long (partysocket's default, 5 s,
      // let brief connections during a flapping deploy grow the delay to its cap).
      minUptime: MIN_UPTIME_MS,
      maxReconnectionDelay: backoff.capMs,
      // partysocket's own delay has no jitter; it reads this option before every attempt.
      get minReconnectionDelay(): number {
        return fullJitterDelay(socket?.retryCount ?? 0, backoff, random);
      },
      shouldReconnectOnClose: (event: CloseEvent) => !AUTH_CLOSE_CODES.includes(event.code),
    });
    this.#socket = socket;
    socket.addEventListener('open', this.#onOpen);
    socket.addEventListener('message', this.#onMessage);
    socket.addEventListener('close', this.#onClose);
  }

  send(frame: ClientFrame): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== socket.OPEN) return false;
    return socket.send(encodeFrame(frame));
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#listenToPage(false);
    clearTimeout(this.#heartbeatTimer);
    this.#socket?.close(1000, 'client closed');
    this.#setState('closed');
  }

  /** Drops the current socket, if any, and connects again at once. */
  reconnectNow(reason = 'reconnect'): void {
    const old = this.#socket;
    if (this.#stopped || !old) return;
    this.#suspended = false;
    // A socket waiting out its backoff ignores reconnect() until the wait ends (partysocket
    // holds a connect lock meanwhile), so a fresh socket takes over at once.
    old.removeEventListener('open', this.#onOpen);
    old.removeEventListener('message', this.#onMessage);
    old.removeEventListener('close', this.#onClose);
    old.close(RECONNECT_CLOSE_CODE, reason);
    clearTimeout(this.#heartbeatTimer);
    if (this.#state === 'open' || this.#state === 'offline') this.#setState('reconnecting');
    this.#openSocket();
  }

  #onOpen = (): void => {
    this.#lastFrameAt = this.#now();
    this.#scheduleHeartbeatCheck();
    this.#setState('open');
    this.#sink?.open();
  };

  #onMessage = (event: Event): void => {
    this.#lastFrameAt = this.#now();
    const data = (event as MessageEvent<unknown>).data;
    const frames = (this.#options.decode ?? decodeV1)(data);
    if (frames.length === 0) {
      this.dropped++;
      this.#options.logger?.debug('lonceng: malformed frame', typeof data === 'string' ? data.slice(0, 200) : data);
      return;
    }
    for (const frame of frames) {
      if (frame.type === 'ping') {
        this.send({ type: 'pong' });
        continue;
      }
      if (frame.type === 'welcome' && frame.heartbeatMs) {
        this.#heartbeatMs = Math.min(Math.max(frame.heartbeatMs, MIN_HEARTBEAT_MS), MAX_HEARTBEAT_MS);
        this.#scheduleHeartbeatCheck();
      }
      try {
        this.#sink?.frame(frame);
      } catch (error) {
        this.#options.logger?.error('lonceng: a frame handler failed', error);
      }
    }
  };

  #onClose = (event: Event): void => {
    clearTimeout(this.#heartbeatTimer);
    const { code, reason } = event as CloseEvent;
    if (this.#stopped) return;
    if (AUTH_CLOSE_CODES.includes(code)) {
      // The socket is closed already; partysocket does not retry it.
      this.stop();
      this.#sink?.authError(code, reason ?? '');
      return;
    }
    this.#setState(this.#isOffline() || this.#suspended ? 'offline' : 'reconnecting');
  };

  #isOffline(): boolean {
    return this.#navigator?.onLine === false;
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#sink?.state(state);
  }

  // Background tabs run timers about once a minute, so the deadline is a timestamp that
  // is checked again whenever the page wakes, not just a timer.
  #scheduleHeartbeatCheck(): void {
    clearTimeout(this.#heartbeatTimer);
    if (!this.#heartbeatMs || this.#stopped) return;
    const remaining = this.#lastFrameAt + 2 * this.#heartbeatMs - this.#now();
    this.#heartbeatTimer = setTimeout(() => this.#checkHeartbeat(), Math.max(0, remaining) + 5);
  }

  #checkHeartbeat(): void {
    const socket = this.#socket;
    if (!this.#heartbeatMs || !socket || socket.readyState !== socket.OPEN) return;
    if (this.#now() - this.#lastFrameAt >= 2 * this.#heartbeatMs) {
      this.#options.logger?.debug('lonceng: heartbeat missed, reconnecting');
      this.reconnectNow('heartbeat timeout');
    } else {
      this.#scheduleHeartbeatCheck();
    }
  }

  #onOnline = (): void => this.reconnectNow('online');

  #onOffline = (): void => {
    if (this.#state !== 'closed') this.#setState('offline');
  };

  #onWake = (): void => {
    if (this.#document?.visibilityState === 'hidden') return;
    const socket = this.#socket;
    if (!socket || this.#stopped) return;
    if (this.#suspended || socket.readyState === socket.CLOSED) this.reconnectNow('page woke');
    else this.#checkHeartbeat();
  };

  // A page entering the back/forward cache or being frozen keeps no socket; it reconnects
  // and catches up from its cursor when it comes back.
  #onSuspend = (event: Event): void => {
    if (event.type === 'pagehide' && !(event as PageTransitionEvent).persisted) return;
    if (!this.#socket || this.#stopped) return;
    this.#suspended = true;
    clearTimeout(this.#heartbeatTimer);
    this.#socket.close(1001, 'page suspended');
    this.#setState('offline');
  };

  #listenToPage(on: boolean): void {
    const win = this.#window;
    const doc = this.#document;
    const method = on ? 'addEventListener' : 'removeEventListener';
    win?.[method]('online', this.#onOnline);
    win?.[method]('offline', this.#onOffline);
    win?.[method]('pageshow', this.#onWake);
    win?.[method]('focus', this.#onWake);
    win?.[method]('pagehide', this.#onSuspend);
    doc?.[method]('visibilitychange', this.#onWake);
    doc?.[method]('resume', this.#onWake);
    doc?.[method]('freeze', this.#onSuspend);
  }
}
