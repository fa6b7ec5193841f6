// The BUILT `lonceng/server` (dist/node, from `npm run build`) as a backend gets it: imported by
// its package name in plain Node (no TypeScript loader), running a Hub that the real client
// connects to, with its history in memory and in Redis; and the `lonceng-conformance` bin.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { nodeNotifier, waitFor } from '../unit/support.js';
import { redisUnavailable, startRedis, type RedisServer } from './support/redis.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, Record<string, string>>;
  bin: Record<string, string>;
};
const built = join(root, pkg.exports['./server'].import);

const skipRedis = redisUnavailable() !== null && !process.env.CI;

/**
 * A backend in plain Node: imports `lonceng/server`, starts a Hub (on Redis when given a URL)
 * whose hook names the user from a header, prints its URL, and publishes one notification per
 * line it reads, printing each as published, until its input ends.
 */
const BACKEND = `
import { createHub, createRedisHistory } from 'lonceng/server';
import { createInterface } from 'node:readline';
const redisUrl = process.argv[1];
const history = redisUrl ? await createRedisHistory({ url: redisUrl, prefix: 'package-test' }) : undefined;
const hub = createHub({ heartbeatMs: 0, history, authenticate: (request) => request.headers['x-user'] ?? null });
const { url } = await hub.listen(0, '127.0.0.1');
console.log(JSON.stringify({ url }));
for await (const line of createInterface({ input: process.stdin })) {
  const n = await hub.publish('ana', 'stock.low', { productName: line, stock: 2 }, { title: 'Low stock' });
  console.log(JSON.stringify(n));
}
await hub.close();
await history?.close();
`;

let backend: ChildProcessWithoutNullStreams | undefined;
let redis: RedisServer | undefined;
beforeAll(async () => {
  if (!skipRedis) redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});
afterEach(() => {
  backend?.kill('SIGKILL');
  backend = undefined;
});

/** Starts the backend; `next()` resolves with each JSON line it prints. */
function startBackend(redisUrl = '') {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BACKEND, redisUrl], { cwd: root });
  backend = child;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the backend ended: ${stderr}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  return { child, next };
}

describe('the built package', () => {
  it('is built: run `npm run build` first', () => {
    expect(existsSync(built), `${built} is missing`).toBe(true);
    expect(Object.keys(pkg.exports['./server'])[0]).toBe('types');
    expect(existsSync(join(root, pkg.exports['./server'].types))).toBe(true);
  });

  for (const store of ['memory', 'Redis'] as const) {
    it.skipIf(store === 'Redis' && skipRedis)(
      `runs a hub from plain Node, history in ${store}, that the client receives from`,
      async () => {
        const { child, next } = startBackend(store === 'Redis' ? redis!.url : '');
        const { url } = (await next()) as { url: string };
        // The hook reads the user from a header: the client's WebSocket class sends it.
        const { notifier, received } = nodeNotifier({ url, WebSocket: headerSocket('ana') });
        try {
          await waitFor(() => notifier.state === 'open', 'the welcome');
          child.stdin.write('Kopi Gayo\n');
          const published = await next();
          expect(published).toMatchObject({ type: 'notification', event: 'stock.low', seq: 1, title: 'Low stock' });
          await waitFor(() => received.length === 1, 'the notification');
          expect(received[0]).toMatchObject({ id: published.id, event: 'stock.low', data: { productName: 'Kopi Gayo', stock: 2 } });
          child.stdin.end();
          await new Promise((resolve) => child.once('exit', resolve));
          expect(child.exitCode).toBe(0);
        } finally {
          await notifier.close();
        }
      },
    );
  }

  const cli = join(root, pkg.bin['lonceng-conformance']);
  it.skipIf(!existsSync(join(root, 'conformance/cli.ts')))('has the lonceng-conformance bin, executable by plain Node', () => {
    accessSync(cli, constants.X_OK);
    const help = spawnSync(cli, ['--help'], { encoding: 'utf8' });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('lonceng-conformance');
  });
});

/** The `ws` WebSocket class, sending the `x-user` header the backend's hook reads. */
function headerSocket(user: string) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { 'x-user': user } });
    }
  };
}
