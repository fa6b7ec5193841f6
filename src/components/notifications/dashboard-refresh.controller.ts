import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LoncengNotification } from '../../core/types.js';
import { emit } from '../shared/emit.js';
import { Throttle } from './batching.js';

/**
 * Fires `lonceng-refresh` from the host for arrivals that should reload the host's dashboard:
 * at most once a second, each time listing every such arrival since the last one. `cancel()` forgets
 * what was gathered and not yet announced (the notifier it came from is gone).
 */
export class DashboardRefresh extends Throttle<LoncengNotification> implements ReactiveController {
  constructor(host: ReactiveControllerHost & EventTarget, intervalMs?: number) {
    super((notifications) => emit(host, 'lonceng-refresh', { events: notifications.map((n) => n.event), notifications }), intervalMs);
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
  }
}
