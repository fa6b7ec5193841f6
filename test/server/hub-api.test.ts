// `lonceng/server` as a backend uses it: attached to the backend's own HTTP server, deciding
// users with an authentication hook (refusals arrive as close codes after the upgrade, which the
// real client obeys), checking Origins, and publishing in either call form.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHub, type Authenticate, type Hub, type HubOptions } from '../../server/index.js';
import { nodeNotifier, waitFor } from '../unit/support.js';
import { Peer } from './support/peer.js';

let http: Server | undefined;
let hub: Hub | undefined;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await hub?.close();
  http?.closeAllConnections();
  await new Promise((resolve) => (http ? http.close(resolve) : resolve(undefined)));
  hub = http = undefined;
});

/** The backend's HTTP server with its own route, the Hub attached; counts upgrade requests. */
async function backend(options: HubOptions = {}) {
  http = createServer((_request, response) => response.end('the dashboard'));
  hub = createHub({ heartbeatMs: 0, ...options });
  hub.attach(http);
  const counts = { upgrades: 0 };
  http.on('upgrade', () => counts.upgrades++);
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const base = `127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { hub, counts, http: `http://${base}`, ws: `ws://${base}/ws` };
}

async function open(url: string, options?: WebSocket.ClientOptions): Promise<Peer> {
  const peer = await Peer.open(url, options);
  cleanups.push(() => peer.socket.terminate());
  return peer;
}

/** Tokens of the sessions the backend knows. */
const SESSIONS: Record<string, string> = { 'token-ana': 'ana', 'token-budi': 'budi' };
const bearer = (request: IncomingMessage) => /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
const bySession: Authenticate = (request) => SESSIONS[bearer(request)] ?? null;
const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('authentication', () => {
  it('serves the user the hook names, whatever the URL says, next to the routes of the server it is attached to', async () => {
    const b = await backend({ authenticate: bySession });
    expect(await (await fetch(b.http)).text()).toBe('the dashboard');
    const ana = await open(`${b.ws}?user=budi`, as('token-ana'));
    await ana.hello();
    const budi = await open(b.ws, as('token-budi'));
    await budi.hello();
    await b.hub.publish('ana', 'stock.low', { productName: 'Kopi', stock: 3 });
    await b.hub.publish('budi', 'user.registered', { name: 'Dewi', email: 'dewi@example.id' });
    expect((await ana.wait((f) => f.type === 'notification'))[0]).toMatchObject({ event: 'stock.low', seq: 1 });
    expect((await budi.wait((f) => f.type === 'notification'))[0]).toMatchObject({ event: 'user.registered', seq: 1 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ana.afterWelcome).toHaveLength(1);
    expect(b.hub.openSockets('ana')).toBe(1);
  });

  it('upgrades a refused connection and closes it with 4401, or 4403 when the hook says forbidden', async () => {
    const b = await backend({
      authenticate: (request) =>
        bearer(request) === 'token-viewer' ? { refuse: 4403, reason: 'viewers get no notifications' } : bySession(request),
    });
    for (const [options, code] of [
      [{}, 4401],
      [as('token-expired'), 4401],
      [as('token-viewer'), 4403],
    ] as const) {
      const peer = await open(b.ws, options); // the upgrade succeeded: no plain HTTP error
      expect(await peer.closed()).toBe(code);
    }
    expect(b.hub.stats.connections).toBe(0);
  });

  it('stops the real client for good with a refusal: one attempt, an auth-error, no retry', async () => {
    const b = await backend({ authenticate: async (request) => (await new Promise((r) => setTimeout(r, 20)), bySession(request)) });
    const { notifier } = nodeNotifier({ url: b.ws });
    cleanups.push(() => notifier.close());
    const errors: number[] = [];
    notifier.on('auth-error', (event) => errors.push(event.detail.code));
    await waitFor(() => errors.length === 1, 'the auth error');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(errors).toEqual([4401]);
    expect(b.counts.upgrades).toBe(1);
  });

  it('answers a failing hook with 1011, which the client retries until the hook works again', async () => {
    let down = true;
    const b = await backend({
      authenticate: async () => {
        if (down) throw new Error('session store unreachable');
        return 'ana';
      },
    });
    const refused = await open(b.ws);
    expect(await refused.closed()).toBe(1011);
    const { notifier } = nodeNotifier({ url: b.ws });
    cleanups.push(() => notifier.close());
    await waitFor(() => b.counts.upgrades >= 3, 'retries');
    down = false;
    await waitFor(() => notifier.state === 'open', 'the welcome once the hook works');
    expect(b.hub.openSockets('ana')).toBe(1);
  });

  it('closes sockets from an Origin not allowed with 4403; clients without an Origin pass', async () => {
    const b = await backend({ authenticate: () => 'ana', allowedOrigins: ['https://admin.tokoku.test'] });
    expect(await (await open(b.ws, { origin: 'https://evil.test' })).closed()).toBe(4403);
    await (await open(b.ws, { origin: 'https://admin.tokoku.test' })).hello();
    await (await open(b.ws)).hello();
    expect(b.hub.openSockets('ana')).toBe(2);
  });
});

describe('publish', () => {
  it('takes the event, its data and the options, or one object, and sends what it resolves with', async () => {
    const b = await backend();
    const peer = await open(`${b.ws}?user=ana`);
    await peer.hello();
    const at = new Date('2026-11-25T10:00:00.000Z');
    const actions = [
      { label: 'Open order', url: '/orders/ORD-1' },
      { label: 'Ship', id: 'ship' },
    ];
    const first = await b.hub.publish(
      'ana',
      'order.created',
      { orderCode: 'ORD-1', customerName: 'Budi', totalAmount: 150000 },
      { id: 'order-ORD-1', at, title: 'New order', body: 'Budi ordered', actions },
    );
    const second = await b.hub.publish('ana', { event: 'payment.received', data: { orderCode: 'ORD-1' }, at: '2026-11-25T10:05:00.000Z' });
    expect(first).toEqual({
      type: 'notification',
      id: 'order-ORD-1',
      event: 'order.created',
      at: '2026-11-25T10:00:00.000Z',
      data: { orderCode: 'ORD-1', customerName: 'Budi', totalAmount: 150000 },
      title: 'New order',
      body: 'Budi ordered',
      actions,
      seq: 1,
    });
    expect(second).toMatchObject({ event: 'payment.received', seq: 2, at: '2026-11-25T10:05:00.000Z' });
    await peer.wait((f) => f.seq === 2, 1, 'both');
    expect(peer.afterWelcome).toEqual([first, second]);
  });

  it('refuses what no client could show, and numbers nothing for it', async () => {
    const b = await backend();
    await expect(b.hub.publish('ana', '', {})).rejects.toThrow(TypeError);
    await expect(b.hub.publish('ana', { event: 'x', data: [] as unknown as Record<string, unknown> })).rejects.toThrow(TypeError);
    await expect(b.hub.publish('ana', 'x', { pad: 'x'.repeat(300_000) })).rejects.toThrow(RangeError);
    expect(await b.hub.seq('ana')).toBe(0);
  });
});
