// The Go reference hub of docs/PROTOCOL.md §11 (examples/go-hub), built with `go build` and run as
// a process on 127.0.0.1: the real headless client receives what is published, resumes with a
// replay after a drop, and stops at a refusal; the conformance checker passes it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeClient, waitFor, webSocketFrom, type NodeClient } from './support/go-client.js';
import { buildGoHub, goHubUnavailable, startGoHub, type GoHubBuild, type RunningGoHub } from './support/go-hub.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const checker = 'conformance/cli.ts';
const checkerMissing = !existsSync(`${root}/${checker}`);

// Like the Go step of scripts/test.mjs: without Go a local run skips, CI fails.
const unavailable = goHubUnavailable();
const skip = unavailable !== null && !process.env.CI;
if (skip) console.warn(`go-hub tests skipped: ${unavailable}`);

const DASHBOARD = 'dashboard.tokoku.test';
const sessions = [
  { token: 'admin-token', user: 'admin-1' },
  { token: 'conformance-token', user: 'conformance' },
  { token: 'viewer-token', user: 'viewer-1', role: 'viewer' },
];

const ms = (t: number) => `${t.toFixed(0)} ms`;

/** The counts of the checker's JSON report and the checks that did not pass, or the raw output. */
function summary(output: string): string {
  try {
    const report = JSON.parse(output) as { counts: Record<string, number>; checks: { name: string; status: string }[] };
    const notPassed = report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.name} ${c.status}`);
    return `${JSON.stringify(report.counts)}${notPassed.length ? `; ${notPassed.join(', ')}` : ''}`;
  } catch {
    return output.slice(0, 2000);
  }
}

describe.skipIf(skip)(`Go reference hub, examples/go-hub${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  let build: GoHubBuild | undefined;
  let hub: RunningGoHub;
  const clients: NodeClient[] = [];

  beforeAll(async () => {
    if (unavailable) throw new Error(`CI must build the Go hub: ${unavailable}`);
    build = buildGoHub();
    const started = performance.now();
    // A 1 s heartbeat lets the conformance checker verify the ping cadence and the idle close.
    hub = await startGoHub(build.binary, { sessions, origins: [DASHBOARD], heartbeat: '1s' });
    console.log(`go build ${ms(build.buildMs)} (empty cache), start ${ms(performance.now() - started)}`);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.notifier.close()));
    await hub?.stop();
    build?.remove();
  });

  const track = (client: NodeClient) => (clients.push(client), client);

  it('delivers a publish to the headless client, and replays what it missed while away', async () => {
    let holdReconnect: Promise<void> = Promise.resolve();
    const { WebSocket, sockets } = webSocketFrom(`https://${DASHBOARD}`);
    const client = track(
      nodeClient({
        url: async () => {
          await holdReconnect;
          return hub.streamUrl('admin-token');
        },
        user: 'admin-1',
        WebSocket,
      }),
    );
    const { notifier, received } = client;
    await waitFor(() => notifier.state === 'open' && notifier.cursor !== null, 'the welcome');

    let t0 = performance.now();
    const first = await hub.publish({
      user: 'admin-1',
      event: 'order.created',
      id: 'order.created:ORD-20261125-0042',
      data: { orderCode: 'ORD-20261125-0042', customerName: 'Siti Rahayu', totalAmount: 150000 },
    });
    await waitFor(() => received.length === 1, 'the live notification');
    console.log(`publish → notification in the client: ${ms(performance.now() - t0)}`);
    expect(received[0]).toMatchObject({
      id: 'order.created:ORD-20261125-0042',
      seq: first.seq,
      event: 'order.created',
      data: { orderCode: 'ORD-20261125-0042', customerName: 'Siti Rahayu', totalAmount: 150000 },
    });
    expect(received[0].title).toBeUndefined();
    const epoch = notifier.cursor!.epoch;

    // The socket drops; two notifications are published before the client is back.
    let release = () => {};
    holdReconnect = new Promise((resolve) => (release = resolve));
    sockets[sockets.length - 1].terminate();
    await waitFor(() => notifier.state === 'reconnecting', 'the client to notice the drop');
    const missed = [
      { user: 'admin-1', event: 'payment.received', data: { orderCode: 'ORD-20261125-0042', paymentMethod: 'qris', totalAmount: 150000 } },
      { user: 'admin-1', event: 'voucher.redeemed', data: { voucher: 'V-7' }, title: '🎟️ Voucher Redeemed', body: 'Voucher V-7 redeemed' },
    ];
    for (const body of missed) await hub.publish(body);
    t0 = performance.now();
    release();
    await waitFor(() => received.length === 3, 'the replay');
    console.log(`reconnect → replay of 2 in the client: ${ms(performance.now() - t0)}`);

    expect(sockets).toHaveLength(2);
    expect(received.slice(1).map((n) => [n.event, n.seq])).toEqual([
      ['payment.received', 2],
      ['voucher.redeemed', 3],
    ]);
    expect(received[2]).toMatchObject({ title: '🎟️ Voucher Redeemed', body: 'Voucher V-7 redeemed' });
    expect(client.resyncs).toEqual([]);
    expect(notifier.cursor).toEqual({ epoch, seq: 3 });
    expect(notifier.items.map((n) => n.seq)).toEqual([3, 2, 1]);
    expect(notifier.unreadCount).toBe(3);
  });

  it('refuses another Origin and an unknown session after the upgrade, so the client stops with auth-error', async () => {
    const cases = [
      { what: 'another site', origin: 'https://evil.example', token: 'admin-token', code: 4403 },
      { what: 'an unknown session', origin: `https://${DASHBOARD}`, token: 'expired-token', code: 4401 },
      { what: 'a user who is not an admin', origin: undefined, token: 'viewer-token', code: 4403 },
    ];
    for (const { what, origin, token, code } of cases) {
      const { WebSocket, sockets } = webSocketFrom(origin);
      const client = track(nodeClient({ url: hub.streamUrl(token), user: `refused-${code}`, WebSocket }));
      await waitFor(() => client.authErrors.length > 0, `auth-error for ${what}`);
      expect(client.authErrors, what).toEqual([{ code, reason: expect.any(String) as string }]);
      expect(client.notifier.state, what).toBe('closed');
      // With a 20 ms backoff, a client that kept retrying would have opened more sockets by now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sockets, what).toHaveLength(1);
    }
  });

  it.skipIf(checkerMissing)(
    `passes the conformance checker${checkerMissing ? ` (skipped: no ${checker} yet)` : ''}`,
    async () => {
      const args = [
        '--import',
        'tsx',
        checker,
        hub.streamUrl('conformance-token'),
        '--publish-url',
        hub.publishUrl,
        '--refused-url',
        hub.streamUrl('expired-token'),
        '--json',
      ];
      const started = performance.now();
      const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      console.log(`conformance checker: exit ${String(code)} in ${ms(performance.now() - started)}, ${summary(output)}`);
      expect(code, output).toBe(0);
    },
    120_000,
  );
});
