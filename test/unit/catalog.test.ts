import { describe, expect, it } from 'vitest';
import {
  createCatalog,
  EVENTS,
  formatAmount,
  formatRupiah,
  interpolate,
  isSticky,
  MAX_BODY_CHARS,
  MAX_TITLE_CHARS,
  MESSAGES,
  messagesFor,
  nextTick,
  relativeTime,
  resolveLocale,
  type Locale,
} from '../../src/catalog/index.js';
import { note } from './fixtures.js';

const samples: Record<string, Record<string, unknown>> = {
  'order.created': { orderCode: 'ORD-1', customerName: 'Budi', totalAmount: 150000 },
  'payment.received': { orderCode: 'ORD-1', paymentMethod: 'gopay', totalAmount: 150000 },
  'payment.expired': { orderCode: 'ORD-1' },
  'order.cancelled': { orderCode: 'ORD-1' },
  'order.shipped': { orderCode: 'ORD-1', courier: 'JNE' },
  'order.delivered': { orderCode: 'ORD-1' },
  'refund.requested': { orderCode: 'ORD-1', amount: 150000 },
  'dispute.created': { disputeCode: 'DSP-7', orderCode: 'ORD-1' },
  'stock.low': { productName: 'Kopi Gayo 250g', stock: 3 },
  'user.registered': { name: 'Siti', email: 'siti@example.com' },
  'shipment.updated': { orderCode: 'ORD-1', status: 'In transit', courier: 'JNE' },
  'payment.recovered': { orderCode: 'ORD-1' },
};

// The contract's wording, character for character.
const english: Record<string, [string, string]> = {
  'order.created': ['🛍️ New Order', 'Budi placed an order #ORD-1 (Rp 150.000)'],
  'payment.received': ['💰 Payment Received', 'Order #ORD-1 paid via gopay (Rp 150.000)'],
  'payment.expired': ['⏰ Payment Expired', 'Order #ORD-1 payment has expired'],
  'order.cancelled': ['❌ Order Cancelled', 'Order #ORD-1 cancelled by admin'],
  'order.shipped': ['📦 Order Shipped', 'Order #ORD-1 shipped via JNE'],
  'order.delivered': ['✅ Order Delivered', 'Order #ORD-1 delivered successfully'],
  'refund.requested': ['💸 Refund Request', 'Refund requested for order #ORD-1 (Rp 150.000)'],
  'dispute.created': ['⚠️ New Dispute', 'Dispute #DSP-7 created for order #ORD-1'],
  'stock.low': ['⚠️ Low Stock Alert', 'Kopi Gayo 250g has only 3 items left'],
  'user.registered': ['👤 New User', 'Siti (siti@example.com) registered'],
  'shipment.updated': ['📦 Shipment Update', 'Order #ORD-1 - In transit (JNE)'],
  'payment.recovered': ['🔄 Payment Recovered', 'Order #ORD-1 payment status updated'],
};

const indonesian: Record<string, [string, string]> = {
  'order.created': ['🛍️ Pesanan Baru', 'Budi membuat pesanan #ORD-1 (Rp 150.000)'],
  'payment.received': ['💰 Pembayaran Diterima', 'Pesanan #ORD-1 dibayar via gopay (Rp 150.000)'],
  'payment.expired': ['⏰ Pembayaran Kedaluwarsa', 'Pembayaran pesanan #ORD-1 telah kedaluwarsa'],
  'order.cancelled': ['❌ Pesanan Dibatalkan', 'Pesanan #ORD-1 dibatalkan oleh admin'],
  'order.shipped': ['📦 Pesanan Dikirim', 'Pesanan #ORD-1 dikirim via JNE'],
  'order.delivered': ['✅ Pesanan Sampai', 'Pesanan #ORD-1 telah sampai ke pembeli'],
  'refund.requested': ['💸 Permintaan Refund', 'Refund diajukan untuk pesanan #ORD-1 (Rp 150.000)'],
  'dispute.created': ['⚠️ Komplain Baru', 'Komplain #DSP-7 diajukan untuk pesanan #ORD-1'],
  'stock.low': ['⚠️ Stok Menipis', 'Stok Kopi Gayo 250g tinggal 3'],
  'user.registered': ['👤 Pengguna Baru', 'Siti (siti@example.com) baru saja mendaftar'],
  'shipment.updated': ['📦 Update Pengiriman', 'Pesanan #ORD-1 - In transit (JNE)'],
  'payment.recovered': ['🔄 Pembayaran Dipulihkan', 'Status pembayaran pesanan #ORD-1 telah diperbarui'],
};

