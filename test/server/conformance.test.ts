// The conformance checker (conformance/) against real servers on 127.0.0.1: the reference Hub with
// the inbox extension, a second plain v1 server written from docs/PROTOCOL.md, the same server with
// one deliberate fault each, and one that sends null in optional members; then the command line
// itself, and §12 of docs/PROTOCOL.md against the checker's catalogue.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { Hub, type HistoryStore } from '../../server/hub.js';
import { createRedisHistory } from '../../server/redis-history.js';
import { CHECKS, type CheckName } from '../../conformance/catalog.js';
import type { CheckResult, ConformanceReport } from '../../conformance/report.js';
import { runConformance } from '../../conformance/run.js';
import { startTestServer, type TestServerOptions } from './support/conformance-server.js';
import { startPublishEndpoint } from './support/publish-endpoint.js';
import { redisUnavailable, startRedis } from './support/redis.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Registers what to stop when the test ends (the test context's own hook: tests run concurrently). */
type Finally = (cleanup: () => Promise<void>) => void;

/** The reference Hub with its publish hook and a refused user. */
async function startReferenceHub(cleanup: Finally, heartbeatMs: number, historySize?: number, history?: HistoryStore) {
  const hub = new Hub({ heartbeatMs, ...(historySize === undefined ? {} : { historySize }), ...(history ? { history } : {}) });
  await hub.listen(0, '127.0.0.1');
  hub.closeUser('intruder', 4403, 'forbidden', { deny: true });
  const endpoint = await startPublishEndpoint(hub);
  cleanup(async () => {
    await endpoint.close();
    await hub.close();
  });
  return { url: `${hub.url}?user=conformance`, publishUrl: endpoint.url, refusedUrl: `${hub.url}?user=intruder` };
}

async function startServer(cleanup: Finally, options: TestServerOptions) {
  const server = await startTestServer(options);
  cleanup(() => server.close());
  return server;
}

const result = (report: ConformanceReport, name: CheckName): CheckResult => {
  const found = report.checks.find((check) => check.name === name);
  if (!found) throw new Error(`no result for ${name}`);
  return found;
};
const named = (report: ConformanceReport, status: CheckResult['status']) =>
  report.checks.filter((check) => check.status === status).map((check) => check.name);

/** Timings are printed, not asserted. */
function print(what: string, report: ConformanceReport): void {
  const { pass, fail, warn, skip } = report.counts;
  console.log(`${what}: ${report.durationMs} ms, ${pass} pass, ${fail} fail, ${warn} warn, ${skip} skip`);
}

/** Checks whose outcome depends on timers (warnings there are about timing, not conformance). */
const TIMED: readonly CheckName[] = ['heartbeat-ping', 'idle-close'];
/** What every server in these tests does right, broken or not. */
const BASICS: readonly CheckName[] = ['upgrade', 'welcome', 'welcome-fields', 'frames-json', 'publish-hook', 'live-delivery', 'fan-out'];
const INBOX = CHECKS.filter((check) => 'needs' in check).map((check) => check.name);

describe.concurrent('lonceng-conformance against correct servers', () => {
  it('passes the reference Hub: every check runs, the inbox extension included', async ({ onTestFinished }) => {
    const report = await runConformance(await startReferenceHub(onTestFinished, 1000));
    print('reference Hub', report);
    expect(named(report, 'fail')).toEqual([]);
    expect(named(report, 'skip')).toEqual([]);
    expect(named(report, 'warn').filter((name) => !TIMED.includes(name))).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.server?.features).toEqual(['history', 'state']);
    // The Hub holds everything: an unknown epoch is welcomed at the floor and replayed, after 0 replays all.
    expect(result(report, 'hello-other-epoch').message).toMatch(/welcomed at seq 0, then \d+ held entries/);
    expect(result(report, 'hello-old-cursor').message).toMatch(/replayed \d+ entries from seq 1/);
    expect(result(report, 'auth-refusal').message).toMatch(/closed 4403 "forbidden"/);
  });

  // Without redis-server the test is skipped here; CI installs it, and fails without it.
  it.skipIf(redisUnavailable() !== null && !process.env.CI)(
    'passes the reference Hub with its history in Redis',
    async ({ onTestFinished }) => {
      const redis = await startRedis();
      const history = await createRedisHistory({ url: redis.url, prefix: 'conformance', onError: () => undefined });
      onTestFinished(async () => {
        await history.close();
        await redis.stop();
      });
      const report = await runConformance(await startReferenceHub(onTestFinished, 1000, undefined, history));
      print('reference Hub on Redis', report);
      expect(named(report, 'fail')).toEqual([]);
      expect(named(report, 'skip')).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.server?.features).toEqual(['history', 'state']);
    },
  );

  it('passes the Hub keeping only 6 notifications: old cursors get reset, counts and pages cover what it holds', async ({
    onTestFinished,
  }) => {
    const report = await runConformance(await startReferenceHub(onTestFinished, 1000, 6));
    print('reference Hub, 6 kept', report);
    expect(named(report, 'fail')).toEqual([]);
    expect(named(report, 'skip')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(result(report, 'hello-old-cursor').message).toMatch(/"reset": true/);
    expect(result(report, 'welcome-unread').message).toMatch(/\(6; the widget counted \d+, but the server keeps fewer notifications\)/);
  });

  it('passes a plain v1 server written from the protocol alone, and skips what it does not advertise', async ({ onTestFinished }) => {
    const server = await startServer(onTestFinished, { heartbeatMs: 1000 });
    const report = await runConformance(server);
    print('plain v1 server', report);
    expect(named(report, 'fail')).toEqual([]);
    expect(report.ok).toBe(true);
    // Its other ways, all allowed: a small buffer, no replay for another epoch, reads ignored.
    expect(result(report, 'hello-old-cursor').message).toMatch(/"reset": true/);
    expect(result(report, 'hello-other-epoch').message).toMatch(/welcomed at the current seq, no replay/);
    expect(result(report, 'read-accepted').message).toMatch(/not forwarded \(allowed\)/);
    for (const name of INBOX) {
      expect(result(report, name).status).toBe('skip');
      expect(result(report, name).message).toMatch(/^the welcome does not advertise "(history|state)"$/);
    }
    expect(result(report, 'welcome-unread')).toMatchObject({ status: 'skip', message: 'the welcome has no "unread"' });
  });
});

