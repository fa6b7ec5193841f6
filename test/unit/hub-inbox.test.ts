// The reference Hub's inbox extension (server/hub.ts, server/history.ts), spoken to over real
// `ws` sockets on 127.0.0.1: welcome features and unread, one ordered stream of notifications
// and state entries per user, state frames echoed to every socket, history pages, the bound.
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Hub, MAX_STATE_IDS, type HubNotification, type HubOptions, type PublishInput, type StateEntry } from '../../server/hub.js';
import { startHub, waitFor } from './support.js';

type Frame = Record<string, unknown> & { type: string };

/** A raw protocol client: every frame it received, and a way to wait for the ones a test needs. */
class Peer {
  readonly frames: Frame[] = [];
  readonly #waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      for (const wake of [...this.#waiters]) wake();
    });
  }

  static async open(hub: Hub, user: string): Promise<Peer> {
    const peer = new Peer(new WebSocket(`${hub.url}?user=${encodeURIComponent(user)}`));
    peers.push(peer);
    await once(peer.socket, 'open');
    return peer;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first `count` frames matching `match`, once that many have arrived. */
  wait(match: (frame: Frame) => boolean, count = 1, what = 'frames', timeoutMs = 5000): Promise<Frame[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.filter(match);
        if (found.length < count) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(found.slice(0, count));
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`timed out waiting for ${count} ${what} (have ${this.frames.filter(match).length})`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  async hello(epoch: string | null = null, after: number | null = null): Promise<Frame> {
    this.send({ type: 'hello', v: 1, epoch, after });
    const [welcome] = await this.wait((f) => f.type === 'welcome', 1, 'welcome');
    return welcome;
  }

  /** Asks for one history page and waits for its answer. */
  async page(id: string, before: unknown, limit?: unknown): Promise<{ items: HubNotification[]; more: boolean }> {
    this.send({ type: 'history', id, before, limit });
    const [answer] = await this.wait((f) => f.type === 'history' && f.id === id, 1, `history ${id}`);
    return answer as unknown as { items: HubNotification[]; more: boolean };
  }

  /** Frames after the welcome, in arrival order. */
  get afterWelcome(): Frame[] {
    return this.frames.slice(this.frames.findIndex((f) => f.type === 'welcome') + 1);
  }
}

let hub: Hub | undefined;
const peers: Peer[] = [];

afterEach(async () => {
  for (const peer of peers.splice(0)) peer.socket.terminate();
  await hub?.close();
  hub = undefined;
});

const order = (n: number): PublishInput => ({
  event: 'order.created',
  data: { orderCode: `ORD-${n}`, customerName: 'Budi', totalAmount: 1000 * n },
});
const orders = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => order(from + i));
const seqs = (frames: readonly object[]) => frames.map((f) => (f as { seq?: unknown }).seq);
const range = (from: number, to: number, step = 1) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
const isState = (f: Frame) => f.type === 'read' || f.type === 'unread' || f.type === 'archive';

const start = async (options: HubOptions = {}) => (hub = await startHub(options));

/** A peer welcomed afresh, and the welcome. */
async function welcomed(user: string): Promise<{ peer: Peer; welcome: Frame }> {
  const peer = await Peer.open(hub!, user);
  return { peer, welcome: await peer.hello() };
}

