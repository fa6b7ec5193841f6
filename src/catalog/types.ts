import type { Locale } from '../locales/index.js';

export type { Locale };

/** Groups the panel can filter by. */
export type Category = 'orders' | 'payments' | 'shipping' | 'refunds' | 'stock' | 'users';

/** How loud a notification is; `warning` and `critical` toasts stay until dismissed. */
export type Severity = 'info' | 'success' | 'warning' | 'critical';

/** One text in every locale. */
export type Localized = Record<Locale, string>;
