import type { ConnectionState } from '../core/types.js';
import type { Category, Locale } from './types.js';

/** Every string the widget's own UI shows, in one language. */
export interface Messages {
  /** Panel heading. */
  heading: string;
  /** Accessible name of the bell: "Notifications, 3 unread"; just the heading at 0. */
  bellLabel(unread: number): string;
  markAllRead: string;
  /** The panel has nothing to show. */
  empty: string;
  /** Screen-reader text for an unread item. */
  unread: string;
  /** Filter names; `other` holds events the catalog does not know. */
  categories: Record<Category | 'all' | 'other', string>;
  /** Accessible name of the category filter. */
  filterLabel: string;
  status: Record<ConnectionState, string>;
  /** Dismisses a toast. */
  dismiss: string;
  /** Title of the one toast that stands for a burst. */
  burstTitle(count: number): string;
  /** Body of that toast: the distinct titles when there are at most three, else a pointer to the panel. */
  burstBody(titles: readonly string[]): string;
  desktopEnable: string;
  mute: string;
  unmute: string;
  authError: string;
}

function listTitles(titles: readonly string[], openPanel: string): string {
  const distinct = [...new Set(titles)];
  return distinct.length > 0 && distinct.length <= 3 ? distinct.join(' · ') : openPanel;
}

/** UI strings by locale. */
export const MESSAGES: Readonly<Record<Locale, Messages>> = {
  en: {
    heading: 'Notifications',
    bellLabel: (n) => (n > 0 ? `Notifications, ${n} unread` : 'Notifications'),
    markAllRead: 'Mark all as read',
    empty: "You're all caught up",
    unread: 'Unread',
    categories: {
      all: 'All',
      orders: 'Orders',
      payments: 'Payments',
      shipping: 'Shipping',
      refunds: 'Refunds & disputes',
      stock: 'Stock',
      users: 'Users',
      other: 'Other',
    },
    filterLabel: 'Filter by category',
    status: {
      open: 'Live',
      connecting: 'Connecting…',
      reconnecting: 'Reconnecting…',
      offline: 'Offline',
      closed: 'Disconnected',
    },
    dismiss: 'Dismiss',
    burstTitle: (n) => (n === 1 ? '1 new notification' : `${n} new notifications`),
    burstBody: (titles) => listTitles(titles, 'Open the panel to see them all'),
    desktopEnable: 'Enable desktop alerts',
    mute: 'Mute',
    unmute: 'Unmute',
    authError: 'Session expired — please sign in again',
  },
  id: {
    heading: 'Notifikasi',
    bellLabel: (n) => (n > 0 ? `Notifikasi, ${n} belum dibaca` : 'Notifikasi'),
    markAllRead: 'Tandai semua dibaca',
    empty: 'Belum ada notifikasi',
    unread: 'Belum dibaca',
    categories: {
      all: 'Semua',
      orders: 'Pesanan',
      payments: 'Pembayaran',
      shipping: 'Pengiriman',
      refunds: 'Refund & komplain',
      stock: 'Stok',
      users: 'Pengguna',
      other: 'Lainnya',
    },
    filterLabel: 'Filter berdasarkan kategori',
    status: {
      open: 'Terhubung',
      connecting: 'Menghubungkan…',
      reconnecting: 'Menyambungkan ulang…',
      offline: 'Offline',
      closed: 'Terputus',
    },
    dismiss: 'Tutup',
    burstTitle: (n) => `${n} notifikasi baru`,
    burstBody: (titles) => listTitles(titles, 'Buka panel untuk melihat semuanya'),
    desktopEnable: 'Aktifkan notifikasi desktop',
    mute: 'Bisukan',
    unmute: 'Aktifkan suara',
    authError: 'Sesi berakhir — silakan masuk lagi',
  },
};

/** The UI strings for `locale`. */
export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale === 'id' ? 'id' : 'en'];
}

function primary(tag: string | null | undefined): string {
  return (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * The widget's language: `attr` when it names en or id (`id-ID` and `en-US` count), else `id`
 * when the document's language is Indonesian, else `en`.
 */
export function resolveLocale(attr: string | null | undefined, documentLang: string | null | undefined): Locale {
  const asked = primary(attr);
  if (asked === 'en' || asked === 'id') return asked;
  // "in" is Indonesian's withdrawn ISO 639 code, still emitted by some platforms.
  const page = primary(documentLang);
  return page === 'id' || page === 'in' ? 'id' : 'en';
}
