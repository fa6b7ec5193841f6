import { tableFor } from '../locales/index.js';
import type { Locale } from './types.js';

/** Data fields holding Rupiah amounts. */
export const AMOUNT_FIELDS: readonly string[] = ['totalAmount', 'amount'];

/** Shown for a missing or null field. */
export const MISSING = '—';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const JUST_NOW = 45 * SECOND;

// Plain decimals only: Number() would also read "" as 0 and "0x10" as 16. The lookahead leaves
// out amounts already grouped the Indonesian way ("150.000"), which as a decimal would become 150.
const NUMERIC = /^-?(?!\d{1,3}(\.\d{3})+$)\d+(\.\d+)?$/;
// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the marks LRM, RLM, ALM.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const PLACEHOLDER = /\{(\w+)\}/g;

let amountFormat: Intl.NumberFormat | undefined;
const relativeFormats: Partial<Record<string, Intl.RelativeTimeFormat>> = {};

/** A data value as plain text: objects as JSON, null and undefined as `—`. */
export function toText(value: unknown): string {
  if (value == null) return MISSING;
  if (typeof value === 'object') {
    try {
      const json = JSON.stringify(value) as string | undefined;
      if (json !== undefined) return json;
    } catch {
      // Circular, or holding a BigInt: the plain text below is all there is to show.
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a primitive, or an object JSON cannot write
  return String(value);
}

/**
 * A Rupiah amount grouped the Indonesian way (`150000` → `150.000`) whatever the UI language.
 * Accepts numbers and numeric strings; anything else is shown as its text.
 */
export function formatAmount(value: unknown): string {
  let n = value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!NUMERIC.test(trimmed)) return value;
    n = Number(trimmed);
  }
  if (Number.isFinite(n) || typeof n === 'bigint') {
    // Not taken from the locale tables: amounts are Rupiah, and the contract writes Rupiah the
    // Indonesian way in every language (`Rp 150.000`), so an English UI must not show `150,000`.
    amountFormat ??= new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
    return amountFormat.format(n as number | bigint); // Number.isFinite is true only for numbers
  }
  return toText(value);
}

/** A Rupiah amount with its symbol: `Rp 150.000`. */
export function formatRupiah(value: unknown): string {
  return `Rp ${formatAmount(value)}`;
}

/** An own entry of `table` (a data object, an event table); inherited names such as `constructor` are not entries. */
export function own<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table != null && typeof table === 'object' && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** One field as plain text: amounts grouped, missing as `—`. */
export function fieldText(data: Record<string, unknown>, key: string, amountFields: readonly string[] = AMOUNT_FIELDS): string {
  const value = own(data, key);
  // Bidi controls are dropped: a value must not reorder the sentence around it.
  return (amountFields.includes(key) ? formatAmount(value) : toText(value)).replace(BIDI_CONTROLS, '');
}

/** Replaces each `{name}` in `template` with `render(name)`. */
export function fill(template: string, render: (key: string) => string): string {
  return template.replace(PLACEHOLDER, (_, key: string) => render(key));
}

/**
 * Fills `{field}` placeholders from `data` as plain text: amounts as `150.000`, other values
 * as text, objects as JSON, missing or null as `—`. Nothing is escaped or removed; the
 * result must be rendered as text, never as markup.
 */
export function interpolate(template: string, data: Record<string, unknown>, amountFields: readonly string[] = AMOUNT_FIELDS): string {
  return fill(template, (key) => fieldText(data, key, amountFields));
}

/**
 * How long ago `atMs` was, as of `nowMs`, in `locale`: "just now" under 45 s, then minutes,
 * hours, "yesterday", then days. Times in the future read as just now.
 */
export function relativeTime(atMs: number, nowMs: number, locale: Locale): string {
  const age = Math.max(0, nowMs - atMs);
  if (!Number.isFinite(age)) return '';
  const table = tableFor(locale);
  if (age < JUST_NOW) return table.justNow;
  const format = (relativeFormats[table.intl] ??= new Intl.RelativeTimeFormat(table.intl, { numeric: 'auto' }));
  if (age < HOUR) return format.format(-Math.max(1, Math.floor(age / MINUTE)), 'minute');
  if (age < DAY) return format.format(-Math.floor(age / HOUR), 'hour');
  return format.format(-Math.floor(age / DAY), 'day');
}

/**
 * Milliseconds until `relativeTime(atMs, …)` would read differently, so the UI can schedule a
 * single refresh. Never more than an hour, since long timers drift while a device sleeps.
 */
export function nextTick(atMs: number, nowMs: number): number {
  const age = nowMs - atMs;
  if (!Number.isFinite(age)) return HOUR;
  let wait: number;
  if (age < JUST_NOW) wait = JUST_NOW - age;
  else if (age < 2 * MINUTE) wait = 2 * MINUTE - age;
  else if (age < HOUR) wait = MINUTE - (age % MINUTE);
  else if (age < DAY) wait = HOUR - (age % HOUR);
  else wait = DAY - (age % DAY);
  return Math.min(wait, HOUR);
}
