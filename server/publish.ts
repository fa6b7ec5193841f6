/** What a backend publishes, and the checks that turn it into a notification's stored fields. */
import { randomUUID } from 'node:crypto';
import { MAX_FRAME_CHARS } from '../src/core/protocol.js';
import type { NotificationAction, NotificationFields } from './history.js';

/** The optional parts of a notification to publish. */
export interface PublishOptions {
  /** Unique id (default: a random UUID). Publishing an id the stream still holds returns the held notification and sends nothing. */
  id?: string;
  /** When it happened (default: now). */
  at?: string | Date;
  /** Text that wins over the client's templates. */
  title?: string;
  body?: string;
  /** Buttons on the item and its toast. */
  actions?: NotificationAction[];
}

/** A notification to publish, in one object. */
export interface PublishInput extends PublishOptions {
  event: string;
  data?: Record<string, unknown>;
}

/** The stored fields of a notification to publish; throws on input no client could show. */
export function notificationFields(input: PublishInput): NotificationFields {
  if (typeof input?.event !== 'string' || input.event === '') throw new TypeError('publish: `event` must be a non-empty string');
  const data = input.data ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new TypeError('publish: `data` must be an object');
  if (input.id !== undefined && (typeof input.id !== 'string' || input.id === '')) {
    throw new TypeError('publish: `id` must be a non-empty string');
  }
  const at = input.at instanceof Date ? input.at.toISOString() : (input.at ?? new Date().toISOString());
  const fields: NotificationFields = { id: input.id ?? randomUUID(), event: input.event, at, data };
  if (input.title !== undefined) fields.title = input.title;
  if (input.body !== undefined) fields.body = input.body;
  if (input.actions !== undefined) fields.actions = input.actions;
  // The client drops larger frames unread; room is left for the members the stream adds.
  if (JSON.stringify(fields).length > MAX_FRAME_CHARS - 100) {
    throw new RangeError(`publish: the notification is larger than a client accepts (${MAX_FRAME_CHARS} characters)`);
  }
  return fields;
}
