/** The event catalog and the widget's texts in every registered language. */
export {
  createCatalog,
  MAX_BODY_CHARS,
  MAX_TITLE_CHARS,
  type Catalog,
  type CatalogOptions,
  type Described,
  type OverrideText,
  type TemplateOverride,
} from './catalog.js';
export { createDescriber, type Describer } from './describer.js';
export { CATEGORIES, EVENTS, SEVERITIES, isSticky, type EventName, type EventSpec } from './event-specs.js';
export { AMOUNT_FIELDS, formatAmount, formatRupiah, interpolate, nextTick, relativeTime } from './format.js';
export { MESSAGES, messagesFor, resolveLocale, type Messages } from './messages.js';
export type { Category, Locale, Localized, Severity } from './types.js';
export { LOCALES, type EventWording, type LocaleTable } from '../locales/index.js';