const catalog = createCatalog();

describe('built-in events', () => {
  it('covers exactly the twelve events of the contract', () => {
    expect(Object.keys(EVENTS).sort()).toEqual(Object.keys(english).sort());
  });

  for (const [event, [title, body]] of Object.entries(english)) {
    it(`renders ${event} in English exactly as the contract says`, () => {
      const described = catalog.describe(note(event, samples[event]), 'en');
      expect(described.title).toBe(title);
      expect(described.body).toBe(body);
      expect(described.href).toBeUndefined();
    });
  }

  for (const [event, [title, body]] of Object.entries(indonesian)) {
    it(`renders ${event} in Indonesian`, () => {
      const described = catalog.describe(note(event, samples[event]), 'id');
      expect(described.title).toBe(title);
      expect(described.body).toBe(body);
    });
  }

  it('keeps each emoji identical across languages', () => {
    const emoji = (text: string) => text.slice(0, text.indexOf(' '));
    for (const spec of Object.values(EVENTS)) expect(emoji(spec.title.id)).toBe(emoji(spec.title.en));
  });

  it('asks for a refresh only on order.created and payment.received', () => {
    const refreshing = Object.keys(samples).filter((event) => catalog.describe(note(event, samples[event]), 'en').refresh);
    expect(refreshing.sort()).toEqual(['order.created', 'payment.received']);
  });

  it('keeps only payment.expired, dispute.created and stock.low on screen until dismissed', () => {
    const sticky = Object.keys(samples).filter((event) => catalog.describe(note(event, samples[event]), 'en').sticky);
    expect(sticky.sort()).toEqual(['dispute.created', 'payment.expired', 'stock.low']);
    expect(isSticky('info')).toBe(false);
    expect(isSticky('success')).toBe(false);
  });

  it('sorts events into categories', () => {
    const category = (event: string) => catalog.describe(note(event, {}), 'en').category;
    expect(category('order.created')).toBe('orders');
    expect(category('order.cancelled')).toBe('orders');
    expect(category('payment.recovered')).toBe('payments');
    expect(category('order.delivered')).toBe('shipping');
    expect(category('shipment.updated')).toBe('shipping');
    expect(category('dispute.created')).toBe('refunds');
    expect(category('stock.low')).toBe('stock');
    expect(category('user.registered')).toBe('users');
  });

  it('shows missing fields as a dash and numeric-string amounts grouped', () => {
    const described = catalog.describe(note('order.created', { orderCode: 'ORD-2', totalAmount: '2500000' }), 'en');
    expect(described.body).toBe('— placed an order #ORD-2 (Rp 2.500.000)');
  });

  it('passes markup in data through as literal text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const described = catalog.describe(note('order.created', { orderCode: 'ORD-1', customerName: evil, totalAmount: 1 }), 'en');
    expect(described.body).toBe(`${evil} placed an order #ORD-1 (Rp 1)`);
    expect(catalog.describe(note('x', {}, { title: evil }), 'en').title).toBe(evil);
  });

  it('does not read inherited properties as fields or events', () => {
    expect(interpolate('{constructor}|{toString}', {})).toBe('—|—');
    expect(catalog.describe(note('toString', {}), 'en')).toMatchObject({ title: 'To string', category: 'other' });
  });
});

