import { afterEach, expect, it } from 'vitest';
import type { Hub } from '../../server/hub.js';
import { MemoryStore, type Notifier } from '../../src/core/index.js';
import { nodeNotifier, sleep, startHub, waitFor } from './support.js';

/** mulberry32: a tiny seeded generator, so a failing run can be replayed with its seed. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

let hub: Hub | undefined;
let notifier: Notifier | undefined;
afterEach(async () => {
  await notifier?.close();
  await hub?.close();
});

it('delivers and stores 2,000 notifications exactly once, in seq order, through 20+ cuts and 2 restarts', async () => {
  const seed = Number(process.env.LONCENG_FAULT_SEED ?? Date.now() % 1_000_000);
  const random = seeded(seed);
  const TOTAL = 2000;
  const ROUNDS = 100;
  const perRound = TOTAL / ROUNDS;
  const cutRounds = new Set<number>();
  while (cutRounds.size < 24) cutRounds.add(1 + Math.floor(random() * (ROUNDS - 2)));
  const restartRounds = new Set([33, 66]);
  for (const r of restartRounds) cutRounds.delete(r);

  hub = await startHub({ bufferSize: TOTAL, heartbeatMs: 1000 });
  const store = new MemoryStore();
  const made = nodeNotifier({ url: `${hub.url}?user=admin`, store, maxItems: TOTAL * 2 });
  notifier = made.notifier;
  const { received } = made;
  await waitFor(() => hub!.openSockets('admin') === 1, 'first welcome');

  const started = Date.now();
  const published: string[] = [];
  let cuts = 0;
  let restarts = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const cutAt = cutRounds.has(round) ? Math.floor(random() * perRound) : -1;
    // A cut only counts when it interrupts a live stream, so wait for the client to be back.
    if (cutAt >= 0) await waitFor(() => hub!.openSockets('admin') === 1, 'a live socket to cut');
    for (let i = 0; i < perRound; i++) {
      const n = published.length + 1;
      const sent = await hub.publish('admin', {
        event: 'order.created',
        data: { orderCode: `ORD-${n}`, customerName: 'Dewi', totalAmount: 1000 * n },
      });
      published.push(sent.id);
      if (i === cutAt) {
        hub.drop();
        cuts++;
      }
    }
    if (restartRounds.has(round)) {
      await hub.restart({ keepBuffer: true, downMs: 50 + Math.floor(random() * 200) });
      restarts++;
    }
    await sleep(Math.floor(random() * 15));
  }
  await waitFor(() => received.length >= TOTAL, `all ${TOTAL} notifications (have ${received.length})`, 30_000);
  await sleep(300);
  await notifier.flush();
  const elapsed = Date.now() - started;

  const counts = new Map<string, number>();
  for (const n of received) counts.set(n.id, (counts.get(n.id) ?? 0) + 1);
  const lost = published.filter((id) => !counts.has(id)).length;
  const duplicated = received.length - counts.size;
  const stored = await store.load();
  const storedIds = new Set(stored.items.map((n) => n.id));
  const storedLost = published.filter((id) => !storedIds.has(id)).length;
  const inOrder = received.every((n, i) => n.seq === i + 1);

  console.log(
    `fault injection (seed ${seed}): sent ${published.length}, cuts ${cuts}, restarts ${restarts}, ` +
      `reconnects ${hub.stats.connections - 1}, duplicates suppressed ${notifier.duplicates}, ` +
      `lost ${lost}, duplicated ${duplicated}, stored ${stored.items.length} (lost ${storedLost}), ` +
      `in seq order ${inOrder}, ${elapsed} ms`,
  );
  expect(cuts).toBeGreaterThanOrEqual(20);
  expect(restarts).toBe(2);
  expect(lost).toBe(0);
  expect(duplicated).toBe(0);
  expect(inOrder).toBe(true);
  expect(stored.items).toHaveLength(TOTAL);
  expect(storedLost).toBe(0);
  expect(stored.cursor).toEqual({ epoch: hub.epoch, seq: TOTAL });
});
