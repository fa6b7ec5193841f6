import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import { axeViolations } from '../support/axe.js';
import { publish } from '../support/hub.js';
import { deepActiveElement, mountWidget, openPanel, part, parts, sleep, uniqueUser, visibleText, waitFor } from '../support/widget.js';

const SAMPLES: Record<string, { data: Record<string, unknown>; en: string; id: string }> = {
  'order.created': {
    data: { orderCode: 'ORD-1', customerName: 'Budi', totalAmount: 150000 },
    en: '🛍️ New Order Budi placed an order #ORD-1 (Rp 150.000)',
    id: '🛍️ Pesanan Baru Budi membuat pesanan #ORD-1 (Rp 150.000)',
  },
  'payment.received': {
    data: { orderCode: 'ORD-2', paymentMethod: 'QRIS', totalAmount: 2500000 },
    en: '💰 Payment Received Order #ORD-2 paid via QRIS (Rp 2.500.000)',
    id: '💰 Pembayaran Diterima Pesanan #ORD-2 dibayar via QRIS (Rp 2.500.000)',
  },
  'payment.expired': {
    data: { orderCode: 'ORD-3' },
    en: '⏰ Payment Expired Order #ORD-3 payment has expired',
    id: '⏰ Pembayaran Kedaluwarsa Pembayaran pesanan #ORD-3 telah kedaluwarsa',
  },
  'order.cancelled': {
    data: { orderCode: 'ORD-4' },
    en: '❌ Order Cancelled Order #ORD-4 cancelled by admin',
    id: '❌ Pesanan Dibatalkan Pesanan #ORD-4 dibatalkan oleh admin',
  },
  'order.shipped': {
    data: { orderCode: 'ORD-5', courier: 'JNE' },
    en: '📦 Order Shipped Order #ORD-5 shipped via JNE',
    id: '📦 Pesanan Dikirim Pesanan #ORD-5 dikirim via JNE',
  },
  'order.delivered': {
    data: { orderCode: 'ORD-6' },
    en: '✅ Order Delivered Order #ORD-6 delivered successfully',
    id: '✅ Pesanan Sampai Pesanan #ORD-6 telah sampai ke pembeli',
  },
  'refund.requested': {
    data: { orderCode: 'ORD-7', amount: 75000 },
    en: '💸 Refund Request Refund requested for order #ORD-7 (Rp 75.000)',
    id: '💸 Permintaan Refund Refund diajukan untuk pesanan #ORD-7 (Rp 75.000)',
  },
  'dispute.created': {
    data: { disputeCode: 'DSP-8', orderCode: 'ORD-8' },
    en: '⚠️ New Dispute Dispute #DSP-8 created for order #ORD-8',
    id: '⚠️ Komplain Baru Komplain #DSP-8 diajukan untuk pesanan #ORD-8',
  },
  'stock.low': {
    data: { productName: 'Kopi Gayo', stock: 3 },
    en: '⚠️ Low Stock Alert Kopi Gayo has only 3 items left',
    id: '⚠️ Stok Menipis Stok Kopi Gayo tinggal 3',
  },
  'user.registered': {
    data: { name: 'Sari', email: 'sari@example.id' },
    en: '👤 New User Sari (sari@example.id) registered',
    id: '👤 Pengguna Baru Sari (sari@example.id) baru saja mendaftar',
  },
  'shipment.updated': {
    data: { orderCode: 'ORD-9', status: 'In transit', courier: 'SiCepat' },
    en: '📦 Shipment Update Order #ORD-9 - In transit (SiCepat)',
    id: '📦 Update Pengiriman Pesanan #ORD-9 - In transit (SiCepat)',
  },
  'payment.recovered': {
    data: { orderCode: 'ORD-10' },
    en: '🔄 Payment Recovered Order #ORD-10 payment status updated',
    id: '🔄 Pembayaran Dipulihkan Status pembayaran pesanan #ORD-10 telah diperbarui',
  },
};

const itemText = (item: HTMLElement) =>
  visibleText(item.querySelector('strong') as HTMLElement) + ' ' + visibleText(item.querySelector('.body') as HTMLElement);