describe('server text and host overrides', () => {
  it('lets the server title and body win over templates', () => {
    const described = catalog.describe(note('order.created', samples['order.created'], { title: 'Custom', body: 'From server' }), 'id');
    expect(described).toMatchObject({ title: 'Custom', body: 'From server', category: 'orders', refresh: true });
  });

  it('fills only what the server left out', () => {
    const described = catalog.describe(note('order.cancelled', { orderCode: 'ORD-9' }, { title: 'Batal' }), 'en');
    expect(described).toMatchObject({ title: 'Batal', body: 'Order #ORD-9 cancelled by admin' });
  });

  it('lets host overrides win over the built-ins, per locale', () => {
    const custom = createCatalog({
      templates: {
        'order.created': {
          title: { en: 'Order {orderCode}' },
          body: 'Total {totalAmount}',
          severity: 'critical',
          refresh: false,
          category: 'payments',
        },
      },
    });
    const en = custom.describe(note('order.created', samples['order.created']), 'en');
    expect(en).toMatchObject({
      title: 'Order ORD-1',
      body: 'Total 150.000',
      severity: 'critical',
      sticky: true,
      refresh: false,
      category: 'payments',
    });
    // No Indonesian title given: the built-in Indonesian one beats the host's English one.
    expect(custom.describe(note('order.created', samples['order.created']), 'id').title).toBe('🛍️ Pesanan Baru');
  });

  it('interpolates the link with every value URL-encoded', () => {
    const custom = createCatalog({
      templates: {
        'order.created': { link: '/admin/orders/{orderCode}?q={customerName}&missing={nope}' },
        'stock.low': { link: 'https://shop.example/admin/products?name={productName}' },
      },
    });
    expect(custom.describe(note('order.created', { orderCode: 'ORD/1?x', customerName: 'Budi & Ani' }), 'en').href).toBe(
      '/admin/orders/ORD%2F1%3Fx?q=Budi%20%26%20Ani&missing=',
    );
    expect(custom.describe(note('stock.low', { productName: 'Kopi #1' }), 'en').href).toBe(
      'https://shop.example/admin/products?name=Kopi%20%231',
    );
  });

  it('accepts relative links and refuses anything that could leave for another scheme or host', () => {
    const hrefFor = (link: string, data: Record<string, unknown> = {}) =>
      createCatalog({ templates: { e: { link } } }).describe(note('e', data), 'en').href;
    for (const ok of ['/a', './a', '../a', '?tab=1', '#x', 'http://x.example/', 'HTTPS://x.example/']) expect(hrefFor(ok)).toBe(ok);
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,x',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      'admin/orders',
      'mailto:a@b.c',
    ]) {
      expect(hrefFor(bad)).toBeUndefined();
    }
    expect(hrefFor('{url}', { url: 'javascript:alert(1)' })).toBeUndefined();
    expect(hrefFor('/{p}', { p: '/evil.example' })).toBe('/%2Fevil.example');
  });

  it('lets data fill only the path, query and fragment of a link, never its scheme or host', () => {
    const hrefFor = (link: string, data: Record<string, unknown>) =>
      createCatalog({ templates: { e: { link } } }).describe(note('e', data), 'en').href;
    for (const link of [
      'https://{orderCode}/x',
      'https://shop.{tld}/x',
      'http://{user}@shop.example/',
      'HTTPS://{h}',
      '{scheme}://shop.example/',
    ]) {
      expect(
        hrefFor(link, { orderCode: 'evil.example', tld: 'evil', user: 'u', h: 'evil.example', scheme: 'https' }),
        link,
      ).toBeUndefined();
    }
    const hostile = ['evil.example', '//evil.example', '../../evil', 'a/../../b', 'x?y#z', 'javascript:alert(1)'];
    for (const value of hostile) {
      const href = hrefFor('https://shop.example/orders/{v}?ref={v}#{v}', { v: value })!;
      expect(new URL(href).origin, value).toBe('https://shop.example');
      expect(new URL(href).pathname, value).toBe(`/orders/${encodeURIComponent(value)}`);
      expect(new URL(href, 'https://admin.example/base/').origin, value).toBe('https://shop.example');
      const relative = hrefFor('/orders/{v}', { v: value })!;
      expect(new URL(relative, 'https://admin.example/base/').origin, value).toBe('https://admin.example');
    }
  });

  it('survives a lone surrogate in data used by a link: no link, the texts still shown', () => {
    const custom = createCatalog({ templates: { 'order.created': { link: '/orders/{orderCode}' } } });
    const described = custom.describe(note('order.created', { ...samples['order.created'], orderCode: 'ORD-\ud800' }), 'en');
    expect(described.href).toBeUndefined();
    expect(described.body).toBe('Budi placed an order #ORD-\ud800 (Rp 150.000)');
  });
});

