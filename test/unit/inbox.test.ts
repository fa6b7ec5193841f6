import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub.js';
import { MemoryStore, type Notifier } from '../../src/core/index.js';
import { nodeNotifier, startHub, waitFor } from './support.js';

const order = (n: number) => ({ event: 'order.created', data: { orderCode: `ORD-${n}` } });
const dispute = (n: number) => ({ event: 'dispute.created', data: { disputeCode: `D-${n}`, orderCode: `ORD-${n}` } });
const orders = (count: number, from = 1) => Array.from({ length: count }, (_, i) => order(from + i));

let hub: Hub | undefined;
const notifiers: Notifier[] = [];
afterEach(async () => {
  await Promise.all(notifiers.splice(0).map((n) => n.close()));
  await hub?.close();
  hub = undefined;
});

function connect(user: string, options: Parameters<typeof nodeNotifier>[0] = {}) {
  const made = nodeNotifier({ url: `${hub!.url}?user=${user}`, ...options });
  notifiers.push(made.notifier);
  return made;
}
const live = (n: Notifier) => waitFor(() => n.state === 'open' && n.cursor !== null, 'the welcome');

/** Loads every older page; returns how many loads it took. */
async function loadAll(n: Notifier): Promise<number> {
  let loads = 0;
  while (n.hasMore && loads < 100) {
    await n.loadOlder();
    loads++;
  }
  return loads;
}

describe('the inbox against a server that keeps history', () => {
  it('shows a new device the newest page and the server count, then every older page in order with no gap or duplicate', async () => {
    hub = await startHub();
    const published = await hub.publishMany('ann', orders(300));
    await hub.markRead(
      'ann',
      published.slice(0, 260).map((n) => n.id),
    );
    const { notifier, received } = connect('ann');
    await live(notifier);
    expect(notifier.history).toBe(true);
    await waitFor(() => notifier.items.length === 50, 'the newest page');
    expect(notifier.unreadCount).toBe(40);
    expect(notifier.items[0].seq).toBe(published.at(-1)!.seq);
    await hub.publish('ann', order(301));
    await loadAll(notifier);
    // Announced once stored: the event may follow the item.
    await waitFor(() => notifier.items.length === 301 && received.length > 0, 'every page and the live one, announced');
    const seqs = notifier.items.map((n) => n.seq!);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(301);
    expect(received.map((n) => n.data.orderCode)).toEqual(['ORD-301']);
    expect(notifier.unreadCount).toBe(41);
    expect(notifier.items.filter((n) => !n.read)).toHaveLength(41);
  });

  it('carries read, unread and archive between devices, live and by replay, with the badges agreeing', async () => {
    hub = await startHub();
    const ids = (await hub.publishMany('bo', orders(5))).map((n) => n.id);
    const a = connect('bo').notifier;
    const storeB = new MemoryStore();
    let b = connect('bo', { store: storeB }).notifier;
    await Promise.all([live(a), live(b)]);
    await waitFor(() => a.items.length === 5 && b.items.length === 5, 'both inboxes');

    a.markRead([ids[0]]);
    a.archive([ids[1]]);
    await waitFor(() => b.unreadCount === 3 && b.items.length === 4, 'B following A live');
    a.markUnread([ids[0]]);
    await waitFor(() => b.unreadCount === 4, 'B following the unread');
    expect(b.items.find((n) => n.id === ids[0])!.read).toBe(false);

    await b.close();
    a.markRead([ids[2], ids[3]]);
    a.archive([ids[4]]);
    await expect.poll(() => hub!.unreadCount('bo'), { message: 'the server to count 1' }).toBe(1);
    b = connect('bo', { store: storeB }).notifier;
    await live(b);
    await waitFor(() => b.unreadCount === 1 && b.items.length === 3, 'B caught up by replay');
    expect(b.items.map((n) => [n.id, n.read])).toEqual(a.items.map((n) => [n.id, n.read]));
    expect(a.unreadCount).toBe(1);
    expect(b.cursor).toEqual(a.cursor);
  });

  it('keeps the badge exact through a burst of 2,000 on top of 3 critical ones, and pages back what it did not keep', async () => {
    hub = await startHub();
    const { notifier, received } = connect('cy', { keepLonger: (n) => n.event === 'dispute.created' });
    await live(notifier);
    for (let i = 1; i <= 3; i++) await hub.publish('cy', dispute(i));
    await hub.publishMany('cy', orders(2000));
    await waitFor(() => received.length === 2003, 'the burst', 20_000);
    await waitFor(() => notifier.items.length === 2000, 'retention');
    expect(notifier.unreadCount).toBe(2003);
    expect(notifier.items.filter((n) => n.event === 'dispute.created')).toHaveLength(3);
    await loadAll(notifier);
    await waitFor(() => notifier.items.length === 2003, 'the rest paged back');
    expect(notifier.unreadCount).toBe(2003);
  });

  it('ignores a history answer that names no request, and never announces history pages', async () => {
    hub = await startHub();
    await hub.publishMany('dee', orders(3));
    const { notifier, received } = connect('dee');
    await live(notifier);
    await waitFor(() => notifier.items.length === 3, 'the newest page');
    hub.sendRaw(
      'dee',
      JSON.stringify({ type: 'history', id: 'nobody-asked', items: [{ id: 'x', seq: 1, event: 'e', at: 't' }], more: false }),
    );
    await hub.publish('dee', order(4));
    // Announced once stored: the event follows the item.
    await waitFor(() => notifier.items.length === 4 && received.length > 0, 'the live one, announced');
    expect(notifier.items.map((n) => n.id)).not.toContain('x');
    expect(received).toHaveLength(1);
  });
});

