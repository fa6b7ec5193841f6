/**
 * Answering hello (docs/PROTOCOL.md §3.2): a resume with a held cursor and its replay, then a hello
 * for each other row of the table: the current epoch without `after`, an unknown epoch, the oldest
 * cursor (after 0) and a cursor ahead of the server. Each is followed by a fence (a publish) so that
 * what arrives before it is what the server sent in answer to the hello.
 */
import type { Frame } from '../client.js';
import { show } from '../frames.js';
import type { Connection, Session } from '../session.js';
import { entries, held, lastSeq, ranges, sameJson, type Entry } from '../stream.js';

/** How many notifications are published while the resuming client is away. */
const MISSED = 3;

/** A cursor this far above the current seq is "ahead of the server". */
const AHEAD = 1000;

/** The members a replayed notification keeps from when it was first sent (§3.2). */
const UNCHANGED = ['id', 'seq', 'event', 'at', 'data'] as const;

/** Compares replayed notifications with the copies `main` received live. */
function checkUnchanged(session: Session, main: Connection, label: string, replay: readonly Entry[]): void {
  const live = new Map(held(main).map((notification) => [notification.seq, notification.frame]));
  for (const { seq, frame } of replay) {
    const first = live.get(seq);
    if (frame.type !== 'notification' || !first) continue;
    for (const member of UNCHANGED) {
      if (!sameJson(frame[member], first[member])) {
        session.recorder.fail(
          'replay-unchanged',
          `connection "${label}" replayed seq ${seq} with ${member} ${show(frame[member])}, first sent as ${show(first[member])}`,
        );
      }
    }
  }
  if (replay.some((entry) => live.has(entry.seq))) session.recorder.pass('replay-unchanged');
  else session.recorder.skip('replay-unchanged', 'nothing that was replayed had been received live before');
}

/**
 * Publishes the fence and returns the stream entries that arrived on the connection before it;
 * null (recorded under `check`) when it did not arrive.
 */
async function answerTo(session: Session, connection: Connection, check: Parameters<Session['recorder']['fail']>[0], timeoutMs?: number) {
  const fence = await session.fence([connection], timeoutMs);
  if (!fence) return null;
  const [index] = fence.at;
  if (index < 0) {
    const closed = connection.probe.closed;
    session.recorder.fail(
      check,
      `connection "${connection.label}": a notification published after the welcome did not arrive${closed ? ` (closed ${closed.code})` : ''}`,
    );
    return null;
  }
  return { replay: entries(connection, connection.welcomeIndex + 1, index), fence: connection.probe.received[index].frame as Frame };
}

const seqOf = (frame: Frame): number => (typeof frame.seq === 'number' ? frame.seq : Number.NaN);

const isCode = (frame: Frame, code: string): boolean =>
  typeof frame.data === 'object' && frame.data !== null && (frame.data as Record<string, unknown>).orderCode === code;

