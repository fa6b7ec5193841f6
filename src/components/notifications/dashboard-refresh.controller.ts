import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LoncengNotification } from '../../core/types.js';
import { emit } from '../shared/emit.js';
import { Throttle } from './batching.js';

/**
 * Fires `lonceng-refresh` from the host for arrivals that should reload the host's dashboard:
 * at most once a second, each time listing every such arrival since the last one.
 */
export class DashboardRefresh implements ReactiveController {
  readonly #throttle: Throttle<LoncengNotification>;

  constructor(host: ReactiveControllerHost & EventTarget, intervalMs?: number) {
    this.#throttle = new Throttle(
      (notifications) => emit(host, 'lonceng-refresh', { events: notifications.map((n) => n.event), notifications }),
      intervalMs,
    );
    host.addController(this);
  }

  add(notification: LoncengNotification): void {
    this.#throttle.add(notification);
  }

  /** Forgets what was gathered and not yet announced (the notifier it came from is gone). */
  cancel(): void {
    this.#throttle.cancel();
  }

  hostDisconnected(): void {
    this.cancel();
  }
}
