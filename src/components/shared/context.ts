import type { Catalog, Locale, Messages } from '../../catalog/index.js';
import type { Notifier } from '../../core/notifier.js';

/**
 * What `<lonceng-notifications>` shares with the bell and panel inside it: one notifier, one
 * catalog, one language. It hands this object down as a property (`.context`), never through a
 * global.
 */
export interface LoncengContext {
  notifier: Notifier;
  catalog: Catalog;
  locale: Locale;
  messages: Messages;
}
