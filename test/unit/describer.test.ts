import { describe, expect, it } from 'vitest';
import { createCatalog, createDescriber, messagesFor, type Catalog } from '../../src/catalog/index.js';
import { note } from './fixtures.js';

/** A catalog that counts how often it is asked. */
function counting(inner: Catalog = createCatalog()): Catalog & { calls: number } {
  const counter = {
    calls: 0,
    describe(...args: Parameters<Catalog['describe']>) {
      counter.calls++;
      return inner.describe(...args);
    },
  };
  return counter;
}

const order = () => note('order.created', { orderCode: 'ORD-1', customerName: 'Budi', totalAmount: 150000 });

describe('describer', () => {
  it('gives what the catalog gives, and carries its locale, messages and catalog', () => {
    const catalog = createCatalog({ templates: { 'order.created': { link: '/orders/{orderCode}' } } });
    const describer = createDescriber(catalog, 'id');
    const n = order();
    expect(describer.describe(n)).toEqual(catalog.describe(n, 'id'));
    expect(describer.describe(n).href).toBe('/orders/ORD-1');
    expect(describer).toMatchObject({ locale: 'id', catalog });
    expect(describer.messages).toBe(messagesFor('id'));
  });

  it('describes the same notification once', () => {
    const catalog = counting();
    const describer = createDescriber(catalog, 'en');
    const n = order();
    const first = describer.describe(n);
    expect(describer.describe(n)).toBe(first);
    expect(catalog.calls).toBe(1);
  });

  it('reuses the description for the copy made when the notification is marked read', () => {
    const catalog = counting();
    const describer = createDescriber(catalog, 'en');
    const n = order();
    const first = describer.describe(n);
    expect(describer.describe({ ...n, read: true })).toBe(first);
    expect(catalog.calls).toBe(1);
  });

  it('describes again when the event, title or body differ for the same data', () => {
    const catalog = counting();
    const describer = createDescriber(catalog, 'en');
    const n = order();
    expect(describer.describe(n).title).toBe('🛍️ New Order');
    expect(describer.describe({ ...n, title: 'Custom' }).title).toBe('Custom');
    expect(describer.describe({ ...n, title: 'Custom', body: 'From server' }).body).toBe('From server');
    expect(describer.describe({ ...n, event: 'payment.received' }).title).toBe('💰 Payment Received');
    expect(catalog.calls).toBe(4);
    // The latest description replaced the earlier one.
    describer.describe({ ...n, event: 'payment.received' });
    expect(catalog.calls).toBe(4);
    expect(describer.describe(n).title).toBe('🛍️ New Order');
    expect(catalog.calls).toBe(5);
  });

  it('describes notifications with other data objects separately', () => {
    const catalog = counting();
    const describer = createDescriber(catalog, 'en');
    const a = describer.describe(order());
    const b = describer.describe(order());
    expect(b).toEqual(a);
    expect(catalog.calls).toBe(2);
  });

  it('describes in its own language', () => {
    const catalog = createCatalog();
    const n = order();
    const en = createDescriber(catalog, 'en').describe(n);
    const id = createDescriber(catalog, 'id').describe(n);
    expect(en).toMatchObject({ title: '🛍️ New Order', body: 'Budi placed an order #ORD-1 (Rp 150.000)' });
    expect(id).toMatchObject({ title: '🛍️ Pesanan Baru', body: 'Budi membuat pesanan #ORD-1 (Rp 150.000)' });
  });

  it('describes notifications without an object as data, without caching', () => {
    const catalog = counting();
    const describer = createDescriber(catalog, 'en');
    const n = note('order.created', null as unknown as Record<string, unknown>);
    expect(describer.describe(n)).toEqual(createCatalog().describe(n, 'en'));
    describer.describe(n);
    expect(catalog.calls).toBe(2);
  });

  it('hands out descriptions that cannot be changed under other readers', () => {
    const d = createDescriber(createCatalog(), 'en').describe(order());
    expect(Object.isFrozen(d)).toBe(true);
  });
});
