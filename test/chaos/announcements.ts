/**
 * Which notifications a page load announced, worked out from what the recorder saw of its
 * announcements. The widget announces arrivals in batches, in arrival order: each batch is
 * one OS notification (with `desktop="always"` and permission granted), up to three toasts of
 * their own or one summary toast whose count grows while it stays up, and at most one chime. A
 * batch still open when the page goes away is never announced. With toasts that stay up for the
 * whole load, the announced arrivals are therefore the first K of the load's
 * `lonceng-notification` events, K counted from its OS notifications and from its toasts.
 */
import type { LoadRecord } from './page-recorder.js';

/** The key of the widget's summary toast. */
const SUMMARY_KEY = 'lonceng-burst';
/** The English summary's title: `N new notifications`. */
const SUMMARY_TITLE = /^(\d+) new notifications?$/;
/** More arrivals than this in one batch make a summary instead of toasts of their own. */
const MAX_SINGLE_TOASTS = 3;

/** Arrivals covered by a load's OS notifications. */
export function arrivalsInOsNotifications(os: LoadRecord['os']): number {
  let total = 0;
  let summaryCount = 0;
  for (const { title } of os) {
    const match = SUMMARY_TITLE.exec(title);
    if (!match) {
      total++;
      continue;
    }
    const n = Number(match[1]);
    if (summaryCount > 0 || n > MAX_SINGLE_TOASTS) {
      // A summary toast's OS notification: its count is the whole summary's so far.
      total += n - summaryCount;
      summaryCount = n;
    } else {
      total += n;
    }
  }
  return total;
}

/** Arrivals covered by a load's toasts: one per toast of its own, plus the summary's final count. */
export function arrivalsInToasts(toasts: LoadRecord['toasts']): number {
  let own = 0;
  let summary = 0;
  for (const { key, title } of toasts) {
    if (key === SUMMARY_KEY) summary = Math.max(summary, Number(SUMMARY_TITLE.exec(title)?.[1] ?? 0));
    else own++;
  }
  return own + summary;
}

/** The ids a load announced, in order. */
export const announcedIn = (load: LoadRecord): string[] =>
  load.notes.slice(0, Math.max(arrivalsInOsNotifications(load.os), arrivalsInToasts(load.toasts)));

/** How often each id occurs over all `lists`. */
export function tally(lists: Iterable<readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of lists) for (const id of list) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Ids occurring more than once in `counts`. */
export const repeated = (counts: ReadonlyMap<string, number>): string[] => [...counts].filter(([, n]) => n > 1).map(([id]) => id);
