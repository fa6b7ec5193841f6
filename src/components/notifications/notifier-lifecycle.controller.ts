import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UrlProvider } from '../../core/connection.js';
import { createNotifier, type Notifier, type NotifierOptions } from '../../core/notifier.js';
import type { ParseFunction } from '../../core/parse.js';

/** What a notifier is made from: a change to `url`, `user` or `parse` makes a new notifier; other options go along. */
export interface NotifierSource extends NotifierOptions {
  url?: UrlProvider;
  user: string;
  parse?: ParseFunction;
}

/** Called with each new notifier; returns what undoes its subscriptions. */
export type NotifierWiring = (notifier: Notifier) => (() => void)[];

/**
 * Owns the host's notifier: creates it on the host's first update after connecting,
 * replaces it when `url`, `user` or `parse` change, and closes it (committing every pending
 * write) when the host disconnects. A host connected again gets a new one.
 */
export class NotifierLifecycle implements ReactiveController {
  readonly #host: ReactiveControllerHost & { isConnected: boolean };
  readonly #source: () => NotifierSource;
  readonly #wire: NotifierWiring;
  readonly #create: (options: NotifierOptions) => Notifier;
  #notifier: Notifier | undefined;
  #made: NotifierSource | undefined;
  #off: (() => void)[] = [];

  constructor(
    host: ReactiveControllerHost & { isConnected: boolean },
    source: () => NotifierSource,
    wire: NotifierWiring,
    create: (options: NotifierOptions) => Notifier = createNotifier,
  ) {
    this.#host = host;
    this.#source = source;
    this.#wire = wire;
    this.#create = create;
    host.addController(this);
  }

  get notifier(): Notifier | undefined {
    return this.#notifier;
  }

  // A host connecting has no notifier (a disconnect closes it): the update asked for here makes one.
  hostConnected(): void {
    this.#host.requestUpdate();
  }

  // Runs before every render of the host, so the template always sees the current notifier.
  hostUpdate(): void {
    if (!this.#host.isConnected) return;
    const source = this.#source();
    const made = this.#made;
    if (made && made.url === source.url && made.user === source.user && made.parse === source.parse) return;
    this.#close();
    this.#notifier = this.#create({ ...source });
    // Only once the notifier exists: a source whose notifier could not be made is tried again.
    this.#made = source;
    this.#off = this.#wire(this.#notifier);
  }

  hostDisconnected(): void {
    this.#close();
  }

  #close(): void {
    for (const off of this.#off.splice(0)) off();
    void this.#notifier?.close();
    this.#notifier = undefined;
    this.#made = undefined;
  }
}
