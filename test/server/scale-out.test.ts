// Scale-out, proven: two hub instances as separate processes on one Redis, behind a round-robin
// TCP proxy; the real headless client connected through the proxy. 5,000 notifications are
// published on both instances in turn while the instance serving the client is killed (SIGKILL)
// 10 times and restarted, and Redis is restarted once (AOF on). The client must receive each
// one exactly once, in seq order (Redis orders what the workers publish at once), and be back
// within a few seconds of every kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LoncengNotification } from '../../src/core/types.js';
import { nodeNotifier, sleep, waitFor } from '../unit/support.js';
import { startProxy, type Proxy } from './support/proxy.js';
import { freePort, redisUnavailable, startRedis, type RedisServer } from './support/redis.js';

const TOTAL = 5000;
const KILLS = 10;
/** Publishing is paced over about this long, so that the kills and the Redis restart fall within it. */
const PUBLISH_MS = 20_000;
/** Publishing workers, each with one request in flight. */
const WORKERS = 4;
/** The last ones are published one by one on the instance NOT serving the client: only the fan-out can bring them. */
const PROBES = 10;
const FAN_OUT_DEADLINE_MS = 2000;
/** The generous deadline for the client to be back after a kill. */
const RESUME_DEADLINE_MS = 5000;
const USER = 'admin';

const hubProcess = fileURLToPath(new URL('./support/hub-process.ts', import.meta.url));
const unavailable = redisUnavailable();
const skip = unavailable !== null && !process.env.CI;
if (skip) console.warn(`scale-out test skipped: ${unavailable}`);

interface Instance {
  child: ChildProcess;
  ready: Promise<void>;
}

let redis: RedisServer | undefined;
let proxy: Proxy | undefined;
const ports: number[] = [];
const instances: Instance[] = [];

/** Starts a hub instance on `port`; `ready` resolves once it listens. */
function startInstance(port: number): Instance {
  const child = spawn(process.execPath, ['--import', 'tsx', hubProcess], {
    env: { ...process.env, PORT: String(port), REDIS_URL: redis!.url, PREFIX: 'scale-out' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => reject(new Error(`hub instance exited (${code ?? signal}) before it was ready:\n${output}`)));
  });
  ready.catch(() => undefined);
  return { child, ready };
}

async function kill(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGKILL');
  await exited;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** POSTs one notification to an instance; rejects unless it answers 200. */
function post(port: number, body: object): Promise<{ seq: number; id: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/publish', method: 'POST', agent, timeout: 3000 }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () =>
        response.statusCode === 200 ? resolve(JSON.parse(text) as { seq: number; id: string }) : reject(new Error(text)),
      );
      response.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};

beforeAll(async () => {
  if (skip) return;
  redis = await startRedis();
  ports.push(await freePort(), await freePort());
  instances.push(...ports.map(startInstance));
  await Promise.all(instances.map((instance) => instance.ready));
  proxy = await startProxy(ports);
}, 60_000);

afterAll(async () => {
  await Promise.all(instances.map(kill));
  await proxy?.close();
  await redis?.stop();
  agent.destroy();
});

