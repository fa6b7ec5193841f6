/**
 * Read sync (§5) and, when the welcome advertises `state`, the state frames of the inbox extension
 * (§13.5): read, unread and archive echoed as ONE sequenced entry with the new unread count to
 * every socket of the user, nothing for a frame that changes nothing, and the welcome's `unread`
 * of a later connection (§13.4).
 */
import type { Frame } from '../client.js';
import { show, stateShape } from '../frames.js';
import type { CheckName } from '../catalog.js';
import type { StateChange, StateRequest } from '../../src/core/protocol.js';
import type { Connection, Session } from '../session.js';
import { entries, held, lastSeq, unreadCount } from '../stream.js';

/** The ids of the first notifications this run published, as `main` received them. */
function ownIds(session: Session, main: Connection): string[] {
  return held(main)
    .filter((notification) => {
      const data = notification.frame.data as Record<string, unknown>;
      return typeof data.orderCode === 'string' && data.orderCode.startsWith(session.codePrefix);
    })
    .map((notification) => notification.id);
}

const sameIds = (frame: Frame, ids: readonly string[]): boolean =>
  Array.isArray(frame.ids) && frame.ids.length === ids.length && ids.every((id) => (frame.ids as unknown[]).includes(id));

/**
 * Sends one state frame on `main` and checks the entry that must come back (to `main`, and to
 * `other` with the same seq). `unread` is the count expected after it, when known.
 */
async function change(
  session: Session,
  check: CheckName,
  { main, other }: { main: Connection; other: Connection | null },
  type: StateChange,
  ids: string[],
  unread: number | null,
): Promise<number | null> {
  const { recorder, options } = session;
  const from = main.probe.received.length;
  const expectedSeq = lastSeq(main) + 1;
  main.probe.send({ type, ids } satisfies StateRequest);
  const index = await main.probe.waitFor((message) => message.frame?.type === type, options.timeoutMs, from);
  if (index < 0) {
    recorder.fail(
      check,
      `no "${type}" entry came back to the sender within ${options.timeoutMs} ms of {"type":"${type}","ids":${show(ids)}}`,
    );
    return null;
  }
  const frame = main.probe.received[index].frame as Frame;
  const shape = stateShape(frame);
  const problems = [...shape.errors];
  if (!sameIds(frame, ids)) problems.push(`"ids" is ${show(frame.ids)}, the ids that changed are ${show(ids)}`);
  if (frame.seq === undefined || frame.seq === null) problems.push('it has no "seq": it is not part of the stream');
  else if (frame.seq !== expectedSeq) problems.push(`"seq" is ${show(frame.seq)}, the next seq is ${expectedSeq}`);
  if (frame.unread === undefined || frame.unread === null) problems.push('it has no "unread" count');
  else if (unread !== null && frame.unread !== unread)
    problems.push(`"unread" is ${show(frame.unread)}, the user's count after it is ${unread}`);
  for (const problem of problems) recorder.fail(check, `${type} entry: ${problem}`);
  for (const warning of shape.warnings) recorder.warn(check, `${type} entry: ${warning}`, 'omit optional members that have no value');
  if (problems.length === 0) recorder.pass(check);

  const count = typeof frame.unread === 'number' ? frame.unread : null;
  if (!other) return count;
  const echoed = await other.probe.waitFor(
    (message) => message.frame?.type === type && message.frame.seq === frame.seq && sameIds(message.frame, ids),
    options.timeoutMs,
    other.welcomeIndex + 1,
  );
  if (echoed < 0)
    recorder.fail(
      'state-fan-out',
      `the ${type} entry seq ${show(frame.seq)} did not reach connection "${other.label}", the user's other socket`,
    );
  else recorder.pass('state-fan-out');
  return count;
}

/** Plain v1 (§5): a read frame is accepted, and not echoed to its sender. */
async function plainRead(session: Session, main: Connection, other: Connection | null, id: string): Promise<void> {
  const { recorder } = session;
  const from = main.probe.received.length;
  main.probe.send({ type: 'read', ids: [id] } satisfies StateRequest);
  const fence = await session.fence(other ? [main, other] : [main]);
  if (!fence) return;
  const closed = main.probe.closed;
  if (closed) {
    recorder.fail('read-accepted', `the server closed the socket (${closed.code} "${closed.reason}") after a read frame`);
    return;
  }
  if (fence.at[0] < 0) {
    recorder.fail('read-accepted', 'a notification published after a read frame did not arrive on the socket that sent it');
    return;
  }
  const echoed = main.probe.received.slice(from, fence.at[0]).some((message) => message.frame?.type === 'read');
  if (echoed) {
    recorder.warn(
      'read-accepted',
      'the read came back to the socket that sent it',
      'forward a plain read to the user’s other sockets only',
    );
  }
  const forwarded =
    other &&
    fence.at[1] >= 0 &&
    other.probe.received.slice(other.welcomeIndex + 1, fence.at[1]).some((message) => message.frame?.type === 'read');
  recorder.pass('read-accepted', forwarded ? 'forwarded to the other socket' : 'not forwarded (allowed)');
}

/** The notifications the state checks left read, unread again and archived. */
export interface StateLeft {
  read?: string;
  unread?: string;
  archived?: string;
}

