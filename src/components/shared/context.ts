import { createContext } from '@lit/context';
import type { Catalog, Locale, Messages } from '../../catalog/index.js';
import type { Notifier } from '../../core/notifier.js';

/** What `<lonceng-notifications>` shares with the bell, panel and toaster inside it. */
export interface LoncengContext {
  notifier: Notifier;
  catalog: Catalog;
  locale: Locale;
  messages: Messages;
}

export const loncengContext = createContext<LoncengContext | undefined>('lonceng');
