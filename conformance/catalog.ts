/**
 * Every check the conformance checker runs, in the order it reports them: its name, the section of
 * docs/PROTOCOL.md it enforces, whether that section makes it a MUST or a SHOULD, what a server
 * that passes does, and what to fix when it does not. docs/PROTOCOL.md §12 lists the same checks.
 */

/** An inbox extension feature a check needs the welcome to advertise (§13.1). */
export type CheckFeature = 'history' | 'state';

export interface CheckSpec {
  readonly name: string;
  /** The section of docs/PROTOCOL.md, e.g. `§3.2`. */
  readonly section: string;
  /**
   * MUST: breaking it is a FAIL. SHOULD: breaking it is a WARN at most. Either kind also warns about
   * what the protocol only recommends (e.g. `null` in an optional member).
   */
  readonly level: 'MUST' | 'SHOULD';
  /** Features the check needs; without them it is skipped. */
  readonly needs?: readonly CheckFeature[];
  /** What a passing server does. */
  readonly passes: string;
  /** What to change when it fails (unless the failure names something more precise). */
  readonly fix: string;
}

export const CHECKS = [
  {
    name: 'upgrade',
    section: '§6',
    level: 'MUST',
    passes: 'the WebSocket upgrade of <ws-url> completes within 4 s',
    fix: 'serve a WebSocket at <ws-url> that authenticates the --user from the upgrade request and completes the upgrade within 4 s',
  },
  {
    name: 'welcome',
    section: '§2.2',
    level: 'MUST',
    passes: 'every hello is answered by exactly one welcome, with no notification, read or §13 frame before it',
    fix: 'answer the first hello of each connection with one welcome, before any notification, read or §13 frame (a ping may precede it), and never send a second one',
  },
  {
    name: 'welcome-fields',
    section: '§2.2',
    level: 'MUST',
    passes: 'welcome has v 1, a non-empty string epoch, an integer seq ≥ 0 and well-typed optional members',
    fix: 'send {"type":"welcome","v":1,"epoch":"<non-empty string>","seq":<integer ≥ 0>} with heartbeatMs (integer), reset (boolean), features (array of strings), unread (integer ≥ 0) only when they apply',
  },
  {
    name: 'frames-json',
    section: '§1',
    level: 'MUST',
    passes: 'every frame is one JSON object with a string type in a text message, well below 256 KiB',
    fix: 'send each frame as one text message holding one JSON object with a string "type"; never binary messages, arrays or bare values',
  },
  {
    name: 'publish-hook',
    section: '§12.1',
    level: 'MUST',
    passes: '--publish-url answers 2xx to {"user","event","data"} posted as JSON',
    fix: 'make --publish-url accept a POST of {"user":U,"event":S,"data":{...}} as JSON, publish it to user U and answer 2xx',
  },
  {
    name: 'live-delivery',
    section: '§1',
    level: 'MUST',
    passes: 'a published notification reaches the welcomed socket of the user with its event and data',
    fix: 'send every notification published for the user to each of the user’s welcomed sockets, with the published event and data; check that <ws-url> authenticates as --user',
  },
  {
    name: 'fan-out',
    section: '§1',
    level: 'MUST',
    passes: 'a published notification reaches every open socket of the user',
    fix: 'keep every welcomed socket of a user and send each of the user’s notifications to all of them',
  },
  {
    name: 'notification-fields',
    section: '§2.2',
    level: 'MUST',
    passes: 'notifications have a non-empty string id, event, an RFC 3339 at with a zone, an object data and well-typed optional members',
    fix: 'send {"type":"notification","id":"<non-empty>","seq":<integer ≥ 1>,"event":"...","at":"2026-11-25T03:15:42.120Z","data":{...}} with title/body (strings) and read/archived (booleans) only when they apply',
  },
  {
    name: 'seq-assigned',
    section: '§3.1',
    level: 'MUST',
    passes: 'every published notification carries a seq: it can be replayed',
    fix: 'give every notification a per-user seq when it is published (1 in a new epoch, then +1 per entry); without seq it can never be replayed',
  },
  {
    name: 'seq-order',
    section: '§3.3',
    level: 'MUST',
    passes: 'on every connection, the seqs after the welcome are strictly increasing and above the welcome’s (or the resumed cursor)',
    fix: 'assign the seq and send to every socket in one step under the user’s lock, so that each socket receives the user’s stream in seq order; the widget’s cursor has passed a seq that comes late, so a reconnect at the wrong moment skips it for good',
  },
  {
    name: 'seq-contiguous',
    section: '§3.1',
    level: 'SHOULD',
    passes: 'each seq is the previous one + 1: the user’s numbering has no gaps',
    fix: 'number each user’s stream entries 1, 2, 3… with a per-user counter, one step per notification (and per state entry with "state"); a counter shared by several users leaves gaps, which the widget tolerates but cannot tell from an entry lost on the way',
  },
  {
    name: 'hello-no-cursor',
    section: '§3.2',
    level: 'MUST',
    passes: 'hello with epoch null gets a welcome at the current seq and no replay',
    fix: 'answer {"epoch":null,"after":null} with a welcome whose seq is the user’s current seq, and replay nothing',
  },
  {
    name: 'resume-welcome',
    section: '§3.2',
    level: 'MUST',
    passes: 'hello with the current epoch and a held cursor gets a welcome in that epoch, without reset, with seq ≥ after',
    fix: 'when hello.epoch is the current epoch and floor ≤ after ≤ current seq, answer with a welcome in the same epoch, no "reset", and the current seq; keep the epoch unless the server lost its counter or buffer',
  },
  {
    name: 'replay-after-cursor',
    section: '§3.2',
    level: 'MUST',
    passes: 'after that welcome, exactly the entries with seq > after arrive, each once, in seq order, before live ones',
    fix: 'after the welcome of a resume, send every held entry with seq > after, in seq order, each exactly once, then the live ones (take the snapshot and register the socket under one lock, §3.5)',
  },
  {
    name: 'replay-unchanged',
    section: '§3.2',
    level: 'MUST',
    passes: 'replayed notifications keep the id, seq, event, at and data they were first sent with',
    fix: 'replay each notification exactly as first sent (same id, seq, event, at, data); only read/archived may change',
  },
  {
    name: 'hello-after-null',
    section: '§2.1',
    level: 'MUST',
    passes: 'hello with the current epoch but after null counts as no cursor: welcome at the current seq, no replay',
    fix: 'treat a hello whose epoch or after is null as “no cursor”: welcome at the current seq and replay nothing',
  },
  {
    name: 'hello-other-epoch',
    section: '§3.2',
    level: 'MUST',
    passes:
      'hello with an unknown epoch gets a welcome in the server’s epoch: at the floor followed by every held entry, or at the current seq with no replay',
    fix: 'answer a hello from another epoch with a welcome in the current epoch whose seq is the floor, then every held entry in seq order (or the current seq and no replay); never echo the client’s epoch',
  },
  {
    name: 'hello-old-cursor',
    section: '§3.2',
    level: 'MUST',
    passes: 'hello with after 0 in the current epoch gets either the replay of every entry from seq 1, or "reset": true and no replay',
    fix: 'when after < floor (the oldest entries are gone) answer with "reset": true and replay nothing; otherwise replay every entry with seq > after',
  },
  {
    name: 'hello-cursor-ahead',
    section: '§3.2',
    level: 'MUST',
    passes: 'hello with after above the current seq gets a welcome at the current seq with "reset": true and no replay',
    fix: 'when after > current seq answer with the current seq and "reset": true, and replay nothing',
  },
  {
    name: 'read-accepted',
    section: '§5',
    level: 'MUST',
    passes: 'a client read frame is accepted: the socket stays open and working (a plain read is not echoed to its sender)',
    fix: 'accept {"type":"read","ids":[...]}: record it or ignore it, but keep the socket open; forward a plain read to the user’s other sockets only',
  },
  {
    name: 'state-read',
    section: '§13.5',
    level: 'MUST',
    needs: ['state'],
    passes: 'read of unread notifications gives one read entry to the sender: the ids changed, the next seq, the new unread count',
    fix: 'for a client read that changes something, append ONE state entry {"type":"read","ids":[changed ids],"seq":<next>,"unread":<count after>} and send it to every socket of the user, the sender included',
  },
  {
    name: 'state-unread',
    section: '§13.5',
    level: 'MUST',
    needs: ['state'],
    passes: 'unread of a read notification gives one unread entry: the id, the next seq, the new unread count',
    fix: 'for a client unread that changes something, append ONE state entry {"type":"unread","ids":[changed ids],"seq":<next>,"unread":<count after>} and send it to every socket of the user',
  },
  {
    name: 'state-archive',
    section: '§13.5',
    level: 'MUST',
    needs: ['state'],
    passes: 'archive of a notification gives one archive entry: the id, the next seq, the count without it',
    fix: 'for a client archive that changes something, append ONE state entry {"type":"archive","ids":[changed ids],"seq":<next>,"unread":<count after>}; archived notifications leave the unread count',
  },
  {
    name: 'state-fan-out',
    section: '§13.5',
    level: 'MUST',
    needs: ['state'],
    passes: 'state entries reach the user’s other sockets too, with the same seq',
    fix: 'send each state entry to every welcomed socket of the user, not only to the one that asked',
  },
  {
    name: 'state-no-change',
    section: '§13.5',
    level: 'MUST',
    needs: ['state'],
    passes: 'a state frame that changes nothing (unknown id, already in that state, archived) sends nothing and takes no seq',
    fix: 'leave out ids the server does not hold, ids already in that state and read/unread of archived ones; when nothing changed send nothing and consume no seq',
  },
  {
    name: 'welcome-unread',
    section: '§13.4',
    level: 'MUST',
    passes: 'welcome.unread, when sent, is the user’s count of unread, unarchived notifications (as the frames add up)',
    fix: 'count welcome.unread as the unread, unarchived notifications held with seq ≤ welcome.seq, in the same snapshot as the seq',
  },
  {
    name: 'history-answer',
    section: '§13.3',
    level: 'MUST',
    needs: ['history'],
    passes: 'each history request is answered once, with its id, an items array of notification frames and a boolean more',
    fix: 'answer {"type":"history","id":S,...} with {"type":"history","id":S,"items":[full notification frames],"more":true|false}, once per request, in the order received',
  },
  {
    name: 'history-newest',
    section: '§13.6',
    level: 'MUST',
    needs: ['history'],
    passes: 'before null gives the newest unarchived notifications, newest first, at most limit',
    fix: 'for before null start at the newest unarchived notification and list at most limit, in descending seq',
  },
  {
    name: 'history-before',
    section: '§13.6',
    level: 'MUST',
    needs: ['history'],
    passes: 'before N gives only seq < N, continuing exactly below the previous page',
    fix: 'return only notifications with seq < before, newest first, starting with the next one below before (nothing skipped, nothing repeated)',
  },
  {
    name: 'history-more',
    section: '§13.6',
    level: 'MUST',
    needs: ['history'],
    passes: 'more is true while older unarchived notifications exist; the page below seq 1 is {"items":[],"more":false}',
    fix: 'set "more" to true exactly when older unarchived notifications exist below the last item; an empty page is "items":[],"more":false',
  },
  {
    name: 'history-limit',
    section: '§13.6',
    level: 'MUST',
    needs: ['history'],
    passes: 'a limit above 100 is clamped to 100',
    fix: 'clamp limit to 1–100',
  },
  {
    name: 'history-state',
    section: '§13.6',
    level: 'MUST',
    needs: ['history', 'state'],
    passes: 'pages leave archived notifications out and mark read ones "read": true',
    fix: 'leave archived notifications out of pages and set "read": true on the read ones',
  },
  {
    name: 'malformed-frames',
    section: '§7',
    level: 'MUST',
    passes:
      'frames that are not JSON, not objects, of unknown type or with wrong types are ignored: the socket stays open and a later publish arrives',
    fix: 'ignore client frames you cannot use (not JSON, not an object, unknown type, members of the wrong type) without closing the socket or changing the stream',
  },
  {
    name: 'auth-refusal',
    section: '§6',
    level: 'MUST',
    passes: '--refused-url completes the upgrade, then closes with 4401 or 4403',
    fix: 'refuse after the upgrade: accept the WebSocket, then close it with 4401 (not authenticated) or 4403 (forbidden)',
  },
  {
    name: 'heartbeat-ping',
    section: '§4',
    level: 'MUST',
    passes: 'with heartbeatMs advertised, a ping arrives about every heartbeatMs, never 2 × heartbeatMs without one',
    fix: 'advertise heartbeatMs in the welcome (1000–300000, recommended 25000) and send {"type":"ping"} on that fixed cadence, even while notifications flow',
  },
  {
    name: 'kept-open',
    section: '§4',
    level: 'MUST',
    passes: 'sockets that answer every ping with pong stay open for the whole run',
    fix: 'count any client frame (pong, read…) as a sign of life and close only sockets silent for 2 × heartbeatMs',
  },
  {
    name: 'idle-close',
    section: '§4',
    level: 'SHOULD',
    passes: 'a socket that sends nothing after hello is closed after about 2 × heartbeatMs',
    fix: 'close a socket from which nothing (no pong, no other frame) has arrived for 2 × heartbeatMs',
  },
] as const satisfies readonly CheckSpec[];

export type CheckName = (typeof CHECKS)[number]['name'];

const BY_NAME = new Map<string, CheckSpec>(CHECKS.map((spec) => [spec.name, spec]));

/** The spec of a check by its name. */
export const checkSpec = (name: CheckName): CheckSpec => BY_NAME.get(name) as CheckSpec;
