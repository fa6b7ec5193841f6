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

  it('connects within moments when its database is blocked by another tab, keeping notifications in memory', async () => {
    const user = unique('blocked');
    const name = databaseName(user);
    const logger = quietLogger();
    // An old tab holds the database at version 1 and ignores versionchange; a newer one asks
    // for version 2 and waits. Every later open of that database queues behind the upgrade.
    const old = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(name, 1);
      request.onsuccess = () => resolve(request.result);
    });
    const upgrade = indexedDB.open(name, 2);
    cleanup.push(async () => {
      old.close();
      await new Promise((resolve) => (upgrade.onsuccess = upgrade.onerror = resolve));
      upgrade.result?.close();
      await deleteDatabase(user);
    });
    const started = performance.now();
    const notifier = open(user, await userUrl(user), { logger });
    cleanup.push(() => notifier.close());
    await waitFor(() => notifier.state === 'open', 'open despite the blocked database', 6000);
    const waited = performance.now() - started;
    await publish(user, { event: 'stock.low', data: { productName: 'Kopi Gayo', stock: 2 } });
    await waitFor(() => notifier.items.length === 1, 'the notification');
    expect(notifier.storage).to.equal('memory');
    expect(logger.warnings).to.have.length(1);
    expect(String(logger.warnings[0][0])).to.contain('did not open in time');
    // The connection waited for the open's deadline (2 s), not for the blocked upgrade.
    expect(waited).to.be.below(5000);
  });

  it('lets another tab upgrade or delete its database, and goes on storing', async () => {
    const user = unique('upgrade');
    const name = databaseName(user);
    const logger = quietLogger();
    cleanup.push(() => deleteDatabase(user));
    const url = await userUrl(user);
    const notifier = open(user, url, { logger });
    cleanup.push(() => notifier.close());
    await waitFor(() => notifier.state === 'open', 'open');
    await publish(user, { event: 'order.created', data: { orderCode: 'ORD-1', customerName: 'Budi', totalAmount: 1000 } });
    await waitFor(() => notifier.items.length === 1, 'first');
    await notifier.flush();

    // A newer tab upgrades the schema: this page's connection must let go, or the upgrade waits forever.
    const upgraded = await new Promise<IDBDatabase | string>((resolve) => {
      const request = indexedDB.open(name, 7);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains('state')) request.result.createObjectStore('state');
      };
      request.onsuccess = () => resolve(request.result);
      request.onblocked = () => setTimeout(() => resolve('blocked'), 1000);
    });
    expect(upgraded).to.be.an.instanceOf(IDBDatabase);
    (upgraded as IDBDatabase).close();

    await publish(user, { event: 'order.created', data: { orderCode: 'ORD-2', customerName: 'Sari', totalAmount: 2000 } });
    await waitFor(() => notifier.items.length === 2, 'second');
    await notifier.flush();

    // The database deleted under the page (site data cleared): it is created again on the next write.
    const deleted = await new Promise<string>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve('deleted');
      request.onblocked = () => setTimeout(() => resolve('blocked'), 1000);
    });
    expect(deleted).to.equal('deleted');
    await publish(user, { event: 'order.created', data: { orderCode: 'ORD-3', customerName: 'Tono', totalAmount: 3000 } });
    await waitFor(() => notifier.items.length === 3, 'third');
    await notifier.flush();
    expect(notifier.storage).to.equal('indexeddb');
    expect(logger.warnings).to.have.length(0);
    const stored = await new IndexedDbStore(user).load();
    expect(stored.items.map((n) => n.data.orderCode)).to.deep.equal(['ORD-3']);
    expect(stored.cursor?.seq).to.equal(3);
    expect(notifier.items).to.have.length(3); // nothing held in memory was lost
  });

  it('leaves out one item that cannot be stored, warns once, and commits the rest with the cursor', async () => {
    const user = unique('clone');
    const logger = quietLogger();
    cleanup.push(() => deleteDatabase(user));
    const store = new IndexedDbStore(user, logger);
    const item = (id: string, data: Record<string, unknown>) => ({
      id,
      event: 'stock.low',
      at: new Date().toISOString(),
      data,
      read: false,
      receivedAt: Date.now(),
    });
    await store.write({
      put: [item('a', { stock: 1 }), item('bad', { f: () => 1 }), item('c', { stock: 3 }), item('worse', { s: Symbol('x') })],
      remove: [],
      cursor: { epoch: 'e1', seq: 4 },
    });
    const stored = await store.load();
    expect(stored.items.map((n) => n.id).sort()).to.deep.equal(['a', 'c']);
    expect(stored.cursor).to.deep.equal({ epoch: 'e1', seq: 4 });
    expect(logger.warnings).to.have.length(1);
  });
});
