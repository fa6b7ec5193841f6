/**
 * The Go reference hub (examples/go-hub) as a real process: built offline in GOPATH mode against
 * Debian's golang-nhooyr-websocket-dev, started on a free 127.0.0.1 port with its publish hook on.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const source = join(root, 'examples/go-hub');
const debianGoPath = '/usr/share/gocode';

/** Why the hub cannot be built here, or null when it can. */
export function goHubUnavailable(): string | null {
  if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) return 'no `go` on PATH (apt-get install golang-go)';
  if (!existsSync(join(debianGoPath, 'src/nhooyr.io/websocket'))) {
    return `no ${debianGoPath}/src/nhooyr.io/websocket (apt-get install golang-nhooyr-websocket-dev)`;
  }
  return null;
}

export interface GoHubBuild {
  binary: string;
  /** Wall time of `go build`, ms. */
  buildMs: number;
  /** Removes the binary, the GOPATH copy and the build cache. */
  remove(): void;
}

/**
 * Copies the example into a temporary GOPATH as example.com/shop and builds it there, with its own
 * build cache. The files import github.com/coder/websocket (what a module build uses); the copy
 * imports nhooyr.io/websocket, the same library under its former path, which Debian ships.
 */
export function buildGoHub(): GoHubBuild {
  const dir = mkdtempSync(join(tmpdir(), 'lonceng-go-hub-'));
  const pkg = join(dir, 'src/example.com/shop');
  cpSync(source, pkg, { recursive: true, filter: (from) => !from.endsWith('_test.go') });
  for (const file of readdirSync(pkg, { recursive: true }).map(String)) {
    if (!file.endsWith('.go')) continue;
    const path = join(pkg, file);
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('"github.com/coder/websocket"', '"nhooyr.io/websocket"'));
  }
  const binary = join(dir, 'shop');
  const started = performance.now();
  const build = spawnSync('go', ['build', '-o', binary, '.'], {
    cwd: pkg,
    encoding: 'utf8',
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH: `${dir}:${debianGoPath}`,
      GOPROXY: 'off',
      GOFLAGS: '',
      GOCACHE: join(dir, 'cache'),
    },
  });
  const buildMs = performance.now() - started;
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (build.status !== 0) {
    remove();
    throw new Error(`go build of examples/go-hub failed:\n${build.stdout}${build.stderr}`);
  }
  return { binary, buildMs, remove };
}

/** A stand-in session of the hub: the token a client presents and the user it names. */
export interface GoHubSession {
  token: string;
  user: string;
  role?: string;
}

export interface RunningGoHub {
  /** `ws://127.0.0.1:<port>/ws/notifications`, without a token. */
  endpoint: string;
  /** The WebSocket URL of a session's stream. */
  streamUrl(token: string): string;
  /** `http://127.0.0.1:<port>/publish`. */
  publishUrl: string;
  /** Publishes through the hook and returns the hub's receipt. */
  publish(body: PublishBody): Promise<{ id: string; seq?: number; duplicate?: boolean }>;
  /** Stops the process with SIGTERM (the hub closes its sockets with 1001) and waits for it. */
  stop(): Promise<void>;
}

/** The body of `POST /publish` (CONTRACT.md, "Conformance checker"). */
export interface PublishBody {
  user: string;
  event: string;
  data?: Record<string, unknown>;
  id?: string;
  title?: string;
  body?: string;
}

export interface GoHubOptions {
  sessions: GoHubSession[];
  /** Dashboard hosts allowed as Origin besides the hub's own. */
  origins?: string[];
  /** Ping interval as a Go duration, e.g. `1s` (the hub's default: 25 s). */
  heartbeat?: string;
}

/** Starts the built hub on a free 127.0.0.1 port, with its publish hook, and waits until it listens. */
export async function startGoHub(binary: string, options: GoHubOptions): Promise<RunningGoHub> {
  const args = ['-addr', '127.0.0.1:0', '-publish-hook'];
  for (const s of options.sessions) args.push('-session', `${s.token}=${s.user}${s.role ? `:${s.role}` : ''}`);
  for (const o of options.origins ?? []) args.push('-origin', o);
  if (options.heartbeat) args.push('-heartbeat', options.heartbeat);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const address = await listeningAddress(child, () => stderr);
  const endpoint = `ws://${address}/ws/notifications`;
  const publishUrl = `http://${address}/publish`;
  return {
    endpoint,
    publishUrl,
    streamUrl: (token) => `${endpoint}?token=${encodeURIComponent(token)}`,
    async publish(body) {
      const response = await fetch(publishUrl, { method: 'POST', body: JSON.stringify(body) });
      const text = await response.text();
      if (!response.ok) throw new Error(`POST /publish answered ${response.status}: ${text}`);
      return JSON.parse(text) as { id: string; seq?: number; duplicate?: boolean };
    },
    stop: () => stopProcess(child),
  };
}

/** Reads the `listening on <host:port>` line the hub prints on stdout. */
function listeningAddress(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (why: string) => {
      settle();
      child.kill('SIGKILL');
      reject(new Error(`the Go hub ${why}:\n${stderr()}`));
    };
    const onLine = (line: string) => {
      const match = /^listening on (\S+)$/.exec(line);
      if (!match) return;
      settle();
      child.stdout!.resume(); // keep draining, so that a later line can never block the hub
      resolve(match[1]);
    };
    const onExit = (code: number | null) => fail(`exited (${String(code)}) before listening`);
    const timer = setTimeout(() => fail('did not listen within 10 s'), 10_000);
    const settle = () => {
      clearTimeout(timer);
      lines.off('line', onLine);
      lines.close();
      child.off('exit', onExit);
    };
    lines.on('line', onLine);
    child.on('exit', onExit);
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}