describe('the inbox against a plain v1 server', () => {
  it('keeps every unread notification of a 2,000 burst and counts them itself', async () => {
    hub = await startHub({ inbox: false });
    const { notifier, received } = connect('eve');
    await live(notifier);
    expect(notifier.history).toBe(false);
    for (let i = 1; i <= 3; i++) await hub.publish('eve', dispute(i));
    await hub.publishMany('eve', orders(2000));
    await waitFor(() => received.length === 2003, 'the burst', 20_000);
    await waitFor(() => notifier.unreadCount === 2003 && notifier.items.length === 2003, 'all kept');
    expect(notifier.hasMore).toBe(false);
    expect(await notifier.loadOlder()).toBe(false);
    expect(notifier.notKept).toBe(0);
  });

  it('past the unread cap, drops the oldest ordinary ones first and says how many it did not keep', async () => {
    hub = await startHub({ inbox: false });
    const { notifier } = connect('fay', { maxItems: 5, maxUnreadItems: 10, keepLonger: (n) => n.event === 'dispute.created' });
    await live(notifier);
    await hub.publish('fay', dispute(1));
    await hub.publishMany('fay', orders(12));
    await waitFor(() => notifier.items.length === 10, 'the cap');
    expect(notifier.notKept).toBe(3);
    expect(notifier.unreadCount).toBe(13);
    expect(notifier.items.some((n) => n.event === 'dispute.created')).toBe(true);
    notifier.markAllRead();
    await waitFor(() => notifier.unreadCount === 0, 'all read');
    expect(notifier.notKept).toBe(0);
  });

  it('sends read marks only; unread and archive stay on this device', async () => {
    hub = await startHub({ inbox: false });
    const ids = (await hub.publishMany('gus', orders(2))).map((n) => n.id);
    const { notifier } = connect('gus');
    await live(notifier);
    await hub.publishMany('gus', orders(2, 3));
    await waitFor(() => notifier.items.length === 2, 'the live ones');
    const [newest, older] = notifier.items.map((n) => n.id);
    notifier.markRead([newest]);
    notifier.markUnread([newest]);
    notifier.markRead([older]);
    notifier.archive([newest]);
    await waitFor(() => hub!.stats.reads.length === 2, 'two read frames');
    expect(hub.stats.reads).toEqual([[newest], [older]]);
    expect(notifier.items.map((n) => n.id)).toEqual([older]);
    expect(ids).toHaveLength(2);
  });
});