describe.concurrent('lonceng-conformance against broken servers', () => {
  const cases: {
    fault: NonNullable<TestServerOptions['fault']>;
    options?: TestServerOptions;
    check: CheckName;
    message: RegExp;
    fix: RegExp;
  }[] = [
    {
      fault: 'no-replay',
      check: 'replay-after-cursor',
      message: /after a hello with after \d+, 3 of 3 entries were not replayed \(seq \d+–\d+\)/,
      fix: /send every held entry with seq > after, in seq order/,
    },
    {
      fault: 'seq-out-of-order',
      check: 'seq-order',
      message: /connection "main" got notification seq 3 after seq 4: the widget's cursor had passed it/,
      fix: /each socket receives the user’s stream in seq order/,
    },
    {
      fault: 'no-ping',
      options: { heartbeatMs: 1000 },
      check: 'heartbeat-ping',
      message: /no ping in \d+ ms although heartbeatMs is 1000/,
      fix: /send \{"type":"ping"\} on that fixed cadence/,
    },
    {
      fault: 'http-403',
      check: 'auth-refusal',
      message: /answered HTTP 403 instead of upgrading: .*keeps retrying/,
      fix: /accept the WebSocket, then close it with 4401 \(not authenticated\) or 4403 \(forbidden\)/,
    },
    {
      fault: 'history-ignores-before',
      options: { history: true, bufferSize: 50 },
      check: 'history-before',
      message: /before \d+ gave seq [\d, ]+, not below \d+/,
      fix: /return only notifications with seq < before/,
    },
  ];

  it.for(cases)(
    'fails $check for a server with fault $fault, and judges the rest as before',
    async ({ fault, options, check, message, fix }, { onTestFinished }) => {
      const server = await startServer(onTestFinished, { ...options, fault });
      const report = await runConformance(server);
      print(`fault ${fault}`, report);
      expect(report.ok).toBe(false);
      const failing = result(report, check);
      expect(failing).toMatchObject({ status: 'fail', section: CHECKS.find((spec) => spec.name === check)?.section });
      expect(failing.message).toMatch(message);
      expect(failing.fix).toMatch(fix);
      // The fault shows up where it belongs and nowhere it does not.
      const otherFailures = named(report, 'fail').filter((name) => name !== check);
      expect(otherFailures).toEqual(fault === 'history-ignores-before' ? ['history-more'] : []);
      for (const name of BASICS) expect(result(report, name).status).toBe('pass');
    },
  );

  it('warns about gaps in the numbering (allowed, not recommended) and passes the server', async ({ onTestFinished }) => {
    const server = await startServer(onTestFinished, { fault: 'seq-gaps' });
    const report = await runConformance(server);
    print('fault seq-gaps', report);
    expect(named(report, 'fail')).toEqual([]);
    expect(report.ok).toBe(true);
    const gaps = result(report, 'seq-contiguous');
    expect(gaps).toMatchObject({ status: 'warn', section: '§3.1' });
    expect(gaps.message).toMatch(/seq 4 never arrived between 3 and 5/);
    expect(gaps.fix).toMatch(/per-user counter/);
  });

  it('gives a clear FAIL quickly, never a hang, for a server that never answers hello', async ({ onTestFinished }) => {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    onTestFinished(async () => {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
      await new Promise((resolve) => http.close(resolve));
    });
    const { port } = http.address() as AddressInfo;
    const report = await runConformance({ url: `ws://127.0.0.1:${port}/`, publishUrl: `http://127.0.0.1:${port}/publish`, timeoutMs: 300 });
    print('silent server', report);
    expect(report.ok).toBe(false);
    expect(result(report, 'upgrade').status).toBe('pass');
    expect(result(report, 'welcome')).toMatchObject({ status: 'fail', message: 'connection "main": no welcome within 300 ms of hello' });
    expect(result(report, 'replay-after-cursor')).toMatchObject({
      status: 'skip',
      message: 'not run: the first connection got no welcome',
    });
    expect(report.durationMs).toBeLessThan(5000);
  });
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

const runCli = (args: string[]): Promise<Exit> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'conformance/cli.ts', ...args],
      { cwd: root, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });

