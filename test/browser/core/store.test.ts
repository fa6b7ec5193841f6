import { expect } from 'chai';
import {
  createNotifier,
  databaseName,
  FallbackStore,
  IndexedDbStore,
  type Notifier,
  type NotifierOptions,
} from '../../../src/core/index.js';
import { publish, userUrl } from '../support/hub.js';
import { waitFor } from '../support/wait.js';

const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`;

const quietLogger = () => {
  const warnings: unknown[][] = [];
  return { warnings, debug() {}, error() {}, warn: (...args: unknown[]) => void warnings.push(args) };
};

const open = (user: string, url: string, options: NotifierOptions = {}): Notifier =>
  createNotifier({ url, user, backoff: { baseMs: 20, capMs: 200 }, ...options });

const deleteDatabase = (user: string) =>
  new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(databaseName(user));
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });

describe('notifier storage in IndexedDB', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('keeps notifications, read state and cursor for the next page load', async () => {
    const user = unique('alice');
    const url = await userUrl(user);
    cleanup.push(() => deleteDatabase(user));
    const first = open(user, url);
    await waitFor(() => first.state === 'open', 'open');
    await publish(user, { event: 'order.created', data: { orderCode: 'ORD-1', customerName: 'Budi', totalAmount: 150000 } });
    await publish(user, { event: 'stock.low', data: { productName: 'Kopi Gayo', stock: 3 } });
    await waitFor(() => first.items.length === 2, 'two notifications');
    first.markRead([first.items.find((n) => n.event === 'stock.low')!.id]);
    const cursor = first.cursor;
    await first.close();

    const second = open(user, url);
    cleanup.push(() => second.close());
    await second.ready;
    expect(second.storage).to.equal('indexeddb');
    expect(second.items.map((n) => n.event)).to.have.members(['order.created', 'stock.low']);
    expect(second.unreadCount).to.equal(1);
    expect(second.items.find((n) => n.event === 'stock.low')!.read).to.equal(true);
    expect(second.cursor).to.deep.equal(cursor);
  });

  it('keeps each user apart', async () => {
    const alice = unique('alice');
    const bob = unique('bob');
    cleanup.push(
      () => deleteDatabase(alice),
      () => deleteDatabase(bob),
    );
    const a = open(alice, await userUrl(alice));
    const b = open(bob, await userUrl(bob));
    cleanup.push(
      () => a.close(),
      () => b.close(),
    );
    await waitFor(() => a.state === 'open' && b.state === 'open', 'both open');
    await publish(alice, { event: 'user.registered', data: { name: 'Sari', email: 'sari@example.id' } });
    await publish(bob, { event: 'order.shipped', data: { orderCode: 'ORD-9', courier: 'JNE' } });
    await waitFor(() => a.items.length === 1 && b.items.length === 1, 'one each');
    await a.close();
    await b.close();

    const again = open(alice, await userUrl(alice));
    cleanup.push(() => again.close());
    await again.ready;
    expect(again.items.map((n) => n.event)).to.deep.equal(['user.registered']);
  });

  it('falls back to memory with one warning when IndexedDB is missing, and keeps working', async () => {
    const user = unique('private');
    const logger = quietLogger();
    // On the global object, IDL attributes are own properties, so keep the original to restore.
    const original = Object.getOwnPropertyDescriptor(window, 'indexedDB')!;
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
    let notifier: Notifier;
    try {
      notifier = open(user, await userUrl(user), { logger });
    } finally {
      Object.defineProperty(window, 'indexedDB', original);
    }
    cleanup.push(() => notifier.close());
    expect(window.indexedDB).to.be.an.instanceOf(IDBFactory);
    await waitFor(() => notifier.state === 'open', 'open');
    await publish(user, { event: 'payment.expired', data: { orderCode: 'ORD-5' } });
    await publish(user, { event: 'payment.recovered', data: { orderCode: 'ORD-6' } });
    await waitFor(() => notifier.items.length === 2, 'two notifications');
    notifier.markAllRead();
    await notifier.flush();
    expect(notifier.storage).to.equal('memory');
    expect(notifier.unreadCount).to.equal(0);
    expect(logger.warnings).to.have.length(1);
    expect(String(logger.warnings[0][0])).to.contain('kept in memory');
  });

  it('falls back to memory when a write fails (quota), without losing what arrived', async () => {
    const user = unique('quota');
    const logger = quietLogger();
    cleanup.push(() => deleteDatabase(user));
    // The real IndexedDB store, except that the disk is full.
    const full = new IndexedDbStore(user);
    full.write = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const notifier = open(user, await userUrl(user), { logger, store: new FallbackStore(user, logger, () => full) });
    cleanup.push(() => notifier.close());
    await waitFor(() => notifier.state === 'open', 'open');
    expect(notifier.storage).to.equal('indexeddb');
    await publish(user, { event: 'refund.requested', data: { orderCode: 'ORD-7', amount: 50000 } });
    await publish(user, { event: 'dispute.created', data: { disputeCode: 'DSP-1', orderCode: 'ORD-7' } });
    await waitFor(() => notifier.items.length === 2, 'two notifications');
    await notifier.flush();
    notifier.markAllRead();
    await notifier.flush();
    expect(notifier.storage).to.equal('memory');
    expect(notifier.unreadCount).to.equal(0);
    expect(notifier.items.map((n) => n.event)).to.have.members(['refund.requested', 'dispute.created']);
    expect(logger.warnings).to.have.length(1);
    expect(String(logger.warnings[0][0])).to.contain('quota has been exceeded');
  });
});