/** Resume with a held cursor: `resume-welcome`, `replay-after-cursor`, `replay-unchanged`. Returns the resumed connection. */
export async function checkResume(session: Session, main: Connection): Promise<Connection | null> {
  const { recorder } = session;
  const cursor = await session.connect('cursor', null, null);
  if (!cursor) return null;
  const epoch = String(cursor.welcome.epoch);
  const after = cursor.welcome.seq as number;
  const current = lastSeq(main);
  if (after < current)
    recorder.fail('hello-no-cursor', `connection "cursor" was welcomed at seq ${after}, below the current seq ${current}`);
  await cursor.probe.close();

  const missed: string[] = [];
  for (let i = 0; i < MISSED; i++) {
    const published = await session.publish();
    if (published) missed.push(published.code);
  }
  await Promise.all(missed.map((code) => session.arrival(main, code)));

  const resume = await session.connect('resume', epoch, after);
  if (!resume) return null;
  const welcome = resume.welcome;
  const problems: string[] = [];
  if (welcome.epoch !== epoch) problems.push(`the epoch changed from ${show(epoch)} to ${show(welcome.epoch)} although nothing was lost`);
  if (welcome.reset === true) problems.push(`"reset": true although the cursor (seq ${after}) is ${MISSED} entries behind`);
  if (typeof welcome.seq === 'number' && welcome.seq < after) problems.push(`welcome.seq ${welcome.seq} is below the cursor ${after}`);
  for (const problem of problems) recorder.fail('resume-welcome', problem);
  if (problems.length === 0) recorder.pass('resume-welcome');

  const answer = await answerTo(session, resume, 'replay-after-cursor');
  if (!answer) return resume;
  const { replay } = answer;
  const expected = held(main).filter((notification) => notification.seq > after && missed.some((code) => isCode(notification.frame, code)));
  const expectedSeqs = new Set([
    ...expected.map((notification) => notification.seq),
    ...entries(main)
      .filter((entry) => entry.seq > after && entry.seq < seqOf(answer.fence))
      .map((entry) => entry.seq),
  ]);
  const got = replay.map((entry) => entry.seq);
  const missing = [...expectedSeqs].filter((seq) => !got.includes(seq));
  const stale = got.filter((seq) => seq <= after);
  const twice = got.filter((seq, i) => got.indexOf(seq) !== i);
  if (missing.length > 0) {
    recorder.fail(
      'replay-after-cursor',
      `after a hello with after ${after}, ${missing.length} of ${expectedSeqs.size} entries were not replayed (seq ${ranges(missing)})`,
    );
  }
  if (stale.length > 0) recorder.fail('replay-after-cursor', `replayed seq ${ranges(stale)}, at or below after ${after}`);
  if (twice.length > 0) recorder.fail('replay-after-cursor', `replayed seq ${ranges(twice)} more than once`);
  if (missing.length + stale.length + twice.length === 0)
    recorder.pass('replay-after-cursor', `${replay.length} entries after seq ${after}`);
  checkUnchanged(session, main, 'resume', replay);
  return resume;
}

/** The other rows of §3.2: `hello-after-null`, `hello-other-epoch`, `hello-old-cursor`, `hello-cursor-ahead`. */
export async function checkHellos(session: Session, main: Connection): Promise<void> {
  const epoch = String(main.welcome.epoch);
  await helloAfterNull(session, main, epoch);
  await helloOtherEpoch(session, main);
  await helloOldCursor(session, main, epoch);
  await helloCursorAhead(session, main, epoch);
}

/** Problems with a welcome that must carry the current seq and be followed by no replay. */
function noReplay(connection: Connection, current: number, replay: readonly Entry[], fence: Frame): string[] {
  const { welcome, label } = connection;
  const seq = welcome.seq as number;
  const problems: string[] = [];
  const replayed = replay.filter((entry) => entry.seq <= seq).map((entry) => entry.seq);
  if (replayed.length > 0) problems.push(`connection "${label}" got seq ${ranges(replayed)} replayed`);
  if (seq < current) problems.push(`connection "${label}" was welcomed at seq ${seq}, below the current seq ${current}`);
  if (seqOf(fence) <= seq)
    problems.push(
      `connection "${label}": the next notification (seq ${seqOf(fence)}) is not above the welcome's seq ${seq}: the widget drops it`,
    );
  return problems;
}

async function helloAfterNull(session: Session, main: Connection, epoch: string): Promise<void> {
  const current = lastSeq(main);
  const connection = await session.connect('after-null', epoch, null);
  if (!connection) return;
  const answer = await answerTo(session, connection, 'hello-after-null');
  if (answer) {
    const problems = noReplay(connection, current, answer.replay, answer.fence);
    for (const problem of problems) session.recorder.fail('hello-after-null', problem);
    if (problems.length === 0) session.recorder.pass('hello-after-null');
  }
  await connection.probe.close();
}

