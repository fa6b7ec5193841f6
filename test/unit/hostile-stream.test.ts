// A server that errs or a clock that jumps must not silence the stream: wrong seqs, a second
// welcome, future dates, redelivered read marks, a missing welcome, flapping connections.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { MemoryStore, type Notifier, type StoreBatch } from '../../src/core/index.js';
import { nodeNotifier, sleep, waitFor, waitForState } from './support.js';

const opened: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

const track = <T extends { notifier: Notifier }>(made: T): T => {
  opened.push(made.notifier);
  return made;
};

interface ScriptedServer {
  url: string;
  /** Every socket in the order it connected. */
  sockets: WebSocket[];
  /** Every hello received, in order. */
  hellos: { epoch: string | null; after: number | null }[];
  /** Close codes of the sockets the client closed, in order. */
  closes: number[];
}

/** A raw protocol server: `onHello` decides what each socket gets after its hello. */
async function scriptedServer(onHello: (socket: WebSocket, index: number) => void): Promise<ScriptedServer> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  const server: ScriptedServer = { url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`, sockets: [], hellos: [], closes: [] };
  wss.on('connection', (socket) => {
    const index = server.sockets.push(socket) - 1;
    socket.on('close', (code) => server.closes.push(code));
    socket.once('message', (data) => {
      server.hellos.push(JSON.parse(String(data)) as ScriptedServer['hellos'][number]);
      onHello(socket, index);
    });
  });
  opened.push({ close: () => new Promise((resolve) => (wss.clients.forEach((s) => s.terminate()), wss.close(resolve))) });
  return server;
}

const send = (socket: WebSocket, frame: object) => socket.send(JSON.stringify(frame));
const welcome = (epoch: string, seq: number) => ({ type: 'welcome', v: 1, epoch, seq });
const note = (id: string, seq?: number, extra: object = {}) => ({
  type: 'notification',
  id,
  seq,
  event: 'order.created',
  at: new Date().toISOString(),
  data: { orderCode: id, customerName: 'Budi', totalAmount: 1000 },
  ...extra,
});

describe('sequence numbers a server got wrong', () => {
  it('a seq far ahead does not hide the notifications after it; the next connection starts afresh', async () => {
    const server = await scriptedServer((socket, index) => {
      if (index > 0) return send(socket, { ...welcome('e1', 11), reset: true });
      send(socket, welcome('e1', 0));
      send(socket, note('n1', 1));
      send(socket, note('bogus', 1_000_000_000));
      for (let seq = 2; seq <= 11; seq++) send(socket, note(`n${seq}`, seq));
    });
    const { notifier, received } = track(nodeNotifier({ url: server.url }));
    await waitFor(() => received.length === 12, `all 12 (got ${received.length})`);
    expect(received.map((n) => n.id)).toEqual(['n1', 'bogus', ...Array.from({ length: 10 }, (_, i) => `n${i + 2}`)]);
    expect(notifier.duplicates).toBe(0);

    const resyncs: string[] = [];
    notifier.on('resync', (event) => resyncs.push(event.detail.reason));
    server.sockets[0].close(1012);
    await waitFor(() => resyncs.length === 1, 'the resync of the second connection');
    expect(server.hellos[1]).toMatchObject({ epoch: 'e1', after: 1_000_000_000 });
    expect(notifier.cursor).toEqual({ epoch: 'e1', seq: 11 });
  });

  it('shows a notification with a backwards seq and a new id, and never moves the cursor back', async () => {
    const server = await scriptedServer((socket) => {
      send(socket, welcome('e1', 0));
      send(socket, note('a', 5));
      send(socket, note('b', 3));
      send(socket, note('a', 6)); // a known id stays a duplicate, whatever its seq
      send(socket, note('c', 6));
    });
    const { notifier, received } = track(nodeNotifier({ url: server.url }));
    await waitFor(() => received.length === 3, 'three');
    await sleep(50);
    expect(received.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(notifier.duplicates).toBe(1);
    expect(notifier.cursor).toEqual({ epoch: 'e1', seq: 6 });
  });

  it('ignores a second welcome on the same socket', async () => {
    const server = await scriptedServer((socket) => {
      send(socket, welcome('e1', 0));
      send(socket, note('n1', 1));
      send(socket, welcome('e2', 40));
      for (let seq = 2; seq <= 6; seq++) send(socket, note(`n${seq}`, seq));
    });
    const resyncs: unknown[] = [];
    const { notifier, received } = track(nodeNotifier({ url: server.url }));
    notifier.on('resync', (event) => resyncs.push(event.detail));
    await waitFor(() => received.length === 6, `all 6 (got ${received.length})`);
    expect(notifier.cursor).toEqual({ epoch: 'e1', seq: 6 });
    expect(resyncs).toEqual([]);
  });

  it('takes a redelivered notification marked read as a read mark for the one held', async () => {
    const server = await scriptedServer((socket) => {
      send(socket, welcome('e1', 0));
      send(socket, note('n1', 1));
      setTimeout(() => send(socket, note('n1', 1, { read: true })), 100);
    });
    const { notifier } = track(nodeNotifier({ url: server.url }));
    await waitFor(() => notifier.items.length === 1, 'held');
    expect(notifier.unreadCount).toBe(1);
    await waitFor(() => notifier.unreadCount === 0, 'read by the redelivery');
    expect(notifier.items[0].read).toBe(true);
    expect(notifier.duplicates).toBe(1);
  });
});

it("orders and keeps notifications by arrival when a server's clock dates them in the future", async () => {
  const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString();
  const server = await scriptedServer((socket) => {
    send(socket, welcome('e1', 0));
    for (let i = 1; i <= 10; i++) send(socket, note(`future${i}`, i, { at: nextYear, read: true }));
    setTimeout(() => {
      for (let i = 1; i <= 10; i++) send(socket, note(`real${i}`, 10 + i, { read: true }));
    }, 50);
  });
  const { notifier } = track(nodeNotifier({ url: server.url, maxItems: 5 }));
  await waitFor(() => notifier.items.some((n) => n.id === 'real10'), 'the real ones');
  await sleep(60);
  expect(notifier.items.map((n) => n.id)).toEqual(['real10', 'real9', 'real8', 'real7', 'real6']);
});

describe('timers', () => {
  it('reconnects when a server that welcomed before does not welcome a new socket', async () => {
    const server = await scriptedServer((socket, index) => {
      if (index === 1) return; // the second socket never gets its welcome
      send(socket, welcome('e1', 0));
      if (index === 0) setTimeout(() => socket.close(1012), 100);
    });
    const { notifier } = track(nodeNotifier({ url: server.url }));
    await waitFor(() => server.sockets.length === 3, 'a third socket after the missing welcome', 14_000);
    expect(server.closes[1]).toBe(4000);
    await waitForState(notifier, 'open');
  }, 20_000);

  it('starts the backoff over after a connection that stayed up a second', async () => {
    const connectedAt: number[] = [];
    const closedAt: number[] = [];
    const server = await scriptedServer((socket) => {
      connectedAt.push(performance.now());
      send(socket, welcome('e1', 0));
      setTimeout(() => {
        closedAt.push(performance.now());
        socket.close(1012);
      }, 1200);
    });
    // The longest delay full jitter allows: 0.5 s before the first retry, doubling after each.
    track(nodeNotifier({ url: server.url, backoff: { baseMs: 500, capMs: 30_000 }, random: () => 0.999 }));
    await waitFor(() => connectedAt.length === 6, 'six connections', 15_000);
    const waits = closedAt.slice(0, 5).map((t, i) => connectedAt[i + 1] - t);
    console.log(`reconnect waits after 1.2 s connections: ${waits.map((w) => Math.round(w)).join(', ')} ms`);
    // Without the reset they would be about 500, 1000, 2000, 4000, 8000 ms.
    for (const wait of waits) expect(wait).toBeLessThan(900);
  }, 20_000);

  it('judges the heartbeat on a monotonic clock: a silent socket is dropped even when the wall clock goes back', async () => {
    // A raw server (the hub in this process would see the clock change too).
    const pingers: ReturnType<typeof setInterval>[] = [];
    const server = await scriptedServer((socket) => {
      send(socket, { ...welcome('e1', 0), heartbeatMs: 1000 });
      if (server.sockets.length === 1) pingers.push(setInterval(() => send(socket, { type: 'ping' }), 400));
    });
    // The system clock, which can be set back an hour while the page runs.
    const realNow = Date.now;
    let offset = 0;
    Date.now = () => realNow() + offset;
    let silentFrom: number;
    try {
      const { notifier } = track(nodeNotifier({ url: server.url }));
      await waitForState(notifier, 'open');
      await sleep(500);
      // The clock goes back, and the socket goes silent (half-open) at that moment.
      offset = -3_600_000;
      pingers.forEach(clearInterval);
      silentFrom = performance.now();
      await waitFor(() => server.closes.length === 1, 'the silent socket dropped', 5000);
    } finally {
      Date.now = realNow;
    }
    expect(server.closes[0]).toBe(4000);
    expect(performance.now() - silentFrom).toBeLessThan(3500);
    await waitFor(() => server.sockets.length === 2, 'a new socket');
  });
});

it('announces a notification only once it is stored, so a reload before the commit cannot announce it twice', async () => {
  const committed = new Set<string>();
  class SlowStore extends MemoryStore {
    override async write(batch: StoreBatch): Promise<void> {
      await sleep(80);
      await super.write(batch);
      for (const item of batch.put) committed.add(item.id);
    }
  }
  const server = await scriptedServer((socket) => {
    send(socket, welcome('e1', 0));
    for (let seq = 1; seq <= 50; seq++) send(socket, note(`n${seq}`, seq));
  });
  const announcedBeforeStored: string[] = [];
  const { received } = track(nodeNotifier({ url: server.url, store: new SlowStore() }));
  const made = opened.at(-1) as Notifier;
  made.on('notification', (event) => {
    if (!committed.has(event.detail.notification.id)) announcedBeforeStored.push(event.detail.notification.id);
  });
  await waitFor(() => received.length === 50, 'all 50 announced');
  expect(announcedBeforeStored).toEqual([]);
});