describe('hub inbox: welcome', () => {
  it('advertises history and state, and the exact unread count', async () => {
    const h = await start();
    const [n1, n2, n3, n4] = await h.publishMany('alice', orders(1, 5));
    expect(await h.markRead('alice', [n1.id, n2.id])).toEqual({ type: 'read', ids: [n1.id, n2.id], seq: 6, unread: 3 });
    expect(await h.archive('alice', [n3.id])).toEqual({ type: 'archive', ids: [n3.id], seq: 7, unread: 2 });
    // Archiving a read one leaves the count alone.
    expect(await h.archive('alice', [n1.id])).toEqual({ type: 'archive', ids: [n1.id], seq: 8, unread: 2 });
    const { welcome } = await welcomed('alice');
    expect(welcome).toEqual({ type: 'welcome', v: 1, epoch: h.epoch, seq: 8, features: ['history', 'state'], unread: 2 });
    expect(await h.unreadCount('alice')).toBe(2);
    expect(await h.seq('alice')).toBe(8);
    expect((await h.buffered('alice')).map((n) => [n.seq, n.read ?? false, n.archived ?? false])).toEqual([
      [1, true, true],
      [2, true, false],
      [3, false, true],
      [4, false, false],
      [5, false, false],
    ]);
    expect((await h.buffered('alice'))[3]).toBe(n4);
  });

  it('with inbox: false, is plain v1: no features, no unread, no history, read forwarded to the others only', async () => {
    const h = await start({ inbox: false });
    const [n1, n2] = await h.publishMany('alice', orders(1, 2));
    const { peer: a, welcome } = await welcomed('alice');
    const { peer: b } = await welcomed('alice');
    expect(welcome).toEqual({ type: 'welcome', v: 1, epoch: h.epoch, seq: 2 });
    a.send({ type: 'history', id: 'h1', before: null, limit: 50 });
    a.send({ type: 'archive', ids: [n2.id] });
    a.send({ type: 'unread', ids: [n1.id] });
    a.send({ type: 'read', ids: [n1.id, 7] });
    const [forwarded] = await b.wait((f) => f.type === 'read', 1, 'forwarded read');
    expect(forwarded).toEqual({ type: 'read', ids: [n1.id] });
    // A's frames were handled in order, so anything answering them is on its way before this.
    await h.publish('alice', order(3));
    await a.wait((f) => f.type === 'notification', 1, 'the live notification');
    expect(a.afterWelcome).toEqual([expect.objectContaining({ type: 'notification', seq: 3 })]);
    expect(h.stats.reads).toEqual([[n1.id]]);
    expect(await h.seq('alice')).toBe(3);
    expect((await h.buffered('alice')).map((n) => [n.read ?? false, n.archived ?? false])).toEqual([
      [true, false],
      [false, false],
      [false, false],
    ]);
    // A server-side read is a plain read frame too, now to every socket; archive does nothing.
    expect(await h.markRead('alice', [n2.id])).toBeNull();
    expect(await h.archive('alice', [n2.id])).toBeNull();
    await a.wait((f) => f.type === 'read', 1, 'read on A');
    expect(a.frames.at(-1)).toEqual({ type: 'read', ids: [n2.id] });
    // A returning client gets the read flags on replay, as before.
    const c = await Peer.open(h, 'alice');
    expect(await c.hello(h.epoch, 0)).toEqual({ type: 'welcome', v: 1, epoch: h.epoch, seq: 3 });
    const replay = await c.wait((f) => f.type === 'notification', 3, 'replay');
    expect(replay.map((f) => [f.seq, f.read])).toEqual([
      [1, true],
      [2, true],
      [3, undefined],
    ]);
  });
});

