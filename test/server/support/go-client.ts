/** The real headless client (createNotifier from src/core) in Node, pointed at the Go hub. */
import WebSocket from 'ws';
import { createNotifier, MemoryStore, type Notifier, type NotifierOptions } from '../../../src/core/index.js';
import type { LoncengNotification } from '../../../src/core/types.js';

/** `ws` with a fixed Origin header, as a browser on that origin sends it; keeps every socket it opened. */
export function webSocketFrom(origin: string | undefined) {
  const sockets: WebSocket[] = [];
  class OriginWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, origin ? { origin } : {});
      sockets.push(this);
    }
  }
  return { WebSocket: OriginWebSocket, sockets };
}

export interface NodeClient {
  notifier: Notifier;
  /** Every notification the notifier announced, in order. */
  received: LoncengNotification[];
  resyncs: string[];
  authErrors: { code: number; reason: string }[];
}

/** A notifier with fast backoff, a memory store and no page to watch. */
export function nodeClient(options: NotifierOptions): NodeClient {
  const notifier = createNotifier({
    store: new MemoryStore(),
    backoff: { baseMs: 20, capMs: 200 },
    window: null,
    document: null,
    navigator: null,
    logger: { debug() {}, warn() {}, error: console.error },
    ...options,
  });
  const client: NodeClient = { notifier, received: [], resyncs: [], authErrors: [] };
  notifier.on('notification', (e) => client.received.push(e.detail.notification));
  notifier.on('resync', (e) => client.resyncs.push(e.detail.reason));
  notifier.on('auth-error', (e) => client.authErrors.push(e.detail));
  return client;
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
