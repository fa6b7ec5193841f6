import { LOCALES, type LocaleTable } from '../locales/index.js';
import type { Category, Localized, Severity } from './types.js';

/** What a built-in event is, apart from its wording (which is in the locale tables). */
export interface EventTraits {
  category: Category;
  /** Absent means `info`. */
  severity?: Severity;
  /** The host's dashboard should reload its data when this event arrives; absent means it need not. */
  refresh?: boolean;
}

/** The built-in description of one event: where it belongs, how loud it is and how it reads. */
export interface EventSpec extends EventTraits {
  severity: Severity;
  /** The host's dashboard should reload its data when this event arrives. */
  refresh: boolean;
  /** Templates with `{field}` placeholders. */
  title: Localized;
  body: Localized;
}

/** Every category, in the order the panel's filter shows them. */
export const CATEGORIES: readonly Category[] = ['orders', 'payments', 'shipping', 'refunds', 'stock', 'users'];

/** Every severity, quietest first. */
export const SEVERITIES: readonly Severity[] = ['info', 'success', 'warning', 'critical'];

const traits = {
  'order.created': { category: 'orders', refresh: true },
  'payment.received': { category: 'payments', severity: 'success', refresh: true },
  'payment.expired': { category: 'payments', severity: 'warning' },
  'order.cancelled': { category: 'orders' },
  'order.shipped': { category: 'shipping' },
  'order.delivered': { category: 'shipping', severity: 'success' },
  'refund.requested': { category: 'refunds' },
  'dispute.created': { category: 'refunds', severity: 'critical' },
  'stock.low': { category: 'stock', severity: 'warning' },
  'user.registered': { category: 'users' },
  'shipment.updated': { category: 'shipping' },
  'payment.recovered': { category: 'payments', severity: 'success' },
} satisfies Record<string, EventTraits>;

/** The name of one of the twelve events of the shop backend. */
export type EventName = keyof typeof traits;

/** The twelve events of the shop backend, by event name, without their wording. */
export const EVENT_TRAITS: Readonly<Record<EventName, EventTraits>> = traits;

function localized(pick: (table: LocaleTable) => string): Localized {
  return Object.fromEntries(Object.entries(LOCALES).map(([locale, table]) => [locale, pick(table)])) as Localized;
}

const withWording = (): Record<string, EventSpec> =>
  Object.fromEntries(
    (Object.keys(EVENT_TRAITS) as EventName[]).map((name) => [
      name,
      {
        category: EVENT_TRAITS[name].category,
        severity: EVENT_TRAITS[name].severity ?? 'info',
        refresh: EVENT_TRAITS[name].refresh ?? false,
        title: localized((table) => table.events[name].title),
        body: localized((table) => table.events[name].body),
      },
    ]),
  );

/**
 * The twelve events of the shop backend, by event name, with their templates in every locale.
 * (Built by a pure call: the widget reads traits and tables directly, so a bundle that does not
 * use this leaves it out.)
 */
export const EVENTS: Readonly<Record<string, EventSpec>> = /* @__PURE__ */ withWording();

/** True for severities whose toasts stay until dismissed (payment.expired, dispute.created, stock.low). */
export function isSticky(severity: Severity): boolean {
  return severity === 'warning' || severity === 'critical';
}
