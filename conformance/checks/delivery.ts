/**
 * The first connections and the first publishes: `publish-hook`, `live-delivery`, `fan-out` and
 * `hello-no-cursor`, then a burst whose order the stream checks judge at the end.
 */
import type { Frame } from '../client.js';
import { show } from '../frames.js';
import type { ServerInfo } from '../report.js';
import { PUBLISHED_EVENT, publishedData, type Connection, type Session } from '../session.js';
import { entries, ranges } from '../stream.js';

/** The connections that stay open for the whole run. */
export interface Observers {
  /** Answers pings; sees every entry of the user's stream from its welcome on. */
  main: Connection;
  /** Sends nothing after hello (for `idle-close`); the user's second socket (for `fan-out`). */
  idle: Connection | null;
}

/** How many notifications are published in a row to check their order. */
const BURST = 5;

/** What the first welcome says about the server. */
function serverInfo(welcome: Frame): ServerInfo {
  const info: ServerInfo = {
    epoch: String(welcome.epoch),
    seq: typeof welcome.seq === 'number' ? welcome.seq : 0,
    features: Array.isArray(welcome.features) ? welcome.features.filter((name): name is string => typeof name === 'string') : [],
  };
  if (typeof welcome.heartbeatMs === 'number') info.heartbeatMs = welcome.heartbeatMs;
  if (typeof welcome.unread === 'number') info.unread = welcome.unread;
  return info;
}

/** Opens the two connections that stay open; null when the first gets no welcome. */
export async function openObservers(session: Session): Promise<Observers | null> {
  const main = await session.connect('main', null, null);
  if (!main) {
    session.block('the first connection got no welcome');
    return null;
  }
  session.server = serverInfo(main.welcome);
  const idle = await session.connect('idle', null, null, { answerPings: false });
  return { main, idle };
}

/** Whether the notification carries what was published as `code`. */
function checkContent(session: Session, frame: Frame, code: string): void {
  if (frame.event !== PUBLISHED_EVENT) {
    session.recorder.fail('live-delivery', `${code} arrived with event ${show(frame.event)}, published as "${PUBLISHED_EVENT}"`);
  }
  const data = frame.data as Record<string, unknown>;
  const sent = publishedData(code);
  const differs = (Object.keys(sent) as (keyof typeof sent)[]).filter((name) => data[name] !== sent[name]);
  if (differs.length > 0) {
    session.recorder.fail(
      'live-delivery',
      `${code} arrived with data ${show(data)}, published as ${show(sent)} (${differs.join(', ')} differ)`,
    );
  }
}

/**
 * Publishes one notification, then a burst. False when nothing published arrives: the checks
 * that follow all need it.
 */
export async function checkDelivery(session: Session, { main, idle }: Observers): Promise<boolean> {
  const { recorder, options } = session;
  const before = main.probe.now();
  const first = await session.publish();
  if (!first) {
    session.block('the publish hook failed');
    return false;
  }
  const index = await session.arrival(main, first.code);
  if (index < 0) {
    const others = main.probe.frames().filter((frame) => frame.type === 'notification').length;
    recorder.fail(
      'live-delivery',
      `the notification published as ${first.code} did not arrive within ${options.timeoutMs} ms${others > 0 ? ` (${others} other notifications did)` : ''}`,
    );
    session.block('published notifications do not arrive');
    return false;
  }
  const arrived = main.probe.received[index];
  recorder.pass('live-delivery', `${arrived.at - before} ms from POST to frame`);
  checkContent(session, arrived.frame as Frame, first.code);

  if (idle) {
    if ((await session.arrival(idle, first.code)) < 0) {
      recorder.fail('fan-out', `${first.code} reached connection "main" but not "idle", the user's second socket`);
    } else {
      recorder.pass('fan-out');
    }
  }

  const welcomeSeq = main.welcome.seq as number;
  const replayed = entries(main, main.welcomeIndex + 1, index).filter((entry) => entry.seq <= welcomeSeq);
  if (replayed.length > 0) {
    recorder.fail('hello-no-cursor', `seq ${ranges(replayed.map((entry) => entry.seq))} replayed after a hello with epoch null`);
  } else {
    recorder.pass('hello-no-cursor');
  }

  const burst: string[] = [];
  for (let i = 0; i < BURST; i++) {
    const published = await session.publish();
    if (published) burst.push(published.code);
  }
  const at = await Promise.all(burst.map((code) => session.arrival(main, code)));
  const missing = burst.filter((_, i) => at[i] < 0);
  if (missing.length > 0)
    recorder.fail('live-delivery', `${missing.length} of ${burst.length} notifications published in a row did not arrive`);
  at.forEach((i, n) => i >= 0 && checkContent(session, main.probe.received[i].frame as Frame, burst[n]));
  return true;
}
