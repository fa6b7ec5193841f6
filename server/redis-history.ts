/**
 * A history store in Redis, shared by any number of Hub processes: one Redis Stream per user,
 * bounded to `size` notifications, with the user's seq, floor, unread count and epoch next to it
 * (see server/redis-scripts.ts for the keys). Restarting a Hub keeps every user's numbering and
 * epoch; an epoch changes only when Redis has lost the user's keys. Appends are announced on a
 * pub/sub channel per user, which the Hubs follow for the users whose sockets they hold; a Hub
 * whose subscription was interrupted reads those users' streams again, so nothing is missed.
 *
 * Needs `@redis/client` (an optional peer dependency of lonceng), loaded only when a store connects.
 */
import { randomUUID } from 'node:crypto';
import type {
  Appended,
  FeedListener,
  HistoryPage,
  HistoryStore,
  HubNotification,
  NotificationFields,
  StateType,
  StoreFeed,
  StreamFrame,
  StreamHead,
  StreamRead,
  Updated,
  UserStream,
} from './history.js';
import { SCRIPTS } from './redis-scripts.js';

export interface RedisHistoryOptions {
  /** The Redis server, e.g. `redis://127.0.0.1:6379` (the default). */
  url?: string;
  /** Prefix of every key and channel (default `lonceng`); a user's keys are `<prefix>:{<user>}:meta`, `:log` and `:ids`. */
  prefix?: string;
  /** How many notifications per user are kept for replay and history (default 10,000). */
  size?: number;
  /** Further options for `createClient` of `@redis/client` (password, TLS, socket settings). */
  clientOptions?: Record<string, unknown>;
  /** Told about connection errors (Redis restarting or out of reach); by default they are logged. */
  onError?: (error: Error) => void;
}

/** The part of a `@redis/client` client this store uses. */
interface RedisConnection {
  sendCommand(args: string[]): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  unsubscribe(channel: string, listener: (message: string) => void): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  duplicate(): RedisConnection;
}

const DEFAULT_SIZE = 10_000;
/** Notifications per script call when a batch is appended (the calls are pipelined). */
const APPEND_CHUNK = 100;
const FLAG_READ = 1;
const FLAG_ARCHIVED = 2;

/** Reconnects quickly at first, then every second at most, with jitter. */
const reconnectStrategy = (retries: number): number => Math.min(25 * 2 ** retries, 1000) + Math.floor(Math.random() * 50);

/** A notification frame from its stored fields, with its current flags. */
function notification(seq: number, json: unknown, flags: unknown): HubNotification {
  const n: HubNotification = { type: 'notification', ...(JSON.parse(String(json)) as NotificationFields), seq };
  if (Number(flags) & FLAG_READ) n.read = true;
  if (Number(flags) & FLAG_ARCHIVED) n.archived = true;
  return n;
}

/** Escapes a text for a SCAN MATCH pattern. */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

class RedisStream implements UserStream {
  readonly #keys: string[];
  readonly #channel: string;

  constructor(
    readonly store: RedisHistoryStore,
    user: string,
  ) {
    this.#keys = store.keysOf(user);
    this.#channel = store.channelOf(user);
  }

  async head(): Promise<StreamHead> {
    const [epoch, seq, floor, unread] = await this.#run('head', [randomUUID()]);
    return { epoch: String(epoch), seq: Number(seq), floor: Number(floor), unread: Number(unread) };
  }

