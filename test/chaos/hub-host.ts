/**
 * The reference hub as a process that restarts: each restart closes the running Hub (every socket
 * cut, the port gone) and, after some downtime, starts a new Hub instance on the same history
 * store and epoch, as a backend with persistent history does. Publishing never stops: during the
 * downtime the new instance already takes notifications into the shared history.
 */
import { Hub, MemoryHistoryStore, type HubNotification, type PublishInput } from '../../server/hub.js';

export interface HubHostOptions {
  heartbeatMs: number;
  /** Notifications kept per user: enough for the whole run, so replay never falls short. */
  historySize: number;
}

export class HubHost {
  readonly history: MemoryHistoryStore;
  readonly epoch: string;
  restarts = 0;
  readonly #options: HubHostOptions;
  #hub: Hub;
  #port: number | null = null;

  private constructor(options: HubHostOptions) {
    this.#options = options;
    this.history = new MemoryHistoryStore(options.historySize);
    this.#hub = this.#newHub();
    this.epoch = this.#hub.epoch;
  }

  static async start(options: HubHostOptions): Promise<HubHost> {
    const host = new HubHost(options);
    host.#port = (await host.#hub.listen(0, '127.0.0.1')).port;
    return host;
  }

  /** The hub's port now; null while it is down. */
  get port(): number | null {
    return this.#port;
  }

  /** The running (or starting) Hub instance. */
  get hub(): Hub {
    return this.#hub;
  }

  /** Publishes through the current instance, in order. */
  async publish(user: string, inputs: readonly PublishInput[]): Promise<HubNotification[]> {
    return this.#hub.publishMany(user, inputs);
  }

  /** Stops the hub, waits `downMs`, and starts a new instance on the same history and epoch. */
  async restart(downMs: number): Promise<void> {
    this.restarts++;
    const old = this.#hub;
    this.#port = null;
    this.#hub = this.#newHub();
    // The epoch is the history store's: a Hub on the same store numbers on where the last one stopped.
    if (this.#hub.epoch !== this.epoch) throw new Error(`the restarted hub began epoch ${this.#hub.epoch}, not ${this.epoch}`);
    await old.close();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    this.#port = (await this.#hub.listen(0, '127.0.0.1')).port;
  }

  async close(): Promise<void> {
    this.#port = null;
    await this.#hub.close();
  }

  #newHub(): Hub {
    return new Hub({ heartbeatMs: this.#options.heartbeatMs, history: this.history, historySize: this.#options.historySize });
  }
}
