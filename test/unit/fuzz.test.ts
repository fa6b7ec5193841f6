// Property-based tests of what a hostile or broken server can send: the v1 decoder (docs/PROTOCOL.md
// §2, §7, §13.3) against the protocol's rules written out below, and the notifier fed 100,000
// generated frames through its transport seam, checked against a small reference model of the
// protocol (§3.3, §5, §13).
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createNotifier,
  decodeV1,
  decoderFromParse,
  MAX_FRAME_CHARS,
  MemoryStore,
  type ClientFrame,
  type Cursor,
  type Notifier,
} from '../../src/core/index.js';
import { MAX_DATA_DEPTH, MAX_DATA_MEMBERS, MAX_PAGE_ITEMS, MAX_STATE_IDS, type ServerFrame } from '../../src/core/protocol.js';
import type { Transport, TransportSink } from '../../src/core/transport.js';

type Json = Record<string, unknown>;

// Lengths and depths stay small unless an arbitrary asks for its maximum on purpose.
fc.configureGlobal({ ...fc.readConfigureGlobal(), defaultSizeToMaxWhenMaxSpecified: false });

// ---------------------------------------------------------------------------------------------
// The protocol's rules, from docs/PROTOCOL.md: every member of every server frame, of one kind.
// ---------------------------------------------------------------------------------------------

type Kind = 'count' | 'positive' | 'id' | 'text' | 'flag' | 'date' | 'data' | 'ids' | 'features' | 'items';
type FrameType = 'welcome' | 'notification' | 'ping' | 'read' | 'unread' | 'archive' | 'history';

interface Members {
  required: Partial<Record<string, Kind>>;
  optional: Partial<Record<string, Kind>>;
}

const STATE_MEMBERS: Members = { required: { ids: 'ids' }, optional: { seq: 'positive', unread: 'count' } };
const MEMBERS: Record<FrameType, Members> = {
  welcome: {
    required: { v: 'positive', epoch: 'id', seq: 'count' },
    optional: { heartbeatMs: 'positive', reset: 'flag', features: 'features', unread: 'count' },
  },
  notification: {
    required: { id: 'id', event: 'id', at: 'date' },
    optional: { seq: 'positive', data: 'data', title: 'text', body: 'text', read: 'flag', archived: 'flag' },
  },
  ping: { required: {}, optional: {} },
  read: STATE_MEMBERS,
  unread: STATE_MEMBERS,
  archive: STATE_MEMBERS,
  history: { required: { id: 'id', items: 'items', more: 'flag' }, optional: {} },
};
const FRAME_TYPES = Object.keys(MEMBERS) as FrameType[];
const KNOWN_FEATURES = ['history', 'state'];

const isPlainObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const integerFrom = (min: number) => (v: unknown) => Number.isSafeInteger(v) && (v as number) >= min;
const listOf = (min: number, max: number, each: (v: unknown) => boolean) => (v: unknown) =>
  Array.isArray(v) && v.length >= min && v.length <= max && v.every(each);

/** §7: `data` nests at most 8 levels (itself level 1) and holds at most 1,000 members and elements in all. */
function dataWithinLimits(data: unknown): boolean {
  if (!isPlainObject(data)) return false;
  let members = 0;
  const stack: [unknown, number][] = [[data, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DATA_DEPTH) return false;
    const children = Object.values(value);
    members += children.length;
    if (members > MAX_DATA_MEMBERS) return false;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return true;
}

const RULES: Record<Kind, (v: unknown) => boolean> = {
  count: integerFrom(0),
  positive: integerFrom(1),
  id: (v) => typeof v === 'string' && v.length > 0,
  text: (v) => typeof v === 'string',
  flag: (v) => typeof v === 'boolean',
  date: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  data: dataWithinLimits,
  ids: listOf(1, MAX_STATE_IDS, (v) => typeof v === 'string' && v.length > 0),
  features: listOf(0, Infinity, (v) => typeof v === 'string'),
  items: listOf(0, MAX_PAGE_ITEMS, () => true),
};

/**
 * The frame the protocol makes of a JSON value, or null when the value is not a valid server
 * frame: unknown members left out, JSON null in an optional member taken as absent, `data`
 * defaulting to `{}`, unknown feature names left out, and a history page keeping its valid items.
 */
function protocolFrame(value: unknown): Json | null {
  if (!isPlainObject(value) || typeof value.type !== 'string' || !Object.hasOwn(MEMBERS, value.type)) return null;
  const type = value.type as FrameType;
  const { required, optional } = MEMBERS[type];
  const frame: Json = { type };
  for (const [name, kind] of Object.entries(required)) {
    if (!Object.hasOwn(value, name) || !RULES[kind!](value[name])) return null;
    frame[name] = value[name];
  }
  for (const [name, kind] of Object.entries(optional)) {
    const member = Object.hasOwn(value, name) ? value[name] : undefined;
    if (member === undefined || member === null) continue;
    if (!RULES[kind!](member)) return null;
    frame[name] = member;
  }
  if (type === 'notification') frame.data ??= {};
  if (frame.features) frame.features = (frame.features as string[]).filter((name) => KNOWN_FEATURES.includes(name));
  if (type === 'history') {
    frame.items = (frame.items as unknown[]).flatMap((item) => {
      if (!isPlainObject(item) || (item.type != null && item.type !== 'notification')) return [];
      const notification = protocolFrame({ ...item, type: 'notification' });
      return notification ? [notification] : [];
    });
  }
  return frame;
}

// ---------------------------------------------------------------------------------------------
// JSON text with tokens JSON.stringify cannot write (1e400, -0, deep nesting), and invalid values.
// ---------------------------------------------------------------------------------------------

const RAW_MARK = '\u0000raw:';
/** A placeholder that `toWire` writes as the bare JSON token: `raw('1e400')` becomes `1e400`. */
const raw = (token: string): string => `${RAW_MARK}${token}`;
const RAW_PLACEHOLDER = /"\\u0000raw:([^"]*)"/g;
const toWire = (value: unknown): string => (JSON.stringify(value) ?? 'undefined').replace(RAW_PLACEHOLDER, '$1');

