/** The event catalog and the widget's texts in English and Indonesian. */
export { createCatalog, type Catalog, type CatalogOptions, type Described, type OverrideText, type TemplateOverride } from './catalog.js';
export { CATEGORIES, EVENTS, SEVERITIES, isSticky, type EventSpec } from './events.js';
export { AMOUNT_FIELDS, formatAmount, formatRupiah, interpolate, nextTick, relativeTime } from './format.js';
export { MESSAGES, messagesFor, resolveLocale, type Messages } from './messages.js';
export type { Category, Locale, Localized, Severity } from './types.js';
