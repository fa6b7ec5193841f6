/** Wire protocol v1: frame types, validation of incoming frames, encoding of outgoing ones. */

export const PROTOCOL_VERSION = 1;

/** Frames larger than this are dropped unread: no legitimate notification comes near it. */
export const MAX_FRAME_CHARS = 256 * 1024;
/** A notification's `data` nests at most this deep (the object itself is depth 1)... */
export const MAX_DATA_DEPTH = 8;
/** ...and holds at most this many members and array elements in all. */
export const MAX_DATA_MEMBERS = 1000;

export interface HelloFrame {
  type: 'hello';
  v: 1;
  epoch: string | null;
  after: number | null;
}
export interface PongFrame {
  type: 'pong';
}
/** What a state frame does to the notifications it names (inbox extension). */
export type StateChange = 'read' | 'unread' | 'archive';

/** A client's state frame: these notifications were read, marked unread, or archived. */
export interface StateRequest {
  type: StateChange;
  ids: string[];
}
/** Asks for the user's notifications with `seq < before` (newest when null), newest first. */
export interface HistoryRequest {
  type: 'history';
  id: string;
  before: number | null;
  limit: number;
}
export type ClientFrame = HelloFrame | PongFrame | StateRequest | HistoryRequest;

/** Extensions a server may advertise in its welcome. */
export type Feature = 'history' | 'state';

export interface WelcomeFrame {
  type: 'welcome';
  v: number;
  epoch: string;
  seq: number;
  heartbeatMs?: number;
  reset?: boolean;
  /** The extensions the server supports; unknown names are kept out. */
  features?: Feature[];
  /** The user's unread, unarchived notifications up to `seq`. */
  unread?: number;
}
export interface NotificationFrame {
  type: 'notification';
  id: string;
  seq?: number;
  event: string;
  at: string;
  data: Record<string, unknown>;
  title?: string;
  body?: string;
  read?: boolean;
  archived?: boolean;
}
export interface PingFrame {
  type: 'ping';
}
/** A state change from the server; with `seq` it is part of the user's ordered stream. */
export interface StateFrame {
  type: StateChange;
  ids: string[];
  seq?: number;
  /** The user's unread count after the change. */
  unread?: number;
}
/** One page of history: the answer to the request with the same `id`. */
export interface HistoryFrame {
  type: 'history';
  id: string;
  items: NotificationFrame[];
  more: boolean;
}
export type ServerFrame = WelcomeFrame | NotificationFrame | PingFrame | StateFrame | HistoryFrame;

type Json = Record<string, unknown>;
type Check = (v: unknown) => boolean;

