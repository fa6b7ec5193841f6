/**
 * The heartbeat (§4), judged last so that the rest of the run counts towards the wait:
 * `heartbeat-ping` on `main`, `idle-close` on `idle`, `kept-open` on the sockets that answered
 * every ping. The wait is bounded by `--heartbeat-wait`; what it cannot cover is said so.
 */
import type { Connection, Session } from '../session.js';

/** The widget takes heartbeatMs within these bounds (§4). */
const MIN_HEARTBEAT = 1000;
const MAX_HEARTBEAT = 300_000;
/** Timer jitter allowed on top of the advertised cadence. */
const JITTER_MS = 250;

/** How long after its hello a silent socket may stay open: 2 × heartbeatMs and a ping interval of slack. */
const idleDeadline = (heartbeat: number): number => 3 * heartbeat + 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Milliseconds since the connection's welcome arrived. */
const sinceWelcome = (connection: Connection): number => connection.probe.now() - connection.probe.received[connection.welcomeIndex].at;

export async function checkHeartbeat(
  session: Session,
  main: Connection,
  idle: Connection | null,
  keptOpen: readonly Connection[],
): Promise<void> {
  const { recorder, options } = session;
  const advertised = main.welcome.heartbeatMs;
  if (typeof advertised !== 'number' || !(advertised > 0)) {
    recorder.warn(
      'heartbeat-ping',
      'the welcome advertises no heartbeatMs: the widget cannot tell a dead socket from a quiet one',
      'advertise heartbeatMs in the welcome and send ping at that cadence',
    );
    recorder.skip('idle-close', 'the welcome advertises no heartbeatMs');
    checkKeptOpen(session, keptOpen);
    return;
  }
  const heartbeat = Math.min(MAX_HEARTBEAT, Math.max(MIN_HEARTBEAT, advertised));
  const pingWindow = Math.min(options.heartbeatWaitMs, 2 * heartbeat + JITTER_MS);
  const idleWindow = Math.min(options.heartbeatWaitMs, idleDeadline(heartbeat));
  const idleWatch = idle ? idle.probe.waitClosed(idleWindow - sinceWelcome(idle)) : Promise.resolve(false);
  await Promise.all([sleep(pingWindow - sinceWelcome(main)), idleWatch]);

  checkPings(session, main, advertised, heartbeat);
  if (idle) checkIdle(session, idle, heartbeat, idleWindow);
  checkKeptOpen(session, keptOpen);
}

function checkPings(session: Session, main: Connection, advertised: number, heartbeat: number): void {
  const { recorder, options } = session;
  const { probe } = main;
  const welcomedAt = probe.received[main.welcomeIndex].at;
  const until = probe.closed?.at ?? probe.now();
  const pings = probe.received.filter((message, i) => i > main.welcomeIndex && message.frame?.type === 'ping').map((message) => message.at);
  const marks = [welcomedAt, ...pings, until];
  const gaps = marks.slice(1).map((at, i) => at - marks[i]);
  const longest = Math.max(...gaps);
  const watched = until - welcomedAt;
  const verified = watched >= 2 * heartbeat;
  const more = verified ? '' : `; rerun with --heartbeat-wait ${2 * heartbeat + JITTER_MS} or more to check the cadence`;
  if (longest > 2 * heartbeat) {
    recorder.fail(
      'heartbeat-ping',
      pings.length === 0
        ? `no ping in ${watched} ms although heartbeatMs is ${advertised}: the widget reconnects after 2 × heartbeatMs of silence`
        : `${longest} ms without a ping (heartbeatMs ${advertised}): the widget reconnects after 2 × heartbeatMs of silence`,
    );
  } else if (pings.length === 0) {
    recorder.warn(
      'heartbeat-ping',
      `not verified: no ping within --heartbeat-wait ${options.heartbeatWaitMs} ms, heartbeatMs is ${advertised}`,
      `rerun with --heartbeat-wait ${2 * heartbeat + JITTER_MS} or more`,
    );
  } else if (gaps.slice(0, -1).some((gap) => gap > 1.25 * advertised + JITTER_MS)) {
    recorder.warn(
      'heartbeat-ping',
      `pings ${gaps.slice(0, -1).join(', ')} ms apart, not every ${advertised} ms`,
      'send ping on a fixed cadence of heartbeatMs, whatever else is sent',
    );
  } else {
    recorder.pass('heartbeat-ping', `${pings.length} pings in ${watched} ms, heartbeatMs ${advertised}${more}`);
  }
}

function checkIdle(session: Session, idle: Connection, heartbeat: number, window: number): void {
  const { recorder, options } = session;
  const closed = idle.probe.closed;
  const helloAt = idle.probe.helloAt;
  if (closed) {
    recorder.pass('idle-close', `closed ${closed.code} ${closed.at - helloAt} ms after its last frame`);
  } else if (window < idleDeadline(heartbeat)) {
    recorder.warn(
      'idle-close',
      `not verified: still open after ${idle.probe.now() - helloAt} ms (--heartbeat-wait ${options.heartbeatWaitMs}), heartbeatMs is ${heartbeat}`,
      `rerun with --heartbeat-wait ${idleDeadline(heartbeat)} or more`,
    );
  } else {
    recorder.fail(
      'idle-close',
      `a socket silent since its hello is still open after ${idle.probe.now() - helloAt} ms (2 × heartbeatMs is ${2 * heartbeat})`,
    );
  }
}

function checkKeptOpen(session: Session, connections: readonly Connection[]): void {
  for (const { label, probe } of connections) {
    const closed = probe.closed;
    if (closed && !closed.byClient) {
      session.recorder.fail(
        'kept-open',
        `connection "${label}" was closed by the server (${closed.code} "${closed.reason}") after ${closed.at} ms although it answered every ping`,
      );
    } else {
      session.recorder.pass('kept-open');
    }
  }
}
