import { get, promisifyRequest, type UseStore } from 'idb-keyval';
import type { Cursor, Logger, LoncengNotification } from './types.js';

/** What the inbox knows beyond its notifications, stored with them. */
export interface InboxMeta {
  /** The server's unread count when last heard, in the epoch it belongs to. */
  serverUnread?: { epoch: string; count: number };
  /** Unread notifications this device could not keep (without a server that keeps history). */
  notKept?: number;
  /** The unread count last shown, for the badge while the notifications themselves still load. */
  unread?: number;
}

/** Everything stored for one user. */
export interface StoreSnapshot {
  items: LoncengNotification[];
  cursor: Cursor | null;
  meta: InboxMeta | null;
}

/** One atomic write: notifications to put or remove, and the cursor and meta they go with. */
export interface StoreBatch {
  put: LoncengNotification[];
  remove: string[];
  cursor?: Cursor | null;
  meta?: InboxMeta;
}

/** Where a notifier keeps its notifications and cursor between page loads. */
export interface NotificationStore {
  readonly kind: 'indexeddb' | 'memory';
  load(): Promise<StoreSnapshot>;
  /** Just the meta, which is quick to read: a page with thousands stored shows its badge before they load. */
  loadMeta(): Promise<InboxMeta | null>;
  /** Writes the whole batch or nothing. */
  write(batch: StoreBatch): Promise<void>;
}

const CURSOR_KEY = 'cursor';
const META_KEY = 'meta';
const ITEM_PREFIX = 'n:';

/** The IndexedDB database name of a user's store. */
export const databaseName = (user: string): string => `lonceng:${user}`;

const OBJECT_STORE = 'state';

/** An open that takes longer than this (blocked by another tab, or a stuck browser) fails: memory takes over. */
export const OPEN_TIMEOUT_MS = 2000;

/**
 * idb-keyval's `createStore`, plus what it leaves out: the connection lets go when another tab
 * upgrades or deletes the database (`versionchange`) or the browser closes it, and opens again on
 * next use; an open that hangs fails after OPEN_TIMEOUT_MS.
 */
function openStore(name: string): UseStore {
  let db: Promise<IDBDatabase> | undefined;
  const open = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onupgradeneeded = () => request.result.createObjectStore(OBJECT_STORE);
      setTimeout(() => reject(new Error('IndexedDB did not open in time')), OPEN_TIMEOUT_MS);
      promisifyRequest(request).then((opened) => {
        opened.onversionchange = opened.onclose = () => {
          opened.close();
          db = undefined;
        };
        resolve(opened);
      }, reject);
    });
  return (mode, callback) => (db ??= open()).then((opened) => callback(opened.transaction(OBJECT_STORE, mode).objectStore(OBJECT_STORE)));
}

/** IndexedDB through idb-keyval: one database per user, one object store of items and cursor. */
export class IndexedDbStore implements NotificationStore {
  readonly kind = 'indexeddb';
  readonly #use: UseStore;
  readonly #logger: Logger | undefined;
  #skipped = false;

  /** Throws when IndexedDB is not available at all. */
  constructor(user: string, logger?: Logger) {
    if (!globalThis.indexedDB) throw new Error('no IndexedDB');
    this.#use = openStore(databaseName(user));
    this.#logger = logger;
  }

