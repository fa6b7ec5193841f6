import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  EVENTS,
  LOCALES,
  messagesFor,
  relativeTime,
  resolveLocale,
  type EventWording,
  type Locale,
  type LocaleTable,
} from '../../src/catalog/index.js';

const PLACEHOLDER = /\{(\w+)\}/g;

// Arguments each function-valued message is tried with; every such message must be listed.
const calls: Record<string, unknown[][]> = {
  'messages.bellLabel': [[0], [1], [3], [150]],
  'messages.burstTitle': [[1], [2], [5]],
  'messages.burstBody': [[[]], [['a']], [['a', 'a', 'b']], [['a', 'b', 'c', 'd']]],
};

/** Every way `table` falls short of the English one, as `path: problem`. */
function problems(english: unknown, table: unknown, path = ''): string[] {
  if (typeof english === 'string') {
    if (typeof table !== 'string') return [`${path}: missing or not text`];
    return table.trim() === '' ? [`${path}: empty`] : [];
  }
  if (typeof english === 'function') {
    if (typeof table !== 'function') return [`${path}: missing or not a function`];
    const argsList = calls[path];
    if (!argsList) return [`${path}: no sample arguments in this test`];
    return argsList.flatMap((args) => {
      const text: unknown = (table as (...a: unknown[]) => unknown)(...args);
      return typeof text === 'string' && text.trim() !== '' ? [] : [`${path}(${JSON.stringify(args)}): ${JSON.stringify(text)}`];
    });
  }
  if (Array.isArray(english)) return Array.isArray(table) ? [] : [`${path}: missing or not a list`];
  if (english != null && typeof english === 'object') {
    if (table == null || typeof table !== 'object') return [`${path}: missing`];
    return Object.keys(english).flatMap((key) =>
      problems((english as Record<string, unknown>)[key], (table as Record<string, unknown>)[key], path ? `${path}.${key}` : key),
    );
  }
  return [];
}

function placeholders(...templates: string[]): Set<string> {
  return new Set(templates.flatMap((text) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1])));
}

/** A deep copy of plain objects; functions and lists are kept as they are. */
function copy(value: unknown): unknown {
  return value != null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, copy(inner)]))
    : value;
}

const locales = Object.keys(LOCALES) as Locale[];

describe('locale tables', () => {
  it('registers English and Indonesian', () => {
    expect(locales).toEqual(expect.arrayContaining(['en', 'id']));
  });

  it('notices a missing, empty or broken entry', () => {
    const broken = copy(LOCALES.en) as LocaleTable;
    delete (broken.events['stock.low'] as Partial<EventWording>).body;
    broken.messages.status.offline = '';
    delete (broken.messages.categories as Partial<Record<string, string>>).other;
    broken.messages.burstTitle = () => '';
    delete (broken as Partial<LocaleTable>).untitled;
    expect(problems(LOCALES.en, broken).sort()).toEqual(
      [
        'events.stock.low.body: missing or not text',
        'messages.status.offline: empty',
        'messages.categories.other: missing or not text',
        'messages.burstTitle([1]): ""',
        'messages.burstTitle([2]): ""',
        'messages.burstTitle([5]): ""',
        'untitled: missing or not text',
      ].sort(),
    );
  });

  it('label every category and every built-in event in English', () => {
    expect(Object.keys(LOCALES.en.events).sort()).toEqual(Object.keys(EVENTS).sort());
    for (const category of [...CATEGORIES, 'all', 'other'] as const) expect(LOCALES.en.messages.categories[category]).not.toBe('');
    expect(problems(LOCALES.en, LOCALES.en)).toEqual([]);
  });

  for (const locale of locales) {
    const table: LocaleTable = LOCALES[locale];

    describe(locale, () => {
      it('has every entry of the English table, none empty', () => {
        expect(problems(LOCALES.en, table)).toEqual([]);
      });

      it("uses only the placeholders of each event's English templates", () => {
        for (const [event, english] of Object.entries(LOCALES.en.events)) {
          const allowed = placeholders(english.title, english.body);
          const wording = table.events[event as keyof typeof table.events];
          const unknown = [...placeholders(wording.title, wording.body)].filter((name) => !allowed.has(name));
          expect(unknown, event).toEqual([]);
        }
      });

      it('names a language Intl knows', () => {
        expect(Intl.getCanonicalLocales(table.intl)).toEqual([table.intl]);
        expect(Intl.RelativeTimeFormat.supportedLocalesOf(table.intl)).toEqual([table.intl]);
        expect(relativeTime(0, 3 * 60 * 60 * 1000, locale)).not.toBe('');
      });

      it('is chosen by its primary tag and gives its messages', () => {
        expect(resolveLocale(locale, null)).toBe(locale);
        expect(resolveLocale(`${locale.toUpperCase()}-XX`, null)).toBe(locale);
        expect(resolveLocale(null, table.intl)).toBe(locale);
        for (const alias of table.aliases ?? []) expect(resolveLocale(null, alias)).toBe(locale);
        expect(messagesFor(locale)).toBe(table.messages);
      });
    });
  }

  it('falls back to English for a locale that is not registered', () => {
    expect(messagesFor('xx' as Locale)).toBe(LOCALES.en.messages);
    expect(messagesFor('toString' as Locale)).toBe(LOCALES.en.messages);
    expect(relativeTime(0, 1000, 'xx' as Locale)).toBe(LOCALES.en.justNow);
    expect(resolveLocale('xx', 'yy')).toBe('en');
  });
});
