import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Notifier } from '../../core/notifier.js';

/** Re-renders its host whenever the notifier's items, read state or connection state change. */
export class NotifierController implements ReactiveController {
  #notifier: Notifier | undefined;
  #off: (() => void)[] = [];
  #connected = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Follows another notifier (e.g. when the context changes). */
  set notifier(notifier: Notifier | undefined) {
    if (notifier === this.#notifier) return;
    this.#unsubscribe();
    this.#notifier = notifier;
    if (this.#connected) this.#subscribe();
  }

  get notifier(): Notifier | undefined {
    return this.#notifier;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#subscribe();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe();
  }

  #subscribe(): void {
    const notifier = this.#notifier;
    if (!notifier) return;
    const update = () => this.host.requestUpdate();
    this.#off = [notifier.on('change', update), notifier.on('state', update)];
    update();
  }

  #unsubscribe(): void {
    for (const off of this.#off.splice(0)) off();
  }
}
