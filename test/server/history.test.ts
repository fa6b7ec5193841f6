// The Hub's history, once per store: in memory and in a real redis-server. The same behaviour
// either way, spoken to over real `ws` sockets on 127.0.0.1: replay after a cursor, epochs and
// reset, the bound, history pages, state entries and unread counts, a restart of the hub.
// Then what only a shared store does: several hubs on one Redis, Redis restarting or losing data.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Hub, type HubNotification, type PublishInput } from '../../server/hub.js';
import type { HistoryStore } from '../../server/history.js';
import { MemoryHistoryStore } from '../../server/memory-history.js';
import { createRedisHistory, RedisHistoryStore } from '../../server/redis-history.js';
import { Peer, range, seqs, type Frame } from './support/peer.js';
import { redisUnavailable, startRedis, type RedisServer } from './support/redis.js';

// Like the Go step of scripts/test.mjs: without redis-server a local run skips, CI fails.
const unavailable = redisUnavailable();
const skipRedis = unavailable !== null && !process.env.CI;
if (skipRedis) console.warn(`Redis history tests skipped: ${unavailable}`);

let redis: RedisServer | undefined;
beforeAll(async () => {
  if (!skipRedis) redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

interface Backend {
  name: string;
  skip: boolean;
  /** A store on fresh, empty data, keeping `size` notifications per user. */
  create(size: number): Promise<HistoryStore>;
  /** Another store on the same data, as a restarted process opens it. */
  reopen(store: HistoryStore): Promise<HistoryStore>;
}

const quiet = () => undefined;
let prefixes = 0;
const redisStore = (prefix: string, size: number) => createRedisHistory({ url: redis!.url, prefix, size, onError: quiet });

const backends: Backend[] = [
  {
    name: 'memory',
    skip: false,
    create: async (size) => new MemoryHistoryStore(size),
    // A memory store lives as long as its process: a new hub in the same process takes it over.
    reopen: async (store) => store,
  },
  {
    name: 'Redis',
    skip: skipRedis,
    create: (size) => redisStore(`t${++prefixes}`, size),
    reopen: (store) => redisStore((store as RedisHistoryStore).prefix, (store as RedisHistoryStore).size),
  },
];

const hubs: Hub[] = [];
const stores = new Set<HistoryStore>();
const peers: Peer[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) peer.socket.terminate();
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
  for (const store of stores) await store.close?.();
  stores.clear();
});

async function hubOn(store: HistoryStore): Promise<Hub> {
  stores.add(store);
  const hub = new Hub({ heartbeatMs: 0, history: store, onError: quiet });
  hubs.push(hub);
  await hub.listen(0, '127.0.0.1');
  return hub;
}

async function open(hub: Hub, user = 'alice'): Promise<Peer> {
  const peer = await Peer.open(`${hub.url}?user=${encodeURIComponent(user)}`);
  peers.push(peer);
  return peer;
}

const order = (n: number): PublishInput => ({
  event: 'order.created',
  data: { orderCode: `ORD-${n}`, customerName: 'Budi', totalAmount: 1000 * n },
});
const orders = (from: number, to: number) => range(from, to).map(order);
const isState = (f: Frame) => f.type === 'read' || f.type === 'unread' || f.type === 'archive';
const FEATURES = ['history', 'state'];

