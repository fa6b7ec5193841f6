import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { Hub } from '../../server/hub.js';
import { MIN_HEARTBEAT_MS } from '../../src/core/connection.js';
import { MemoryStore, type Notifier } from '../../src/core/index.js';
import { nodeNotifier, sleep, startHub, waitFor, waitForState } from './support.js';

const order = (n: number) => ({ event: 'order.created', data: { orderCode: `ORD-${n}`, customerName: 'Budi', totalAmount: 150000 } });

let hub: Hub | undefined;
const notifiers: Notifier[] = [];
const track = <T extends { notifier: Notifier }>(made: T): T => (notifiers.push(made.notifier), made);

afterEach(async () => {
  await Promise.all(notifiers.splice(0).map((n) => n.close()));
  await hub?.close();
  hub = undefined;
});

describe('notifier against a protocol v1 server', () => {
  it('says hello with no cursor on a first visit, then receives live notifications in order', async () => {
    hub = await startHub();
    const resyncs: unknown[] = [];
    const { notifier, received } = track(nodeNotifier({ url: `${hub.url}?user=alice` }));
    notifier.on('resync', (e) => resyncs.push(e.detail));
    await waitForState(notifier, 'open');
    await waitFor(() => hub!.openSockets('alice') === 1, 'welcome');
    await hub.publish('alice', order(1));
    await hub.publish('alice', order(2));
    await waitFor(() => received.length === 2, 'two notifications');
    expect(hub.stats.hellos[0]).toEqual({ type: 'hello', v: 1, epoch: null, after: null });
    expect(received.map((n) => n.data.orderCode)).toEqual(['ORD-1', 'ORD-2']);
    expect(notifier.items.map((n) => n.data.orderCode)).toEqual(['ORD-2', 'ORD-1']);
    expect(notifier.unreadCount).toBe(2);
    expect(notifier.cursor).toEqual({ epoch: hub.epoch, seq: 2 });
    expect(resyncs).toEqual([]);
  });

  it('resumes after a dropped connection and replays what it missed, once each', async () => {
    hub = await startHub();
    const { notifier, received } = track(nodeNotifier({ url: `${hub.url}?user=alice` }));
    await waitFor(() => hub!.openSockets('alice') === 1, 'welcome');
    for (let i = 1; i <= 3; i++) await hub.publish('alice', order(i));
    await waitFor(() => received.length === 3, 'first three');
    hub.drop();
    for (let i = 4; i <= 8; i++) await hub.publish('alice', order(i));
    await waitFor(() => received.length === 8, 'replay of five');
    await sleep(100);
    expect(received.map((n) => n.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(hub.stats.hellos.at(-1)).toEqual({ type: 'hello', v: 1, epoch: hub.epoch, after: 3 });
    expect(notifier.duplicates).toBe(0);
  });

  it('ignores an overlapping replay and repeated ids from a server that sends too much', async () => {
    // A sloppy server: on every hello it replays its whole history, whatever the cursor says,
    // and it sends one notification twice under the same id with no seq.
    const history = [1, 2, 3].map((seq) => ({
      type: 'notification',
      id: `n${seq}`,
      seq,
      event: 'stock.low',
      at: new Date().toISOString(),
      data: { productName: 'Kopi', stock: seq },
    }));
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => wss.once('listening', resolve));
    let connections = 0;
    wss.on('connection', (socket) => {
      connections++;
      socket.once('message', () => {
        // The first welcome starts the client afresh at 0, so what follows is live.
        socket.send(JSON.stringify({ type: 'welcome', v: 1, epoch: 'e1', seq: connections === 1 ? 0 : history.length }));
        for (const frame of history) socket.send(JSON.stringify(frame));
        const extra = {
          type: 'notification',
          id: 'plain-1',
          event: 'user.registered',
          at: new Date().toISOString(),
          data: { name: 'Sari', email: 'sari@example.id' },
        };
        socket.send(JSON.stringify(extra));
        socket.send(JSON.stringify(extra));
        if (connections === 1) setTimeout(() => socket.terminate(), 50);
      });
    });
    try {
      const port = (wss.address() as { port: number }).port;
      const { notifier, received } = track(nodeNotifier({ url: `ws://127.0.0.1:${port}` }));
      await waitFor(() => connections === 2 && notifier.state === 'open', 'second connection');
      await sleep(200);
      expect(received.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'plain-1']);
      expect(notifier.items).toHaveLength(4);
      // Second copy of plain-1 on the first socket; n1–n3 and both plain-1 on the second.
      expect(notifier.duplicates).toBe(6);
    } finally {
      wss.close();
    }
  });

  it('resyncs when the server restarted with a new epoch, and loses nothing sent afterwards', async () => {
    hub = await startHub();
    const resyncs: string[] = [];
    const { notifier, received } = track(nodeNotifier({ url: `${hub.url}?user=alice` }));
    notifier.on('resync', (e) => resyncs.push(e.detail.reason));
    await waitFor(() => hub!.openSockets('alice') === 1, 'welcome');
    await hub.publish('alice', order(1));
    await waitFor(() => received.length === 1, 'first');
    const oldEpoch = hub.epoch;
    await hub.restart({ keepBuffer: false, downMs: 100 });
    await waitFor(() => resyncs.length === 1, 'resync');
    await hub.publish('alice', order(2));
    await waitFor(() => received.length === 2, 'after restart');
    expect(resyncs).toEqual(['epoch']);
    expect(hub.epoch).not.toBe(oldEpoch);
    expect(notifier.cursor).toEqual({ epoch: hub.epoch, seq: 1 });
    expect(notifier.items).toHaveLength(2);
  });

  it('after a restart, delivers what was published before it reconnected', async () => {
    hub = await startHub();
    const resyncs: string[] = [];
    const { notifier, received } = track(nodeNotifier({ url: `${hub.url}?user=alice` }));
    notifier.on('resync', (e) => resyncs.push(e.detail.reason));
    await waitFor(() => hub!.openSockets('alice') === 1, 'welcome');
    await hub.publish('alice', order(1));
    await waitFor(() => received.length === 1, 'first');
    const restarting = hub.restart({ keepBuffer: false, downMs: 300 });
    await sleep(50);
    // Published into the new epoch while the client is still away.
    await hub.publish('alice', order(2));
    await hub.publish('alice', order(3));
    await restarting;
    await waitFor(() => received.length === 3, 'the two published during the restart');
    expect(received.map((n) => n.data.orderCode)).toEqual(['ORD-1', 'ORD-2', 'ORD-3']);
    expect(resyncs).toEqual(['epoch']);
    expect(notifier.cursor).toEqual({ epoch: hub.epoch, seq: 2 });
  });

  it('reports open only once the server has welcomed it, so nothing published then is missed', async () => {
    // A server that takes a while to welcome: a client that said "open" at once would let
    // notifications published in that time slip by.
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => wss.once('listening', resolve));
    const states: string[] = [];
    let welcome: (() => void) | undefined;
    wss.on('connection', (socket) => {
      socket.once('message', () => {
        welcome = () => {
          socket.send(JSON.stringify({ type: 'welcome', v: 1, epoch: 'e', seq: 0 }));
          socket.send(
            JSON.stringify({ type: 'notification', id: 'n1', seq: 1, event: 'stock.low', at: new Date().toISOString(), data: {} }),
          );
        };
      });
    });
    try {
      const { notifier, received } = track(nodeNotifier({ url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}` }));
      notifier.on('state', (e) => states.push(e.detail.state));
      await waitFor(() => welcome !== undefined, 'hello');
      await sleep(200);
      expect(notifier.state).toBe('connecting');
      welcome!();
      await waitForState(notifier, 'open');
      await waitFor(() => received.length === 1, 'the notification');
      expect(states).toEqual(['open']);
    } finally {
      wss.close();
    }
  });

  it('counts a server that never welcomes (no protocol v1) as open after a grace period', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => wss.once('listening', resolve));
    try {
      const { notifier } = track(nodeNotifier({ url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}` }));
      await sleep(1000);
      expect(notifier.state).toBe('connecting');
      await waitForState(notifier, 'open', 5000);
    } finally {
      wss.close();
    }
  });

  /** Alice receives 1, leaves, and comes back after 2–20 while the server keeps only 5. */
  async function backAfterAGap(inbox: boolean) {
    hub = await startHub({ historySize: 5, inbox });
    const store = new MemoryStore();
    const first = track(nodeNotifier({ url: `${hub.url}?user=alice`, store }));
    await waitFor(() => hub!.openSockets('alice') === 1, 'welcome');
    await hub.publish('alice', order(1));
    await waitFor(() => first.received.length === 1, 'first');
    await first.notifier.close();
    for (let i = 2; i <= 20; i++) await hub.publish('alice', order(i));
    return track(nodeNotifier({ url: `${hub.url}?user=alice`, store }));
  }

  it('resyncs with reason reset when the gap is older than the server keeps', async () => {
    const second = await backAfterAGap(false);
    const resyncs: string[] = [];
    second.notifier.on('resync', (e) => resyncs.push(e.detail.reason));
    await waitFor(() => resyncs.length === 1, 'resync');
    expect(resyncs).toEqual(['reset']);
    expect(second.received).toEqual([]);
    expect(second.notifier.items).toHaveLength(1);
    expect(second.notifier.cursor?.seq).toBe(20);
  });

  it('after a reset, shows the newest page of a server that keeps history, without announcing it', async () => {
    const second = await backAfterAGap(true);
    await waitFor(() => second.notifier.items.length === 6, 'the newest page');
    expect(second.received).toEqual([]);
    expect(second.notifier.items.map((n) => n.seq)).toEqual([20, 19, 18, 17, 16, 1]);
    expect(second.notifier.hasMore).toBe(false);
    expect(second.notifier.unreadCount).toBe(5);
  });

  it('detects a half-open socket by its silence and reconnects, then catches up', async () => {
    // The shortest heartbeat the client takes (a smaller one is raised to it): dead after 2 s.
    hub = await startHub({ heartbeatMs: MIN_HEARTBEAT_MS });
    const { notifier, received } = track(nodeNotifier({ url: `${hub.url}?user=alice` }));
    await waitFor(() => hub!.openSockets('alice') === 1, 'welcome');
    hub.silence(true);
    await hub.publish('alice', order(1));
    const before = hub.stats.connections;
    await waitFor(() => hub!.stats.connections > before, 'a reconnect after silence', 4500);
    hub.silence(false);
    await waitFor(() => received.length === 1, 'caught up');
    expect(received[0].seq).toBe(1);
    await waitForState(notifier, 'open');
  });

  it('takes a tiny heartbeatMs as 1 s, so a server pinging every 500 ms keeps one healthy socket', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => wss.once('listening', resolve));
    let connections = 0;
    const pingers: ReturnType<typeof setInterval>[] = [];
    wss.on('connection', (socket) => {
      connections++;
      socket.once('message', () => {
        socket.send(JSON.stringify({ type: 'welcome', v: 1, epoch: 'e1', seq: 0, heartbeatMs: 1 }));
        pingers.push(setInterval(() => socket.send('{"type":"ping"}'), 500));
      });
    });
    try {
      const port = (wss.address() as { port: number }).port;
      const { notifier } = track(nodeNotifier({ url: `ws://127.0.0.1:${port}` }));
      await waitForState(notifier, 'open');
      await sleep(2500);
      expect(connections).toBe(1);
      expect(notifier.state).toBe('open');
    } finally {
      pingers.forEach(clearInterval);
      await new Promise((resolve) => wss.close(resolve));
    }
  });

  it('stops retrying after close code 4401 and reports the auth error', async () => {
    hub = await startHub();
    const errors: unknown[] = [];
    const { notifier } = track(nodeNotifier({ url: `${hub.url}?user=alice` }));
    notifier.on('auth-error', (e) => errors.push(e.detail));
    await waitFor(() => hub!.openSockets('alice') === 1, 'welcome');
    hub.closeUser('alice', 4401, 'session expired', { deny: true });
    await waitFor(() => errors.length === 1, 'auth error');
    const connections = hub.stats.connections;
    await sleep(600);
    expect(errors).toEqual([{ code: 4401, reason: 'session expired' }]);
    expect(notifier.state).toBe('closed');
    expect(hub.stats.connections).toBe(connections);
  });

  it('keeps retrying while the async URL provider rejects, and connects once it succeeds', async () => {
    hub = await startHub();
    let attempts = 0;
    const url = async () => {
      attempts++;
      if (attempts <= 4) throw new Error('token fetch failed');
      return `${hub!.url}?user=alice&token=t${attempts}`;
    };
    const { notifier, received } = track(nodeNotifier({ url }));
    await waitForState(notifier, 'open', 5000);
    await hub.publish('alice', order(1));
    await waitFor(() => received.length === 1, 'a notification');
    expect(attempts).toBe(5);
  });

  it('ignores malformed frames without dropping the connection', async () => {
    hub = await startHub();
    const { notifier, received } = track(nodeNotifier({ url: `${hub.url}?user=alice` }));
    await waitFor(() => hub!.openSockets('alice') === 1, 'welcome');
    const garbage = [
      'not json',
      '',
      '[1,2,3]',
      'null',
      '{"type":"bogus"}',
      '{"type":"notification"}',
      '{"type":"notification","id":5,"event":"order.created","at":"2026-01-01T00:00:00Z","data":{}}',
      '{"type":"notification","id":"x","event":"order.created","at":"2026-01-01T00:00:00Z","data":"<b>"}',
      '{"type":"notification","id":"y","event":"order.created","at":"2026-01-01T00:00:00Z","seq":-1,"data":{}}',
      '{"type":"welcome","epoch":7,"seq":"a"}',
      '{"type":"read","ids":"all"}',
      JSON.stringify({
        type: 'notification',
        id: 'huge',
        event: 'order.created',
        at: '2026-01-01T00:00:00Z',
        data: { pad: 'x'.repeat(300_000) },
      }),
    ];
    for (const text of garbage) hub.sendRaw('alice', text);
    await hub.publish('alice', order(1));
    await waitFor(() => received.length === 1, 'the valid notification');
    expect(received[0].data.orderCode).toBe('ORD-1');
    expect(hub.stats.connections).toBe(1);
    expect(notifier.state).toBe('open');
    expect(notifier.droppedFrames).toBe(garbage.length);
  });

  it('sends read marks to the server and applies read marks from another device', async () => {
    hub = await startHub();
    const a = track(nodeNotifier({ url: `${hub.url}?user=alice` }));
    const b = track(nodeNotifier({ url: `${hub.url}?user=alice` }));
    await waitFor(() => hub!.openSockets('alice') === 2, 'two sockets');
    const n1 = await hub.publish('alice', order(1));
    const n2 = await hub.publish('alice', order(2));
    await waitFor(() => a.received.length === 2 && b.received.length === 2, 'both devices');
    a.notifier.markRead([n1.id]);
    expect(a.notifier.unreadCount).toBe(1);
    await waitFor(() => b.notifier.unreadCount === 1, 'read on the other device');
    expect(hub.stats.reads).toEqual([[n1.id]]);
    b.notifier.markAllRead();
    await waitFor(() => a.notifier.unreadCount === 0, 'mark all read on the other device');
    expect(hub.stats.reads.at(-1)).toEqual([n2.id]);
  });
});