  async load(): Promise<StoreSnapshot> {
    // Keys and values are read in one transaction, so they line up.
    const [keys, values] = await this.#use('readonly', (store) =>
      Promise.all([promisifyRequest(store.getAllKeys()), promisifyRequest(store.getAll())]),
    );
    const items: LoncengNotification[] = [];
    let cursor: Cursor | null = null;
    let meta: InboxMeta | null = null;
    keys.forEach((key, i) => {
      if (key === CURSOR_KEY) cursor = values[i] as Cursor | null;
      else if (key === META_KEY) meta = values[i] as InboxMeta;
      else if (typeof key === 'string' && key.startsWith(ITEM_PREFIX)) items.push(values[i] as LoncengNotification);
    });
    return { items, cursor, meta };
  }

  async loadMeta(): Promise<InboxMeta | null> {
    return (await get<InboxMeta>(META_KEY, this.#use)) ?? null;
  }

  write(batch: StoreBatch): Promise<void> {
    return this.#use('readwrite', (store) => {
      // One item that cannot be stored is left out (and kept for this page); the rest commits.
      const skip = (event?: Event) => {
        event?.preventDefault();
        if (!this.#skipped) this.#logger?.warn('lonceng: a notification could not be stored; it is kept for this page only.');
        this.#skipped = true;
      };
      for (const item of batch.put) {
        try {
          store.put(item, ITEM_PREFIX + item.id).onerror = skip;
        } catch {
          skip();
        }
      }
      for (const id of batch.remove) store.delete(ITEM_PREFIX + id);
      if (batch.cursor !== undefined) store.put(batch.cursor, CURSOR_KEY);
      if (batch.meta !== undefined) store.put(batch.meta, META_KEY);
      return promisifyRequest(store.transaction);
    });
  }
}

/** Keeps a user's state for the life of the page only. */
export class MemoryStore implements NotificationStore {
  readonly kind = 'memory';
  readonly #items = new Map<string, LoncengNotification>();
  #cursor: Cursor | null = null;
  #meta: InboxMeta | null = null;

  async load(): Promise<StoreSnapshot> {
    return { items: [...this.#items.values()].map((item) => ({ ...item })), cursor: this.#cursor, meta: this.#meta && { ...this.#meta } };
  }

  async loadMeta(): Promise<InboxMeta | null> {
    return this.#meta && { ...this.#meta };
  }

  async write(batch: StoreBatch): Promise<void> {
    for (const item of batch.put) this.#items.set(item.id, { ...item });
    for (const id of batch.remove) this.#items.delete(id);
    if (batch.cursor !== undefined) this.#cursor = batch.cursor;
    if (batch.meta !== undefined) this.#meta = { ...batch.meta };
  }
}

// Memory stores outlive a notifier so that a widget re-created on the same page keeps its state.
const memoryStores = new Map<string, MemoryStore>();
const memoryStoreOf = (user: string): MemoryStore => {
  let store = memoryStores.get(user);
  if (!store) memoryStores.set(user, (store = new MemoryStore()));
  return store;
};

/**
 * A user's IndexedDB store that falls back to memory, with one warning, when IndexedDB is
 * missing (some private modes) or fails (quota, a blocked or broken database).
 */
export class FallbackStore implements NotificationStore {
  #store: NotificationStore;
  readonly #user: string;
  readonly #logger: Logger | undefined;

  constructor(user: string, logger?: Logger, primary?: () => NotificationStore) {
    this.#user = user;
    this.#logger = logger;
    try {
      this.#store = primary ? primary() : new IndexedDbStore(user, logger);
    } catch (error) {
      this.#store = this.#fallBack(error);
    }
  }

  get kind(): NotificationStore['kind'] {
    return this.#store.kind;
  }

  load(): Promise<StoreSnapshot> {
    return this.#attempt((store) => store.load());
  }

  async loadMeta(): Promise<InboxMeta | null> {
    try {
      return await this.#store.loadMeta();
    } catch {
      // `load()` meets the same failure and falls back, with its one warning.
      return null;
    }
  }

  async write(batch: StoreBatch): Promise<void> {
    // The notifier still holds everything in memory, and the memory store takes over from here.
    await this.#attempt((store) => store.write(batch));
  }

  /** Runs the operation on the current store, and on the memory store when that fails. */
  async #attempt<T>(operation: (store: NotificationStore) => Promise<T>): Promise<T> {
    try {
      return await operation(this.#store);
    } catch (error) {
      return operation(this.#fallBack(error));
    }
  }

  #fallBack(error: unknown): NotificationStore {
    if (this.#store?.kind !== 'memory') {
      const reason = error instanceof Error ? error.message : String(error);
      this.#logger?.warn(`lonceng: storage unavailable (${reason}); notifications kept in memory for this page only.`);
    }
    this.#store = memoryStoreOf(this.#user);
    return this.#store;
  }
}
