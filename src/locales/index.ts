import { en } from './en.js';
import { id } from './id.js';
import type { LocaleTable } from './types.js';

export type { EventWording, LocaleTable, Messages } from './types.js';

// A new language is one table file and one entry here.
const registry = { en, id } satisfies Record<string, LocaleTable>;

/** A language the widget speaks: a primary language subtag such as `en`. */
export type Locale = keyof typeof registry;

/** Every language the widget speaks, by primary language subtag. English is the fallback. */
export const LOCALES: Readonly<Record<Locale, LocaleTable>> = registry;

/** True when `value` names a registered locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(LOCALES, value);
}

/** The table of `locale`, or English's when it is not registered. */
export function tableFor(locale: Locale): LocaleTable {
  return LOCALES[isLocale(locale) ? locale : 'en'];
}
