import { burstTitles } from './burst.js';
import type { LocaleTable } from './types.js';

/** English. Event wording is the contract's, character for character. */
export const en: LocaleTable = {
  intl: 'en-US',
  justNow: 'just now',
  untitled: 'Notification',
  events: {
    'order.created': {
      title: '🛍️ New Order',
      body: '{customerName} placed an order #{orderCode} (Rp {totalAmount})',
    },
    'payment.received': {
      title: '💰 Payment Received',
      body: 'Order #{orderCode} paid via {paymentMethod} (Rp {totalAmount})',
    },
    'payment.expired': {
      title: '⏰ Payment Expired',
      body: 'Order #{orderCode} payment has expired',
    },
    'order.cancelled': {
      title: '❌ Order Cancelled',
      body: 'Order #{orderCode} cancelled by admin',
    },
    'order.shipped': {
      title: '📦 Order Shipped',
      body: 'Order #{orderCode} shipped via {courier}',
    },
    'order.delivered': {
      title: '✅ Order Delivered',
      body: 'Order #{orderCode} delivered successfully',
    },
    'refund.requested': {
      title: '💸 Refund Request',
      body: 'Refund requested for order #{orderCode} (Rp {amount})',
    },
    'dispute.created': {
      title: '⚠️ New Dispute',
      body: 'Dispute #{disputeCode} created for order #{orderCode}',
    },
    'stock.low': {
      title: '⚠️ Low Stock Alert',
      body: '{productName} has only {stock} items left',
    },
    'user.registered': {
      title: '👤 New User',
      body: '{name} ({email}) registered',
    },
    'shipment.updated': {
      title: '📦 Shipment Update',
      body: 'Order #{orderCode} - {status} ({courier})',
    },
    'payment.recovered': {
      title: '🔄 Payment Recovered',
      body: 'Order #{orderCode} payment status updated',
    },
  },
  messages: {
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
    burstBody: (titles) => burstTitles(titles, 'Open the panel to see them all'),
    desktopEnable: 'Enable desktop alerts',
    mute: 'Mute',
    unmute: 'Unmute',
    authError: 'Session expired — please sign in again',
  },
};