describe('text that cannot spoof or stall', () => {
  it('drops bidi controls from data, so a value cannot reorder the sentence around it', () => {
    const spoof = { ...samples['order.created'], customerName: 'Budi\u202e\u2067x\u2069\u200f' };
    expect(createCatalog().describe(note('order.created', spoof), 'en').body).toBe('Budix placed an order #ORD-1 (Rp 150.000)');
    // The data itself is kept as sent.
    expect(spoof.customerName).toHaveLength(9);
  });

  it('cuts very long titles and bodies for display', () => {
    const long = 'x'.repeat(100_000);
    const fromServer = createCatalog().describe({ ...note('stock.low', samples['stock.low']), title: long, body: long }, 'en');
    expect(fromServer.title).toHaveLength(MAX_TITLE_CHARS);
    expect(fromServer.title.endsWith('x…')).toBe(true);
    expect(fromServer.body).toHaveLength(MAX_BODY_CHARS);
    const fromData = createCatalog().describe(note('stock.low', { productName: long, stock: 2 }), 'id');
    expect(fromData.body).toHaveLength(MAX_BODY_CHARS);
    expect(fromData.title).toBe('⚠️ Stok Menipis');
  });
});

describe('unknown events', () => {
  it('render the server text when given', () => {
    const described = catalog.describe(
      note('invoice.overdue', { invoice: 'INV-1' }, { title: 'Tagihan', body: 'Lewat jatuh tempo' }),
      'id',
    );
    expect(described).toMatchObject({
      title: 'Tagihan',
      body: 'Lewat jatuh tempo',
      category: 'other',
      severity: 'info',
      refresh: false,
      sticky: false,
    });
  });

  it('fall back to a title from the name and a body from up to three fields', () => {
    const described = catalog.describe(
      note('invoice.overdue', { invoiceCode: 'INV-1', amount: 250000, due: null, customer: { name: 'Budi' }, extra: 'hidden' }),
      'en',
    );
    expect(described).toMatchObject({
      title: 'Invoice overdue',
      body: 'invoiceCode: INV-1 · amount: 250.000 · due: —',
      category: 'other',
      severity: 'info',
      refresh: false,
    });
    expect(catalog.describe(note('subscriptionRenewed', {}), 'en')).toMatchObject({ title: 'Subscription renewed', body: '' });
    expect(catalog.describe(note('', {}), 'id').title).toBe('Notifikasi');
  });

  it('can be described entirely by the host', () => {
    const custom = createCatalog({
      templates: { 'invoice.overdue': { title: 'Invoice {code} overdue', category: 'payments', severity: 'warning' } },
    });
    expect(custom.describe(note('invoice.overdue', { code: 'INV-1' }), 'id')).toMatchObject({
      title: 'Invoice INV-1 overdue',
      body: 'code: INV-1',
      category: 'payments',
      sticky: true,
    });
  });
});

describe('formatting', () => {
  it('groups Rupiah amounts the Indonesian way', () => {
    expect(formatAmount(150000)).toBe('150.000');
    expect(formatAmount(0)).toBe('0');
    expect(formatAmount(1234567.6)).toBe('1.234.568');
    expect(formatAmount('150000')).toBe('150.000');
    expect(formatAmount(' 2500000.00 ')).toBe('2.500.000');
    expect(formatAmount('150.000')).toBe('150.000');
    expect(formatAmount('gratis')).toBe('gratis');
    expect(formatAmount('')).toBe('');
    expect(formatAmount(Number.NaN)).toBe('NaN');
    expect(formatAmount(null)).toBe('—');
    expect(formatRupiah(150000)).toBe('Rp 150.000');
  });

  it('interpolates plain text without escaping', () => {
    expect(interpolate('{a} {b} {c} {d} {totalAmount}', { a: 'x<y>&', b: 0, c: { k: [1] }, totalAmount: 5000 })).toBe(
      'x<y>& 0 {"k":[1]} — 5.000',
    );
    expect(interpolate('{price}', { price: 5000 }, ['price'])).toBe('5.000');
    expect(interpolate('{ notAField } {$&}', { notAField: 1 })).toBe('{ notAField } {$&}');
    expect(interpolate('{a}', { a: '$& $1' })).toBe('$& $1');
  });
});

