import type { Category, Localized, Severity } from './types.js';

/** The built-in description of one event: where it belongs, how loud it is and how it reads. */
export interface EventSpec {
  category: Category;
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

/** The twelve events of the shop backend, by event name. */
export const EVENTS: Readonly<Record<string, EventSpec>> = {
  'order.created': {
    category: 'orders',
    severity: 'info',
    refresh: true,
    title: { en: '🛍️ New Order', id: '🛍️ Pesanan Baru' },
    body: {
      en: '{customerName} placed an order #{orderCode} (Rp {totalAmount})',
      id: '{customerName} membuat pesanan #{orderCode} (Rp {totalAmount})',
    },
  },
  'payment.received': {
    category: 'payments',
    severity: 'success',
    refresh: true,
    title: { en: '💰 Payment Received', id: '💰 Pembayaran Diterima' },
    body: {
      en: 'Order #{orderCode} paid via {paymentMethod} (Rp {totalAmount})',
      id: 'Pesanan #{orderCode} dibayar via {paymentMethod} (Rp {totalAmount})',
    },
  },
  'payment.expired': {
    category: 'payments',
    severity: 'warning',
    refresh: false,
    title: { en: '⏰ Payment Expired', id: '⏰ Pembayaran Kedaluwarsa' },
    body: {
      en: 'Order #{orderCode} payment has expired',
      id: 'Pembayaran pesanan #{orderCode} telah kedaluwarsa',
    },
  },
  'order.cancelled': {
    category: 'orders',
    severity: 'info',
    refresh: false,
    title: { en: '❌ Order Cancelled', id: '❌ Pesanan Dibatalkan' },
    body: {
      en: 'Order #{orderCode} cancelled by admin',
      id: 'Pesanan #{orderCode} dibatalkan oleh admin',
    },
  },
  'order.shipped': {
    category: 'shipping',
    severity: 'info',
    refresh: false,
    title: { en: '📦 Order Shipped', id: '📦 Pesanan Dikirim' },
    body: {
      en: 'Order #{orderCode} shipped via {courier}',
      id: 'Pesanan #{orderCode} dikirim via {courier}',
    },
  },
  'order.delivered': {
    category: 'shipping',
    severity: 'success',
    refresh: false,
    title: { en: '✅ Order Delivered', id: '✅ Pesanan Sampai' },
    body: {
      en: 'Order #{orderCode} delivered successfully',
      id: 'Pesanan #{orderCode} telah sampai ke pembeli',
    },
  },
  'refund.requested': {
    category: 'refunds',
    severity: 'info',
    refresh: false,
    title: { en: '💸 Refund Request', id: '💸 Permintaan Refund' },
    body: {
      en: 'Refund requested for order #{orderCode} (Rp {amount})',
      id: 'Refund diajukan untuk pesanan #{orderCode} (Rp {amount})',
    },
  },
  'dispute.created': {
    category: 'refunds',
    severity: 'critical',
    refresh: false,
    title: { en: '⚠️ New Dispute', id: '⚠️ Komplain Baru' },
    body: {
      en: 'Dispute #{disputeCode} created for order #{orderCode}',
      id: 'Komplain #{disputeCode} diajukan untuk pesanan #{orderCode}',
    },
  },
  'stock.low': {
    category: 'stock',
    severity: 'warning',
    refresh: false,
    title: { en: '⚠️ Low Stock Alert', id: '⚠️ Stok Menipis' },
    body: {
      en: '{productName} has only {stock} items left',
      id: 'Stok {productName} tinggal {stock}',
    },
  },
  'user.registered': {
    category: 'users',
    severity: 'info',
    refresh: false,
    title: { en: '👤 New User', id: '👤 Pengguna Baru' },
    body: {
      en: '{name} ({email}) registered',
      id: '{name} ({email}) baru saja mendaftar',
    },
  },
  'shipment.updated': {
    category: 'shipping',
    severity: 'info',
    refresh: false,
    title: { en: '📦 Shipment Update', id: '📦 Update Pengiriman' },
    body: {
      en: 'Order #{orderCode} - {status} ({courier})',
      id: 'Pesanan #{orderCode} - {status} ({courier})',
    },
  },
  'payment.recovered': {
    category: 'payments',
    severity: 'success',
    refresh: false,
    title: { en: '🔄 Payment Recovered', id: '🔄 Pembayaran Dipulihkan' },
    body: {
      en: 'Order #{orderCode} payment status updated',
      id: 'Status pembayaran pesanan #{orderCode} telah diperbarui',
    },
  },
};

/** True for severities whose toasts stay until dismissed (payment.expired, dispute.created, stock.low). */
export function isSticky(severity: Severity): boolean {
  return severity === 'warning' || severity === 'critical';
}