describe('notifier and the page around it', () => {
  /** A stand-in for `window`/`document`/`navigator`: real EventTargets whose events the test fires. */
  const page = () => {
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const nav = { onLine: true };
    return { win, doc, nav };
  };

  it('says offline when the browser goes offline, and reconnects at once when it is back', async () => {
    hub = await startHub();
    const { win, doc, nav } = page();
    const { notifier, received } = track(
      nodeNotifier({
        url: `${hub.url}?user=alice`,
        window: win,
        document: doc,
        navigator: nav,
        backoff: { baseMs: 60_000, capMs: 60_000 },
      }),
    );
    await waitForState(notifier, 'open');
    nav.onLine = false;
    win.dispatchEvent(new Event('offline'));
    expect(notifier.state).toBe('offline');
    hub.drop();
    await sleep(100);
    expect(notifier.state).toBe('offline');
    // With a one-minute backoff, only the online event can bring it back this fast.
    nav.onLine = true;
    const before = hub.stats.connections;
    win.dispatchEvent(new Event('online'));
    await waitForState(notifier, 'open', 3000);
    expect(hub.stats.connections).toBe(before + 1);
    await hub.publish('alice', order(1));
    await waitFor(() => received.length === 1, 'a notification after coming back');
  });

  it('lets go of its socket when the page enters the back/forward cache or freezes, and catches up when it returns', async () => {
    hub = await startHub();
    const { win, doc, nav } = page();
    const { notifier, received } = track(nodeNotifier({ url: `${hub.url}?user=alice`, window: win, document: doc, navigator: nav }));
    await waitFor(() => hub!.openSockets('alice') === 1, 'welcome');
    win.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true }));
    await waitFor(() => hub!.openSockets('alice') === 0, 'the socket to close');
    await hub.publish('alice', order(1));
    await sleep(300);
    expect(hub.openSockets('alice')).toBe(0);
    win.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    await waitFor(() => received.length === 1, 'catch-up after pageshow');

    doc.dispatchEvent(new Event('freeze'));
    await waitFor(() => hub!.openSockets('alice') === 0, 'the socket to close on freeze');
    await hub.publish('alice', order(2));
    doc.dispatchEvent(new Event('resume'));
    await waitFor(() => received.length === 2, 'catch-up after resume');
    expect(notifier.duplicates).toBe(0);
  });

  it('checks the heartbeat deadline as soon as the page becomes visible again', async () => {
    // Pings every 2 s: the notifier's own timer would give up only 4 s after the last frame.
    hub = await startHub({ heartbeatMs: 2000 });
    const { win, doc, nav } = page();
    let skipped = 0;
    // A clock that can jump ahead, as it does for a tab whose timers the browser throttled.
    const { notifier } = track(
      nodeNotifier({ url: `${hub.url}?user=alice`, window: win, document: doc, navigator: nav, now: () => Date.now() + skipped }),
    );
    await waitFor(() => hub!.openSockets('alice') === 1, 'welcome');
    hub.silence(true);
    const before = hub.stats.connections;
    skipped = 10_000;
    doc.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() => hub!.stats.connections > before, 'an immediate reconnect', 1500);
    hub.silence(false);
    await waitForState(notifier, 'open');
  });
});