/** The most items a history page may hold: a server clamps every request's `limit` to 1–100. */
export const MAX_PAGE_ITEMS = 100;
/** A state frame names 1 to this many ids. */
export const MAX_STATE_IDS = 500;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSeq: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const isPositive: Check = (v) => isSeq(v) && (v as number) > 0;
const isString: Check = (v) => typeof v === 'string';
const isNonEmptyString: Check = (v) => typeof v === 'string' && v.length > 0;
const isBoolean: Check = (v) => typeof v === 'boolean';
const isDate: Check = (v) => typeof v === 'string' && Number.isFinite(Date.parse(v));
/** An array of `min` to `max` elements, each passing `check`. */
const isList =
  (min: number, max: number, check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.length >= min && v.length <= max && v.every(check);

/**
 * `data` within the limits: deeper or larger values could not be stored (structured clone runs out
 * of stack) or shown without stalling the page. The walk stops at the first value past a limit.
 */
const isData: Check = (data) => {
  let members = 0;
  const within = (value: unknown, depth: number): boolean => {
    if (typeof value !== 'object' || value === null) return true;
    if (depth > MAX_DATA_DEPTH) return false;
    const children = Object.values(value);
    members += children.length;
    return members <= MAX_DATA_MEMBERS && children.every((child) => within(child, depth + 1));
  };
  return isObject(data) && within(data, 1);
};

/** A list of the value, or an empty one when there is none. */
export const asList = <T>(value: T | null | false): T[] => (value ? [value] : []);

const FEATURES: readonly string[] = ['history', 'state'] satisfies Feature[];

/**
 * What makes a frame of each type valid (docs/PROTOCOL.md §2, §13.3): its required members,
 * its optional ones (absent or null), each with its check, and what is made of the members kept.
 */
interface FrameSpec {
  required?: Record<string, Check>;
  optional?: Record<string, Check>;
  finish?: (frame: Json) => void;
}

const STATE: FrameSpec = {
  required: { ids: isList(1, MAX_STATE_IDS, isNonEmptyString) },
  optional: { seq: isPositive, unread: isSeq },
};

const FRAMES: Record<string, FrameSpec> = {
  welcome: {
    required: { v: isPositive, epoch: isNonEmptyString, seq: isSeq },
    optional: { heartbeatMs: isPositive, reset: isBoolean, features: isList(0, Infinity, isString), unread: isSeq },
    // Feature names this client does not know are left out.
    finish: (f) => void (f.features &&= (f.features as string[]).filter((name) => FEATURES.includes(name))),
  },
  notification: {
    required: { id: isNonEmptyString, event: isNonEmptyString, at: isDate },
    optional: { seq: isPositive, data: isData, title: isString, body: isString, read: isBoolean, archived: isBoolean },
    finish: (f) => void (f.data ??= {}),
  },
  ping: {},
  read: STATE,
  unread: STATE,
  archive: STATE,
  history: {
    required: { id: isNonEmptyString, items: isList(0, MAX_PAGE_ITEMS, () => true), more: isBoolean },
    // A page's items are checked one by one: a bad item is left out, the rest of the page still counts.
    finish: (f) =>
      void (f.items = (f.items as unknown[]).flatMap((item) =>
        asList(isObject(item) && (item.type ?? 'notification') === 'notification' && toFrame('notification', item)),
      )),
  },
};

/**
 * The frame of this type made of `f`'s members, each checked by the type's spec; null when one
 * fails. Members the spec does not name are left behind; `type` must be one of the spec's own.
 */
function toFrame(type: unknown, f: Json): Json | null {
  const spec = typeof type === 'string' && Object.hasOwn(FRAMES, type) ? FRAMES[type] : undefined;
  if (!spec) return null;
  const { required, optional = {}, finish } = spec;
  const frame: Json = { type };
  for (const [name, check] of Object.entries({ ...required, ...optional })) {
    const value = f[name];
    // JSON null in an optional member means the member is absent (a common server habit).
    if (value == null && name in optional) continue;
    if (!check(value)) return null;
    frame[name] = value;
  }
  finish?.(frame);
  return frame;
}

/** Validates a notification-shaped object; shared by the v1 decoder and host `parse` functions. */
export const toNotificationFrame = (f: Json): NotificationFrame | null => toFrame('notification', f) as NotificationFrame | null;

/** Turns one JSON value into a server frame, or null when it is not a valid v1 frame. */
export const toServerFrame = (value: unknown): ServerFrame | null =>
  isObject(value) ? (toFrame(value.type, value) as ServerFrame | null) : null;

/** Decodes raw message data into frames; `[]` means the message is dropped. */
export type FrameDecoder = (data: unknown) => ServerFrame[];

/**
 * The JSON value of a text message, or the text itself when it is not JSON; undefined when the
 * message is not text or is longer than `MAX_FRAME_CHARS`.
 */
export function readMessage(data: unknown): unknown {
  if (typeof data !== 'string' || data.length > MAX_FRAME_CHARS) return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** The protocol v1 decoder: one JSON text frame per message. */
export const decodeV1: FrameDecoder = (data) => asList(toServerFrame(readMessage(data)));

export const encodeFrame = (frame: ClientFrame): string => JSON.stringify(frame);
