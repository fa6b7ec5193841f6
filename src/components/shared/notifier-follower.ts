import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Notifier } from '../../core/notifier.js';
import type { LoncengNotification } from '../../core/types.js';

export interface FollowerCallbacks {
  /** Items, read state or connection state changed; by default the host re-renders. */
  change?(): void;
  /** A new notification arrived. */
  arrival?(notification: LoncengNotification): void;
}

/**
 * Keeps a host subscribed to one notifier while the host is connected: follows whichever
 * notifier `follow()` last named, and lets go of it on disconnect.
 */
export class NotifierFollower implements ReactiveController {
  readonly #callbacks: Required<FollowerCallbacks>;
  #notifier: Notifier | undefined;
  #connected = false;
  #off: (() => void)[] = [];

  constructor(host: ReactiveControllerHost, callbacks: FollowerCallbacks = {}) {
    this.#callbacks = { change: () => host.requestUpdate(), arrival: () => {}, ...callbacks };
    host.addController(this);
  }

  /** The notifier followed. */
  get notifier(): Notifier | undefined {
    return this.#notifier;
  }

  follow(notifier: Notifier | undefined): void {
    if (notifier === this.#notifier) return;
    this.#unsubscribe();
    this.#notifier = notifier;
    if (this.#connected) this.#subscribe();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#subscribe();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe();
  }

  /** Subscribes to the notifier followed, if any, and calls `change` so the host shows it (or that there is none). */
  #subscribe(): void {
    const notifier = this.#notifier;
    const { change, arrival } = this.#callbacks;
    if (notifier)
      this.#off = [
        notifier.on('change', change),
        notifier.on('state', change),
        notifier.on('notification', ({ detail }) => arrival(detail.notification)),
      ];
    change();
  }

  #unsubscribe(): void {
    for (const off of this.#off.splice(0)) off();
  }
}
