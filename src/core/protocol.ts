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

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSeq: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const isString: Check = (v) => typeof v === 'string';
const isNonEmptyString: Check = (v) => typeof v === 'string' && v.length > 0;
const isBoolean: Check = (v) => typeof v === 'boolean';
const isPositive: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isIdList: Check = (v) => Array.isArray(v) && v.every(isNonEmptyString);

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

/**
 * Copies the fields a frame type knows, each checked: the `required` ones must pass, the
 * `optional` ones may be absent or null. Null when any check fails; unknown fields are left behind.
 */
function pick(f: Json, required: Record<string, Check>, optional: Record<string, Check>): Json | null {
  const out: Json = {};
  for (const [name, check] of Object.entries({ ...required, ...optional })) {
    const value = f[name];
    // JSON null in an optional member means the member is absent (a common server habit).
    if (value == null && name in optional) continue;
    if (!check(value)) return null;
    out[name] = value;
  }
  return out;
}

/** A list of the value, or an empty one when there is none. */
export const asList = <T>(value: T | null | false): T[] => (value ? [value] : []);

const FEATURES: readonly string[] = ['history', 'state'] satisfies Feature[];
const isFeatureList: Check = (v) => Array.isArray(v) && v.every(isString);

function toWelcome(f: Json): WelcomeFrame | null {
  const fields = pick(
    f,
    { epoch: isNonEmptyString, seq: isSeq },
    { heartbeatMs: isPositive, reset: isBoolean, features: isFeatureList, unread: isSeq },
  );
  if (fields?.features) fields.features = (fields.features as string[]).filter((name) => FEATURES.includes(name));
  return fields && ({ type: 'welcome', v: typeof f.v === 'number' ? f.v : 1, ...fields } as WelcomeFrame);
}

/** Validates a notification-shaped object; shared by the v1 decoder and host `parse` functions. */
export function toNotificationFrame(f: Json): NotificationFrame | null {
  const fields = pick(
    f,
    { id: isNonEmptyString, event: isNonEmptyString, at: isString },
    { seq: isSeq, data: isData, title: isString, body: isString, read: isBoolean, archived: isBoolean },
  );
  return fields && ({ type: 'notification', data: {}, ...fields } as NotificationFrame);
}

function toState(f: Json): StateFrame | null {
  const fields = pick(f, { ids: isIdList }, { seq: isSeq, unread: isSeq });
  return fields && ({ type: f.type, ...fields } as StateFrame);
}

// A page's items are checked one by one: a bad item is left out, the rest of the page still counts.
function toHistory(f: Json): HistoryFrame | null {
  const fields = pick(f, { id: isNonEmptyString, items: Array.isArray }, { more: isBoolean });
  if (!fields) return null;
  const items = (fields.items as unknown[]).flatMap((item) =>
    asList(isObject(item) && (item.type ?? 'notification') === 'notification' && toNotificationFrame(item)),
  );
  return { type: 'history', id: fields.id as string, items, more: fields.more === true };
}

/** Turns one JSON value into a server frame, or null when it is not a valid v1 frame. */
export function toServerFrame(value: unknown): ServerFrame | null {
  if (!isObject(value)) return null;
  switch (value.type) {
    case 'welcome':
      return toWelcome(value);
    case 'notification':
      return toNotificationFrame(value);
    case 'ping':
      return { type: 'ping' };
    case 'read':
    case 'unread':
    case 'archive':
      return toState(value);
    case 'history':
      return toHistory(value);
    default:
      return null;
  }
}

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
