/**
 * Runs every check against a live server and returns the report: the programmatic entry of
 * `lonceng-conformance`.
 */
import { checkAuthRefusal } from './checks/auth.js';
import { checkDelivery, openObservers } from './checks/delivery.js';
import { checkHeartbeat } from './checks/heartbeat.js';
import { checkHistory } from './checks/history.js';
import { checkMalformed } from './checks/robustness.js';
import { checkHellos, checkResume } from './checks/resume.js';
import { checkState } from './checks/state.js';
import { checkFrames, checkNotifications, checkSequence, checkWelcomeOnce } from './checks/stream.js';
import { countResults, type ConformanceReport } from './report.js';
import { Session, type ConformanceOptions, type Connection, type ResolvedOptions } from './session.js';

export type { ConformanceOptions } from './session.js';

/** The defaults of the options that have one. */
export const DEFAULTS = { user: 'conformance', timeoutMs: 2000, heartbeatWaitMs: 7000 } as const;

function resolve(options: ConformanceOptions): ResolvedOptions {
  return {
    url: options.url,
    publishUrl: options.publishUrl,
    user: options.user ?? DEFAULTS.user,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    heartbeatWaitMs: options.heartbeatWaitMs ?? DEFAULTS.heartbeatWaitMs,
    headers: options.headers ?? {},
    ...(options.refusedUrl ? { refusedUrl: options.refusedUrl } : {}),
  };
}

/** Checks the server at `options.url` against protocol v1 and the extensions its welcome advertises. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const session = new Session(resolve(options));
  const started = Date.now();
  let error: string | undefined;
  try {
    await runChecks(session);
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
    session.block(`the checker stopped: ${error}`);
  } finally {
    await session.closeAll();
  }
  const checks = session.recorder.results(session.blocked ? `not run: ${session.blocked}` : 'not run');
  const counts = countResults(checks);
  const { url, publishUrl, user, refusedUrl } = session.options;
  return {
    target: { url, publishUrl, user, ...(refusedUrl ? { refusedUrl } : {}) },
    ok: counts.fail === 0 && error === undefined,
    ...(error === undefined ? {} : { error }),
    durationMs: Date.now() - started,
    server: session.server,
    counts,
    checks,
  };
}

async function runChecks(session: Session): Promise<void> {
  const observers = await openObservers(session);
  let other: Connection | null = null;
  const delivered = observers !== null && (await checkDelivery(session, observers));
  if (observers && delivered) {
    const { main } = observers;
    other = await checkResume(session, main);
    await checkHellos(session, main);
    const left = await checkState(session, main, other);
    if (!session.blocked) await checkHistory(session, main, left);
  }
  await checkAuthRefusal(session);
  if (observers) {
    const { main, idle } = observers;
    if (delivered) await checkMalformed(session, main);
    await checkHeartbeat(session, main, idle, other ? [main, other] : [main]);
    checkWelcomeOnce(session);
    checkNotifications(session);
    checkSequence(session, main);
  }
  checkFrames(session);
}