async function helloOtherEpoch(session: Session, main: Connection): Promise<void> {
  const { recorder } = session;
  const unknown = `lonceng-conformance-${session.run}`;
  const current = lastSeq(main);
  const connection = await session.connect('other-epoch', unknown, current);
  if (!connection) return;
  const { welcome } = connection;
  if (welcome.epoch === unknown) recorder.fail('hello-other-epoch', `the welcome echoes the client's unknown epoch ${show(unknown)}`);
  const answer = await answerTo(session, connection, 'hello-other-epoch', session.options.timeoutMs * 2);
  if (answer) {
    const seq = welcome.seq as number;
    const got = answer.replay.map((entry) => entry.seq);
    const fence = seqOf(answer.fence);
    const stale = got.filter((s) => s <= seq);
    const missing = entries(main).filter((entry) => entry.seq > seq && entry.seq < fence && !got.includes(entry.seq));
    const problems: string[] = [];
    if (stale.length > 0) problems.push(`seq ${ranges(stale)} replayed at or below the welcome's seq ${seq}: the widget drops them`);
    if (seq > current) problems.push(`welcomed at seq ${seq}, above the current seq ${current}`);
    if (missing.length > 0) {
      problems.push(
        `welcomed at seq ${seq}, below the current seq ${current}, but seq ${ranges(missing.map((entry) => entry.seq))} did not follow: the widget never gets them`,
      );
    }
    for (const problem of problems) recorder.fail('hello-other-epoch', problem);
    if (problems.length === 0) {
      recorder.pass(
        'hello-other-epoch',
        got.length > 0 ? `welcomed at seq ${seq}, then ${got.length} held entries` : 'welcomed at the current seq, no replay',
      );
    }
    checkUnchanged(session, main, 'other-epoch', answer.replay);
  }
  await connection.probe.close();
}

async function helloOldCursor(session: Session, main: Connection, epoch: string): Promise<void> {
  const { recorder } = session;
  const current = lastSeq(main);
  const connection = await session.connect('old-cursor', epoch, 0);
  if (!connection) return;
  const { welcome } = connection;
  const answer = await answerTo(session, connection, 'hello-old-cursor', session.options.timeoutMs * 2);
  if (answer) {
    const problems: string[] = [];
    if (welcome.epoch !== epoch) problems.push(`the epoch changed from ${show(epoch)} to ${show(welcome.epoch)}`);
    if (welcome.reset === true) {
      session.retention = true;
      problems.push(...noReplay(connection, current, answer.replay, answer.fence));
    } else {
      const got = answer.replay.map((entry) => entry.seq);
      const upTo = Math.max(current, welcome.seq as number);
      if (got.length === 0) {
        problems.push(`neither "reset": true nor a replay after a hello with after 0 (current seq ${upTo})`);
      } else if (got[0] > 1) {
        problems.push(
          `no "reset", but the replay starts at seq ${got[0]}: seq 1–${got[0] - 1} are gone (after 0 is below the floor), so the widget misses them without knowing`,
        );
      }
      const missing = got.length > 0 ? entries(main).filter((entry) => entry.seq <= upTo && !got.includes(entry.seq)) : [];
      if (missing.length > 0) problems.push(`seq ${ranges(missing.map((entry) => entry.seq))} missing from the replay after 0`);
    }
    for (const problem of problems) recorder.fail('hello-old-cursor', problem);
    if (problems.length === 0) {
      recorder.pass('hello-old-cursor', welcome.reset === true ? '"reset": true' : `replayed ${answer.replay.length} entries from seq 1`);
    }
    checkUnchanged(session, main, 'old-cursor', answer.replay);
  }
  await connection.probe.close();
}

async function helloCursorAhead(session: Session, main: Connection, epoch: string): Promise<void> {
  const { recorder } = session;
  const current = lastSeq(main);
  const after = current + AHEAD;
  const connection = await session.connect('ahead', epoch, after);
  if (!connection) return;
  const { welcome } = connection;
  const answer = await answerTo(session, connection, 'hello-cursor-ahead');
  if (answer) {
    const problems = noReplay(connection, current, answer.replay, answer.fence);
    const seq = welcome.seq as number;
    if (welcome.reset !== true && seq >= after) {
      problems.push(`welcome.seq ${seq} without "reset" keeps the widget's cursor at ${after}: it drops everything up to that seq`);
    }
    for (const problem of problems) recorder.fail('hello-cursor-ahead', problem);
    if (problems.length === 0 && welcome.reset !== true) {
      recorder.warn(
        'hello-cursor-ahead',
        `no "reset": true for after ${after} above the current seq ${current} (the widget still starts afresh, since welcome.seq < after, §3.3)`,
        'send "reset": true when after > current seq',
      );
    }
    if (problems.length === 0) recorder.pass('hello-cursor-ahead');
  }
  await connection.probe.close();
}