describe('hub inbox: history', () => {
  it('pages through 300 notifications newest first, contiguous, with more false exactly at the end', async () => {
    const h = await start();
    const published = await h.publishMany('alice', orders(1, 300));
    await h.markRead('alice', [published[9].id, published[299].id]);
    const { peer } = await welcomed('alice');
    const seen: number[] = [];
    let before: number | null = null;
    for (let page = 1; ; page++) {
      const answer = await peer.page(`p${page}`, before, 50);
      expect(answer.items).toHaveLength(50);
      const pageSeqs = seqs(answer.items) as number[];
      expect(pageSeqs).toEqual(range(pageSeqs[0], pageSeqs[0] - 49, -1));
      if (before !== null) expect(pageSeqs[0]).toBe(before - 1);
      seen.push(...pageSeqs);
      before = pageSeqs.at(-1)!;
      expect(answer.more).toBe(page < 6);
      if (!answer.more) break;
    }
    expect(seen).toEqual(range(300, 1, -1));
    expect(new Set(seen).size).toBe(300);
    // Items are full notification frames with their current read flag.
    const newest = await peer.page('newest', null, 1);
    expect(newest).toEqual({ type: 'history', id: 'newest', items: [{ ...published[299], read: true }], more: true });
    const tenth = await peer.page('tenth', 11, 1);
    expect(tenth.items).toEqual([expect.objectContaining({ id: published[9].id, seq: 10, read: true })]);
    expect(tenth.items[0]).not.toHaveProperty('archived');
    expect((await peer.page('ninth', 10, 1)).items[0]).not.toHaveProperty('read');
  });

  it('respects before, clamps limit to [1, 100] and defaults it to 50', async () => {
    const h = await start();
    await h.publishMany('alice', orders(1, 300));
    const { peer } = await welcomed('alice');
    expect(seqs((await peer.page('b', 101, 5)).items)).toEqual([100, 99, 98, 97, 96]);
    expect(await peer.page('floor', 1, 5)).toEqual({ type: 'history', id: 'floor', items: [], more: false });
    expect(seqs((await peer.page('above', 1000, 2)).items)).toEqual([300, 299]);
    const big = await peer.page('big', null, 1000);
    expect(seqs(big.items)).toEqual(range(300, 201, -1));
    expect(big.more).toBe(true);
    expect((await peer.page('zero', null, 0)).items).toHaveLength(1);
    expect((await peer.page('negative', null, -5)).items).toHaveLength(1);
    expect((await peer.page('fraction', null, 2.7)).items).toHaveLength(2);
    expect((await peer.page('missing', null)).items).toHaveLength(50);
    expect((await peer.page('text', null, '20')).items).toHaveLength(50);
    const last = await peer.page('last', 51, 50);
    expect(seqs(last.items)).toEqual(range(50, 1, -1));
    expect(last.more).toBe(false);
  });

  it('never shows archived notifications, and more is false when only archived ones are older', async () => {
    const h = await start();
    const published = await h.publishMany('alice', orders(1, 300));
    const archived = [1, 2, 3, ...range(10, 300, 15)];
    await h.archive(
      'alice',
      archived.map((seq) => published[seq - 1].id),
    );
    const { peer } = await welcomed('alice');
    const seen: number[] = [];
    let before: number | null = null;
    let more = true;
    for (let page = 1; more; page++) {
      const answer = await peer.page(`p${page}`, before, 50);
      seen.push(...(seqs(answer.items) as number[]));
      before = seen.at(-1)!;
      more = answer.more;
      expect(answer.items.every((n) => n.archived === undefined)).toBe(true);
    }
    expect(seen).toEqual(range(300, 1, -1).filter((seq) => !archived.includes(seq)));
    // The oldest unarchived one is 4: a page ending on it says there is no more.
    const end = await peer.page('end', 9, 5);
    expect(seqs(end.items)).toEqual([8, 7, 6, 5, 4]);
    expect(end.more).toBe(false);
  });

  it('ignores history requests before the welcome and ones without a string id; answers in order', async () => {
    const h = await start();
    await h.publishMany('alice', orders(1, 3));
    const peer = await Peer.open(h, 'alice');
    peer.send({ type: 'history', id: 'early', before: null, limit: 50 });
    await peer.hello();
    peer.send({ type: 'history', id: 5, before: null, limit: 50 });
    peer.send({ type: 'history', before: null, limit: 50 });
    peer.send({ type: 'history', id: 'one', before: null, limit: 1 });
    peer.send({ type: 'history', id: 'two', before: 3, limit: 1 });
    const answers = await peer.wait((f) => f.type === 'history', 2, 'two answers');
    expect(answers.map((f) => [f.id, seqs(f.items as HubNotification[])])).toEqual([
      ['one', [3]],
      ['two', [2]],
    ]);
    expect(peer.frames[0].type).toBe('welcome');
  });
});

