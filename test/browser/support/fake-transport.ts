// A stand-in for the notifier's WebSocket: a Transport whose frames the test pushes, so that
// controller tests get real notifiers (memory store) without the Hub. Also plain notifications
// for controllers that take them directly.
import { createNotifier, type Notifier } from '../../../src/core/notifier.js';
import type { Transport, TransportSink } from '../../../src/core/transport.js';
import type { LoncengNotification } from '../../../src/core/types.js';

const orderData = (n: number) => ({ orderCode: `ORD-${n}`, customerName: 'Budi', totalAmount: 1000 * n });

/** Welcomes the notifier on start (epoch `e1`, seq 0); `push()` then delivers notifications. */
export class FakeTransport implements Transport {
  stopped = false;
  #sink: TransportSink | undefined;
  #seq = 0;
  readonly #prefix = Math.random().toString(36).slice(2, 8);

  start(sink: TransportSink): void {
    this.#sink = sink;
    sink.open();
    sink.frame({ type: 'welcome', v: 1, epoch: 'e1', seq: 0 });
  }

  send(): boolean {
    return true;
  }

  stop(): void {
    this.stopped = true;
    this.#sink?.state('closed');
  }

  /** Delivers one notification frame (call after `await notifier.ready`); returns its id. */
  push(event = 'order.created', data: Record<string, unknown> = orderData(this.#seq + 1)): string {
    if (!this.#sink) throw new Error('push() before the notifier started its transport: await notifier.ready first');
    const seq = ++this.#seq;
    const id = `${this.#prefix}-${seq}`;
    this.#sink.frame({ type: 'notification', id, seq, event, at: new Date().toISOString(), data });
    return id;
  }
}

/** A started notifier on a FakeTransport with a memory store. */
export async function fakeNotifier(user = 'fake'): Promise<{ notifier: Notifier; transport: FakeTransport }> {
  const transport = new FakeTransport();
  const notifier = createNotifier({ user, store: 'memory', transport });
  await notifier.ready;
  return { notifier, transport };
}

/** An unread `order.created` notification numbered `n`, as a notifier would hold it. */
export const orderNotification = (n: number, event = 'order.created'): LoncengNotification => ({
  id: `order-${n}`,
  seq: n,
  event,
  at: new Date().toISOString(),
  data: orderData(n),
  read: false,
  receivedAt: Date.now(),
});
