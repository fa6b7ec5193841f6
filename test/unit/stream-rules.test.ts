import { describe, expect, it } from 'vitest';
import type { Cursor } from '../../src/core/index.js';
import {
  decideNotification,
  decideSequenced,
  decideWelcome,
  helloFrame,
  type NotificationDecision,
  type StreamPosition,
  type WelcomeDecision,
} from '../../src/core/stream-rules.js';

const at = (epoch: string, seq: number): Cursor => ({ epoch, seq });

describe('helloFrame', () => {
  it.each<[string, Cursor | null, { epoch: string | null; after: number | null }]>([
    ['no stored cursor', null, { epoch: null, after: null }],
    ['a stored cursor', at('e1', 41), { epoch: 'e1', after: 41 }],
    ['a cursor at seq 0', at('e1', 0), { epoch: 'e1', after: 0 }],
  ])('with %s', (_what, cursor, expected) => {
    expect(helloFrame(cursor)).toEqual({ type: 'hello', v: 1, ...expected });
  });
});

describe('decideWelcome', () => {
  type Welcome = { epoch: string; seq: number; reset?: boolean };
  it.each<[string, Cursor | null, Welcome, WelcomeDecision]>([
    // First connection: start at the welcome, write it, no resync.
    ['first connection (no stored cursor)', null, { epoch: 'e1', seq: 7 }, { cursor: at('e1', 7), store: true, resync: null }],
    ['first connection, even with reset', null, { epoch: 'e1', seq: 7, reset: true }, { cursor: at('e1', 7), store: true, resync: null }],
    // Same epoch, no reset, welcome.seq ≥ stored seq: resume, keep the stored cursor.
    ['same epoch, welcome ahead (resume)', at('e1', 41), { epoch: 'e1', seq: 44 }, { cursor: at('e1', 41), store: false, resync: null }],
    ['same epoch, welcome equal (resume)', at('e1', 41), { epoch: 'e1', seq: 41 }, { cursor: at('e1', 41), store: false, resync: null }],
    [
      'same epoch, reset: false (resume)',
      at('e1', 41),
      { epoch: 'e1', seq: 44, reset: false },
      { cursor: at('e1', 41), store: false, resync: null },
    ],
    // Same epoch with reset: afresh at the welcome, resync `reset`.
    [
      'same epoch with reset',
      at('e1', 44),
      { epoch: 'e1', seq: 2311, reset: true },
      { cursor: at('e1', 2311), store: true, resync: 'reset' },
    ],
    [
      'same epoch with reset, same seq',
      at('e1', 44),
      { epoch: 'e1', seq: 44, reset: true },
      { cursor: at('e1', 44), store: true, resync: 'reset' },
    ],
    // Same epoch, welcome behind the stored seq: afresh (moving the cursor back), resync `reset`.
    [
      'same epoch, welcome.seq < stored.seq',
      at('e1', 44),
      { epoch: 'e1', seq: 10 },
      { cursor: at('e1', 10), store: true, resync: 'reset' },
    ],
    // Another epoch: afresh at the welcome (the floor, possibly 0), resync `epoch`.
    ['other epoch', at('e1', 44), { epoch: 'e2', seq: 0 }, { cursor: at('e2', 0), store: true, resync: 'epoch' }],
    ['other epoch with a higher seq', at('e1', 44), { epoch: 'e2', seq: 100 }, { cursor: at('e2', 100), store: true, resync: 'epoch' }],
    ['other epoch with reset', at('e1', 44), { epoch: 'e2', seq: 3, reset: true }, { cursor: at('e2', 3), store: true, resync: 'epoch' }],
  ])('%s', (_what, stored, welcome, expected) => {
    const before = stored && { ...stored };
    expect(decideWelcome(stored, welcome)).toEqual(expected);
    expect(stored).toEqual(before); // never mutates its input
  });

  it('hands back the stored cursor itself when resuming, and a new object when starting afresh', () => {
    const stored = at('e1', 41);
    expect(decideWelcome(stored, { epoch: 'e1', seq: 44 }).cursor).toBe(stored);
    expect(decideWelcome(stored, { epoch: 'e1', seq: 44, reset: true }).cursor).not.toBe(stored);
  });
});