describe('hub inbox: state frames', () => {
  it('sends one sequenced entry to every socket of the user, the sender included, with the unread count', async () => {
    const h = await start();
    const [n1, n2, n3] = await h.publishMany('alice', orders(1, 3));
    const { peer: a } = await welcomed('alice');
    const { peer: b } = await welcomed('alice');
    const { peer: other } = await welcomed('bob');
    a.send({ type: 'read', ids: [n1.id, n2.id, 42, null] });
    const [onA] = await a.wait(isState, 1, 'echo to the sender');
    const [onB] = await b.wait(isState, 1, 'state on B');
    expect(onA).toEqual({ type: 'read', ids: [n1.id, n2.id], seq: 4, unread: 1 });
    expect(onB).toEqual(onA);
    expect(h.stats.reads).toEqual([[n1.id, n2.id]]);

    // Nothing changes (already read, unknown id, unread of nothing unread): no frame, no seq.
    a.send({ type: 'read', ids: [n1.id, 'nope'] });
    a.send({ type: 'unread', ids: [n3.id] });
    a.send({ type: 'archive', ids: [] });
    b.send({ type: 'unread', ids: [n2.id, n2.id] });
    const [, second] = await a.wait(isState, 2, 'the next change');
    expect(second).toEqual({ type: 'unread', ids: [n2.id], seq: 5, unread: 2 });
    expect((await b.wait(isState, 2, 'the next change on B'))[1]).toEqual(second);

    b.send({ type: 'archive', ids: [n2.id, n3.id] });
    const [, , third] = await a.wait(isState, 3, 'archive');
    expect(third).toEqual({ type: 'archive', ids: [n2.id, n3.id], seq: 6, unread: 0 });
    // Unread (or read) of an archived one is ignored; a frame over the limit is ignored whole.
    a.send({ type: 'unread', ids: [n2.id] });
    a.send({ type: 'read', ids: [n3.id] });
    a.send({ type: 'unread', ids: [n1.id, ...range(1, MAX_STATE_IDS).map(String)] });
    a.send({ type: 'unread', ids: [n1.id, ...range(1, MAX_STATE_IDS - 1).map(String)] });
    const [, , , fourth] = await a.wait(isState, 4, 'the unread of n1');
    expect(fourth).toEqual({ type: 'unread', ids: [n1.id], seq: 7, unread: 1 });
    expect(await h.seq('alice')).toBe(7);
    expect(await h.unreadCount('alice')).toBe(1);

    // A server-side change goes the same way; live notifications still reach every socket.
    expect(await h.markRead('alice', [n1.id])).toEqual({ type: 'read', ids: [n1.id], seq: 8, unread: 0 });
    const live = await h.publish('alice', order(4));
    for (const peer of [a, b]) {
      await peer.wait((f) => f.seq === 9, 1, 'the live notification');
      expect(seqs(peer.afterWelcome)).toEqual([4, 5, 6, 7, 8, 9]);
      expect(peer.afterWelcome.at(-1)).toEqual(live);
    }
    expect(other.afterWelcome).toEqual([]);
  });
});

