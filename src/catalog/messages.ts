import { isLocale, LOCALES, tableFor } from '../locales/index.js';
import type { Messages } from '../locales/index.js';
import type { Locale } from './types.js';

export type { Messages };

const byLocale = (): Record<Locale, Messages> =>
  Object.fromEntries(Object.entries(LOCALES).map(([locale, table]) => [locale, table.messages])) as Record<Locale, Messages>;

/** UI strings by locale (a pure call: bundles that do not use it leave it out). */
export const MESSAGES: Readonly<Record<Locale, Messages>> = /* @__PURE__ */ byLocale();

/** The UI strings for `locale`; English for a locale that is not registered. */
export function messagesFor(locale: Locale): Messages {
  return tableFor(locale).messages;
}

function primary(tag: string | null | undefined): string {
  return (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
}

/** The registered locale that the page language `tag` means, counting each table's aliases. */
function pageLocale(tag: string): Locale | undefined {
  if (isLocale(tag)) return tag;
  return (Object.keys(LOCALES) as Locale[]).find((locale) => LOCALES[locale].aliases?.includes(tag));
}

/**
 * The widget's language: `attr` when it names a registered locale (`id-ID` and `en-US` count),
 * else the document's language when it names one, else `en`.
 */
export function resolveLocale(attr: string | null | undefined, documentLang: string | null | undefined): Locale {
  const asked = primary(attr);
  if (isLocale(asked)) return asked;
  return pageLocale(primary(documentLang)) ?? 'en';
}
