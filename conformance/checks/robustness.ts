/**
 * `malformed-frames` (§7): a connection sends frames a server cannot use; the server must ignore
 * them, keep the socket open and working, and leave the user's stream as it was.
 */
import type { Connection, Session } from '../session.js';
import { entries } from '../stream.js';

/** Not JSON, JSON that is no object, no or an unknown type, and known types with members of the wrong type. */
export const MALFORMED: readonly string[] = [
  'this is not JSON',
  '{"type":"hello"',
  '[1,2,3]',
  '"pong"',
  'null',
  '42',
  '{"no":"type"}',
  '{"type":42}',
  '{"type":"x-lonceng-conformance","v":1}',
  '{"type":"pong","extra":{"nested":[1,2,3]}}',
  '{"type":"read","ids":"not-a-list"}',
  '{"type":"read","ids":[42,null,{}]}',
  '{"type":"unread","ids":null}',
  '{"type":"archive","ids":{"0":"x"}}',
  '{"type":"history","id":7,"before":"x","limit":"y"}',
];

export async function checkMalformed(session: Session, main: Connection): Promise<void> {
  const { recorder } = session;
  const connection = await session.connect('malformed', null, null);
  if (!connection) {
    recorder.fail('malformed-frames', 'could not open a connection to send them on');
    return;
  }
  const from = connection.probe.received.length;
  for (const text of MALFORMED) connection.probe.send(text);
  const fence = await session.fence([connection, main]);
  if (!fence) return;
  const [index, mainIndex] = fence.at;
  const closed = connection.probe.closed;
  if (closed) {
    recorder.fail('malformed-frames', `the server closed the socket (${closed.code} "${closed.reason}") after malformed frames`);
  } else if (index < 0) {
    recorder.fail('malformed-frames', 'the socket stopped working: a notification published after the malformed frames did not arrive');
  } else {
    const answers = entries(connection, from, index).filter((entry) => entry.frame.type !== 'notification');
    for (const { frame } of answers) recorder.fail('malformed-frames', `a malformed frame was answered with a ${frame.type} entry`);
    if (answers.length === 0) recorder.pass('malformed-frames');
  }
  if (mainIndex < 0 && main.probe.open) {
    recorder.fail('malformed-frames', 'after the malformed frames, a publish no longer reaches the user’s other socket');
  }
  await connection.probe.close();
}