/** `read-accepted`, the `state-*` checks and `welcome-unread`. */
export async function checkState(session: Session, main: Connection, other: Connection | null): Promise<StateLeft> {
  const { recorder } = session;
  const state = session.server?.features.includes('state') === true;
  // The newest: a server that keeps few notifications still holds them.
  const [first, second, third] = ownIds(session, main).slice(-3);
  if (!first || !second || !third) {
    session.block('the notifications published earlier did not all arrive');
    return {};
  }
  const before = await welcomeCount(session, 'unread-before');
  checkCount(session, main, before);
  if (!state) {
    for (const name of ['state-read', 'state-unread', 'state-archive', 'state-fan-out', 'state-no-change'] as const) {
      recorder.skip(name, 'the welcome does not advertise "state"');
    }
    await plainRead(session, main, other, first);
    // Without "state" the server may or may not count the read.
    if (typeof before === 'number') await expectCount(session, [before, before - 1], 'after a plain read');
    return {};
  }

  const observers = { main, other };
  // No publish between these steps: nothing can drop out of the server's count meanwhile.
  let count: number | null = typeof before === 'number' ? before : unreadCount(main);
  const next = (delta: number) => (count === null ? null : count + delta);
  count = (await change(session, 'state-read', observers, 'read', [first, third], next(-2))) ?? next(-2);
  if (main.probe.open) recorder.pass('read-accepted');
  else recorder.fail('read-accepted', `the server closed the socket (${main.probe.closed?.code}) after a read frame`);
  count = (await change(session, 'state-unread', observers, 'unread', [first], next(+1))) ?? next(+1);
  count = (await change(session, 'state-archive', observers, 'archive', [second], next(-1))) ?? next(-1);
  if (typeof before === 'number' && count !== null) await expectCount(session, [count], 'after read, unread and archive');
  await noChange(session, main, { archived: second, read: third });
  return { read: third, unread: first, archived: second };
}

/** The `unread` of a new connection's welcome: a number, null when it has none, undefined without a welcome. */
async function welcomeCount(session: Session, label: string): Promise<number | null | undefined> {
  const connection = await session.connect(label, null, null);
  if (!connection) return undefined;
  await connection.probe.close();
  const unread = connection.welcome.unread;
  return typeof unread === 'number' ? unread : unread === undefined || unread === null ? null : Number.NaN;
}

/**
 * `welcome-unread` against what `main` counted (§13.4): the first welcome's count plus every
 * unread notification since. A server that keeps few notifications (one that answered after 0
 * with reset) may count fewer, never more.
 */
function checkCount(session: Session, main: Connection, unread: number | null | undefined): void {
  const { recorder } = session;
  if (unread === undefined) return;
  const counted = unreadCount(main);
  if (unread === null || counted === null) {
    if (unread === null && counted === null) recorder.skip('welcome-unread', 'the welcome has no "unread"');
    else recorder.fail('welcome-unread', `one welcome has "unread" and another not`, 'send "unread" in every welcome, or in none');
    return;
  }
  const since = `the first welcome's ${show(main.welcome.unread)} plus the unread notifications since make ${counted}`;
  if (unread === counted || (session.retention && unread >= 0 && unread < counted)) {
    recorder.pass(
      'welcome-unread',
      unread === counted ? `${unread}` : `${unread}; the widget counted ${counted}, but the server keeps fewer notifications`,
    );
  } else {
    recorder.fail('welcome-unread', `welcome.unread is ${show(unread)}, but ${since}`);
  }
}

/** `welcome-unread`: a new connection's welcome has one of these counts. */
async function expectCount(session: Session, counts: readonly number[], when: string): Promise<void> {
  const unread = await welcomeCount(session, 'unread-after');
  if (unread === undefined) return;
  if (typeof unread === 'number' && counts.includes(unread)) session.recorder.pass('welcome-unread');
  else session.recorder.fail('welcome-unread', `${when}, welcome.unread is ${show(unread)}, not ${counts.join(' or ')}`);
}

/** `state-no-change`: frames that change nothing get no answer and take no seq. */
async function noChange(session: Session, main: Connection, { archived, read }: { archived: string; read: string }): Promise<void> {
  const { recorder } = session;
  const from = main.probe.received.length;
  const expected = lastSeq(main) + 1;
  const frames: StateRequest[] = [
    { type: 'read', ids: [`${session.codePrefix}not-held`] },
    { type: 'read', ids: [read] },
    { type: 'unread', ids: [archived] },
    { type: 'archive', ids: [archived] },
  ];
  for (const frame of frames) main.probe.send(frame);
  const fence = await session.fence([main]);
  if (!fence) return;
  const index = fence.at[0];
  if (index < 0) {
    recorder.fail('state-no-change', 'a notification published after the frames did not arrive');
    return;
  }
  const answers = entries(main, from, index);
  for (const { frame } of answers)
    recorder.fail('state-no-change', `a ${frame.type} entry ${show(frame.ids)} answered frames that changed nothing`);
  const seq = main.probe.received[index].frame?.seq;
  if (answers.length === 0 && seq !== expected) {
    recorder.fail(
      'state-no-change',
      `the next notification has seq ${show(seq)}, not ${expected}: the frames that changed nothing took a seq`,
    );
  }
  if (answers.length === 0 && seq === expected) recorder.pass('state-no-change');
}
