/**
 * The state of one run: the options, what has been found so far, the connections opened, and the
 * steps every check is made of (open a connection and say hello, publish, wait for what was
 * published).
 */
import { randomBytes } from 'node:crypto';
import { Probe, type Frame, type OpenOutcome, type Received } from './client.js';
import { isObject, show, welcomeShape } from './frames.js';
import { Publisher } from './publisher.js';
import { Recorder, type ServerInfo } from './report.js';

export interface ConformanceOptions {
  /** The WebSocket URL of the stream; the server authenticates it as `user`. */
  url: string;
  /** Where to POST `{"user","event","data"}` to make the server publish. */
  publishUrl: string;
  /** The user `url` authenticates as (default `conformance`). */
  user?: string;
  /** A URL the server must refuse with 4401/4403 after the upgrade. */
  refusedUrl?: string;
  /** How long to wait for each expected frame, in ms (default 2000). */
  timeoutMs?: number;
  /** How long at most to watch the heartbeat, in ms (default 7000). */
  heartbeatWaitMs?: number;
  /**
   * Headers sent with each upgrade request to `url` (not to `refusedUrl`), e.g. `Origin` or
   * `Cookie` for a server that authenticates with a session cookie.
   */
  headers?: Record<string, string>;
}

export type ResolvedOptions = Required<Omit<ConformanceOptions, 'refusedUrl'>> & { refusedUrl?: string };

/** The client's connection timeout (§6): an upgrade slower than this never succeeds in the widget. */
export const UPGRADE_TIMEOUT_MS = 4000;

/** A connection that got its welcome. */
export interface Connection {
  /** Names the connection in messages, e.g. `resume`. */
  label: string;
  probe: Probe;
  welcome: Frame;
  /** The welcome's index in `probe.received`. */
  welcomeIndex: number;
}

/** A notification the checker published, found by its order code. */
export interface Published {
  code: string;
  /** When the POST was answered, in the main connection's clock (or -1). */
  postedAt: number;
}

const isNotificationFor = (code: string) => (message: Received) =>
  message.frame?.type === 'notification' && isObject(message.frame.data) && message.frame.data.orderCode === code;

/** The `data` of the notifications the checker publishes: an `order.created` of the seed (§8). */
export const publishedData = (code: string) => ({ orderCode: code, customerName: 'Lonceng Conformance', totalAmount: 150000 });

export const PUBLISHED_EVENT = 'order.created';

/**
 * The welcome, and the frames that must not come before it (§2.2). A ping may precede it, and so
 * may frame types of a later protocol version, which the widget ignores.
 */
const ANSWERS: ReadonlySet<string> = new Set(['welcome', 'notification', 'read', 'unread', 'archive', 'history']);

export class Session {
  readonly recorder = new Recorder();
  readonly publisher: Publisher;
  /** Makes this run's order codes, epochs and request ids unique. */
  readonly run = randomBytes(4).toString('hex');
  /** Every connection opened, for the checks made over all frames at the end. */
  readonly connections: { label: string; probe: Probe; welcomed: Connection | null }[] = [];
  server: ServerInfo | null = null;
  /** Set once the server has shown that it no longer holds the oldest entries (a reset for after 0). */
  retention = false;
  /** Why the remaining checks cannot run, once something they all need has failed. */
  blocked: string | null = null;
  #published = 0;

  constructor(readonly options: ResolvedOptions) {
    this.publisher = new Publisher(options.publishUrl, options.user, options.timeoutMs);
  }

  /** The order codes of this run start with this. */
  get codePrefix(): string {
    return `CONF-${this.run}-`;
  }

  /**
   * Opens a connection to the stream and says hello. Records the `upgrade`, `welcome` and
   * `welcome-fields` findings; null when there is no welcome.
   */
  async connect(label: string, epoch: string | null, after: number | null, { answerPings = true } = {}): Promise<Connection | null> {
    const { recorder, options } = this;
    const { outcome, probe } = await Probe.connect(options.url, { timeoutMs: UPGRADE_TIMEOUT_MS, answerPings, headers: options.headers });
    if (!probe) {
      recorder.fail('upgrade', `connection "${label}": ${describeOutcome(outcome)}`, upgradeFix(outcome));
      return null;
    }
    const entry = { label, probe, welcomed: null as Connection | null };
    this.connections.push(entry);
    recorder.pass('upgrade', this.connections.length === 1 ? `${outcome.ms} ms` : undefined);
    probe.sendHello(epoch, after);

    const first = await probe.waitFor((message) => message.frame !== null && ANSWERS.has(message.frame.type), options.timeoutMs);
    const welcomeIndex =
      first >= 0 && probe.received[first].frame?.type === 'welcome' ? first : await this.#lateWelcome(label, probe, first);
    if (welcomeIndex < 0) return null;
    const welcome = probe.received[welcomeIndex].frame as Frame;
    recorder.pass(
      'welcome',
      this.connections.length === 1 ? `${probe.received[welcomeIndex].at - probe.helloAt} ms after hello` : undefined,
    );
    this.#checkWelcomeFields(label, welcome);
    entry.welcomed = { label, probe, welcome, welcomeIndex };
    return entry.welcomed;
  }

