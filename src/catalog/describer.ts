import type { LoncengNotification } from '../core/types.js';
import type { Catalog, Described } from './catalog.js';
import { messagesFor, type Messages } from './messages.js';
import type { Locale } from './types.js';

/** Describes notifications in one language with one set of templates; each notification at most once. */
export interface Describer {
  readonly locale: Locale;
  /** The UI strings of `locale`. */
  readonly messages: Messages;
  readonly catalog: Catalog;
  /** What `catalog.describe(n, locale)` gives, computed once per notification. Shared and frozen: do not modify. */
  describe(n: LoncengNotification): Described;
}

interface Entry {
  event: string;
  title: string | undefined;
  body: string | undefined;
  described: Described;
}

/**
 * A describer for `locale`. A description depends only on a notification's event, data, title
 * and body, so it is cached per `data` object: marking a notification read replaces it with a
 * copy that shares its `data`, and the copy is not described again.
 */
export function createDescriber(catalog: Catalog, locale: Locale): Describer {
  const cache = new WeakMap<object, Entry>();
  return {
    locale,
    messages: messagesFor(locale),
    catalog,
    describe(n) {
      const { event, data, title, body } = n;
      const cacheable = data != null && typeof data === 'object';
      const hit = cacheable ? cache.get(data) : undefined;
      if (hit && hit.event === event && hit.title === title && hit.body === body) return hit.described;
      const described = Object.freeze(catalog.describe(n, locale));
      if (cacheable) cache.set(data, { event, title, body, described });
      return described;
    },
  };
}