  async append(batch: readonly NotificationFields[]): Promise<Appended> {
    const chunks: NotificationFields[][] = [];
    for (let i = 0; i < batch.length; i += APPEND_CHUNK) chunks.push(batch.slice(i, i + APPEND_CHUNK));
    const candidate = randomUUID();
    const size = String(this.store.size);
    // Issued together, run by Redis in this order.
    const replies = await Promise.all(
      chunks.map((chunk) => this.#run('append', [candidate, size, this.#channel, ...chunk.flatMap((f) => [f.id, JSON.stringify(f)])])),
    );
    const notifications: HubNotification[] = [];
    const epochs = new Set<string>();
    replies.forEach((reply, c) => {
      epochs.add(String(reply[0]));
      chunks[c].forEach((fields, i) => {
        const [seq, flags, held] = reply.slice(1 + i * 3, 4 + i * 3);
        notifications.push(held ? notification(Number(seq), held, flags) : { type: 'notification', ...fields, seq: Number(seq) });
      });
    });
    return { epoch: epochs.size === 1 ? [...epochs][0] : null, notifications };
  }

  async update(type: StateType, ids: readonly string[], sequence: boolean): Promise<Updated> {
    const reply = await this.#run('update', [randomUUID(), type, sequence ? '1' : '0', this.#channel, ...ids]);
    const [epoch, seq, unread] = reply;
    const changed = reply.slice(3).map(String);
    const entry = Number(seq) > 0 ? { type, ids: changed, seq: Number(seq), unread: Number(unread) } : null;
    return { epoch: String(epoch), changed, entry };
  }

  async after(after: number, limit: number): Promise<StreamRead> {
    const first = Math.max(1, Math.floor(after) + 1);
    const reply = await this.#run('after', [String(first), String(Math.max(1, Math.floor(limit)))]);
    if (reply.length === 0) return { epoch: null, seq: 0, floor: 0, frames: [] };
    const frames: StreamFrame[] = [];
    for (let i = 3; i < reply.length; i += 4) {
      const [seq, kind, json, value] = reply.slice(i, i + 4);
      frames.push(
        kind === 'n'
          ? notification(Number(seq), json, value)
          : { type: kind as StateType, ids: JSON.parse(String(json)) as string[], seq: Number(seq), unread: Number(value) },
      );
    }
    return { epoch: String(reply[0]), seq: Number(reply[1]), floor: Number(reply[2]), frames };
  }

  async page(before: number | null, limit: number): Promise<HistoryPage> {
    // Seqs are whole numbers: "below `before`" is "at most ⌈before⌉ - 1".
    const highest = before === null ? null : Math.ceil(Math.min(before, Number.MAX_SAFE_INTEGER)) - 1;
    if (highest !== null && highest < 1) return { items: [], more: false };
    const reply = await this.#run('page', [highest === null ? '+' : `${highest}-0`, String(limit)]);
    const items: HubNotification[] = [];
    for (let i = 1; i < reply.length; i += 3) items.push(notification(Number(reply[i]), reply[i + 1], reply[i + 2]));
    return { items, more: Number(reply[0]) === 1 };
  }

  async notifications(): Promise<HubNotification[]> {
    const reply = await this.#run('notifications', []);
    const out: HubNotification[] = [];
    for (let i = 0; i < reply.length; i += 3) out.push(notification(Number(reply[i]), reply[i + 1], reply[i + 2]));
    return out;
  }

  #run(script: keyof typeof SCRIPTS, args: string[]): Promise<unknown[]> {
    return SCRIPTS[script].run(this.store.send, this.#keys, args);
  }
}

/** The pub/sub side of the store: one subscriber connection, one channel per followed user. */
class RedisFeed implements StoreFeed {
  readonly #listeners = new Map<string, (message: string) => void>();
  #subscriber: Promise<RedisConnection> | null = null;

  constructor(
    readonly store: RedisHistoryStore,
    readonly listener: FeedListener,
    readonly connection: () => RedisConnection,
  ) {}