describe('<lonceng-notifications>', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('lonceng-notifications')) el.remove();
  });

  for (const locale of ['en', 'id'] as const) {
    it(`shows all twelve seed events in ${locale === 'en' ? 'English' : 'Indonesian'} with Rupiah amounts`, async () => {
      const { el, user } = await mountWidget({ locale, 'toast-duration': '500' });
      await openPanel(el);
      for (const [event, { data }] of Object.entries(SAMPLES)) await publish(user, { event, data });
      await waitFor(() => parts(el, 'item').length === 12, 'twelve items');
      const texts = parts(el, 'item').map(itemText);
      for (const [event, sample] of Object.entries(SAMPLES)) expect(texts, event).to.include(sample[locale]);
    });
  }

  it('shows markup in payload fields as literal text and never runs it', async () => {
    const { el, user } = await mountWidget();
    await openPanel(el);
    const attack = '<img src=x onerror="window.__pwned=true"><script>window.__pwned=true</script>';
    await publish(user, { event: 'order.created', data: { orderCode: attack, customerName: '<b>Budi</b>', totalAmount: 1000 } });
    await publish(user, { event: 'unknown.event', title: '<i>server title</i>', body: attack });
    await waitFor(() => parts(el, 'item').length === 2 && parts(el, 'toast').length === 2, 'items and toasts');
    await sleep(100);
    const texts = parts(el, 'item').map(itemText).join(' ');
    expect(texts).to.contain('<b>Budi</b> placed an order #<img src=x');
    expect(texts).to.contain('<i>server title</i>');
    for (const host of [part(el, 'panel')!, ...parts(el, 'toast')]) {
      expect(host.querySelector('img, script, b, i')).to.equal(null);
    }
    expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
  });

  it('keeps a row and a toast a few lines tall, inside the panel and the viewport, for a 10,000-character word', async () => {
    const { el, user } = await mountWidget();
    await openPanel(el);
    const word = 'w'.repeat(10_000);
    await publish(user, { event: 'unknown.event', title: word, body: word });
    await publish(user, { event: 'order.created', data: { orderCode: 'ORD-2', customerName: word, totalAmount: 1000 } });
    await waitFor(() => parts(el, 'item').length === 2 && parts(el, 'toast').length === 2, 'items and toasts');
    const panel = part(el, 'panel')!.getBoundingClientRect();
    for (const item of parts(el, 'item')) {
      const box = item.getBoundingClientRect();
      expect(box.height, 'row height in px').to.be.below(200);
      expect(box.left).to.be.at.least(panel.left - 1);
      expect(box.right).to.be.at.most(panel.right + 1);
    }
    for (const toast of parts(el, 'toast')) {
      const box = toast.getBoundingClientRect();
      expect(box.height, 'toast height in px').to.be.below(200);
      expect(box.right).to.be.at.most(innerWidth);
    }
  });

  it('marks one and all read from the panel, updating the badge, and keeps it after a reload', async () => {
    const { el, user } = await mountWidget();
    for (let i = 1; i <= 3; i++)
      await publish(user, { event: 'order.created', data: { orderCode: `ORD-${i}`, customerName: 'Budi', totalAmount: 1000 } });
    await waitFor(() => visibleText(part(el, 'badge')) === '3', 'badge 3');
    expect(document.title).to.match(/^\(3\) /);
    part(el, 'bell')!.click();
    await waitFor(() => parts(el, 'item').length === 3, 'three items');
    const opened: unknown[] = [];
    el.addEventListener('lonceng-open', (e) => opened.push(e.detail.notification.data.orderCode));
    parts(el, 'item')[0].click();
    await waitFor(() => visibleText(part(el, 'badge')) === '2', 'badge 2');
    expect(opened).to.deep.equal(['ORD-3']);
    await el.notifier!.flush();
    el.remove();

    const again = await mountWidget({}, user);
    await waitFor(() => visibleText(part(again.el, 'badge')) === '2', 'badge 2 after reload');
    await openPanel(again.el);
    part(again.el, 'mark-all-read')!.click();
    await waitFor(() => !part(again.el, 'badge'), 'badge gone');
    expect(document.title).not.to.match(/^\(\d+\) /);
    await again.el.notifier!.flush();
    again.el.remove();
    const third = await mountWidget({}, user);
    await third.el.notifier!.ready;
    await sleep(50);
    expect(part(third.el, 'badge')).to.equal(undefined);
    expect(third.el.notifier!.items).to.have.length(3);
  });

  it('shows 99+ above 99 unread', async () => {
    const { el, user } = await mountWidget({ 'toast-duration': '300' });
    for (let i = 0; i < 101; i++) void publish(user, { event: 'stock.low', data: { productName: `P${i}`, stock: 1 } });
    await waitFor(() => visibleText(part(el, 'badge')) === '99+', 'badge 99+', 10_000);
  });

  it('shows toasts that pause while hovered and leave afterwards', async () => {
    const { el, user } = await mountWidget({ 'toast-duration': '400' });
    await publish(user, { event: 'order.shipped', data: { orderCode: 'ORD-1', courier: 'JNE' } });
    await waitFor(() => parts(el, 'toast').length === 1, 'a toast');
    const toast = parts(el, 'toast')[0];
    toast.dispatchEvent(new PointerEvent('pointerenter'));
    toast.dispatchEvent(new MouseEvent('mouseenter'));
    await sleep(900);
    expect(parts(el, 'toast')).to.have.length(1);
    toast.dispatchEvent(new PointerEvent('pointerleave'));
    toast.dispatchEvent(new MouseEvent('mouseleave'));
    await waitFor(() => parts(el, 'toast').length === 0, 'the toast to leave', 3000);
  });

  it('keeps high-severity toasts until dismissed', async () => {
    const { el, user } = await mountWidget({ 'toast-duration': '200' });
    await publish(user, { event: 'dispute.created', data: { disputeCode: 'D1', orderCode: 'ORD-1' } });
    await waitFor(() => parts(el, 'toast').length === 1, 'a toast');
    await sleep(700);
    expect(parts(el, 'toast')).to.have.length(1);
  });

  it('collapses a burst into one summary toast while every notification reaches the panel and badge', async () => {
    const { el, user } = await mountWidget();
    const arrivals: unknown[] = [];
    el.addEventListener('lonceng-notification', (e) => arrivals.push(e.detail.notification.id));
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        publish(user, { event: 'order.created', data: { orderCode: `B-${i}`, customerName: 'Dewi', totalAmount: 5000 } }),
      ),
    );
    await waitFor(() => arrivals.length === 40, '40 arrivals');
    await sleep(1300);
    const toasts = parts(el, 'toast');
    expect(toasts).to.have.length(1);
    expect(visibleText(toasts[0])).to.contain('40 new notifications');
    expect(visibleText(part(el, 'badge'))).to.equal('40');
    expect(el.notifier!.items).to.have.length(40);
  });

  it('fires lonceng-refresh for new orders and payments only, coalesced', async () => {
    const { el, user } = await mountWidget();
    const refreshes: string[][] = [];
    el.addEventListener('lonceng-refresh', (e) => refreshes.push(e.detail.events));
    for (const event of Object.keys(SAMPLES)) await publish(user, { event, data: SAMPLES[event].data });
    await waitFor(() => el.notifier!.items.length === 12, 'all twelve');
    await sleep(1200);
    expect(refreshes.flat().sort()).to.deep.equal(['order.created', 'payment.received']);
    expect(refreshes.length).to.be.at.most(2);
    for (let i = 0; i < 20; i++) await publish(user, { event: 'order.created', data: SAMPLES['order.created'].data });
    await sleep(1500);
    expect(refreshes.flat()).to.have.length(22);
    expect(refreshes.length).to.be.at.most(4);
  });

  it('is usable with the keyboard alone: open, move, mark read, close', async () => {
    const { el, user } = await mountWidget();
    await publish(user, { event: 'order.created', data: SAMPLES['order.created'].data });
    await publish(user, { event: 'stock.low', data: SAMPLES['stock.low'].data });
    await waitFor(() => visibleText(part(el, 'badge')) === '2', 'badge 2');
    part(el, 'bell')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => part(el, 'bell')!.getAttribute('aria-expanded') === 'true', 'panel open');
    await waitFor(() => deepActiveElement()?.part.contains('item'), 'focus on the first item');
    const first = deepActiveElement() as HTMLElement;
    await sendKeys({ press: 'ArrowDown' });
    expect(deepActiveElement()).not.to.equal(first);
    expect(deepActiveElement()?.part.contains('item')).to.equal(true);
    await sendKeys({ press: 'Enter' });
    await waitFor(() => visibleText(part(el, 'badge')) === '1', 'one marked read');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => part(el, 'bell')!.getAttribute('aria-expanded') === 'false', 'panel closed');
    expect(deepActiveElement()).to.equal(part(el, 'bell'));
  });

  it('closes the panel on an outside click', async () => {
    const { el } = await mountWidget();
    part(el, 'bell')!.click();
    await waitFor(() => part(el, 'bell')!.getAttribute('aria-expanded') === 'true', 'open');
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await waitFor(() => part(el, 'bell')!.getAttribute('aria-expanded') === 'false', 'closed');
  });

  it('has no accessibility violations with the panel open and toasts shown, in both themes', async () => {
    for (const theme of ['light', 'dark']) {
      const { el, user } = await mountWidget({ theme, 'toast-duration': '60000' });
      await publish(user, { event: 'order.created', data: SAMPLES['order.created'].data });
      await publish(user, { event: 'payment.received', data: SAMPLES['payment.received'].data });
      await waitFor(() => parts(el, 'toast').length === 2, 'two toasts');
      part(el, 'bell')!.click();
      await waitFor(() => parts(el, 'item').length === 2, 'two items');
      await sleep(300);
      expect(await axeViolations(el), theme).to.deep.equal([]);
      el.remove();
    }
  });

  it('logs one clear error and shows no connection when url is missing', async () => {
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const el = document.createElement('lonceng-notifications');
      el.setAttribute('user', uniqueUser());
      document.body.append(el);
      await el.updateComplete;
      await sleep(50);
      expect(errors.filter((args) => String(args[0]).includes('no `url`'))).to.have.length(1);
      expect(part(el, 'bell')).to.not.equal(undefined);
    } finally {
      console.error = original;
    }
  });
});