describe('decideNotification', () => {
  const live = (cursor: Cursor | null, liveEpoch: string | null = cursor?.epoch ?? null): StreamPosition => ({ cursor, liveEpoch });
  const held = new Set(['held-1', 'forgotten-1']);
  type Frame = { id: string; seq?: number };

  it.each<[string, StreamPosition, Frame, NotificationDecision]>([
    // Known ids are duplicates whatever the seq says.
    ['known id, no seq', live(at('e1', 5)), { id: 'held-1' }, { duplicate: true, reason: 'id' }],
    ['known id, seq ahead of the cursor', live(at('e1', 5)), { id: 'forgotten-1', seq: 6 }, { duplicate: true, reason: 'id' }],
    ['known id, before the welcome', live(at('e1', 5), null), { id: 'held-1', seq: 9 }, { duplicate: true, reason: 'id' }],
    // Sequenced in the live epoch: compared with the cursor. A new id at or below it is misnumbered
    // or resent: shown all the same (its id is new), and the cursor never moves back.
    ['seq below the cursor', live(at('e1', 5)), { id: 'n', seq: 3 }, { duplicate: false, cursor: null }],
    ['seq equal to the cursor', live(at('e1', 5)), { id: 'n', seq: 5 }, { duplicate: false, cursor: null }],
    ['seq 0 at cursor 0', live(at('e1', 0)), { id: 'n', seq: 0 }, { duplicate: false, cursor: null }],
    ['seq just above the cursor (advance)', live(at('e1', 5)), { id: 'n', seq: 6 }, { duplicate: false, cursor: at('e1', 6) }],
    ['seq far above the cursor (advance over a gap)', live(at('e1', 5)), { id: 'n', seq: 50 }, { duplicate: false, cursor: at('e1', 50) }],
    // Not sequenced: deduplicated by id only, cursor untouched.
    ['unsequenced notification', live(at('e1', 5)), { id: 'n' }, { duplicate: false, cursor: null }],
    [
      'before the welcome (liveEpoch null), seq below the cursor',
      live(at('e1', 5), null),
      { id: 'n', seq: 3 },
      { duplicate: false, cursor: null },
    ],
    [
      'before the welcome (liveEpoch null), seq above the cursor',
      live(at('e1', 5), null),
      { id: 'n', seq: 9 },
      { duplicate: false, cursor: null },
    ],
    ['no cursor and no welcome', live(null, null), { id: 'n', seq: 1 }, { duplicate: false, cursor: null }],
    ['no cursor although welcomed', live(null, 'e1'), { id: 'n', seq: 1 }, { duplicate: false, cursor: null }],
    ['cursor epoch ≠ live epoch, seq below the cursor', live(at('e1', 5), 'e2'), { id: 'n', seq: 3 }, { duplicate: false, cursor: null }],
    ['cursor epoch ≠ live epoch, seq above the cursor', live(at('e1', 5), 'e2'), { id: 'n', seq: 9 }, { duplicate: false, cursor: null }],
  ])('%s', (_what, position, frame, expected) => {
    const asked: string[] = [];
    const known = (id: string) => (asked.push(id), held.has(id));
    const before = structuredClone(position);
    expect(decideNotification(position, frame, known)).toEqual(expected);
    expect(asked).toEqual([frame.id]);
    expect(position).toEqual(before); // never mutates its input
  });
});

describe('decideSequenced (state entries, which have no id)', () => {
  const live = (cursor: Cursor | null): StreamPosition => ({ cursor, liveEpoch: cursor?.epoch ?? null });

  it.each<[string, number | undefined, NotificationDecision]>([
    ['below the cursor: applied already', 3, { duplicate: true, reason: 'seq' }],
    ['at the cursor: applied already', 5, { duplicate: true, reason: 'seq' }],
    ['above the cursor: moves it', 6, { duplicate: false, cursor: at('e1', 6) }],
    ['unsequenced: applied, cursor stays', undefined, { duplicate: false, cursor: null }],
  ])('%s', (_what, seq, expected) => {
    expect(decideSequenced(live(at('e1', 5)), seq)).toEqual(expected);
  });
});

describe('stream rules in sequence', () => {
  it('a resume, its replay overlapping the cursor, a reconnect into a new epoch', () => {
    const seen = new Set<string>();
    const known = (id: string) => seen.has(id);
    let position: StreamPosition = { cursor: at('e1', 2), liveEpoch: null };
    const outcomes: string[] = [];
    const arrive = (id: string, seq?: number) => {
      const d = decideNotification(position, { id, seq }, known);
      if (d.duplicate) return void outcomes.push(`${id}:dup-${d.reason}`);
      seen.add(id);
      if (d.cursor) position = { ...position, cursor: d.cursor };
      outcomes.push(`${id}:new`);
    };
    const welcome = (epoch: string, seq: number, reset?: boolean) => {
      const d = decideWelcome(position.cursor, { epoch, seq, reset });
      position = { cursor: d.cursor, liveEpoch: epoch };
      outcomes.push(`welcome:${d.resync ?? 'resume'}`);
    };

    arrive('early', 1); // before the welcome: id only, cursor stays
    welcome('e1', 4);
    arrive('a2', 2); // covered by the cursor, but a new id: shown, the cursor stays
    arrive('early', 3); // a known id, whatever its seq
    arrive('a3', 3);
    arrive('a3', 3); // same id again
    arrive('a4', 4);
    arrive('plain'); // no seq
    position = { ...position, liveEpoch: null }; // the socket reopens
    welcome('e2', 0);
    arrive('b1', 1);
    arrive('a4', 2); // a known id, even in the new epoch

    expect(outcomes).toEqual([
      'early:new',
      'welcome:resume',
      'a2:new',
      'early:dup-id',
      'a3:new',
      'a3:dup-id',
      'a4:new',
      'plain:new',
      'welcome:epoch',
      'b1:new',
      'a4:dup-id',
    ]);
    expect(position).toEqual({ cursor: at('e2', 1), liveEpoch: 'e2' });
  });
});
