import type { LoncengNotification } from './types.js';

export interface RetentionLimits {
  /** Newest notifications always kept (plus `extra`). */
  maxItems: number;
  /** Kept on top of `maxItems`: the pages the admin loaded this session. */
  extra: number;
  /** With a server that keeps history, anything may go (it can be paged back); without one, unread ones stay. */
  pageable: boolean;
  /** Without such a server, unread ones are kept up to this many. */
  maxUnread: number;
  /** Notifications that go last (e.g. critical ones). */
  keepLonger?: (n: LoncengNotification) => boolean;
}

/**
 * Which notifications to drop when there are too many, oldest first within each group: read
 * ones before unread ones, and those to keep longer last. Without a pageable server an unread
 * notification is dropped only past `maxUnread`; the caller counts those as not kept.
 *
 * @param oldestFirst every held notification, oldest first
 */
export function chooseEvictions(oldestFirst: readonly LoncengNotification[], limits: RetentionLimits): LoncengNotification[] {
  const keepLonger = limits.keepLonger ?? (() => false);
  const groups: LoncengNotification[][] = [[], [], [], []];
  for (const n of oldestFirst) groups[(n.read ? 0 : 2) + (keepLonger(n) ? 1 : 0)].push(n);
  // Read, read kept longer, unread, unread kept longer.
  const ordered = groups.flat();
  const excess = Math.max(0, oldestFirst.length - (limits.maxItems + limits.extra));
  if (limits.pageable) return ordered.slice(0, excess);
  const readCount = groups[0].length + groups[1].length;
  const unreadExcess = Math.max(0, oldestFirst.length - readCount - limits.maxUnread);
  return [...ordered.slice(0, Math.min(excess, readCount)), ...ordered.slice(readCount, readCount + unreadExcess)];
}
