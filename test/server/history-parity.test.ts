// The Redis store against the memory store, operation by operation: the same seeded random
// sequence of appends (repeated ids among them), read / unread / archive changes (sequenced or
// not, unknown ids among them) on a small bound, and after each step the same head, replay,
// pages and held notifications from both.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { NotificationFields, StateType, UserStream } from '../../server/history.js';
import { MemoryHistoryStore } from '../../server/memory-history.js';
import { createRedisHistory, type RedisHistoryStore } from '../../server/redis-history.js';
import { redisUnavailable, startRedis, type RedisServer } from './support/redis.js';

const skip = redisUnavailable() !== null && !process.env.CI;
const SIZE = 7;
const STEPS = 400;

let redis: RedisServer | undefined;
let store: RedisHistoryStore | undefined;
beforeAll(async () => {
  if (skip) return;
  redis = await startRedis();
  store = await createRedisHistory({ url: redis.url, size: SIZE, onError: () => undefined });
}, 20_000);
afterAll(async () => {
  await store?.close();
  await redis?.stop();
});

/** A small deterministic generator (mulberry32), so that a failure can be replayed by its seed. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What both stores must agree on after a step (the epochs differ: each store has its own). */
async function snapshot(stream: UserStream, probes: readonly number[]) {
  const { epoch: _epoch, ...head } = await stream.head();
  const replays = [];
  for (const after of probes) {
    const { epoch: _e, ...read } = await stream.after(after, 5);
    replays.push(read);
  }
  const pages = [];
  for (const before of [null, ...probes]) pages.push(await stream.page(before, 3));
  return { head, replays, pages, held: await stream.notifications() };
}

it.skipIf(skip)('agrees with the memory store on every step of a random history', async () => {
  const seed = Number(process.env.LONCENG_PARITY_SEED ?? Date.now() % 1_000_000);
  const random = seeded(seed);
  const memory = new MemoryHistoryStore(SIZE).stream('parity');
  const shared = store!.stream('parity');
  const ids: string[] = [];
  // Mostly recent ids (held, so their state changes), some long trimmed ones, a few never published.
  const pick = () => {
    const roll = random();
    if (roll < 0.1) return `unknown-${Math.floor(random() * 5)}`;
    if (roll < 0.3) return ids[Math.floor(random() * ids.length)];
    return ids[ids.length - 1 - Math.floor(random() * Math.min(ids.length, SIZE + 2))];
  };
  const types: StateType[] = ['read', 'unread', 'archive'];
  let at = Date.UTC(2026, 10, 25);
  let entries = 0;

  for (let step = 1; step <= STEPS; step++) {
    const roll = random();
    let op: string;
    if (roll < 0.5 || ids.length === 0) {
      const batch: NotificationFields[] = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        // Now and then a publisher's retry: an id the stream may still hold.
        const id = ids.length > 0 && random() < 0.15 ? pick() : `n${ids.length + 1}`;
        if (!ids.includes(id) && !id.startsWith('unknown')) ids.push(id);
        return { id, event: 'order.created', at: new Date((at += 1000)).toISOString(), data: { step } };
      });
      op = `append ${batch.map((f) => f.id).join(',')}`;
      const [m, r] = [await memory.append(batch), await shared.append(batch)];
      expect(r.notifications, `${op} (seed ${seed}, step ${step})`).toEqual(m.notifications);
    } else {
      const type = types[Math.floor(random() * types.length)];
      const chosen = Array.from({ length: 1 + Math.floor(random() * 3) }, pick);
      const sequence = random() < 0.85;
      op = `${type} ${chosen.join(',')}${sequence ? '' : ' (unsequenced)'}`;
      const [m, r] = [await memory.update(type, chosen, sequence), await shared.update(type, chosen, sequence)];
      expect({ changed: r.changed, entry: r.entry }, `${op} (seed ${seed}, step ${step})`).toEqual({ changed: m.changed, entry: m.entry });
      if (m.entry) entries++;
    }
    const { seq } = await memory.head();
    const probes = [0, Math.max(0, seq - 9), Math.max(0, seq - 4), seq, seq + 1];
    expect(await snapshot(shared, probes), `after ${op} (seed ${seed}, step ${step})`).toEqual(await snapshot(memory, probes));
  }
  const { seq, floor } = await memory.head();
  console.log(`history parity (seed ${seed}): ${STEPS} steps, seq ${seq}, floor ${floor}, ${ids.length} ids, ${entries} state entries`);
  expect(floor).toBeGreaterThan(0);
});
