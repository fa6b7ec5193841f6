/**
 * The shape of each server frame as docs/PROTOCOL.md §2.2 and §13.3 define it: which members are
 * required and of what type. Unlike the widget's decoder (which drops a bad frame quietly), this
 * says what is wrong, so that a failing check can name it.
 */
import type { Frame } from './client.js';

/** What is wrong with a frame (errors) and what is only discouraged (warnings, e.g. `null`). */
export interface Shape {
  errors: string[];
  warnings: string[];
}

type Rule = readonly [test: (value: unknown) => boolean, expected: string];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isInteger = (min: number) => (value: unknown) => Number.isSafeInteger(value) && (value as number) >= min;
const isNonEmpty = (value: unknown) => typeof value === 'string' && value.length > 0;
/** RFC 3339 / ISO 8601 with a zone: `2026-11-25T03:15:42.120Z` or `…+07:00`. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const rules = {
  one: [(value) => value === 1, 'the number 1'],
  count: [isInteger(0), 'an integer ≥ 0'],
  seq: [isInteger(1), 'an integer ≥ 1'],
  positive: [isInteger(1), 'a positive integer'],
  text: [(value) => typeof value === 'string', 'a string'],
  nonEmpty: [isNonEmpty, 'a non-empty string'],
  flag: [(value) => typeof value === 'boolean', 'a boolean'],
  object: [isObject, 'an object'],
  list: [Array.isArray, 'an array'],
  strings: [(value) => Array.isArray(value) && value.every((item) => typeof item === 'string'), 'an array of strings'],
  ids: [(value) => Array.isArray(value) && value.length > 0 && value.every(isNonEmpty), 'a non-empty array of non-empty strings'],
  time: [(value) => typeof value === 'string' && RFC3339.test(value) && Number.isFinite(Date.parse(value)), 'an RFC 3339 time with a zone'],
} satisfies Record<string, Rule>;

/** A value as it appears in a message, cut short. */
export const show = (value: unknown): string => {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

function check(frame: Frame, required: Record<string, Rule>, optional: Record<string, Rule>): Shape {
  const shape: Shape = { errors: [], warnings: [] };
  for (const [name, [test, expected]] of Object.entries(required)) {
    if (!test(frame[name])) shape.errors.push(`"${name}" must be ${expected}, got ${show(frame[name])}`);
  }
  for (const [name, [test, expected]] of Object.entries(optional)) {
    const value = frame[name];
    if (value === null) shape.warnings.push(`"${name}": null (allowed, but omit the member instead, §2)`);
    else if (value !== undefined && !test(value)) shape.errors.push(`"${name}" must be ${expected} when present, got ${show(value)}`);
  }
  return shape;
}

export const welcomeShape = (frame: Frame): Shape =>
  check(
    frame,
    { v: rules.one, epoch: rules.nonEmpty, seq: rules.count },
    { heartbeatMs: rules.positive, reset: rules.flag, features: rules.strings, unread: rules.count },
  );

export function notificationShape(frame: Frame): Shape {
  const shape = check(
    frame,
    { id: rules.nonEmpty, event: rules.nonEmpty, at: rules.time, data: rules.object },
    { seq: rules.seq, title: rules.text, body: rules.text, read: rules.flag, archived: rules.flag },
  );
  if (typeof frame.id === 'string' && frame.id.length > 200)
    shape.warnings.push(`"id" is ${frame.id.length} characters (keep it under 200)`);
  return shape;
}

export const stateShape = (frame: Frame): Shape => check(frame, { ids: rules.ids }, { seq: rules.seq, unread: rules.count });

export const historyShape = (frame: Frame): Shape => check(frame, { id: rules.nonEmpty, items: rules.list, more: rules.flag }, {});

/** The frame types a server sends (§2.2, §13.3). */
export const SERVER_TYPES: ReadonlySet<string> = new Set(['welcome', 'notification', 'ping', 'read', 'unread', 'archive', 'history']);

/** A frame's seq when it is a stream entry (a notification or a sequenced state frame), else null. */
export const streamSeq = (frame: Frame): number | null =>
  (frame.type === 'notification' || frame.type === 'read' || frame.type === 'unread' || frame.type === 'archive') &&
  Number.isSafeInteger(frame.seq)
    ? (frame.seq as number)
    : null;

export { isObject };
