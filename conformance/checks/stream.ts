/**
 * Checks made at the end over every frame every connection received: `frames-json`, the one
 * welcome per connection, `notification-fields`, `seq-assigned`, and the order and numbering of
 * each connection's stream entries (`seq-order`, `seq-contiguous`).
 */
import { show, notificationShape } from '../frames.js';
import { describeMessage, type Connection, type Session } from '../session.js';
import { cursorStart, entries } from '../stream.js';

/** The widget drops frames larger than this (§7). */
const MAX_FRAME_BYTES = 256 * 1024;

/** Findings of one kind, counted, with where the first was seen. */
class Tally {
  readonly #found = new Map<string, { count: number; where: string }>();

  add(finding: string, where: string): void {
    const seen = this.#found.get(finding);
    if (seen) seen.count++;
    else this.#found.set(finding, { count: 1, where });
  }

  *lines(): Generator<string> {
    for (const [finding, { count, where }] of this.#found) yield `${finding} (${where}${count > 1 ? ` and ${count - 1} more` : ''})`;
  }
}

export function checkFrames(session: Session): void {
  const { recorder } = session;
  const bad = new Tally();
  for (const { label, probe } of session.connections) {
    for (const message of probe.received) {
      if (message.bytes > MAX_FRAME_BYTES)
        bad.add(`a message of ${message.bytes} bytes, over 256 KiB: the widget drops it`, `connection "${label}"`);
      if (!message.frame) bad.add(describeMessage(message), `connection "${label}"`);
    }
  }
  for (const line of bad.lines()) recorder.fail('frames-json', line);
  if (session.connections.some(({ probe }) => probe.received.length > 0)) recorder.pass('frames-json');
}

export function checkWelcomeOnce(session: Session): void {
  for (const { label, probe, welcomed } of session.connections) {
    if (!welcomed) continue;
    const count = probe.frames().filter((frame) => frame.type === 'welcome').length;
    if (count > 1) session.recorder.fail('welcome', `connection "${label}" received ${count} welcomes`);
  }
}

export function checkNotifications(session: Session): void {
  const { recorder } = session;
  const errors = new Tally();
  const warnings = new Tally();
  const unsequenced = new Tally();
  for (const { label, probe } of session.connections) {
    for (const frame of probe.frames()) {
      if (frame.type !== 'notification') continue;
      const where = `seq ${show(frame.seq)} on "${label}"`;
      const shape = notificationShape(frame);
      for (const error of shape.errors) errors.add(error, where);
      for (const warning of shape.warnings) warnings.add(warning, where);
      const data = frame.data as Record<string, unknown> | undefined;
      const ours = typeof data?.orderCode === 'string' && data.orderCode.startsWith(session.codePrefix);
      if (ours && !(Number.isSafeInteger(frame.seq) && (frame.seq as number) >= 1))
        unsequenced.add(`${String(data.orderCode)} arrived without a seq`, `"${label}"`);
    }
  }
  for (const line of errors.lines()) recorder.fail('notification-fields', line);
  for (const line of warnings.lines()) recorder.warn('notification-fields', line, 'omit optional members that have no value');
  for (const line of unsequenced.lines()) recorder.fail('seq-assigned', line);
  if (session.publisher.published > 0) {
    recorder.pass('notification-fields');
    recorder.pass('seq-assigned');
  }
}

/**
 * `seq-order` on every welcomed connection: strictly increasing after its cursor. `seq-contiguous`
 * on `main`, which has received every entry of the user's stream since its welcome: a number left
 * out there is a gap in the numbering (or an entry lost on the way).
 */
export function checkSequence(session: Session, main: Connection): void {
  const { recorder } = session;
  for (const { welcomed } of session.connections) if (welcomed) checkOrder(session, welcomed);
  const start = cursorStart(main);
  const seqs = [...new Set(entries(main).map((entry) => entry.seq))].filter((seq) => seq > start).sort((a, b) => a - b);
  let previous = start;
  for (const seq of seqs) {
    if (seq > previous + 1) {
      const left = seq - 1 === previous + 1 ? `${seq - 1}` : `${previous + 1}–${seq - 1}`;
      recorder.fail(
        'seq-contiguous',
        `seq ${left} never arrived between ${previous} and ${seq} (connection "${main.label}", welcomed at ${start})`,
      );
    }
    previous = seq;
  }
  if (session.publisher.published > 1) {
    recorder.pass('seq-order');
    recorder.pass('seq-contiguous');
  }
}

function checkOrder(session: Session, connection: Connection): void {
  let previous = cursorStart(connection);
  for (const { seq, frame } of entries(connection)) {
    if (seq <= previous) {
      session.recorder.fail(
        'seq-order',
        `connection "${connection.label}" got ${frame.type} seq ${seq} after seq ${previous}: the widget's cursor had passed it`,
      );
    }
    previous = Math.max(previous, seq);
  }
}