describe('hub inbox: replay', () => {
  it('replays every entry after `after` in seq order, notifications with their current flags', async () => {
    const h = await start();
    const [n1, n2, n3] = await h.publishMany('alice', orders(1, 3));
    const [n4] = await h.publishMany('alice', [order(4)]);
    await h.markRead('alice', [n2.id, n4.id]); // 5
    const n6 = await h.publish('alice', order(6)); // 6
    await h.archive('alice', [n6.id]); // 7
    await h.markUnread('alice', [n2.id]); // 8
    const peer = await Peer.open(h, 'alice');
    const welcome = await peer.hello(h.epoch, 3);
    expect(welcome).toEqual({ type: 'welcome', v: 1, epoch: h.epoch, seq: 8, features: ['history', 'state'], unread: 3 });
    const replay = await peer.wait((f) => f.type !== 'welcome' && (f.seq as number) > 3, 5, 'the replay');
    expect(replay).toEqual([
      { ...n4, read: true },
      { type: 'read', ids: [n2.id, n4.id], seq: 5, unread: 2 },
      { ...n6, archived: true },
      { type: 'archive', ids: [n6.id], seq: 7, unread: 2 },
      { type: 'unread', ids: [n2.id], seq: 8, unread: 3 },
    ]);
    expect([n1, n3].every((n) => n.read === undefined)).toBe(true);

    // Resumed at the current seq: no replay, then live entries in order.
    const again = await Peer.open(h, 'alice');
    expect((await again.hello(h.epoch, 8)).reset).toBeUndefined();
    await h.markRead('alice', [n1.id]);
    await again.wait(isState, 1, 'the live state entry');
    expect(again.afterWelcome).toEqual([{ type: 'read', ids: [n1.id], seq: 9, unread: 2 }]);
  });

  it('welcomes a client from another epoch at the floor and replays the stream, leaving its count right', async () => {
    const h = await start({ historySize: 4 });
    const [, , c] = await h.publishMany('alice', orders(1, 3));
    await h.markRead('alice', [c.id]); // 4, unread 2 then
    await h.publishMany('alice', orders(5, 6)); // 6 drops the unread seq 1
    const peer = await Peer.open(h, 'alice');
    const welcome = await peer.hello('an-epoch-before-a-restart', 44);
    expect(welcome).toEqual({ type: 'welcome', v: 1, epoch: h.epoch, seq: 1, features: ['history', 'state'], unread: 0 });
    const replay = await peer.wait((f) => (f.seq as number) > 1, 5, 'the replay');
    expect(seqs(replay)).toEqual([2, 3, 4, 5, 6]);
    // A client counting as the spec says (welcome.unread, +1 per new unread notification, a
    // state frame's unread sets it) ends at what the server holds.
    let count = welcome.unread as number;
    for (const f of replay) {
      if (f.type === 'notification') count += f.read || f.archived ? 0 : 1;
      else count = f.unread as number;
    }
    expect(count).toBe(await h.unreadCount('alice'));
    expect(count).toBe(3);
  });

  it('keeps the epoch rules after a restart without its buffer', async () => {
    const h = await start();
    await h.publishMany('alice', orders(1, 3));
    const oldEpoch = h.epoch;
    await h.restart({ keepBuffer: false });
    expect(await h.seq('alice')).toBe(0);
    const [n1] = await h.publishMany('alice', orders(1, 2));
    await h.markRead('alice', [n1.id]);
    const peer = await Peer.open(h, 'alice');
    expect(await peer.hello(oldEpoch, 3)).toEqual({
      type: 'welcome',
      v: 1,
      epoch: h.epoch,
      seq: 0,
      features: ['history', 'state'],
      unread: 0,
    });
    const replay = await peer.wait(() => true, 4, 'welcome and replay');
    expect(seqs(replay)).toEqual([0, 1, 2, 3]);
    expect(replay[3]).toEqual({ type: 'read', ids: [n1.id], seq: 3, unread: 1 });
  });
});