  async follow(user: string): Promise<void> {
    if (this.#listeners.has(user)) return;
    const onMessage = (message: string) => {
      const [seq, epoch] = message.split(' ');
      this.listener.appended(user, Number(seq), epoch);
    };
    this.#listeners.set(user, onMessage);
    try {
      await (await this.#connect()).subscribe(this.store.channelOf(user), onMessage);
    } catch (error) {
      this.#listeners.delete(user);
      throw error;
    }
  }

  async unfollow(user: string): Promise<void> {
    const onMessage = this.#listeners.get(user);
    if (!onMessage) return;
    this.#listeners.delete(user);
    await (await this.#connect()).unsubscribe(this.store.channelOf(user), onMessage);
  }

  async close(): Promise<void> {
    const subscriber = this.#subscriber;
    this.#subscriber = null;
    this.#listeners.clear();
    if (subscriber) await (await subscriber).close().catch(() => undefined);
  }

  #connect(): Promise<RedisConnection> {
    if (!this.#subscriber) {
      const subscriber = this.connection();
      let ready = 0;
      // After the first, each 'ready' follows a reconnect, once the client has subscribed again:
      // what was announced in between is read from the streams.
      subscriber.on('ready', () => {
        if (ready++ > 0) this.listener.missed();
      });
      this.#subscriber = subscriber.connect().then(() => subscriber);
      this.#subscriber.catch(() => (this.#subscriber = null));
    }
    return this.#subscriber;
  }
}

/** Users' streams in Redis; create one with `RedisHistoryStore.connect` (or `createRedisHistory`). */
export class RedisHistoryStore implements HistoryStore {
  /** How many notifications per user are kept. */
  readonly size: number;
  readonly prefix: string;
  /** Sends one command on the store's connection. */
  readonly send: (args: string[]) => Promise<unknown>;
  readonly #client: RedisConnection;
  readonly #onError: (error: Error) => void;
  readonly #feeds = new Set<RedisFeed>();

  private constructor(client: RedisConnection, options: RedisHistoryOptions) {
    this.#client = client;
    this.size = Math.max(0, Math.floor(options.size ?? DEFAULT_SIZE));
    this.prefix = options.prefix ?? 'lonceng';
    this.#onError = options.onError ?? ((error) => console.error(`lonceng: Redis: ${error.message}`));
    this.send = (args) => client.sendCommand(args);
  }

  /** Connects to Redis (loading `@redis/client`) and resolves once the connection is ready. */
  static async connect(options: RedisHistoryOptions = {}): Promise<RedisHistoryStore> {
    let redis: typeof import('@redis/client');
    try {
      redis = await import('@redis/client');
    } catch (error) {
      throw new Error('the Redis history store needs the package @redis/client: npm install @redis/client', { cause: error });
    }
    const client = redis.createClient({
      url: options.url ?? 'redis://127.0.0.1:6379',
      ...options.clientOptions,
      socket: { reconnectStrategy, ...(options.clientOptions?.socket as object | undefined) },
    }) as unknown as RedisConnection;
    const store = new RedisHistoryStore(client, options);
    client.on('error', (error) => store.#onError(error));
    await client.connect();
    return store;
  }

  /** The keys of a user's stream: meta, log, ids (one hash tag, so a cluster keeps them on one node). */
  keysOf(user: string): string[] {
    return ['meta', 'log', 'ids'].map((key) => `${this.prefix}:{${user}}:${key}`);
  }

  /** The channel on which appends to a user's stream are announced (the message is `<seq> <epoch>`). */
  channelOf(user: string): string {
    return `${this.prefix}:{${user}}:appended`;
  }

  stream(user: string): UserStream {
    return new RedisStream(this, user);
  }

  /** Deletes every key under the prefix: every user starts over, in a new epoch. */
  async clear(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = (await this.send(['SCAN', cursor, 'MATCH', `${globEscape(this.prefix)}:{*`, 'COUNT', '1000'])) as [
        string,
        string[],
      ];
      cursor = next;
      if (keys.length > 0) await this.send(['DEL', ...keys]);
    } while (cursor !== '0');
  }

  feed(listener: FeedListener): StoreFeed {
    const feed: RedisFeed = new RedisFeed(this, listener, () => {
      const subscriber = this.#client.duplicate();
      subscriber.on('error', (error) => this.#onError(error));
      return subscriber;
    });
    this.#feeds.add(feed);
    return {
      follow: (user) => feed.follow(user),
      unfollow: (user) => feed.unfollow(user),
      close: async () => {
        this.#feeds.delete(feed);
        await feed.close();
      },
    };
  }

  /** Closes the store's connections (its feeds' too). */
  async close(): Promise<void> {
    await Promise.all([...this.#feeds].map((feed) => feed.close()));
    this.#feeds.clear();
    await this.#client.close().catch(() => undefined);
  }
}

/** Connects a Redis history store: `createHub({ history: await createRedisHistory({ url }) })`. */
export const createRedisHistory = (options: RedisHistoryOptions = {}): Promise<RedisHistoryStore> => RedisHistoryStore.connect(options);