  /** Records what came instead of the welcome, and waits for a welcome after it. */
  async #lateWelcome(label: string, probe: Probe, first: number): Promise<number> {
    const { recorder, options } = this;
    if (first < 0) {
      const closed = probe.closed;
      if (closed && (closed.code === 4401 || closed.code === 4403)) {
        recorder.fail(
          'welcome',
          `connection "${label}" was closed ${closed.code} "${closed.reason}" before any welcome`,
          `make <ws-url> authenticate as user "${options.user}" (the --user), or pass the --user it authenticates`,
        );
      } else if (closed) {
        recorder.fail('welcome', `connection "${label}" was closed (${closed.code} "${closed.reason}") without a welcome`);
      } else {
        recorder.fail('welcome', `connection "${label}": no welcome within ${options.timeoutMs} ms of hello`);
      }
      return -1;
    }
    recorder.fail('welcome', `connection "${label}": ${describeMessage(probe.received[first])} arrived before the welcome`);
    return probe.waitFor((message) => message.frame?.type === 'welcome', options.timeoutMs, first);
  }

  #checkWelcomeFields(label: string, welcome: Frame): void {
    const { recorder } = this;
    const shape = welcomeShape(welcome);
    for (const error of shape.errors) recorder.fail('welcome-fields', `connection "${label}": ${error}`);
    for (const warning of shape.warnings) recorder.warn('welcome-fields', `welcome ${warning}`, 'omit optional members that have no value');
    const heartbeat = welcome.heartbeatMs;
    if (typeof heartbeat === 'number' && (heartbeat < 1000 || heartbeat > 300_000)) {
      recorder.warn(
        'welcome-fields',
        `heartbeatMs ${heartbeat} is outside 1000–300000: the widget takes ${heartbeat < 1000 ? 1000 : 300_000}`,
        'advertise the heartbeat you actually send, between 1000 and 300000 ms (§4)',
      );
    }
    if (shape.errors.length === 0) recorder.pass('welcome-fields');
  }

  /** Publishes the next notification of this run; null (recorded) when the hook fails. */
  async publish(): Promise<Published | null> {
    const code = `${this.codePrefix}${++this.#published}`;
    const result = await this.publisher.publish({ event: PUBLISHED_EVENT, data: publishedData(code) });
    if (!result.ok) {
      this.recorder.fail('publish-hook', `POST ${this.options.publishUrl}: ${result.error}`);
      return null;
    }
    this.recorder.pass('publish-hook', this.publisher.published === 1 ? `${result.ms} ms` : undefined);
    return { code, postedAt: Date.now() };
  }

  /** Index in `received` of the notification with this order code, or -1 after the timeout. */
  arrival(connection: Connection, code: string, timeoutMs = this.options.timeoutMs): Promise<number> {
    return connection.probe.waitFor(isNotificationFor(code), timeoutMs, connection.welcomeIndex + 1);
  }

  /**
   * Publishes one notification and waits for it on each connection: a fence that everything the
   * server sent before it (a replay, an answer to a frame) has arrived in front of. Indexes are -1
   * where it did not arrive; null when the hook failed.
   */
  async fence(connections: readonly Connection[], timeoutMs = this.options.timeoutMs): Promise<{ code: string; at: number[] } | null> {
    const published = await this.publish();
    if (!published) return null;
    const at = await Promise.all(connections.map((connection) => this.arrival(connection, published.code, timeoutMs)));
    return { code: published.code, at };
  }

  /** Stops the remaining checks that need what failed. */
  block(reason: string): void {
    this.blocked ??= reason;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.connections.map(({ probe }) => probe.close()));
  }
}

/** What an attempt to open a connection ended in, for a message. */
export function describeOutcome(outcome: OpenOutcome): string {
  switch (outcome.kind) {
    case 'open':
      return `open after ${outcome.ms} ms`;
    case 'http':
      return `the server answered HTTP ${outcome.status} instead of upgrading`;
    case 'closed':
      return `closed (${outcome.code} "${outcome.reason}") during the upgrade`;
    case 'error':
      return `could not connect: ${outcome.message}`;
    case 'timeout':
      return `no upgrade within ${outcome.ms} ms`;
  }
}

const upgradeFix = (outcome: OpenOutcome): string | undefined =>
  outcome.kind === 'http' && (outcome.status === 401 || outcome.status === 403)
    ? 'let <ws-url> authenticate as the --user, and refuse others after the upgrade with 4401/4403, not with HTTP 401/403'
    : undefined;

/** One received message, for a message. */
export function describeMessage(message: Received): string {
  if (message.binary) return 'a binary message';
  if (message.value === undefined) return 'a message that is not JSON';
  if (!message.frame) return `a JSON value that is not a frame (${show(message.value)})`;
  return `a "${message.frame.type}" frame`;
}
