import type { EventName } from '../catalog/event-specs.js';
import type { Category } from '../catalog/types.js';
import type { ConnectionState } from '../core/types.js';

/** Every string the widget's own UI shows, in one language. */
export interface Messages {
  /** Panel heading. */
  heading: string;
  /** Accessible name of the bell: "Notifications, 3 unread"; just the heading at 0. */
  bellLabel(unread: number): string;
  markAllRead: string;
  /** The panel has nothing to show. */
  empty: string;
  /** Screen-reader text for an unread item. */
  unread: string;
  /** Filter names; `other` holds events the catalog does not know. */
  categories: Record<Category | 'all' | 'other', string>;
  /** Accessible name of the category filter. */
  filterLabel: string;
  status: Record<ConnectionState, string>;
  /** Dismisses a toast. */
  dismiss: string;
  /** Title of the one toast that stands for a burst. */
  burstTitle(count: number): string;
  /** Body of that toast: the distinct titles when there are at most three, else a pointer to the panel. */
  burstBody(titles: readonly string[]): string;
  desktopEnable: string;
  mute: string;
  unmute: string;
  authError: string;
}

/** How one built-in event reads: templates with `{field}` placeholders filled from its data. */
export interface EventWording {
  title: string;
  body: string;
}

/** Everything the widget says in one language. */
export interface LocaleTable {
  /** BCP 47 tag handed to `Intl` for relative times. */
  intl: string;
  /**
   * Other primary language subtags that mean this language in a page's `lang`, e.g. `in`,
   * Indonesian's withdrawn ISO 639 code that some platforms still emit.
   */
  aliases?: readonly string[];
  /** Relative time of anything under 45 seconds old. */
  justNow: string;
  /** Title of a notification whose event has no name to make one from. */
  untitled: string;
  /** Wording of the built-in events. */
  events: Record<EventName, EventWording>;
  messages: Messages;
}