describe('lonceng-conformance on the command line', () => {
  it('exits 0 with a JSON report for the Hub, and says what a short --heartbeat-wait could not check', async ({ onTestFinished }) => {
    const hub = await startReferenceHub(onTestFinished, 5000);
    const exit = await runCli([
      hub.url,
      '--publish-url',
      hub.publishUrl,
      '--refused-url',
      hub.refusedUrl,
      '--heartbeat-wait',
      '1000',
      '--json',
    ]);
    expect(exit.stderr).toBe('');
    expect(exit.code).toBe(0);
    const report = JSON.parse(exit.stdout) as ConformanceReport;
    print('command line, Hub', report);
    expect(report).toMatchObject({ ok: true, target: { url: hub.url, user: 'conformance' }, counts: { fail: 0 } });
    expect(report.checks.map((check) => check.name)).toEqual(CHECKS.map((check) => check.name));
    for (const name of TIMED) {
      expect(result(report, name).status).toBe('warn');
      expect(result(report, name).message).toMatch(/^not verified: .*--heartbeat-wait 1000/);
      expect(result(report, name).fix).toMatch(/rerun with --heartbeat-wait \d+ or more/);
    }
  });

  it('exits 0 for a server that sends null in optional members, with a warning for each kind', async ({ onTestFinished }) => {
    const server = await startServer(onTestFinished, { heartbeatMs: 1000, nulls: true, history: true, bufferSize: 50 });
    const exit = await runCli([server.url, '--publish-url', server.publishUrl, '--refused-url', server.refusedUrl, '--json']);
    expect(exit.code).toBe(0);
    const report = JSON.parse(exit.stdout) as ConformanceReport;
    print('command line, server sending null', report);
    expect(report.ok).toBe(true);
    expect(named(report, 'fail')).toEqual([]);
    for (const name of ['welcome-fields', 'notification-fields', 'history-answer'] as const) {
      expect(result(report, name)).toMatchObject({ status: 'warn', fix: 'omit optional members that have no value' });
      expect(result(report, name).message).toMatch(/"(reset|unread|title)": null \(allowed/);
    }
  });

  it('exits 1 with one line per check for a broken server, naming what to fix and the section', async ({ onTestFinished }) => {
    const server = await startServer(onTestFinished, { fault: 'no-replay' });
    const exit = await runCli([server.url, '--publish-url', server.publishUrl]);
    expect(exit.code).toBe(1);
    const lines = exit.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(CHECKS.length + 1);
    expect(lines.find((line) => line.includes('replay-after-cursor'))).toMatch(
      /^FAIL {2}replay-after-cursor +§3\.2 .* — fix: .*seq > after.* \(§3\.2\)$/,
    );
    expect(lines.find((line) => line.includes('auth-refusal'))).toMatch(/^SKIP {2}auth-refusal .*no --refused-url given$/);
    expect(lines.at(-1)).toMatch(/^NOT CONFORMANT: \d+ passed, 1 failed, \d+ warnings, \d+ skipped/);
  });

  it('exits 2 with the usage when --publish-url is missing', async () => {
    const exit = await runCli(['ws://127.0.0.1:9/ws']);
    expect(exit.code).toBe(2);
    expect(exit.stderr).toMatch(/--publish-url is required/);
    expect(exit.stderr).toMatch(/Usage: lonceng-conformance <ws-url> --publish-url <http-url>/);
  });
});

describe('docs/PROTOCOL.md §12', () => {
  it('lists exactly the checks the checker runs, each with its section and requirement level', async () => {
    const protocol = await readFile(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');
    const section = protocol.slice(protocol.indexOf('## 12. Conformance checklist'), protocol.indexOf('## 13. Inbox extension'));
    const rows = [...section.matchAll(/^\| `([a-z-]+)` \| (§[\d.]+) \| (MUST|SHOULD) \|/gm)].map(([, name, at, level]) => ({
      name,
      section: at,
      level,
    }));
    expect(rows).toEqual(CHECKS.map(({ name, section: at, level }) => ({ name, section: at, level })));
  });
});
