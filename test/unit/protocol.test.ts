import { describe, expect, it } from 'vitest';
import { decodeV1, decoderFromParse, fullJitterDelay, MAX_FRAME_CHARS } from '../../src/core/index.js';
import { MAX_DATA_DEPTH, MAX_DATA_MEMBERS, MAX_PAGE_ITEMS, MAX_STATE_IDS, type HistoryFrame } from '../../src/core/protocol.js';
import { RecentIds } from '../../src/core/recent-ids.js';

const AT = '2026-11-25T03:15:42.120Z';

describe('decodeV1', () => {
  it('accepts every v1 server frame and keeps only known fields', () => {
    expect(decodeV1('{"type":"welcome","v":1,"epoch":"e","seq":4,"heartbeatMs":25000,"reset":true,"extra":1}')).toEqual([
      { type: 'welcome', v: 1, epoch: 'e', seq: 4, heartbeatMs: 25000, reset: true },
    ]);
    expect(decodeV1('{"type":"ping"}')).toEqual([{ type: 'ping' }]);
    expect(decodeV1('{"type":"read","ids":["a","b"]}')).toEqual([{ type: 'read', ids: ['a', 'b'] }]);
    const n = {
      type: 'notification',
      id: 'x',
      seq: 1,
      event: 'stock.low',
      at: '2026-11-25T10:00:00Z',
      data: { stock: 3 },
      title: 'T',
      body: 'B',
      read: false,
    };
    expect(decodeV1(JSON.stringify(n))).toEqual([n]);
  });

  it('gives a notification without data an empty data object', () => {
    expect(decodeV1('{"type":"notification","id":"x","event":"e","at":"2026-11-25T03:15:42.120Z"}')[0]).toMatchObject({ data: {} });
  });

  it.each([
    ['not JSON', '{'],
    ['a number', '42'],
    ['an array', '[]'],
    ['unknown type', '{"type":"party"}'],
    ['welcome without epoch', '{"type":"welcome","seq":1}'],
    ['welcome with negative seq', '{"type":"welcome","epoch":"e","seq":-1}'],
    ['welcome with zero heartbeat', '{"type":"welcome","epoch":"e","seq":1,"heartbeatMs":0}'],
    ['notification with numeric id', '{"type":"notification","id":1,"event":"e","at":"2026-11-25T03:15:42.120Z"}'],
    ['notification with empty id', '{"type":"notification","id":"","event":"e","at":"2026-11-25T03:15:42.120Z"}'],
    ['notification with fractional seq', '{"type":"notification","id":"a","seq":1.5,"event":"e","at":"2026-11-25T03:15:42.120Z"}'],
    ['notification with array data', '{"type":"notification","id":"a","event":"e","at":"2026-11-25T03:15:42.120Z","data":[]}'],
    [
      'notification with markup title object',
      '{"type":"notification","id":"a","event":"e","at":"2026-11-25T03:15:42.120Z","title":{"html":"<b>"}}',
    ],
    ['read with a non-string id', '{"type":"read","ids":[1]}'],
  ])('drops %s', (_what, text) => {
    expect(decodeV1(text)).toEqual([]);
  });

  it('reads the inbox extension: features and unread in the welcome, state frames, history pages', () => {
    expect(decodeV1('{"type":"welcome","v":1,"epoch":"e","seq":9,"features":["history","state","later"],"unread":3}')).toEqual([
      { type: 'welcome', v: 1, epoch: 'e', seq: 9, features: ['history', 'state'], unread: 3 },
    ]);
    for (const type of ['read', 'unread', 'archive']) {
      expect(decodeV1(`{"type":"${type}","ids":["a"],"seq":10,"unread":2}`)).toEqual([{ type, ids: ['a'], seq: 10, unread: 2 }]);
    }
    const item = { type: 'notification', id: 'x', seq: 4, event: 'e', at: AT, data: {}, read: true };
    const page = { type: 'history', id: 'h1', items: [item, { id: 'y', event: 'e', at: AT }, { id: 7 }, 'junk'], more: true };
    expect(decodeV1(JSON.stringify(page))).toEqual([
      { type: 'history', id: 'h1', more: true, items: [item, { type: 'notification', id: 'y', event: 'e', at: AT, data: {} }] },
    ]);
  });

  it('reads null in an optional member as absent', () => {
    expect(decodeV1('{"type":"welcome","v":1,"epoch":"e","seq":1,"heartbeatMs":null,"reset":null,"features":null,"unread":null}')).toEqual([
      { type: 'welcome', v: 1, epoch: 'e', seq: 1 },
    ]);
    expect(
      decodeV1(
        '{"type":"notification","id":"x","seq":null,"event":"e","at":"2026-11-25T03:15:42.120Z","data":null,"title":null,"body":null,"read":null}',
      ),
    ).toEqual([{ type: 'notification', id: 'x', event: 'e', at: AT, data: {} }]);
    expect(decodeV1('{"type":"read","ids":["a"],"seq":null,"unread":null}')).toEqual([{ type: 'read', ids: ['a'] }]);
  });

  it.each([
    ['a state frame without ids', '{"type":"archive"}'],
    ['a state frame with a negative count', '{"type":"unread","ids":["a"],"unread":-1}'],
    ['a history page without an id', '{"type":"history","items":[]}'],
    ['a history page whose items are not a list', '{"type":"history","id":"h","items":{}}'],
  ])('drops %s', (_what, text) => {
    expect(decodeV1(text)).toEqual([]);
  });

  describe('ranges and formats', () => {
    const notification = (members: object) => JSON.stringify({ type: 'notification', id: 'n', event: 'e', at: AT, ...members });
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`);
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `n${i}`, seq: i + 1, event: 'e', at: AT }));

    it.each([
      ['a welcome without v', '{"type":"welcome","epoch":"e","seq":1}'],
      ['a welcome whose v is a string', '{"type":"welcome","v":"1","epoch":"e","seq":1}'],
      ['a welcome whose v is 0', '{"type":"welcome","v":0,"epoch":"e","seq":1}'],
      ['a welcome with a fractional heartbeat', '{"type":"welcome","v":1,"epoch":"e","seq":1,"heartbeatMs":0.5}'],
      ['a welcome with a heartbeat past 2^53', '{"type":"welcome","v":1,"epoch":"e","seq":1,"heartbeatMs":1e300}'],
      ['a welcome whose seq overflows to Infinity', '{"type":"welcome","v":1,"epoch":"e","seq":1e400}'],
      ['a welcome whose seq is past 2^53', `{"type":"welcome","v":1,"epoch":"e","seq":${2 ** 53}}`],
      ['a welcome whose features are not all strings', '{"type":"welcome","v":1,"epoch":"e","seq":1,"features":["history",1]}'],
      ['a notification with seq 0', notification({ seq: 0 })],
      ['a notification whose at is not a date', notification({ at: 'yesterday' })],
      ['a notification whose at is empty', notification({ at: '' })],
      ['a notification whose at is a number', notification({ at: 1764040542120 })],
      ['a notification with an empty event', notification({ event: '' })],
      ['a notification whose read is a string', notification({ read: 'true' })],
      ['a state frame with no ids', '{"type":"read","ids":[]}'],
      [`a state frame with ${MAX_STATE_IDS + 1} ids`, JSON.stringify({ type: 'read', ids: ids(MAX_STATE_IDS + 1) })],
      ['a state frame with an empty id', '{"type":"archive","ids":["a",""]}'],
      ['a state frame with seq 0', '{"type":"unread","ids":["a"],"seq":0}'],
      ['a history page without more', '{"type":"history","id":"h","items":[]}'],
      [
        `a history page of ${MAX_PAGE_ITEMS + 1} items`,
        JSON.stringify({ type: 'history', id: 'h', items: items(MAX_PAGE_ITEMS + 1), more: true }),
      ],
    ])('drops %s', (_what, text) => {
      expect(decodeV1(text)).toEqual([]);
    });

    it('takes the largest frames the limits allow, and a welcome of a later version as v1', () => {
      expect(decodeV1(JSON.stringify({ type: 'read', ids: ids(MAX_STATE_IDS) }))).toHaveLength(1);
      const page = decodeV1(JSON.stringify({ type: 'history', id: 'h', items: items(MAX_PAGE_ITEMS), more: false }));
      expect(page).toMatchObject([{ type: 'history', more: false }]);
      expect((page[0] as HistoryFrame).items).toHaveLength(MAX_PAGE_ITEMS);
      const top = Number.MAX_SAFE_INTEGER;
      expect(decodeV1(notification({ seq: top }))).toMatchObject([{ seq: top }]);
      expect(decodeV1(`{"type":"welcome","v":2,"epoch":"e","seq":${top},"heartbeatMs":1}`)).toEqual([
        { type: 'welcome', v: 2, epoch: 'e', seq: top, heartbeatMs: 1 },
      ]);
    });

    it('takes any date the platform can read in at, with or without milliseconds or an offset', () => {
      for (const at of ['2026-11-25T03:15:42Z', '2026-11-25T10:15:42+07:00', '2026-11-25']) {
        expect(decodeV1(notification({ at }))).toMatchObject([{ at }]);
      }
    });
  });

  it.each([
    ['__proto__', '{"type":"__proto__"}'],
    ['constructor', '{"type":"constructor"}'],
    ['hasOwnProperty', '{"type":"hasOwnProperty"}'],
    ['toString', '{"type":"toString"}'],
    ['an object that cannot become a string', '{"type":{"toString":1,"valueOf":1}}'],
    ['an array', '{"type":["ping"]}'],
  ])('drops a frame whose type is %s, without throwing', (_what, text) => {
    expect(decodeV1(text)).toEqual([]);
  });

  it('takes members from the frame itself, never from a __proto__ member, and leaves prototypes alone', () => {
    expect(decodeV1(`{"type":"notification","__proto__":{"id":"x","event":"e","at":"${AT}"}}`)).toEqual([]);
    const [frame] = decodeV1(
      `{"type":"notification","id":"x","event":"e","at":"${AT}","__proto__":{"polluted":1},"data":{"__proto__":{"polluted":1}}}`,
    );
    expect(Object.getPrototypeOf(frame)).toBe(Object.prototype);
    expect(frame).not.toHaveProperty('polluted');
    expect(Object.keys(frame)).not.toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops non-text and oversized messages unread', () => {
    expect(decodeV1(new ArrayBuffer(4))).toEqual([]);
    expect(decodeV1(`{"type":"ping","pad":"${'x'.repeat(MAX_FRAME_CHARS)}"}`)).toEqual([]);
  });
});

describe('decodeV1 limits', () => {
  const withData = (data: unknown) =>
    JSON.stringify({ type: 'notification', id: 'n1', event: 'order.created', at: '2026-01-01T00:00:00Z', data });
  const nested = (depth: number): unknown => (depth === 1 ? { leaf: 1 } : { inner: nested(depth - 1) });

  it(`takes data nested ${MAX_DATA_DEPTH} deep and drops deeper data, however deep, without throwing`, () => {
    expect(decodeV1(withData(nested(MAX_DATA_DEPTH)))).toHaveLength(1);
    expect(decodeV1(withData(nested(MAX_DATA_DEPTH + 1)))).toEqual([]);
    // Deep enough to exhaust the stack of a recursive walk (and of IndexedDB's structured clone).
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(deep.length).toBeLessThan(MAX_FRAME_CHARS);
    expect(decodeV1(withData('x').replace('"x"', deep))).toEqual([]);
  });

  it(`takes up to ${MAX_DATA_MEMBERS} members and elements in all, and drops more`, () => {
    const members = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(decodeV1(withData(members(MAX_DATA_MEMBERS)))).toHaveLength(1);
    expect(decodeV1(withData(members(MAX_DATA_MEMBERS + 1)))).toEqual([]);
    expect(decodeV1(withData({ list: Array.from({ length: MAX_DATA_MEMBERS }, (_, i) => i) }))).toEqual([]);
    expect(decodeV1(withData({ list: Array.from({ length: MAX_DATA_MEMBERS - 1 }, (_, i) => i) }))).toHaveLength(1);
  });
});

describe('decoderFromParse', () => {
  const decode = decoderFromParse((message) => {
    const m = message as { kind?: string; order?: string };
    return m.kind === 'new_order' ? { event: 'order.created', id: `o-${m.order}`, data: { orderCode: m.order } } : null;
  });

  it('maps a backend format to notifications and still passes protocol frames', () => {
    expect(decode('{"kind":"new_order","order":"ORD-1"}')).toMatchObject([
      { type: 'notification', id: 'o-ORD-1', event: 'order.created', data: { orderCode: 'ORD-1' } },
    ]);
    expect(decode('{"type":"ping"}')).toEqual([{ type: 'ping' }]);
    expect(decode('{"kind":"other"}')).toEqual([]);
  });

  it('survives a parse function that throws or returns junk', () => {
    expect(
      decoderFromParse(() => {
        throw new Error('boom');
      })('{}'),
    ).toEqual([]);
    expect(decoderFromParse(() => [null, 5, { event: 7 }] as never)('{}')).toEqual([]);
  });

  it('drops what a parse function returns when reading it throws: getters, proxies, bad dates', () => {
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    const getter = {
      event: 'stock.low',
      get data(): Record<string, unknown> {
        throw new Error('getter');
      },
    };
    for (const returned of [throwing, [throwing], getter, { event: 'e', data: throwing }, { event: 'e', at: 'not a date' }]) {
      expect(decoderFromParse(() => returned as never)('{}')).toEqual([]);
    }
  });

  it('gives notifications without an id distinct ids', () => {
    const noId = decoderFromParse(() => ({ event: 'stock.low', data: {} }));
    const [a] = noId('x');
    const [b] = noId('x');
    expect(a && 'id' in a && b && 'id' in b && a.id !== b.id).toBe(true);
  });
});

describe('fullJitterDelay', () => {
  it('waits nothing before the first attempt and stays within the doubling ceiling', () => {
    expect(fullJitterDelay(0)).toBe(0);
    expect(fullJitterDelay(1, { baseMs: 500, capMs: 30_000 }, () => 0.999)).toBe(499);
    expect(fullJitterDelay(4, { baseMs: 500, capMs: 30_000 }, () => 0.5)).toBe(2000);
    expect(fullJitterDelay(40, { baseMs: 500, capMs: 30_000 }, () => 0.999)).toBe(29_970);
  });

  it('spreads a thousand clients across the window instead of reconnecting in lockstep', () => {
    const delays = Array.from({ length: 1000 }, () => fullJitterDelay(3));
    const buckets = new Set(delays.map((d) => Math.floor(d / 200)));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(2000);
    expect(buckets.size).toBe(10);
  });
});

describe('RecentIds', () => {
  it('remembers the newest ids up to its capacity', () => {
    const ids = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'a', 'd']) ids.add(id);
    expect(['a', 'b', 'c', 'd'].map((id) => ids.has(id))).toEqual([false, true, true, true]);
    expect(ids.size).toBe(3);
  });
});
