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
type Check = (v: unknown) => boolean;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSeq: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const isString: Check = (v) => typeof v === 'string';
const isNonEmptyString: Check = (v) => typeof v === 'string' && v.length > 0;
const isBoolean: Check = (v) => typeof v === 'boolean';
const isPositive: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isIdList: Check = (v) => Array.isArray(v) && v.every(isNonEmptyString);

/**
 * Copies the fields a frame type knows, each checked: the `required` ones must pass, the
 * `optional` ones may be absent. Null when any check fails; unknown fields are left behind.
 */
function pick(f: Json, required: Record<string, Check>, optional: Record<string, Check>): Json | null {
  const out: Json = {};
  for (const [name, check] of Object.entries(required)) {
    if (!check(f[name])) return null;
    out[name] = f[name];
  }
  for (const [name, check] of Object.entries(optional)) {
    if (f[name] === undefined) continue;
    if (!check(f[name])) return null;
    out[name] = f[name];
  }
  return out;
}

function toWelcome(f: Json): WelcomeFrame | null {
  const fields = pick(f, { epoch: isNonEmptyString, seq: isSeq }, { heartbeatMs: isPositive, reset: isBoolean });
  return fields && ({ type: 'welcome', v: typeof f.v === 'number' ? f.v : 1, ...fields } as WelcomeFrame);
}

/** Validates a notification-shaped object; shared by the v1 decoder and host `parse` functions. */
export function toNotificationFrame(f: Json): NotificationFrame | null {
  const fields = pick(
    f,
    { id: isNonEmptyString, event: isNonEmptyString, at: isString },
    { seq: isSeq, data: isObject, title: isString, body: isString, read: isBoolean },
  );
  return fields && ({ type: 'notification', data: {}, ...fields } as NotificationFrame);
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
      return isIdList(value.ids) ? { type: 'read', ids: value.ids as string[] } : null;
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
