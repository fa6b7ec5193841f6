import type { LoncengNotification } from '../core/types.js';
import { LOCALES, tableFor, type LocaleTable } from '../locales/index.js';
import { EVENT_TRAITS, isSticky } from './event-specs.js';
import { fieldText, fill, interpolate, own, toText } from './format.js';
import type { Category, Locale, Severity } from './types.js';

/** A text for every locale, or per locale; missing locales fall back to the built-in text, then to any given one. */
export type OverrideText = string | Partial<Record<Locale, string>>;

/** The host's settings for one event; every field wins over the built-in one. */
export interface TemplateOverride {
  /** Title template with `{field}` placeholders. */
  title?: OverrideText;
  /** Body template with `{field}` placeholders. */
  body?: OverrideText;
  /**
   * Where activating the notification leads, e.g. `/admin/orders/{orderCode}`. Values are
   * URL-encoded; only relative and http(s) URLs are used.
   */
  link?: string;
  category?: Category;
  severity?: Severity;
  /** The host's dashboard should reload its data when this event arrives. */
  refresh?: boolean;
}

/** Options of {@link createCatalog}. */
export interface CatalogOptions {
  /** Per event name: the host's own texts, link and classification. */
  templates?: Record<string, TemplateOverride>;
}

/** A notification ready to show, as plain text. */
export interface Described {
  title: string;
  body: string;
  category: Category | 'other';
  severity: Severity;
  refresh: boolean;
  /** Only set when the host configured a link and it is a safe URL. */
  href?: string;
  /** The toast stays until dismissed. */
  sticky: boolean;
}

/** Turns notifications into what the UI shows. */
export interface Catalog {
  describe(notification: LoncengNotification, locale: Locale): Described;
}

/** `invoice.overdue` → `Invoice overdue`, `stockLow` → `Stock low`. */
function titleFromEvent(event: string, table: LocaleTable): string {
  const words = event
    .replace(/(?<=[a-z\d])[A-Z]/g, (capital) => ` ${capital.toLowerCase()}`)
    .replace(/[\s._:/-]+/g, ' ')
    .trim();
  return words.replace(/^./, (first) => first.toUpperCase()) || table.untitled;
}

function bodyFromData(data: Record<string, unknown>): string {
  return Object.keys(data)
    .slice(0, 3)
    .map((key) => `${key}: ${fieldText(data, key)}`)
    .join(' · ');
}

// Relative (but not protocol-relative) or http(s). Browsers drop tabs and newlines inside URLs
// and read "\" as "/", which could turn "/\evil.example" into another host, so those are refused.
const SAFE_URL = /^(?:\/(?!\/)|\.\.?\/|[?#]|https?:\/\/)/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const UNSAFE_CHARS = /[\0-\x1f\x7f\\]/;

/** Longer titles and bodies are cut for display (the notification's data keeps them whole). */
export const MAX_TITLE_CHARS = 200;
export const MAX_BODY_CHARS = 1000;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

// A placeholder before the path (`https://{shop}/x`, `{scheme}://…`) would let data choose where the link goes.
const PLACEHOLDER_IN_ORIGIN = /^(?:[^/?#]*\/\/)?[^/?#]*\{/;

/**
 * The host's link with the notification's data, or undefined when it is not a safe URL. Data
 * fills only the path, query and fragment, percent-encoded.
 */
function linkFor(link: string | undefined, data: Record<string, unknown>): string | undefined {
  if (typeof link !== 'string' || PLACEHOLDER_IN_ORIGIN.test(link)) return undefined;
  let url: string;
  try {
    url = fill(link, (key) => {
      const value = own(data, key);
      return value == null ? '' : encodeURIComponent(toText(value));
    });
  } catch {
    // A lone surrogate in the data: encodeURIComponent cannot encode it, so there is no link.
    return undefined;
  }
  return SAFE_URL.test(url) && !UNSAFE_CHARS.test(url) ? url : undefined;
}

/**
 * Creates a catalog. Server-sent `title`/`body` win over templates, the host's `templates` win
 * over the built-in twelve events, and unknown events get a title from their name and a body
 * from their first three data fields.
 */
export function createCatalog(options: CatalogOptions = {}): Catalog {
  const overrides = options.templates;
  return {
    describe(notification, locale) {
      const event = String(notification.event);
      const data: Record<string, unknown> = notification.data != null && typeof notification.data === 'object' ? notification.data : {};
      const table = tableFor(locale);
      const spec = own(EVENT_TRAITS, event);
      const wording = own(table.events, event);
      const override = own(overrides, event);

      /**
       * The server's text, else a template filled in (the host's for this locale, the built-in
       * one, the host's in the first registered locale it gave one for), else `fallback()`.
       */
      const text = (part: 'title' | 'body', fallback: () => string): string => {
        const given = notification[part];
        if (typeof given === 'string' && given !== '') return given;
        const host = override?.[part];
        const chosen =
          typeof host === 'string'
            ? host
            : (host?.[locale] ??
              wording?.[part] ??
              (Object.keys(LOCALES) as Locale[]).map((other) => host?.[other]).find((text) => text != null));
        return chosen === undefined ? fallback() : interpolate(chosen, data);
      };
      const title = clip(
        text('title', () => titleFromEvent(event, table)),
        MAX_TITLE_CHARS,
      );
      const body = clip(
        text('body', () => bodyFromData(data)),
        MAX_BODY_CHARS,
      );

      const category = override?.category ?? spec?.category ?? 'other';
      const severity = override?.severity ?? spec?.severity ?? 'info';
      const refresh = override?.refresh ?? spec?.refresh ?? false;
      const href = linkFor(override?.link, data);

      return { title, body, category, severity, refresh, sticky: isSticky(severity), ...(href !== undefined && { href }) };
    },
  };
}
