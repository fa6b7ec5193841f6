import WebSocket from 'ws';
import { Hub, type HubOptions } from '../../server/hub.js';
import { createNotifier, MemoryStore, type Notifier, type NotifierOptions } from '../../src/core/index.js';
import type { LoncengNotification } from '../../src/core/types.js';

/** A quiet logger that records what it was told. */
export const recordingLogger = () => {
  const lines: { level: string; args: unknown[] }[] = [];
  const log =
    (level: string) =>
    (...args: unknown[]) =>
      void lines.push({ level, args });
  return { lines, debug: log('debug'), warn: log('warn'), error: log('error') };
};

export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const hub = new Hub({ heartbeatMs: 0, ...options });
  await hub.listen(0, '127.0.0.1');
  return hub;
}

/** A notifier in Node: `ws` as WebSocket, memory store, fast backoff, no page to watch. */
export function nodeNotifier(options: NotifierOptions & { user?: string } = {}) {
  const received: LoncengNotification[] = [];
  const notifier = createNotifier({
    WebSocket,
    store: new MemoryStore(),
    backoff: { baseMs: 20, capMs: 200 },
    window: null,
    document: null,
    navigator: null,
    logger: recordingLogger(),
    ...options,
  });
  notifier.on('notification', (event) => received.push(event.detail.notification));
  return { notifier, received };
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const waitForState = (notifier: Notifier, state: string, timeoutMs?: number) =>
  waitFor(() => notifier.state === state, `state ${state} (now ${notifier.state})`, timeoutMs);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