describe.each(backends)('history in $name', (backend) => {
  const start = async (size = 1000) => hubOn(await backend.create(size));

  it.skipIf(backend.skip)('replays every entry after the cursor with current flags, then live entries in order', async () => {
    const h = await start();
    const [n1, n2, , n4] = await h.publishMany('alice', orders(1, 4));
    await h.markRead('alice', [n2.id, n4.id]); // 5
    const n6 = await h.publish('alice', order(6)); // 6
    await h.archive('alice', [n6.id]); // 7
    await h.markUnread('alice', [n2.id]); // 8
    const epoch = await h.epochOf('alice');

    const peer = await open(h);
    expect(await peer.hello(epoch, 3)).toEqual({ type: 'welcome', v: 1, epoch, seq: 8, features: FEATURES, unread: 3 });
    const replay = await peer.wait((f) => f.type !== 'welcome', 5, 'the replay');
    expect(replay).toEqual([
      { ...n4, read: true },
      { type: 'read', ids: [n2.id, n4.id], seq: 5, unread: 2 },
      { ...n6, archived: true },
      { type: 'archive', ids: [n6.id], seq: 7, unread: 2 },
      { type: 'unread', ids: [n2.id], seq: 8, unread: 3 },
    ]);

    // Live: a server-side change, a client's change (echoed to every socket), a notification.
    const other = await open(h);
    expect(await other.hello()).toEqual({ type: 'welcome', v: 1, epoch, seq: 8, features: FEATURES, unread: 3 });
    expect(await h.markRead('alice', [n1.id])).toEqual({ type: 'read', ids: [n1.id], seq: 9, unread: 2 });
    other.send({ type: 'archive', ids: [n2.id, 'unknown'] });
    await peer.wait((f) => f.type === 'archive' && f.seq === 10, 1, 'the archive entry');
    const live = await h.publish('alice', order(11));
    for (const p of [peer, other]) {
      await p.wait((f) => f.seq === 11, 1, 'the live notification');
      expect(p.afterWelcome.slice(-3)).toEqual([
        { type: 'read', ids: [n1.id], seq: 9, unread: 2 },
        { type: 'archive', ids: [n2.id], seq: 10, unread: 1 },
        live,
      ]);
    }
    expect(await h.unreadCount('alice')).toBe(2);
    expect(await h.seq('alice')).toBe(11);
    expect((await h.buffered('alice')).map((n) => [n.seq, n.read ?? false, n.archived ?? false])).toEqual([
      [1, true, false],
      [2, false, true],
      [3, false, false],
      [4, true, false],
      [6, false, true],
      [11, false, false],
    ]);
  });

  it.skipIf(backend.skip)('publishes a repeated id once: the held notification stands for it', async () => {
    const h = await start();
    const peer = await open(h);
    await peer.hello();
    const first = await h.publish('alice', 'order.created', { orderCode: 'ORD-1' }, { id: 'order-1', title: 'New order' });
    const again = await h.publish('alice', { event: 'order.created', data: { orderCode: 'changed' }, id: 'order-1' });
    const [next, repeated] = await h.publishMany('alice', [order(2), { event: 'x', id: 'order-1' }]);
    expect(first).toMatchObject({ type: 'notification', id: 'order-1', seq: 1, title: 'New order', data: { orderCode: 'ORD-1' } });
    expect(again).toEqual(first);
    expect(repeated).toEqual(first);
    expect(next.seq).toBe(2);
    await peer.wait((f) => f.seq === 2, 1, 'the second');
    expect(seqs(peer.afterWelcome)).toEqual([1, 2]);
  });

  it.skipIf(backend.skip)('welcomes a client of another epoch at the floor with everything held, one ahead with reset', async () => {
    const h = await start(4);
    const [, , c] = await h.publishMany('alice', orders(1, 3));
    await h.markRead('alice', [c.id]); // 4
    await h.publishMany('alice', orders(5, 6)); // 6 drops the unread seq 1
    const epoch = await h.epochOf('alice');

    const back = await open(h);
    expect(await back.hello('an-epoch-before-a-restart', 44)).toEqual({
      type: 'welcome',
      v: 1,
      epoch,
      seq: 1,
      features: FEATURES,
      unread: 0,
    });
    const replay = await back.wait((f) => (f.seq as number) > 1, 5, 'the replay');
    expect(seqs(replay)).toEqual([2, 3, 4, 5, 6]);
    // Counting as the spec says ends at what the server holds.
    let count = 0;
    for (const f of replay) count = f.type === 'notification' ? count + (f.read || f.archived ? 0 : 1) : (f.unread as number);
    expect(count).toBe(await h.unreadCount('alice'));
    expect(count).toBe(3);

    const ahead = await open(h);
    expect(await ahead.hello(epoch, 7)).toEqual({ type: 'welcome', v: 1, epoch, seq: 6, reset: true, features: FEATURES, unread: 3 });
    await h.publish('alice', order(7));
    await ahead.wait((f) => f.type === 'notification', 1, 'the live one');
    expect(seqs(ahead.afterWelcome)).toEqual([7]);
  });

  it.skipIf(backend.skip)('keeps at most `size` notifications; a gap older than that gets reset', async () => {
    const h = await start(5);
    const [n1] = await h.publishMany('alice', orders(1, 3));
    await h.markRead('alice', [n1.id]); // 4
    await h.publishMany('alice', orders(5, 8)); // 7 drops 1, 8 drops 2
    expect(seqs(await h.buffered('alice'))).toEqual([3, 5, 6, 7, 8]);
    await h.publish('alice', order(9)); // drops 3, then the state entry 4 below the oldest kept
    expect(seqs(await h.buffered('alice'))).toEqual([5, 6, 7, 8, 9]);
    expect(await h.unreadCount('alice')).toBe(5);
    const epoch = await h.epochOf('alice');

    const below = await open(h);
    expect(await below.hello(epoch, 3)).toEqual({ type: 'welcome', v: 1, epoch, seq: 9, reset: true, features: FEATURES, unread: 5 });
    const atFloor = await open(h);
    expect((await atFloor.hello(epoch, 4)).reset).toBeUndefined();
    expect(seqs(await atFloor.wait((f) => f.type === 'notification', 5, 'replay'))).toEqual([5, 6, 7, 8, 9]);
    // A burst far beyond the bound keeps exactly the newest `size`.
    await h.publishMany('alice', orders(10, 260));
    expect(seqs(await h.buffered('alice'))).toEqual(range(256, 260));
    expect(await h.unreadCount('alice')).toBe(5);
    await below.wait((f) => f.seq === 260, 1, 'the burst', 10_000);
    expect(seqs(below.afterWelcome)).toEqual(range(10, 260));
  });

  it.skipIf(backend.skip)('pages the inbox newest first by before and limit, with more, never showing archived ones', async () => {
    const h = await start();
    const published = await h.publishMany('alice', orders(1, 300));
    const archived = [1, 2, 3, ...range(10, 300, 15)];
    await h.archive(
      'alice',
      archived.map((seq) => published[seq - 1].id),
    ); // 301
    await h.markRead('alice', [published[298].id]); // 302
    const peer = await open(h);
    await peer.hello();
    const seen: number[] = [];
    let before: number | null = null;
    for (let more = true, page = 1; more; page++) {
      const answer = await peer.page(`p${page}`, before, 50);
      expect(answer.items.length).toBeLessThanOrEqual(50);
      seen.push(...(seqs(answer.items) as number[]));
      before = seen.at(-1)!;
      more = answer.more;
      expect(answer.items.every((n) => n.archived === undefined)).toBe(true);
    }
    expect(seen).toEqual(range(300, 1, -1).filter((seq) => !archived.includes(seq)));
    const newest = await peer.page('newest', null, 2);
    expect(newest).toEqual({ type: 'history', id: 'newest', items: [published[299], { ...published[298], read: true }], more: true });
    expect(seqs((await peer.page('below', 101, 3)).items)).toEqual([99, 98, 97]);
    expect(seqs((await peer.page('fraction', 5.5, 5)).items)).toEqual([5, 4]);
    expect(await peer.page('floor', 1, 5)).toEqual({ type: 'history', id: 'floor', items: [], more: false });
    // The oldest unarchived one is 4: a page ending on it says there is no more.
    const end = await peer.page('end', 9, 5);
    expect(seqs(end.items)).toEqual([8, 7, 6, 5, 4]);
    expect(end.more).toBe(false);
    expect((await peer.page('clamped', null, 1000)).items).toHaveLength(100);
  });

  it.skipIf(backend.skip)('keeps every seq and the epoch across a restart of the hub', async () => {
    const store = await backend.create(1000);
    const first = await hubOn(store);
    const [a] = await first.publishMany('alice', orders(1, 3));
    await first.markRead('alice', [a.id]); // 4
    const epoch = await first.epochOf('alice');
    await first.close();

    const second = await hubOn(await backend.reopen(store));
    expect(await second.epochOf('alice')).toBe(epoch);
    expect(await second.seq('alice')).toBe(4);
    expect(await second.unreadCount('alice')).toBe(2);
    const peer = await open(second);
    expect(await peer.hello(epoch, 2)).toEqual({ type: 'welcome', v: 1, epoch, seq: 4, features: FEATURES, unread: 2 });
    expect((await second.publish('alice', order(5))).seq).toBe(5);
    await peer.wait((f) => f.seq === 5, 1, 'the new one');
    expect(seqs(peer.afterWelcome)).toEqual([3, 4, 5]);
  });

  it.skipIf(backend.skip)('starts every stream over in a new epoch when the history is forgotten', async () => {
    const h = await start();
    await h.publishMany('alice', orders(1, 3));
    const old = await h.epochOf('alice');
    await h.restart({ keepBuffer: false });
    expect(await h.seq('alice')).toBe(0);
    const epoch = await h.epochOf('alice');
    expect(epoch).not.toBe(old);
    await h.publish('alice', order(1));
    const peer = await open(h);
    expect(await peer.hello(old, 3)).toEqual({ type: 'welcome', v: 1, epoch, seq: 0, features: FEATURES, unread: 0 });
    expect(seqs(await peer.wait((f) => f.type === 'notification', 1, 'the replay'))).toEqual([1]);
  });

  it.skipIf(backend.skip)('neither misses nor repeats while sockets are welcomed amid a stream of publishes and changes', async () => {
    const h = await start(100_000);
    const ids: string[] = [];
    let running = true;
    // Publishes (and now and then marks read) on every turn of the event loop, between the
    // frames the sockets bring in.
    const churn = (async () => {
      for (let round = 1; running; round++) {
        ids.push(...(await h.publishMany('alice', orders(round * 3, round * 3 + 2))).map((n) => n.id));
        if (round % 3 === 0) await h.markRead('alice', ids.slice(-2));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const connected = await Promise.all(range(1, 6).map(() => open(h)));
    const epoch = await h.epochOf('alice');
    const resumes = (i: number) => i % 2 === 1;
    const welcomes = await Promise.all(connected.map((peer, i) => (resumes(i) ? peer.hello(epoch, 0) : peer.hello())));
    await new Promise((resolve) => setTimeout(resolve, 100));
    running = false;
    await churn;
    const last = await h.seq('alice');
    for (const [i, peer] of connected.entries()) {
      await peer.wait((f) => f.seq === last, 1, `the last entry on peer ${i}`, 10_000);
      const from = resumes(i) ? 0 : (welcomes[i].seq as number);
      expect(seqs(peer.afterWelcome)).toEqual(range(from + 1, last));
    }
    expect(connected.every((peer) => peer.afterWelcome.filter(isState).length > 0)).toBe(true);
  });
});

describe.skipIf(skipRedis)('hubs sharing one Redis', () => {
  /** Two hubs, each with its own connections to the same keys in Redis. */
  const shared = async (prefix: string) => [await hubOn(await redisStore(prefix, 1000)), await hubOn(await redisStore(prefix, 1000))];
  const waitFor = async (condition: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('serve any user from any instance: what one publishes or changes reaches sockets on the other, in order', async () => {
    const [a, b] = await shared('shared-1');
    const onB = await open(b);
    await onB.hello();
    const onA = await open(a);
    await onA.hello();
    const published: HubNotification[] = [];
    for (let i = 1; i <= 200; i++) published.push(await (i % 2 ? a : b).publish('alice', order(i)));
    // Concurrent publishes on both: Redis orders them, each socket gets them in that order.
    const burst = await Promise.all(range(201, 300).map((i) => (i % 2 ? a : b).publish('alice', order(i))));
    onA.send({ type: 'read', ids: [published[0].id] });
    for (const peer of [onA, onB]) {
      await peer.wait((f) => f.seq === 301, 1, 'the read entry', 10_000);
      expect(seqs(peer.afterWelcome)).toEqual(range(1, 301));
      expect(peer.afterWelcome.at(-1)).toEqual({ type: 'read', ids: [published[0].id], seq: 301, unread: 299 });
    }
    expect(new Set(burst.map((n) => n.seq)).size).toBe(100);
    expect(await b.unreadCount('alice')).toBe(299);
  });

  it('carry on through a restart of Redis: nothing lost, the same seqs and epoch, the fan-out back', async () => {
    const [a, b] = await shared('shared-2');
    await a.publishMany('alice', orders(1, 10));
    const epoch = await a.epochOf('alice');
    const peer = await open(b);
    await peer.hello(epoch, 10);
    await redis!.restart();
    // The publisher's first try may meet the connection still down; the id makes retrying safe.
    let sent: HubNotification | undefined;
    for (let attempt = 0; !sent; attempt++) {
      sent = await a.publish('alice', { ...order(11), id: 'after-restart' }).catch(() => undefined);
      if (!sent && attempt > 50) throw new Error('Redis did not come back');
      if (!sent) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sent.seq).toBe(11);
    expect(await b.epochOf('alice')).toBe(epoch);
    await peer.wait((f) => f.seq === 11, 1, 'the notification published after the restart', 10_000);
    expect(peer.closeCode).toBeNull();
    expect(seqs(peer.afterWelcome)).toEqual([11]);
  });

  it('start a new epoch when Redis lost the stream, and send their sockets back to say hello', async () => {
    const [a, b] = await shared('shared-3');
    await a.publishMany('alice', orders(1, 5));
    const old = await a.epochOf('alice');
    const peer = await open(b);
    await peer.hello(old, 5);
    // As a Redis restarted without its data, or one that evicted the keys, would be.
    const admin = await redisStore('admin', 1);
    stores.add(admin);
    await admin.send(['FLUSHALL']);
    const next = await a.publish('alice', order(6));
    expect(next.seq).toBe(1);
    expect(await peer.closed()).toBe(1012);
    const epoch = await b.epochOf('alice');
    expect(epoch).not.toBe(old);
    const again = await open(b);
    expect(await again.hello(old, 5)).toEqual({ type: 'welcome', v: 1, epoch, seq: 0, features: FEATURES, unread: 0 });
    await again.wait((f) => f.seq === 1, 1, 'the new stream');
    await waitFor(async () => (await b.unreadCount('alice')) === 1, 'one unread');
  });
});