const nested = (depth: number): Json => (depth <= 1 ? { leaf: 1 } : { inner: nested(depth - 1) });
const wide = (members: number): Json => Object.fromEntries(Array.from({ length: members }, (_, i) => [`k${i}`, i]));
const AT = '2026-11-25T03:15:42.120Z';
const pageItem = (i: number) => ({ type: 'notification', id: `p${i}`, seq: i + 1, event: 'order.created', at: AT, data: {} });

const NOT_INTEGERS = [-1, 1.5, '1', true, [], {}, raw('1e400'), raw('-1e400'), 2 ** 53, raw('123456789012345678901234567890')];
/** Values each kind of member must not take (besides null and absence, for required members). */
const INVALID: Record<Kind, unknown[]> = {
  count: NOT_INTEGERS,
  positive: [0, raw('-0'), ...NOT_INTEGERS],
  id: ['', 1, true, [], {}],
  text: [1, false, [], { html: '<b>' }],
  flag: ['true', 1, 0, [], {}],
  date: ['yesterday', '', 'NaN', 1764040542120, '2026-13-45T99:99:99Z', '+275760-09-13T00:00:00.001Z', {}, []],
  data: [
    [],
    'x',
    1,
    false,
    nested(MAX_DATA_DEPTH + 1),
    wide(MAX_DATA_MEMBERS + 1),
    { list: Array.from({ length: MAX_DATA_MEMBERS }, () => 0) },
  ],
  ids: [[], Array.from({ length: MAX_STATE_IDS + 1 }, (_, i) => `i${i}`), [1], ['a', ''], [null], 'a', {}],
  features: ['history', [1], [null], {}, true],
  items: [{}, 'x', 1, Array.from({ length: MAX_PAGE_ITEMS + 1 }, (_, i) => pageItem(i))],
};

/** How one valid frame is made invalid: a required member removed or null, or a member given a value of the wrong kind. */
interface Mutation {
  member: number;
  how: 'remove' | 'null' | 'value';
  value: number;
}

function mutate(frame: Json, { member, how, value }: Mutation): Json | null {
  const { required, optional } = MEMBERS[frame.type as FrameType];
  const requiredNames = Object.keys(required);
  const names = how === 'value' ? [...requiredNames, ...Object.keys(optional)] : requiredNames;
  if (names.length === 0) return null;
  const name = names[member % names.length];
  const out: Json = { ...frame };
  if (how === 'remove') delete out[name];
  else if (how === 'null') out[name] = null;
  else {
    const kind = (required[name] ?? optional[name])!;
    out[name] = INVALID[kind][value % INVALID[kind].length];
  }
  return out;
}