describe('retention', () => {
  it('keeps the newest notifications up to maxItems, dropping read ones first, in memory and in the store', async () => {
    hub = await startHub();
    const store = new MemoryStore();
    const { notifier, received } = track(nodeNotifier({ url: `${hub.url}?user=alice`, store, maxItems: 5 }));
    await waitFor(() => hub!.openSockets('alice') === 1, 'welcome');
    const sent = await Promise.all([1, 2, 3, 4, 5].map((i) => hub!.publish('alice', order(i))));
    await waitFor(() => received.length === 5, 'five');
    notifier.markRead([sent[3].id, sent[4].id]); // the two newest are read
    for (let i = 6; i <= 8; i++) await hub.publish('alice', order(i));
    await waitFor(() => received.length === 8, 'eight');
    await sleep(100);
    await notifier.flush();
    const kept = notifier.items.map((n) => n.data.orderCode).sort();
    // Over by three: both read ones go first, then the oldest unread.
    expect(kept).toEqual(['ORD-2', 'ORD-3', 'ORD-6', 'ORD-7', 'ORD-8']);
    expect((await store.load()).items.map((n) => n.data.orderCode).sort()).toEqual(kept);
    // A dropped notification replayed again is still recognised.
    hub.sendRaw('alice', JSON.stringify({ ...sent[0], seq: undefined }));
    await sleep(100);
    expect(received).toHaveLength(8);
  });
});