describe.skipIf(skip)('two hub instances on one Redis behind a round-robin proxy', () => {
  it('deliver 5,000 notifications exactly once, in order, through 10 kills and a Redis restart', { timeout: 120_000 }, async () => {
    // What reached the client's sockets, frame by frame, across all of its connections.
    const wire = { notifications: 0, duplicates: 0, outOfOrder: 0, lastSeq: 0, ids: new Set<string>() };
    const tap = (data: unknown) => {
      const frame = JSON.parse(String(data)) as { type?: string; id?: string; seq?: number };
      if (frame.type !== 'notification' || typeof frame.seq !== 'number' || typeof frame.id !== 'string') return;
      wire.notifications++;
      if (wire.ids.has(frame.id)) wire.duplicates++;
      if (frame.seq <= wire.lastSeq) wire.outOfOrder++;
      wire.ids.add(frame.id);
      wire.lastSeq = Math.max(wire.lastSeq, frame.seq);
    };
    class TappedSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.on('message', tap);
      }
    }
    const { notifier, received } = nodeNotifier({
      url: `ws://127.0.0.1:${proxy!.port}/ws?user=${USER}`,
      WebSocket: TappedSocket,
      maxItems: TOTAL + 100,
    });
    const opens: number[] = [];
    notifier.on('state', (event) => event.detail.state === 'open' && opens.push(performance.now()));
    await waitFor(() => notifier.state === 'open', 'the first welcome');

    const started = performance.now();
    let published = 0;
    let retries = 0;
    let next = 1;
    const body = (i: number) => ({
      user: USER,
      id: `n-${i}`,
      event: 'order.created',
      data: { orderCode: `ORD-${i}`, customerName: 'Dewi', totalAmount: 1000 * i },
    });
    /** Publishes notification `i` on instance `first`; a failed try (instance killed, Redis restarting) goes to the other one with the same id, which makes the retry safe. */
    const publish = async (i: number, first: number) => {
      for (let target = first, attempt = 0; ; target = 1 - target, attempt++) {
        try {
          return await post(ports[target], body(i));
        } catch (error) {
          retries++;
          if (attempt > 200) throw error;
          await sleep(attempt < 2 ? 5 : 50);
        }
      }
    };
    /** One of the backend's publishing workers: takes the next notification, alternating instances. */
    const worker = async () => {
      for (let i = next++; i <= TOTAL - PROBES; i = next++) {
        await publish(i, i % 2);
        published++;
        const due = started + (i * PUBLISH_MS) / TOTAL;
        if (performance.now() < due) await sleep(due - performance.now());
      }
    };
    const publishing = Promise.all(Array.from({ length: WORKERS }, worker)).then(() => performance.now() - started);

    const resumes: number[] = [];
    let redisRestarts = 0;
    for (let k = 1; k <= KILLS; k++) {
      await waitFor(() => published >= (k * TOTAL) / (KILLS + 2), `progress before kill ${k}`, 60_000);
      if (k === KILLS / 2 + 1) {
        await redis!.restart();
        redisRestarts++;
      }
      await Promise.all(instances.map((instance) => instance.ready));
      await waitFor(() => notifier.state === 'open' && proxy!.servingBackend() !== null, 'the client connected', 10_000);
      const victim = proxy!.servingBackend()!;
      const killedAt = performance.now();
      await kill(instances[victim]);
      instances[victim] = startInstance(ports[victim]);
      await waitFor(() => opens.some((at) => at > killedAt), `the client back after kill ${k}`, 15_000);
      resumes.push(opens.find((at) => at > killedAt)! - killedAt);
    }
    const publishMs = await publishing;
    const fanOut: number[] = [];
    await Promise.all(instances.map((instance) => instance.ready));
    for (let i = TOTAL - PROBES + 1; i <= TOTAL; i++) {
      const other = 1 - proxy!.servingBackend()!;
      const sentAt = performance.now();
      await publish(i, other);
      published++;
      await waitFor(() => received.at(-1)?.id === `n-${i}`, `n-${i}, published on the other instance`, FAN_OUT_DEADLINE_MS);
      fanOut.push(performance.now() - sentAt);
    }
    await waitFor(() => received.length >= TOTAL, `all ${TOTAL} (have ${received.length})`, 30_000);
    await sleep(300);
    const total = performance.now() - started;

    const expected = Array.from({ length: TOTAL }, (_, i) => `n-${i + 1}`);
    const ids = received.map((n: LoncengNotification) => n.id);
    const unique = new Set(ids);
    const lost = expected.filter((id) => !unique.has(id)).length;
    const duplicated = ids.length - unique.size + notifier.duplicates;
    const outOfOrder = received.filter((n, i) => i > 0 && n.seq! <= received[i - 1].seq!).length;
    const ms = (t: number) => `${Math.round(t)} ms`;
    console.log(
      `scale-out: sent ${published}, received ${unique.size}, lost ${lost}, duplicated ${duplicated} (wire ${wire.duplicates}), ` +
        `out of order ${outOfOrder} (wire ${wire.outOfOrder}), kills ${resumes.length}, Redis restarts ${redisRestarts}, ` +
        `resume p50 ${ms(percentile(resumes, 0.5))} / max ${ms(Math.max(...resumes))}, ` +
        `fan-out to the other instance max ${ms(Math.max(...fanOut))}, publish retries ${retries}, ` +
        `connections via proxy ${proxy!.handed.join('+')}, publishing ${(publishMs / 1000).toFixed(1)} s, total ${(total / 1000).toFixed(1)} s`,
    );

    expect(published).toBe(TOTAL);
    expect(resumes).toHaveLength(KILLS);
    expect(fanOut).toHaveLength(PROBES);
    expect(redisRestarts).toBe(1);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(wire.duplicates).toBe(0);
    expect(outOfOrder).toBe(0);
    expect(wire.outOfOrder).toBe(0);
    expect(Math.max(...resumes)).toBeLessThan(RESUME_DEADLINE_MS);
    await notifier.close();
  });
});
