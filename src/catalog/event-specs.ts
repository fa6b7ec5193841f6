import { LOCALES, type LocaleTable } from '../locales/index.js';
import type { Category, Localized, Severity } from './types.js';

/** What a built-in event is, apart from its wording (which is in the locale tables). */
export interface EventTraits {
  category: Category;
  severity: Severity;
  /** The host's dashboard should reload its data when this event arrives. */
  refresh: boolean;
}

/** The built-in description of one event: where it belongs, how loud it is and how it reads. */
export interface EventSpec extends EventTraits {
  /** Templates with `{field}` placeholders. */
  title: Localized;
  body: Localized;
}

/** Every category, in the order the panel's filter shows them. */
export const CATEGORIES: readonly Category[] = ['orders', 'payments', 'shipping', 'refunds', 'stock', 'users'];

/** Every severity, quietest first. */
export const SEVERITIES: readonly Severity[] = ['info', 'success', 'warning', 'critical'];

const traits = {
  'order.created': { category: 'orders', severity: 'info', refresh: true },
  'payment.received': { category: 'payments', severity: 'success', refresh: true },
  'payment.expired': { category: 'payments', severity: 'warning', refresh: false },
  'order.cancelled': { category: 'orders', severity: 'info', refresh: false },
  'order.shipped': { category: 'shipping', severity: 'info', refresh: false },
  'order.delivered': { category: 'shipping', severity: 'success', refresh: false },
  'refund.requested': { category: 'refunds', severity: 'info', refresh: false },
  'dispute.created': { category: 'refunds', severity: 'critical', refresh: false },
  'stock.low': { category: 'stock', severity: 'warning', refresh: false },
  'user.registered': { category: 'users', severity: 'info', refresh: false },
  'shipment.updated': { category: 'shipping', severity: 'info', refresh: false },
  'payment.recovered': { category: 'payments', severity: 'success', refresh: false },
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
        ...EVENT_TRAITS[name],
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
