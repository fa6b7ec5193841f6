import { describe, expect, it } from 'vitest';
import { HistoryPager, PAGE_SIZE } from '../../src/core/history-pager.js';
import { MAX_IDS_PER_FRAME, StateOutbox } from '../../src/core/outbox.js';
import type { HistoryFrame, HistoryRequest, NotificationFrame } from '../../src/core/protocol.js';
import { chooseEvictions } from '../../src/core/retention.js';
import { ServerUnread } from '../../src/core/server-unread.js';
import type { LoncengNotification } from '../../src/core/types.js';

describe('StateOutbox', () => {
  it('keeps the latest change of each notification and splits frames at the id limit', () => {
    const outbox = new StateOutbox();
    outbox.add('read', ['a', 'b']);
    outbox.add('unread', ['a']);
    outbox.add(
      'archive',
      Array.from({ length: MAX_IDS_PER_FRAME + 1 }, (_, i) => `x${i}`),
    );
    const frames = outbox.drain(['read', 'unread', 'archive']);
    expect(frames.map((f) => [f.type, f.ids.length])).toEqual([
      ['read', 1],
      ['unread', 1],
      ['archive', MAX_IDS_PER_FRAME],
      ['archive', 1],
    ]);
    expect(frames[0].ids).toEqual(['b']);
    expect(outbox.size).toBe(0);
  });

  it('sends only read changes to a server without the state extension, and forgets the rest', () => {
    const outbox = new StateOutbox();
    outbox.add('read', ['a']);
    outbox.add('archive', ['b']);
    expect(outbox.drain(['read'])).toEqual([{ type: 'read', ids: ['a'] }]);
    expect(outbox.drain(['read', 'archive'])).toEqual([]);
  });
});

const held = (id: string, read: boolean, critical = false): LoncengNotification => ({
  id,
  event: critical ? 'dispute.created' : 'order.created',
  at: '2026-01-01T00:00:00Z',
  data: {},
  read,
  receivedAt: 0,
});
const critical = (n: LoncengNotification) => n.event === 'dispute.created';

describe('chooseEvictions', () => {
  // Oldest first: c1 (critical, unread), r1, u1, r2, u2.
  const inbox = [held('c1', false, true), held('r1', true), held('u1', false), held('r2', true), held('u2', false)];
  const base = { maxItems: 2, extra: 0, maxUnread: 10, keepLonger: critical };

  it.each([
    ['pageable: read first, critical last', { ...base, pageable: true }, ['r1', 'r2', 'u1']],
    ['pageable with loaded pages kept on top', { ...base, pageable: true, extra: 2 }, ['r1']],
    ['not pageable: read ones only', { ...base, pageable: false }, ['r1', 'r2']],
    [
      'not pageable, over the unread cap: oldest ordinary unread, critical last',
      { ...base, pageable: false, maxUnread: 1 },
      ['r1', 'r2', 'u1', 'u2'],
    ],
    ['nothing over the limits', { ...base, pageable: false, maxItems: 5 }, []],
  ])('%s', (_what, limits, expected) => {
    expect(chooseEvictions(inbox, limits).map((n) => n.id)).toEqual(expected);
  });
});

describe('ServerUnread', () => {
  type Step =
    | ['welcome', number | undefined, number]
    | ['arrival', number | undefined, boolean]
    | ['state', number | undefined, number | undefined, number]
    | ['local', number];
  const run = (steps: Step[]): (number | null)[] => {
    const count = new ServerUnread();
    return steps.map((step) => {
      if (step[0] === 'welcome') count.welcome(step[1], step[2]);
      else if (step[0] === 'arrival') count.arrival(step[1], step[2]);
      else if (step[0] === 'state') count.state(step[1], step[2], step[3]);
      else count.local(step[1]);
      return count.count;
    });
  };

  it.each<[string, Step[], (number | null)[]]>([
    [
      'a welcome count, then live arrivals',
      [
        ['welcome', 3, 10],
        ['arrival', 11, true],
        ['arrival', 12, false],
        ['arrival', undefined, true],
      ],
      [3, 4, 4, 5],
    ],
    [
      'the replay after a resume is in the welcome count already',
      [
        ['welcome', 10, 20],
        ['arrival', 18, true],
        ['state', 19, 7, -1],
        ['arrival', 21, true],
      ],
      [10, 10, 10, 11],
    ],
    [
      'a state frame after the welcome sets the count',
      [
        ['welcome', 10, 20],
        ['state', 21, 4, -1],
        ['state', undefined, 2, -1],
      ],
      [10, 4, 2],
    ],
    [
      'a state frame without a count moves it by what it changed',
      [
        ['welcome', 5, 1],
        ['state', 2, undefined, -2],
      ],
      [5, 3],
    ],
    [
      'local changes move it at once, never below 0',
      [
        ['welcome', 1, 1],
        ['local', -1],
        ['local', -1],
        ['local', 2],
      ],
      [1, 0, 0, 2],
    ],
    [
      'no count from the server: none kept',
      [
        ['welcome', undefined, 1],
        ['arrival', 2, true],
        ['local', -1],
      ],
      [null, null, null],
    ],
  ])('%s', (_what, steps, counts) => {
    expect(run(steps)).toEqual(counts);
  });
});

describe('HistoryPager', () => {
  const page = (id: string, seqs: number[], more: boolean): HistoryFrame => ({
    type: 'history',
    id,
    more,
    items: seqs.map((seq): NotificationFrame => ({ type: 'notification', id: `n${seq}`, seq, event: 'e', at: 't', data: {} })),
  });

  function setup(heldIds: Set<string>) {
    const sent: HistoryRequest[] = [];
    const pager = new HistoryPager({
      send: (frame) => (sent.push(frame), true),
      merge: (items) => items.filter((n) => !heldIds.has(n.id) && heldIds.add(n.id)).length,
      changed: () => {},
    });
    return { pager, sent };
  }

  it('asks below the oldest seq of the page before, and stops at the end', async () => {
    const { pager, sent } = setup(new Set());
    pager.restart();
    const first = pager.load();
    expect(sent.at(-1)).toEqual({ type: 'history', id: 'h1', before: null, limit: PAGE_SIZE });
    pager.answer(page('h1', [100, 99], true));
    expect(await first).toBe(true);
    const second = pager.load();
    expect(sent.at(-1)!.before).toBe(99);
    expect(pager.loading).toBe(true);
    pager.answer(page(sent.at(-1)!.id, [98], false));
    expect(await second).toBe(false);
    expect(pager.loading).toBe(false);
    expect(await pager.load()).toBe(false);
    expect(sent).toHaveLength(2);
  });

  it('walks past pages it holds already, in one load', async () => {
    const { pager, sent } = setup(new Set(['n10', 'n9']));
    pager.restart();
    const loading = pager.load();
    pager.answer(page('h1', [10, 9], true));
    await Promise.resolve();
    await Promise.resolve();
    expect(sent.at(-1)!.before).toBe(9);
    pager.answer(page(sent.at(-1)!.id, [8], true));
    expect(await loading).toBe(true);
  });

  it('ignores answers to other requests and gives up when the socket goes away', async () => {
    const { pager, sent } = setup(new Set());
    pager.restart();
    const loading = pager.load();
    expect(pager.answer(page('other', [5], false))).toBe(false);
    pager.cancel();
    expect(await loading).toBe(true);
    expect(sent).toHaveLength(1);
  });
});
