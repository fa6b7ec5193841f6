// A stand-in for the notifier's WebSocket: a Transport whose frames the test pushes, so that
// controller tests get real notifiers (memory store) without the Hub. Also plain notifications
// for controllers that take them directly.
//
// Given `history`, it acts as a server of the inbox extension: it advertises
// `features:["history","state"]` and `unread` in its welcome, answers history requests from
// what it holds (newest first by seq, honouring `before`, `limit` and `more`), and applies and
// echoes state frames with the next seq and the user's unread count.
import { createNotifier, type Notifier, type NotifierOptions } from '../../../src/core/notifier.js';
import { decodeV1, type ClientFrame, type HistoryRequest, type NotificationFrame } from '../../../src/core/protocol.js';
import type { Transport, TransportSink } from '../../../src/core/transport.js';
import type { LoncengNotification } from '../../../src/core/types.js';

const orderData = (n: number) => ({ orderCode: `ORD-${n}`, customerName: 'Budi', totalAmount: 1000 * n });

/** What a history-capable fake server holds of one notification. */
type Held = NotificationFrame & { seq: number };

export interface FakeServerOptions {
  /** Makes the transport a server that keeps history and state, holding these notifications (see `historyFrames`). */
  history?: NotificationFrame[];
}

/** Welcomes the notifier on start (epoch `e1`); `push()` then delivers notifications. */
export class FakeTransport implements Transport {
  stopped = false;
  /** Every frame the notifier sent, in order. */
  readonly sent: ClientFrame[] = [];
  /** While true, history requests wait for `releaseHistory()` (to see a page loading). */
  holdHistory = false;
  #sink: TransportSink | undefined;
  #seq = 0;
  readonly #prefix = Math.random().toString(36).slice(2, 8);
  /** The server's record, by id; null for a plain v1 server. */
  readonly #held: Map<string, Held> | null = null;
  readonly #waiting: HistoryRequest[] = [];

  constructor(options: FakeServerOptions = {}) {
    if (!options.history) return;
    this.#held = new Map();
    for (const frame of options.history) {
      const seq = frame.seq ?? ++this.#seq;
      this.#seq = Math.max(this.#seq, seq);
      this.#held.set(frame.id, { ...frame, seq });
    }
  }

  /** History requests the notifier sent. */
  get historyRequests(): HistoryRequest[] {
    return this.sent.filter((frame): frame is HistoryRequest => frame.type === 'history');
  }

  /** Unread, unarchived notifications the server holds. */
  get serverUnread(): number {
    let count = 0;
    for (const n of this.#held?.values() ?? []) if (!n.read && !n.archived) count++;
    return count;
  }

  start(sink: TransportSink): void {
    this.#sink = sink;
    sink.open();
    if (!this.#held) sink.frame({ type: 'welcome', v: 1, epoch: 'e1', seq: 0 });
    else this.#deliver({ type: 'welcome', v: 1, epoch: 'e1', seq: this.#seq, features: ['history', 'state'], unread: this.serverUnread });
  }

  send(frame: ClientFrame): boolean {
    this.sent.push(frame);
    if (!this.#held || this.stopped) return true;
    if (frame.type === 'history') {
      this.#waiting.push(frame);
      if (!this.holdHistory) this.releaseHistory();
    } else if (frame.type === 'read' || frame.type === 'unread' || frame.type === 'archive') {
      this.#applyState(frame.type, frame.ids);
    }
    return true;
  }

  stop(): void {
    this.stopped = true;
    this.#sink?.state('closed');
  }

  /** Answers the history requests waiting (soon, as a server would). */
  releaseHistory(): void {
    this.holdHistory = false;
    for (const request of this.#waiting.splice(0)) setTimeout(() => this.#answerHistory(request), 0);
  }

  /** Delivers one notification frame (call after `await notifier.ready`); returns its id. */
  push(event = 'order.created', data: Record<string, unknown> = orderData(this.#seq + 1)): string {
    if (!this.#sink) throw new Error('push() before the notifier started its transport: await notifier.ready first');
    const seq = ++this.#seq;
    const id = `${this.#prefix}-${seq}`;
    const frame: NotificationFrame = { type: 'notification', id, seq, event, at: new Date().toISOString(), data };
    this.#held?.set(id, { ...frame, seq });
    this.#sink.frame(frame);
    return id;
  }

  /** One frame as it would come off the wire: JSON text through the real decoder. */
  #deliver(frame: object): void {
    if (this.stopped) return;
    for (const decoded of decodeV1(JSON.stringify(frame))) this.#sink?.frame(decoded);
  }

  #answerHistory({ id, before, limit }: HistoryRequest): void {
    const older = [...this.#held!.values()].filter((n) => !n.archived && (before === null || n.seq < before)).sort((a, b) => b.seq - a.seq);
    const page = older.slice(0, Math.min(100, Math.max(1, limit)));
    this.#deliver({ type: 'history', id, items: page, more: older.length > page.length });
  }

  // Applied to the record; the ids that changed go back in one state frame with the next seq.
  #applyState(type: 'read' | 'unread' | 'archive', ids: string[]): void {
    const changed = ids.filter((id) => {
      const n = this.#held!.get(id);
      if (!n || n.archived) return false;
      if (type === 'archive') return (n.archived = true);
      const read = type === 'read';
      if (!!n.read === read) return false;
      n.read = read;
      return true;
    });
    if (changed.length === 0) return;
    const frame = { type, ids: changed, seq: ++this.#seq, unread: this.serverUnread };
    setTimeout(() => this.#deliver(frame), 0);
  }
}

/**
 * `count` notifications as a history server holds them: seq 1 to `count` (higher is newer, a
 * minute apart, the newest a minute ago), ids `h<seq>`, read where `read(seq)` says so.
 */
export function historyFrames(count: number, read: (seq: number) => boolean = () => false): NotificationFrame[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const seq = i + 1;
    const frame: NotificationFrame = {
      type: 'notification',
      id: `h${seq}`,
      seq,
      event: 'order.created',
      at: new Date(now - (count - i) * 60_000).toISOString(),
      data: orderData(seq),
    };
    if (read(seq)) frame.read = true;
    return frame;
  });
}

/** A started notifier on a FakeTransport with a memory store; `history` makes the transport a history server. */
export async function fakeNotifier(
  user = 'fake',
  { history, ...options }: FakeServerOptions & Omit<NotifierOptions, 'user' | 'store' | 'transport'> = {},
): Promise<{ notifier: Notifier; transport: FakeTransport }> {
  const transport = new FakeTransport({ history });
  const notifier = createNotifier({ ...options, user, store: 'memory', transport });
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
