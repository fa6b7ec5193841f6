/**
 * `auth-refusal` (§6): the server refuses `--refused-url` by completing the upgrade and closing
 * with 4401 or 4403. An HTTP 401/403 instead reaches page scripts as close 1006, the same as a
 * network failure, and the widget keeps retrying.
 */
import { Probe } from '../client.js';
import { describeOutcome, UPGRADE_TIMEOUT_MS, type Session } from '../session.js';

export async function checkAuthRefusal(session: Session): Promise<void> {
  const { recorder, options } = session;
  if (!options.refusedUrl) {
    recorder.skip('auth-refusal', 'no --refused-url given');
    return;
  }
  const { outcome, probe } = await Probe.connect(options.refusedUrl, { timeoutMs: UPGRADE_TIMEOUT_MS });
  if (!probe) {
    const before =
      outcome.kind === 'http'
        ? `: browsers report a refused upgrade as close 1006, like a network failure, and the widget keeps retrying`
        : '';
    recorder.fail('auth-refusal', `${describeOutcome(outcome)}${before}`);
    return;
  }
  session.connections.push({ label: 'refused', probe, welcomed: null });
  probe.sendHello(null, null);
  await probe.waitClosed(options.timeoutMs);
  const closed = probe.closed;
  const welcomed = probe.frames().some((frame) => frame.type === 'welcome');
  if (!closed) {
    recorder.fail(
      'auth-refusal',
      `still open ${options.timeoutMs} ms after the upgrade${welcomed ? ', and it sent a welcome: the URL was accepted' : ''}`,
    );
  } else if (closed.code === 4401 || closed.code === 4403) {
    recorder.pass('auth-refusal', `closed ${closed.code} "${closed.reason}" ${closed.at} ms after the upgrade`);
  } else {
    recorder.fail(
      'auth-refusal',
      `closed with ${closed.code}${closed.reason ? ` "${closed.reason}"` : ''}, not 4401/4403: the widget takes it for a transient failure and keeps retrying`,
    );
  }
  await probe.close();
}
