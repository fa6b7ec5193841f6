import { burstTitles } from './burst.js';
import type { LocaleTable } from './types.js';

/** Indonesian. */
export const id: LocaleTable = {
  intl: 'id-ID',
  aliases: ['in'],
  justNow: 'baru saja',
  untitled: 'Notifikasi',
  events: {
    'order.created': {
      title: '🛍️ Pesanan Baru',
      body: '{customerName} membuat pesanan #{orderCode} (Rp {totalAmount})',
    },
    'payment.received': {
      title: '💰 Pembayaran Diterima',
      body: 'Pesanan #{orderCode} dibayar via {paymentMethod} (Rp {totalAmount})',
    },
    'payment.expired': {
      title: '⏰ Pembayaran Kedaluwarsa',
      body: 'Pembayaran pesanan #{orderCode} telah kedaluwarsa',
    },
    'order.cancelled': {
      title: '❌ Pesanan Dibatalkan',
      body: 'Pesanan #{orderCode} dibatalkan oleh admin',
    },
    'order.shipped': {
      title: '📦 Pesanan Dikirim',
      body: 'Pesanan #{orderCode} dikirim via {courier}',
    },
    'order.delivered': {
      title: '✅ Pesanan Sampai',
      body: 'Pesanan #{orderCode} telah sampai ke pembeli',
    },
    'refund.requested': {
      title: '💸 Permintaan Refund',
      body: 'Refund diajukan untuk pesanan #{orderCode} (Rp {amount})',
    },
    'dispute.created': {
      title: '⚠️ Komplain Baru',
      body: 'Komplain #{disputeCode} diajukan untuk pesanan #{orderCode}',
    },
    'stock.low': {
      title: '⚠️ Stok Menipis',
      body: 'Stok {productName} tinggal {stock}',
    },
    'user.registered': {
      title: '👤 Pengguna Baru',
      body: '{name} ({email}) baru saja mendaftar',
    },
    'shipment.updated': {
      title: '📦 Update Pengiriman',
      body: 'Pesanan #{orderCode} - {status} ({courier})',
    },
    'payment.recovered': {
      title: '🔄 Pembayaran Dipulihkan',
      body: 'Status pembayaran pesanan #{orderCode} telah diperbarui',
    },
  },
  messages: {
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
    burstBody: (titles) => burstTitles(titles, 'Buka panel untuk melihat semuanya'),
    desktopEnable: 'Aktifkan notifikasi desktop',
    mute: 'Bisukan',
    unmute: 'Aktifkan suara',
    authError: 'Sesi berakhir — silakan masuk lagi',
  },
};
