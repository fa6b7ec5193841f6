/** Publishers for the chaos runs: a steady rate, or clumps with pauses between them. */
import type { HubNotification } from '../../server/hub.js';
import type { HubHost } from './hub-host.js';
import type { Random } from './random.js';
import { notificationInputs } from './traffic.js';
import { sleep } from './wait.js';

export interface PublisherOptions {
  hub: HubHost;
  user: string;
  /** Ids are `<prefix>-<n>`. */
  prefix: string;
  /** Notifications per second while not held back. */
  rate: number;
  /** Stops after this many (default: when `stop()` is called). */
  limit?: number;
  /** Publishing may not get past this many notifications for now. */
  gate?: () => number;
  /** A title for the n-th notification (the server's title wins over the widget's template). */
  title?: (n: number) => string;
}

/** Publishing ticks this often, each tick publishing its share of the rate in one batch. */
const TICK_MS = 20;

/** Publishes notifications through a restartable hub at a steady rate, held back by `gate`. */
export class SteadyPublisher {
  /** What was published, in order. */
  readonly sent: HubNotification[] = [];
  readonly #o: PublisherOptions;
  #stopped = false;

  constructor(options: PublisherOptions) {
    this.#o = options;
  }

  /** Publishes until the limit is reached or `stop()` is called. */
  async run(): Promise<HubNotification[]> {
    const { hub, user, prefix, rate, limit = Infinity, gate = () => Infinity, title } = this.#o;
    const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
    let clock = Date.now();
    while (!this.#stopped && this.sent.length < limit) {
      const published = this.sent.length;
      const room = Math.min(limit, gate()) - published;
      if (room <= 0) {
        await sleep(5);
        // Held back: the steady rate resumes from now rather than rushing to catch up.
        clock = Date.now();
        continue;
      }
      const count = Math.min(perTick, room);
      this.sent.push(...(await hub.publish(user, notificationInputs(prefix, published, count, title))));
      clock += (count / rate) * 1000;
      const wait = clock - Date.now();
      if (wait > 0) await sleep(wait);
    }
    return this.sent;
  }

  stop(): void {
    this.#stopped = true;
  }
}

export interface ClumpOptions {
  hub: HubHost;
  user: string;
  prefix: string;
  random: Random;
  /** Notifications per clump. */
  size: readonly [min: number, max: number];
  /** Pause after each clump, in ms. */
  pauseMs: readonly [min: number, max: number];
  title?: (n: number) => string;
}

/**
 * Publishes seeded clumps with seeded pauses until stopped, the way a shop's traffic comes: a
 * lone order, two or three close together, now and then a flurry.
 */
export class ClumpPublisher {
  readonly sent: HubNotification[] = [];
  readonly #o: ClumpOptions;
  #stopped = false;

  constructor(options: ClumpOptions) {
    this.#o = options;
  }

  async run(): Promise<HubNotification[]> {
    const { hub, user, prefix, random, size, pauseMs, title } = this.#o;
    while (!this.#stopped) {
      const count = random.int(...size);
      this.sent.push(...(await hub.publish(user, notificationInputs(prefix, this.sent.length, count, title))));
      await sleep(random.int(...pauseMs));
    }
    return this.sent;
  }

  stop(): void {
    this.#stopped = true;
  }
}
