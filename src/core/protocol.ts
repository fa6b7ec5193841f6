/** Wire protocol v1: frame types, validation of incoming frames, encoding of outgoing ones. */

export const PROTOCOL_VERSION = 1;

/** Frames larger than this are dropped unread: no legitimate notification comes near it. */
export const MAX_FRAME_CHARS = 256 * 1024;

export interface HelloFrame {
  type: 'hello';
  v: 1;
  epoch: string | null;
  after: number | null;
}
export interface PongFrame {
  type: 'pong';
}
export interface ReadFrame {
  type: 'read';
  ids: string[];
}
export type ClientFrame = HelloFrame | PongFrame | ReadFrame;

export interface WelcomeFrame {
  type: 'welcome';
  v: number;
  epoch: string;
  seq: number;
  heartbeatMs?: number;
  reset?: boolean;
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
}
export interface PingFrame {
  type: 'ping';
}
export type ServerFrame = WelcomeFrame | NotificationFrame | PingFrame | ReadFrame;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const optional = <T>(v: unknown, check: (v: unknown) => v is T): v is T | undefined =>
  v === undefined || check(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isIdList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isNonEmptyString);

function toWelcome(f: Json): WelcomeFrame | null {
  if (!isNonEmptyString(f.epoch) || !isSeq(f.seq)) return null;
  if (!optional(f.heartbeatMs, isPositive) || !optional(f.reset, isBoolean)) return null;
  const frame: WelcomeFrame = { type: 'welcome', v: typeof f.v === 'number' ? f.v : 1, epoch: f.epoch, seq: f.seq };
  if (f.heartbeatMs !== undefined) frame.heartbeatMs = f.heartbeatMs;
  if (f.reset) frame.reset = true;
  return frame;
}

/** Validates a notification-shaped object; shared by the v1 decoder and host `parse` functions. */
export function toNotificationFrame(f: Json): NotificationFrame | null {
  if (!isNonEmptyString(f.id) || !isNonEmptyString(f.event) || !isString(f.at)) return null;
  if (f.data !== undefined && !isObject(f.data)) return null;
  if (!optional(f.seq, isSeq) || !optional(f.title, isString) || !optional(f.body, isString)) return null;
  if (!optional(f.read, isBoolean)) return null;
  const frame: NotificationFrame = {
    type: 'notification',
    id: f.id,
    event: f.event,
    at: f.at,
    data: (f.data as Json | undefined) ?? {},
  };
  if (f.seq !== undefined) frame.seq = f.seq;
  if (f.title !== undefined) frame.title = f.title;
  if (f.body !== undefined) frame.body = f.body;
  if (f.read !== undefined) frame.read = f.read;
  return frame;
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
      return isIdList(value.ids) ? { type: 'read', ids: value.ids } : null;
    default:
      return null;
  }
}

/** Decodes raw message data into frames; `[]` means the message is dropped. */
export type FrameDecoder = (data: unknown) => ServerFrame[];

/** The protocol v1 decoder: one JSON text frame per message. */
export const decodeV1: FrameDecoder = (data) => {
  if (typeof data !== 'string' || data.length > MAX_FRAME_CHARS) return [];
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return [];
  }
  const frame = toServerFrame(value);
  return frame ? [frame] : [];
};

export const encodeFrame = (frame: ClientFrame): string => JSON.stringify(frame);