describe('hub inbox: the bound', () => {
  it('drops the oldest notifications and the state entries below them; the floor and reset follow', async () => {
    const h = await start({ historySize: 5 });
    const [n1] = await h.publishMany('alice', orders(1, 3));
    await h.markRead('alice', [n1.id]); // 4
    await h.publishMany('alice', orders(5, 8)); // 7 drops 1, 8 drops 2
    expect(seqs(await h.buffered('alice'))).toEqual([3, 5, 6, 7, 8]);
    await h.publish('alice', order(9)); // drops 3 and then the state entry 4 below the oldest kept
    expect(seqs(await h.buffered('alice'))).toEqual([5, 6, 7, 8, 9]);
    expect(await h.unreadCount('alice')).toBe(5);

    const below = await Peer.open(h, 'alice');
    expect(await below.hello(h.epoch, 3)).toEqual({
      type: 'welcome',
      v: 1,
      epoch: h.epoch,
      seq: 9,
      reset: true,
      features: ['history', 'state'],
      unread: 5,
    });
    const atFloor = await Peer.open(h, 'alice');
    expect((await atFloor.hello(h.epoch, 4)).reset).toBeUndefined();
    expect(seqs(await atFloor.wait((f) => f.type === 'notification', 5, 'replay'))).toEqual([5, 6, 7, 8, 9]);
    const ahead = await Peer.open(h, 'alice');
    expect((await ahead.hello(h.epoch, 10)).reset).toBe(true);
    // Nothing was replayed to the reset one: the next frame it gets is live.
    await h.publish('alice', order(10));
    await below.wait((f) => f.type === 'notification', 1, 'live');
    expect(seqs(below.afterWelcome)).toEqual([10]);
  });

  it('holds 10,000 notifications by default and accepts bufferSize as the old name of historySize', async () => {
    const h = await start();
    expect(h.historySize).toBe(10_000);
    const { peer } = await welcomed('alice');
    const published = await h.publishMany('alice', orders(1, 10_001));
    expect(seqs(published)).toEqual(range(1, 10_001));
    await peer.wait((f) => f.seq === 10_001, 1, 'the burst', 20_000);
    expect(peer.afterWelcome).toHaveLength(10_001);
    const held = await h.buffered('alice');
    expect(held).toHaveLength(10_000);
    expect(held[0].seq).toBe(2);
    expect(held.at(-1)).toBe(published.at(-1));
    const late = await Peer.open(h, 'alice');
    expect((await late.hello(h.epoch, 0)).reset).toBe(true);
    expect(new Hub({ bufferSize: 7 }).historySize).toBe(7);
    expect(new Hub({ bufferSize: 7 }).bufferSize).toBe(7);
    expect(new Hub({ bufferSize: 7, historySize: 9 }).historySize).toBe(9);
  });
});

describe('hub inbox: the welcome race', () => {
  it('neither misses nor repeats what is published or changed while clients are being welcomed', async () => {
    const h = await start({ historySize: 100_000 });
    const ids: string[] = [];
    let running = true;
    let round = 0;
    // Publishes (and now and then marks read) on every turn of the event loop, between the
    // frames the sockets bring in.
    const churn = () => {
      if (!running || round >= 20_000) return;
      round++;
      void h.publishMany('alice', orders(round * 10, round * 10 + 2)).then((published) => ids.push(...published.map((n) => n.id)));
      if (round % 3 === 0) void h.markRead('alice', ids.slice(-2));
      setImmediate(churn);
    };
    churn();
    const connected = await Promise.all(range(1, 8).map(() => Peer.open(h, 'alice')));
    const resumes = (i: number) => i % 2 === 1;
    const welcomes = await Promise.all(connected.map((peer, i) => (resumes(i) ? peer.hello(h.epoch, 0) : peer.hello())));
    const target = round + 20;
    await waitFor(() => round >= target, 'more churn after the welcomes');
    running = false;
    const last = await h.seq('alice');
    expect((await h.markRead('alice', ids))?.seq).toBe(last + 1);
    for (const [i, peer] of connected.entries()) {
      await peer.wait((f) => f.seq === last + 1, 1, `the final entry on peer ${i}`, 20_000);
      const from = resumes(i) ? 0 : (welcomes[i].seq as number);
      expect(seqs(peer.afterWelcome)).toEqual(range(from + 1, last + 1));
    }
  });

  it('survives frames that are JSON but no object', async () => {
    const h = await start();
    const peer = await Peer.open(h, 'alice');
    for (const text of ['null', '5', '"hello"', '[1,2]', '{"type":"read","ids":"all"}', '{"type":"history"}']) peer.send(text);
    expect((await peer.hello()).type).toBe('welcome');
  });
});

describe('hub inbox: state entries are plain objects', () => {
  it('returns the entry it sent from markRead, markUnread and archive, and null when nothing changed', async () => {
    const h = await start();
    const [n1] = await h.publishMany('alice', orders(1, 2));
    const entry: StateEntry | null = await h.markUnread('alice', [n1.id]);
    expect(entry).toBeNull();
    expect(await h.markRead('alice', ['unknown'])).toBeNull();
    expect(await h.archive('alice', [n1.id, n1.id])).toEqual({ type: 'archive', ids: [n1.id], seq: 3, unread: 1 });
    expect(await h.archive('alice', [n1.id])).toBeNull();
    expect(await h.seq('alice')).toBe(3);
  });
});
