/** What the bench publishes: a shop's everyday mix of events, newest last, a minute apart. */
import type { PublishInput } from '../server/hub.js';

const CUSTOMERS = ['Budi Santoso', 'Siti Rahmawati', 'Agus Pratama', 'Dewi Lestari', 'Rina Wulandari', 'Andi Saputra'];
const COURIERS = ['JNE REG', 'J&T Express', 'SiCepat HALU', 'AnterAja'];
const PRODUCTS = ['Kopi Gayo Arabika 250 g', 'Batik Tulis Solo', 'Teh Tarik Sachet isi 10', 'Tas Anyaman Rotan'];

/** One notification of the mix; `i` picks the event and its details. */
function input(i: number, at: string): PublishInput {
  const orderCode = `ORD-${String(100_000 + i)}`;
  const customerName = CUSTOMERS[i % CUSTOMERS.length];
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
      return { event: 'order.created', at, data: { orderCode, customerName, totalAmount: 25_000 + (i % 40) * 12_500 } };
    case 3:
    case 4:
      return { event: 'payment.received', at, data: { orderCode, paymentMethod: 'QRIS', totalAmount: 95_000 } };
    case 5:
    case 6:
      return { event: 'order.shipped', at, data: { orderCode, courier: COURIERS[i % COURIERS.length] } };
    case 7:
      return { event: 'shipment.updated', at, data: { orderCode, status: 'Paket sedang diantar kurir', courier: COURIERS[0] } };
    case 8:
      return { event: 'user.registered', at, data: { name: customerName, email: `user${i}@example.id` } };
    default:
      return i % 100 === 9
        ? { event: 'stock.low', at, data: { productName: PRODUCTS[i % PRODUCTS.length], stock: 3 } }
        : { event: 'order.delivered', at, data: { orderCode } };
  }
}

/** `count` notifications, oldest first, the newest one now. */
export function workload(count: number, now = Date.now()): PublishInput[] {
  return Array.from({ length: count }, (_, i) => input(i, new Date(now - (count - 1 - i) * 60_000).toISOString()));
}