describe('relative time', () => {
  const now = Date.UTC(2024, 4, 10, 12, 0, 0);
  const ago = (ms: number, locale: Locale) => relativeTime(now - ms, now, locale);
  const s = 1000;
  const min = 60 * s;
  const h = 60 * min;
  const day = 24 * h;

  it('speaks English', () => {
    expect(ago(10 * s, 'en')).toBe('just now');
    expect(ago(50 * s, 'en')).toBe('1 minute ago');
    expect(ago(2 * min, 'en')).toBe('2 minutes ago');
    expect(ago(3 * h, 'en')).toBe('3 hours ago');
    expect(ago(day, 'en')).toBe('yesterday');
    expect(ago(5 * day, 'en')).toBe('5 days ago');
  });

  it('speaks Indonesian', () => {
    expect(ago(10 * s, 'id')).toBe('baru saja');
    expect(ago(2 * min, 'id')).toBe('2 menit yang lalu');
    expect(ago(3 * h, 'id')).toBe('3 jam yang lalu');
    expect(ago(day, 'id')).toBe('kemarin');
    expect(ago(5 * day, 'id')).toBe('5 hari yang lalu');
  });

  it('reads times from a fast clock as just now, and unparsable times as nothing', () => {
    expect(ago(-5 * min, 'en')).toBe('just now');
    expect(relativeTime(Number.NaN, now, 'en')).toBe('');
  });

  it('says when the text will next change', () => {
    const tick = (age: number) => nextTick(now - age, now);
    expect(tick(10 * s)).toBe(35 * s);
    expect(tick(50 * s)).toBe(70 * s);
    expect(tick(2 * min + 10 * s)).toBe(50 * s);
    expect(tick(3 * h + 20 * min)).toBe(40 * min);
    expect(tick(5 * day)).toBe(h);
    expect(tick(-10 * h)).toBe(h);
    for (const age of [10 * s, 50 * s, 2 * min + 10 * s, 3 * h + 20 * min]) {
      const at = now - age;
      const wait = tick(age);
      expect(relativeTime(at, now + wait - 1, 'en')).toBe(relativeTime(at, now, 'en'));
      expect(relativeTime(at, now + wait, 'en')).not.toBe(relativeTime(at, now, 'en'));
    }
  });
});

describe('UI messages and locale', () => {
  it('has every message in both languages', () => {
    const keys = (locale: Locale) => Object.keys(MESSAGES[locale]).sort();
    expect(keys('id')).toEqual(keys('en'));
    expect(Object.keys(MESSAGES.id.categories).sort()).toEqual(Object.keys(MESSAGES.en.categories).sort());
  });

  it('labels the bell with the unread count', () => {
    expect(messagesFor('en').bellLabel(3)).toBe('Notifications, 3 unread');
    expect(messagesFor('en').bellLabel(0)).toBe('Notifications');
    expect(messagesFor('id').bellLabel(3)).toBe('Notifikasi, 3 belum dibaca');
    expect(messagesFor('id').bellLabel(0)).toBe('Notifikasi');
  });

  it('summarises a burst', () => {
    const en = messagesFor('en');
    expect(en.burstTitle(5)).toBe('5 new notifications');
    expect(en.burstBody(['🛍️ New Order', '🛍️ New Order', '💰 Payment Received'])).toBe('🛍️ New Order · 💰 Payment Received');
    expect(en.burstBody(['a', 'b', 'c', 'd'])).toBe('Open the panel to see them all');
    expect(messagesFor('id').burstTitle(5)).toBe('5 notifikasi baru');
    expect(messagesFor('id').burstBody(['a', 'b', 'c', 'd'])).toBe('Buka panel untuk melihat semuanya');
  });

  it('resolves the locale from the attribute, then the page language', () => {
    expect(resolveLocale('id', 'en')).toBe('id');
    expect(resolveLocale('en', 'id')).toBe('en');
    expect(resolveLocale('id-ID', null)).toBe('id');
    expect(resolveLocale('en-US', 'id-ID')).toBe('en');
    expect(resolveLocale(' ID ', undefined)).toBe('id');
    expect(resolveLocale('fr', 'id-ID')).toBe('id');
    expect(resolveLocale(null, 'id')).toBe('id');
    expect(resolveLocale(undefined, 'in')).toBe('id');
    expect(resolveLocale('', 'en-GB')).toBe('en');
    expect(resolveLocale(null, 'ms')).toBe('en');
    expect(resolveLocale(null, null)).toBe('en');
  });
});