/** Messages that are no frame at all. */
const GARBAGE: string[] = [
  '',
  '{',
  'not json',
  '[]',
  '[{"type":"ping"}]',
  '42',
  'null',
  '"ping"',
  '{"type":"party"}',
  '{"type":"hello","v":1,"epoch":null,"after":null}',
  '{"type":"pong"}',
  '{"type":null}',
  '{"type":1}',
  '{"type":{"toString":1,"valueOf":1}}',
  '{"type":"__proto__"}',
  '{"type":"constructor"}',
  '{"type":"toString"}',
  '{"Type":"ping"}',
  '{"type":"PING"}',
  `{"type":"ping","pad":"${'x'.repeat(MAX_FRAME_CHARS)}"}`,
  `{"type":"notification","data":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
];

// ---------------------------------------------------------------------------------------------
// Arbitraries.
// ---------------------------------------------------------------------------------------------

const MEMBER_NAMES = [...new Set(FRAME_TYPES.flatMap((t) => [...Object.keys(MEMBERS[t].required), ...Object.keys(MEMBERS[t].optional)]))];
const SURPRISING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'type', ''];

/** The value with this probability, else null. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, probability: number): fc.Arbitrary<T | null> =>
  fc.oneof(
    { weight: Math.round((1 - probability) * 100), arbitrary: fc.constant(null) },
    { weight: Math.round(probability * 100), arbitrary },
  );

const loneSurrogates = fc.constantFrom('\ud800', '\udfff', 'a\ud83db', '\udc00\ud800', '🔔\ud83d');
const hostileStrings = fc.constantFrom(
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  '0x10',
  'null',
  'undefined',
  '__proto__',
  'notification',
  AT,
  '2026-11-25T10:15:42+07:00',
  '<script>globalThis.pwned=1</script>',
  '\u202eevil\u202c',
  '\u200b',
);
const strings = fc.oneof(
  { weight: 30, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 15, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 15, arbitrary: hostileStrings },
  { weight: 5, arbitrary: loneSurrogates },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'w'.repeat(n)) },
);
const numbers = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, 1, -1, 2 ** 53 - 1, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE, 1e300),
  fc.constantFrom(raw('1e400'), raw('-1e400'), raw('-0'), raw('1e-400'), raw('1.0'), raw('1E2'), raw('9007199254740993')),
);
const deepNesting = fc.integer({ min: 1, max: 20_000 }).map((n) => raw(`${'['.repeat(n)}${']'.repeat(n)}`));
const scalars = fc.oneof(fc.constantFrom(null, true, false), numbers, strings);
const { json } = fc.letrec<{ json: unknown; list: unknown[]; object: Json }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 40, arbitrary: scalars },
    { weight: 10, arbitrary: tie('list') },
    { weight: 10, arbitrary: tie('object') },
    { weight: 1, arbitrary: deepNesting },
  ),
  list: fc.array(tie('json'), { maxLength: 5 }),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...SURPRISING_KEYS, ...MEMBER_NAMES), fc.string({ maxLength: 6 })), tie('json'), {
    maxKeys: 6,
  }),
}));

/** Values that fit a member of each kind, for frames that come close to valid. */
const FITTING: Record<Kind, unknown[]> = {
  count: [0, 3, 2 ** 53 - 1],
  positive: [1, 25_000],
  id: ['e', 'order.created:ORD-1'],
  text: ['', 'Title'],
  flag: [true, false],
  date: [AT, '2026-11-25'],
  data: [{}, { orderCode: 'ORD-1', totalAmount: 150_000 }],
  ids: [['a'], ['a', 'b']],
  features: [[], ['history', 'state', 'later']],
  items: [[], [pageItem(1), { id: 7 }, 'junk', { type: 'ping' }]],
};

/** Objects of a frame type with its members, a few left out, fitting or not, and surprising extras. */
const frameShaped = fc
  .record({
    type: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...FRAME_TYPES) },
      { weight: 1, arbitrary: fc.constantFrom(...SURPRISING_KEYS, 'hello') },
    ),
    choices: fc.array(fc.record({ keep: fc.boolean(), fitting: fc.nat(), weird: sometimes(json, 0.5) }), { minLength: 9, maxLength: 9 }),
    extras: fc.dictionary(fc.constantFrom(...SURPRISING_KEYS, ...MEMBER_NAMES), json, { maxKeys: 3 }),
  })
  .map(({ type, choices, extras }) => {
    const frame: Json = { ...extras };
    const members = Object.hasOwn(MEMBERS, type) ? MEMBERS[type as FrameType] : MEMBERS.notification;
    Object.entries({ ...members.required, ...members.optional }).forEach(([name, kind], i) => {
      const choice = choices[i];
      if (!choice.keep) return;
      const fitting = FITTING[kind!];
      frame[name] = choice.weird === null ? fitting[choice.fitting % fitting.length] : choice.weird;
    });
    frame.type = type;
    return frame;
  });

/** Wire text: JSON of any value or of a frame-shaped object, cut short sometimes, or any string. */
const wireText = fc.oneof(
  { weight: 4, arbitrary: frameShaped.map(toWire) },
  { weight: 2, arbitrary: json.map(toWire) },
  { weight: 1, arbitrary: fc.tuple(frameShaped.map(toWire), fc.nat()).map(([text, cut]) => text.slice(0, cut % (text.length + 1))) },
  { weight: 1, arbitrary: strings },
  { weight: 1, arbitrary: fc.constantFrom(...GARBAGE) },
);

// Valid frames from a model of each type; `expected` is what the decoder must return for `wire`.
const nonEmpty = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
  hostileStrings,
);
const safeCount = fc.oneof(fc.nat(100), fc.nat({ max: Number.MAX_SAFE_INTEGER }));
const safePositive = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }));
const dates = fc.oneof(
  fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(AT, '2026-11-25T03:15:42Z', '2026-11-25T10:15:42.120+07:00', '2026-11-25'),
);
const dataValue = fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...SURPRISING_KEYS)), fc.jsonValue({ maxDepth: 3 }), {
  maxKeys: 8,
});

const notificationModel = fc.record(
  {
    type: fc.constant('notification'),
    id: nonEmpty,
    event: nonEmpty,
    at: dates,
    seq: safePositive,
    data: dataValue,
    title: strings,
    body: strings,
    read: fc.boolean(),
    archived: fc.boolean(),
  },
  { requiredKeys: ['type', 'id', 'event', 'at'] },
);
const stateModel = fc.record(
  {
    type: fc.constantFrom('read', 'unread', 'archive'),
    ids: fc.oneof(
      fc.array(nonEmpty, { minLength: 1, maxLength: 5 }),
      fc.array(nonEmpty, { minLength: MAX_STATE_IDS, maxLength: MAX_STATE_IDS }),
    ),
    seq: safePositive,
    unread: safeCount,
  },
  { requiredKeys: ['type', 'ids'] },
);
const validFrame: fc.Arbitrary<{ wire: Json; expected: Json }> = fc.oneof(
  fc
    .record(
      {
        type: fc.constant('welcome'),
        v: fc.constantFrom(1, 2),
        epoch: nonEmpty,
        seq: safeCount,
        heartbeatMs: safePositive,
        reset: fc.boolean(),
        features: fc.subarray(['history', 'later', 'state', 'HISTORY', '']),
        unread: safeCount,
      },
      { requiredKeys: ['type', 'v', 'epoch', 'seq'] },
    )
    .map((wire) => ({
      wire,
      expected: wire.features ? { ...wire, features: wire.features.filter((f) => KNOWN_FEATURES.includes(f)) } : wire,
    })),
  notificationModel.map((wire) => ({ wire, expected: { data: {}, ...wire } })),
  fc.constant({ wire: { type: 'ping' }, expected: { type: 'ping' } }),
  stateModel.map((wire) => ({ wire, expected: wire })),
  fc
    .record({
      id: nonEmpty,
      items: fc.array(fc.record({ item: notificationModel, typed: fc.boolean() }), { maxLength: MAX_PAGE_ITEMS }),
      more: fc.boolean(),
    })
    .map(({ id, items, more }) => ({
      // Items may leave out their `type`: they are notifications.
      wire: { type: 'history', id, more, items: items.map(({ item, typed }) => (typed ? item : { ...item, type: undefined })) },
      expected: { type: 'history', id, more, items: items.map(({ item }) => ({ data: {}, ...item })) },
    })),
);

/** Null in some optional members that are absent, and unknown members, surprising ones included. */
const withNoise = (frame: Json, nulls: boolean[], extras: Json): Json => {
  const noisy: Json = { ...extras, ...frame };
  Object.keys(MEMBERS[frame.type as FrameType].optional).forEach((name, i) => {
    if (noisy[name] === undefined && nulls[i]) noisy[name] = null;
  });
  return noisy;
};
const noise = fc.record({
  nulls: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
  extras: fc.dictionary(
    fc.oneof(fc.constantFrom(...SURPRISING_KEYS.filter((k) => k !== 'type')), fc.string({ maxLength: 6 })),
    fc.jsonValue({ maxDepth: 2 }),
    {
      maxKeys: 3,
    },
  ),
});
/** The same, cheaper: optional members null by a bit mask, and unknown members from a fixed set (`__proto__` among them). */
const EXTRA_MEMBERS: Json = JSON.parse(
  '{"__proto__":{"polluted":1},"constructor":"x","toString":1,"hasOwnProperty":null,"v2":{"a":[1]}}',
) as Json;
const quickNoise = fc.record({
  nulls: fc.nat(511).map((bits) => Array.from({ length: 9 }, (_, i) => ((bits >> i) & 1) === 1)),
  extras: fc.subarray(Object.keys(EXTRA_MEMBERS)).map((names) => Object.fromEntries(names.map((name) => [name, EXTRA_MEMBERS[name]]))),
});
/** Extras must not collide with a frame's own members (they would change it). */
const unknownOnly = (extras: Json, frame: Json): Json =>
  Object.fromEntries(Object.entries(extras).filter(([name]) => !Object.hasOwn(frame, name) && !MEMBER_NAMES.includes(name)));

// ---------------------------------------------------------------------------------------------
// (a) The decoder.
// ---------------------------------------------------------------------------------------------

/** What a decoded frame must be besides valid: a plain object of its own, with nothing inherited. */
function expectPlainFrame(frame: ServerFrame): void {
  expect(Object.getPrototypeOf(frame)).toBe(Object.prototype);
  expect(Object.keys(frame)).not.toContain('__proto__');
  if (frame.type === 'history') for (const item of frame.items) expectPlainFrame(item);
}

describe('decodeV1 on generated input', () => {
  let prototypeKeys: string[];
  beforeEach(() => {
    prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
  });
  afterEach(() => {
    // Nothing decoded may have reached Object.prototype.
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys);
  });

  it('never throws, and returns exactly the frame the protocol makes of the message, or nothing', () => {
    fc.assert(
      fc.property(wireText, (text) => {
        const frames = decodeV1(text);
        let value: unknown;
        try {
          value = text.length > MAX_FRAME_CHARS ? undefined : JSON.parse(text);
        } catch {
          value = undefined;
        }
        const expected = protocolFrame(value);
        expect(frames).toEqual(expected ? [expected] : []);
        frames.forEach(expectPlainFrame);
      }),
      { numRuns: 5_000 },
    );
  });

  it('decodes every valid frame of a model, with nulls and unknown members, to the model', () => {
    fc.assert(
      fc.property(validFrame, noise, ({ wire, expected }, { nulls, extras }) => {
        const text = toWire(withNoise(wire, nulls, unknownOnly(extras, wire)));
        fc.pre(text.length <= MAX_FRAME_CHARS);
        const frames = decodeV1(text);
        // The model as it travels: JSON has no -0 and no undefined members.
        expect(frames).toEqual([JSON.parse(JSON.stringify(expected))]);
        frames.forEach(expectPlainFrame);
      }),
      { numRuns: 2_000 },
    );
  });

  it('drops every valid frame made invalid by one member', () => {
    const mutation = fc.record({ member: fc.nat(), how: fc.constantFrom<Mutation['how']>('remove', 'null', 'value'), value: fc.nat() });
    fc.assert(
      fc.property(validFrame, mutation, ({ wire }, change) => {
        const broken = mutate(wire, change);
        fc.pre(broken !== null);
        const text = toWire(broken);
        // Dropped for the change made, not for its size.
        fc.pre(text.length <= MAX_FRAME_CHARS);
        expect(decodeV1(text)).toEqual([]);
      }),
      { numRuns: 3_000 },
    );
  });

  it('passes on only valid frames from a host parse function, whatever it returns', () => {
    const returned = fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withBoxedValues: true,
      maxDepth: 3,
    });
    const notificationLike = fc.record(
      {
        event: fc.oneof(nonEmpty, fc.anything()),
        id: fc.oneof(nonEmpty, fc.anything()),
        at: fc.oneof(dates, strings),
        data: fc.anything(),
        title: strings,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(returned, notificationLike, fc.array(notificationLike, { maxLength: 3 })), wireText, (value, text) => {
        for (const frame of decoderFromParse(() => value as never)(text)) expect(protocolFrame(frame)).toEqual(frame);
      }),
      { numRuns: 2_000 },
    );
  });

  it('drops messages that are no frame at all', () => {
    for (const text of GARBAGE) expect(decodeV1(text)).toEqual([]);
    expect(decodeV1(undefined)).toEqual([]);
    expect(decodeV1(new Uint8Array([123, 125]))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// (b) The notifier: 100,000 generated frames against a reference model of the protocol.
// ---------------------------------------------------------------------------------------------

/** The inbox, cursor and count as the protocol says they must be after each frame. */
interface Model {
  cursor: Cursor | null;
  /** The epoch welcomed on the current socket; null before its welcome. */
  live: string | null;
  /** Held notifications: id → read. */
  items: Map<string, boolean>;
  /** Ids archived (here or before they arrived): known, never listed again by the stream. */
  gone: Set<string>;
  features: Set<string>;
  /** §13.4: the server's count, or null when the welcome gave none (the held unread count then). */
  count: number | null;
  /** The welcome's seq on this socket: entries up to it are already in the count. */
  welcomeSeq: number | null;
  /** The id of the history request the notifier waits on. */
  outstanding: string | null;
  dropped: number;
  duplicates: number;
  resyncs: string[];
  announced: string[];
  ids: number;
  /** How often the rarer rules applied. */
  seen: { pages: number; ignoredWelcomes: number; misnumbered: number };
}

const newModel = (): Model => ({
  cursor: null,
  live: null,
  items: new Map(),
  gone: new Set(),
  features: new Set(),
  count: null,
  welcomeSeq: null,
  outstanding: null,
  dropped: 0,
  duplicates: 0,
  resyncs: [],
  announced: [],
  ids: 0,
  seen: { pages: 0, ignoredWelcomes: 0, misnumbered: 0 },
});

/** What the seq rules make of a frame: ignored, or taken with the cursor it leaves (and a resync for a welcome). */
type Verdict = { take: false } | { take: true; cursor: Cursor | null; resync: 'epoch' | 'reset' | null };

/**
 * The seq rules as docs/PROTOCOL.md states them (§3.3, §13.3), in one place.
 *
 * Welcome: a socket takes one; any further welcome on it is ignored. It resumes (keeps the cursor)
 * when it is of the cursor's epoch, without `reset`, and its seq is at least the cursor's; else the
 * cursor starts afresh at the welcome, with a resync unless there was no cursor at all.
 *
 * Stream entry: a notification whose id was seen is a duplicate. Otherwise an entry with a seq, on
 * a welcomed socket, moves the cursor when above it; at or below it, a notification (a new id) is
 * still taken and leaves the cursor alone, while a state entry (no id) is a duplicate. Entries
 * without a seq, or before the welcome, are taken and leave the cursor alone.
 */
function seqRules(
  m: Model,
  frame: { type: 'welcome'; epoch: string; seq: number; reset?: boolean } | { type: 'entry'; seq?: number; id?: string },
): Verdict {
  const { cursor } = m;
  if (frame.type === 'welcome') {
    if (m.live !== null) return { take: false };
    const resumes = cursor !== null && cursor.epoch === frame.epoch && frame.reset !== true && frame.seq >= cursor.seq;
    if (resumes) return { take: true, cursor, resync: null };
    const resync = cursor === null ? null : cursor.epoch === frame.epoch ? 'reset' : 'epoch';
    return { take: true, cursor: { epoch: frame.epoch, seq: frame.seq }, resync };
  }
  if (frame.id !== undefined && (m.items.has(frame.id) || m.gone.has(frame.id))) return { take: false };
  const sequenced = frame.seq !== undefined && m.live !== null && cursor !== null;
  if (!sequenced) return { take: true, cursor: null, resync: null };
  if (frame.seq! > cursor.seq) return { take: true, cursor: { epoch: cursor.epoch, seq: frame.seq! }, resync: null };
  return frame.id === undefined ? { take: false } : { take: true, cursor: null, resync: null };
}

const heldUnread = (m: Model): number => [...m.items.values()].filter((read) => !read).length;
const expectedUnread = (m: Model): number => m.count ?? heldUnread(m);

/** §13.4 rule 2: an entry with a seq up to the welcome's, on the welcomed socket, is in the welcome's count already. */
const covered = (m: Model, seq: number | undefined): boolean =>
  seq !== undefined && m.live !== null && m.welcomeSeq !== null && seq <= m.welcomeSeq;

/** A decoded, valid frame, as the protocol says the client applies it. */
function applyToModel(m: Model, f: Json): void {
  switch (f.type) {
    case 'welcome': {
      const verdict = seqRules(m, f as { type: 'welcome'; epoch: string; seq: number; reset?: boolean });
      if (!verdict.take) return void m.seen.ignoredWelcomes++;
      m.cursor = verdict.cursor;
      if (verdict.resync) m.resyncs.push(verdict.resync);
      m.live = f.epoch as string;
      m.features = new Set(f.features as string[] | undefined);
      m.count = (f.unread as number | undefined) ?? null;
      m.welcomeSeq = f.seq as number;
      if (!m.features.has('history')) m.outstanding = null;
      return;
    }
    case 'notification': {
      const id = f.id as string;
      const seq = f.seq as number | undefined;
      const verdict = seqRules(m, { type: 'entry', id, seq });
      if (!verdict.take) {
        m.duplicates++;
        // §3.3, §5: a duplicate carrying `"read": true` marks the held one read (the server's count stays).
        if (f.read === true && m.items.has(id)) m.items.set(id, true);
        return;
      }
      if (m.count !== null && !covered(m, seq) && f.read !== true && f.archived !== true) m.count++;
      if (seq !== undefined && m.live !== null && !verdict.cursor) m.seen.misnumbered++;
      m.cursor = verdict.cursor ?? m.cursor;
      if (f.archived === true) return void m.gone.add(id);
      m.items.set(id, f.read === true);
      m.announced.push(id);
      return;
    }
    case 'read':
    case 'unread':
    case 'archive': {
      const seq = f.seq as number | undefined;
      const verdict = seqRules(m, { type: 'entry', seq });
      if (!verdict.take) return void m.duplicates++;
      m.cursor = verdict.cursor ?? m.cursor;
      let delta = 0;
      for (const id of f.ids as string[]) {
        const read = m.items.get(id);
        if (read === undefined) continue;
        if (f.type === 'archive') {
          m.items.delete(id);
          m.gone.add(id);
          if (!read) delta--;
        } else if (read !== (f.type === 'read')) {
          m.items.set(id, !read);
          delta += read ? 1 : -1;
        }
      }
      if (m.count !== null && !covered(m, seq)) m.count = (f.unread as number | undefined) ?? Math.max(0, m.count + delta);
      return;
    }
    case 'history': {
      // §13.6: only the answer to the request outstanding counts; it never announces, never moves
      // the cursor, never changes the server's count; held items take the page's read state.
      if (f.id !== m.outstanding) return;
      m.outstanding = null;
      m.seen.pages++;
      // Items that are no notification (the generator's junk) are left out of the page.
      for (const item of f.items as Json[])
        if (typeof item.id === 'string' && item.archived !== true) m.items.set(item.id, item.read === true);
    }
  }
}

/** A transport whose frames the test delivers as wire text, decoded and counted like the notifier's own WebSocket. */
class FuzzTransport implements Transport {
  dropped = 0;
  readonly sent: ClientFrame[] = [];
  worstMs = 0;
  worstType = '';
  totalMs = 0;
  frames = 0;
  onHistoryRequest: (id: string) => void = () => {};
  #sink: TransportSink | undefined;

  start(sink: TransportSink): void {
    this.#sink = sink;
    sink.state('open');
    sink.open();
  }

  send(frame: ClientFrame): boolean {
    this.sent.push(frame);
    if (frame.type === 'history') this.onHistoryRequest(frame.id);
    return true;
  }

  stop(): void {
    this.#sink?.state('closed');
  }

  /** The socket dropped and a new one opened. */
  reconnect(): void {
    this.#sink!.state('reconnecting');
    this.#sink!.state('open');
    this.#sink!.open();
  }

  deliver(text: string): void {
    const frames = decodeV1(text);
    if (frames.length === 0) this.dropped++;
    for (const frame of frames) {
      if (frame.type === 'ping') continue; // answered by the socket, as Connection does
      const t0 = performance.now();
      this.#sink!.frame(frame);
      const ms = performance.now() - t0;
      this.frames++;
      this.totalMs += ms;
      if (ms > this.worstMs) [this.worstMs, this.worstType] = [ms, frame.type];
    }
  }
}

type SeqMove = 'next' | 'gap' | 'same' | 'back' | 'far' | 'one' | 'none';
type IdPick = 'new' | 'held' | 'gone' | 'any';

/** One generated step; concrete frames are made from it and the model's state when it runs. */
type Step =
  | {
      kind: 'welcome';
      epoch: number;
      seq: 'same' | 'above' | 'below' | 'zero';
      by: number;
      reset?: boolean;
      features: string[];
      unread?: number;
    }
  | { kind: 'notification'; id: IdPick; seq: SeqMove; pick: number; read?: boolean; archived?: boolean }
  | { kind: 'state'; type: 'read' | 'unread' | 'archive'; ids: { id: IdPick; pick: number }[]; seq: SeqMove; unread?: number }
  | { kind: 'history'; answer: boolean; items: { id: IdPick; pick: number; read?: boolean; junk: boolean }[]; more: boolean }
  | { kind: 'ping' }
  | { kind: 'reconnect' };
interface Delivery {
  step: Step;
  /** Made invalid by this mutation: the notifier must drop it. */
  broken: Mutation | null;
  /** Or not a frame at all: an entry of GARBAGE. */
  garbage: number | null;
  noise: { nulls: boolean[]; extras: Json };
}

const seqMove = fc.constantFrom<SeqMove>('next', 'next', 'next', 'gap', 'same', 'back', 'far', 'one', 'none');
const idPick = fc.constantFrom<IdPick>('new', 'new', 'held', 'gone', 'any');
const optionalBoolean = fc.option(fc.boolean(), { nil: undefined });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('welcome' as const),
      epoch: fc.constantFrom(0, 0, 0, 1, 2),
      seq: fc.constantFrom('same' as const, 'above' as const, 'below' as const, 'zero' as const),
      by: fc.nat(5),
      reset: optionalBoolean,
      features: fc.subarray(['history', 'state', 'later']),
      unread: fc.option(fc.nat(20), { nil: undefined }),
    }),
  },
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('notification' as const),
      id: idPick,
      seq: seqMove,
      pick: fc.nat(),
      read: optionalBoolean,
      archived: optionalBoolean,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('state' as const),
      type: fc.constantFrom('read' as const, 'unread' as const, 'archive' as const),
      ids: fc.array(fc.record({ id: fc.constantFrom<IdPick>('held', 'held', 'gone', 'new'), pick: fc.nat() }), {
        minLength: 1,
        maxLength: 4,
      }),
      seq: seqMove,
      unread: fc.option(fc.nat(20), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('history' as const),
      answer: fc.boolean(),
      items: fc.array(fc.record({ id: idPick, pick: fc.nat(), read: optionalBoolean, junk: fc.boolean() }), { maxLength: 4 }),
      more: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'ping' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
);
const delivery: fc.Arbitrary<Delivery> = fc.record({
  step,
  broken: sometimes(
    fc.record({ member: fc.nat(), how: fc.constantFrom<Mutation['how']>('remove', 'null', 'value'), value: fc.nat() }),
    0.2,
  ),
  garbage: sometimes(fc.nat(GARBAGE.length - 1), 0.03),
  noise: quickNoise,
});

const EPOCHS = ['e0', 'e1', 'e2'];

function chooseId(m: Model, pick: IdPick, n: number): string {
  const pool = pick === 'held' ? [...m.items.keys()] : pick === 'gone' ? [...m.gone] : pick === 'any' ? [...m.items.keys(), ...m.gone] : [];
  return pool.length > 0 ? pool[n % pool.length] : `n${++m.ids}`;
}

function chooseSeq(m: Model, move: SeqMove, n: number): number | undefined {
  const at = m.cursor?.seq ?? 0;
  const seqs: Record<SeqMove, number | undefined> = {
    next: at + 1,
    gap: at + 2 + (n % 4),
    same: at,
    back: at - 1 - (n % 3),
    far: at + 1000,
    one: 1,
    none: undefined,
  };
  const seq = seqs[move];
  // A seq below 1 is invalid: what the generator means by it is "as low as it gets".
  return seq === undefined ? undefined : Math.max(1, seq);
}

/** The frame a step stands for, made from the model's state (new ids are taken from the model). */
function frameOf(m: Model, step: Exclude<Step, { kind: 'reconnect' }>): Json {
  switch (step.kind) {
    case 'welcome': {
      const at = m.cursor?.seq ?? 0;
      const seq = { same: at, above: at + step.by, below: Math.max(0, at - 1 - step.by), zero: 0 }[step.seq];
      const frame: Json = { type: 'welcome', v: 1, epoch: EPOCHS[step.epoch], seq, features: step.features };
      if (step.reset !== undefined) frame.reset = step.reset;
      if (step.unread !== undefined) frame.unread = step.unread;
      return frame;
    }
    case 'notification': {
      const frame: Json = {
        type: 'notification',
        id: chooseId(m, step.id, step.pick),
        event: 'order.created',
        at: AT,
        data: { n: step.pick },
      };
      const seq = chooseSeq(m, step.seq, step.pick);
      if (seq !== undefined) frame.seq = seq;
      if (step.read !== undefined) frame.read = step.read;
      if (step.archived !== undefined) frame.archived = step.archived;
      return frame;
    }
    case 'state': {
      const frame: Json = { type: step.type, ids: step.ids.map(({ id, pick }) => chooseId(m, id, pick)) };
      const seq = chooseSeq(m, step.seq, step.ids.length);
      if (seq !== undefined) frame.seq = seq;
      if (step.unread !== undefined) frame.unread = step.unread;
      return frame;
    }
    case 'history': {
      const items = step.items.map(({ id, pick, read, junk }) =>
        junk
          ? { id: 7, event: 'bad' }
          : { type: 'notification', id: chooseId(m, id, pick), seq: 1 + (pick % 50), event: 'e', at: AT, data: {}, read },
      );
      return { type: 'history', id: step.answer && m.outstanding ? m.outstanding : `nobody-asked-${m.ids}`, items, more: step.more };
    }
    case 'ping':
      return { type: 'ping' };
  }
}

/** A quick look at what every frame may change; `expectNotifierMatches` says what differs. */
function differs(notifier: Notifier, transport: FuzzTransport, m: Model, resyncs: string[]): boolean {
  const cursor = notifier.cursor;
  return (
    cursor?.epoch !== m.cursor?.epoch ||
    cursor?.seq !== m.cursor?.seq ||
    notifier.unreadCount !== expectedUnread(m) ||
    notifier.droppedFrames !== m.dropped ||
    transport.dropped !== m.dropped ||
    notifier.duplicates !== m.duplicates ||
    resyncs.length !== m.resyncs.length
  );
}

function expectNotifierMatches(notifier: Notifier, transport: FuzzTransport, m: Model, resyncs: string[]): void {
  expect(notifier.cursor, 'cursor').toEqual(m.cursor);
  expect(notifier.unreadCount, 'unreadCount').toBe(expectedUnread(m));
  expect(notifier.droppedFrames, 'droppedFrames').toBe(m.dropped);
  expect(transport.dropped, 'dropped by the transport').toBe(m.dropped);
  expect(notifier.duplicates, 'duplicates').toBe(m.duplicates);
  expect(resyncs, 'resync events').toEqual(m.resyncs);
  expect(new Map(notifier.items.map((n) => [n.id, n.read])), 'items and their read state').toEqual(m.items);
  expect(notifier.history, 'history').toBe(m.features.has('history'));
}

const helloOf = (cursor: Cursor | null) => ({ type: 'hello', v: 1, epoch: cursor?.epoch ?? null, after: cursor?.seq ?? null });
const tick = () => new Promise((resolve) => setImmediate(resolve));

interface RunFigures {
  frames: number;
  worstMs: number;
  worstType: string;
  /** What the generated frames made the notifier do, in all runs: to see that each rule was exercised. */
  seen: Record<'dropped' | 'duplicates' | 'resyncs' | 'pages' | 'ignoredWelcomes' | 'misnumbered', number>;
  totalMs: number;
}

async function runDeliveries(deliveries: Delivery[], figures: RunFigures): Promise<void> {
  const store = new MemoryStore();
  const transport = new FuzzTransport();
  const m = newModel();
  transport.onHistoryRequest = (id) => void (m.outstanding = id);
  const notifier = createNotifier({ user: 'fuzz', store, transport, maxItems: 1e9, maxUnreadItems: 1e9, rememberIds: 1e9 });
  const resyncs: string[] = [];
  const announced: string[] = [];
  notifier.on('resync', (event) => void resyncs.push(event.detail.reason));
  notifier.on('notification', (event) => void announced.push(event.detail.notification.id));
  try {
    await notifier.ready;
    expect(transport.sent).toEqual([helloOf(null)]);
    for (const [i, { step, broken, garbage, noise: extra }] of deliveries.entries()) {
      if (step.kind === 'reconnect') {
        m.live = m.welcomeSeq = m.outstanding = null;
        transport.reconnect();
        expect(transport.sent.at(-1)).toEqual(helloOf(m.cursor));
      } else if (garbage !== null) {
        m.dropped++;
        transport.deliver(GARBAGE[garbage]);
      } else {
        const frame = frameOf(m, step);
        const invalid = broken && mutate(frame, broken);
        if (invalid) {
          m.dropped++;
          transport.deliver(toWire(invalid));
        } else {
          transport.deliver(toWire(withNoise(frame, extra.nulls, unknownOnly(extra.extras, frame))));
          if (frame.type !== 'ping') applyToModel(m, frame);
          // A page answered is merged once the pager's promise settles; it may then ask for the next one.
          if (frame.type === 'history') await tick();
        }
      }
      try {
        const checkpoint = i % 250 === 0 || i === deliveries.length - 1;
        if (checkpoint || differs(notifier, transport, m, resyncs)) expectNotifierMatches(notifier, transport, m, resyncs);
      } catch (error) {
        const last = deliveries
          .slice(Math.max(0, i - 5), i + 1)
          .map(({ step, broken, garbage }) => JSON.stringify({ ...step, broken, garbage }));
        const state = `model ${JSON.stringify({ ...m, items: [...m.items], gone: [...m.gone], features: [...m.features] })}; notifier ${JSON.stringify(notifier.items.map((n) => [n.id, n.read]))}`;
        throw new Error(`after message ${i} (the last ones: ${last.join(', ')}): ${(error as Error).message}; ${state}`, { cause: error });
      }
    }
    await notifier.flush();
    await tick();
    expect(announced).toEqual(m.announced);
    // §3.3: the cursor is stored together with the notifications it covers.
    const stored = await store.load();
    expect(stored.cursor).toEqual(m.cursor);
    expect(new Map(stored.items.map((n) => [n.id, n.read]))).toEqual(m.items);
  } finally {
    await notifier.close();
    figures.frames += transport.frames;
    figures.totalMs += transport.totalMs;
    if (transport.worstMs > figures.worstMs) [figures.worstMs, figures.worstType] = [transport.worstMs, transport.worstType];
    const { seen } = figures;
    seen.dropped += m.dropped;
    seen.duplicates += m.duplicates;
    seen.resyncs += m.resyncs.length;
    seen.pages += m.seen.pages;
    seen.ignoredWelcomes += m.seen.ignoredWelcomes;
    seen.misnumbered += m.seen.misnumbered;
  }
}

describe('the notifier fed generated frames', () => {
  const RUNS = 100;
  const FRAMES_PER_RUN = 1000;

  it(`follows the protocol through ${RUNS * FRAMES_PER_RUN} frames, valid and invalid, with no throw and no unhandled rejection`, async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const seen = { dropped: 0, duplicates: 0, resyncs: 0, pages: 0, ignoredWelcomes: 0, misnumbered: 0 };
    const figures: RunFigures = { frames: 0, worstMs: 0, worstType: '', totalMs: 0, seen };
    const t0 = performance.now();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(delivery, { minLength: FRAMES_PER_RUN, maxLength: FRAMES_PER_RUN }), (deliveries) =>
          runDeliveries(deliveries, figures),
        ),
        // Shrinking a failure of 1,000 frames can take long: it stops after 30 s, with the smallest failure found by then.
        { numRuns: RUNS, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: true },
      );
      await tick();
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    console.log(
      `notifier fuzz: ${RUNS * FRAMES_PER_RUN} messages, ${figures.frames} valid frames handled in ${figures.totalMs.toFixed(0)} ms ` +
        `(worst single frame ${figures.worstMs.toFixed(2)} ms, a ${figures.worstType}); whole run ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `seen: ${JSON.stringify(seen)}`,
    );
    expect(rejections).toEqual([]);
  }, 120_000);
});
