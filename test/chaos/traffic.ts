/** The notifications a chaos run publishes: shop events with realistic data, each with a unique id. */
import type { PublishInput } from '../../server/hub.js';

const PEOPLE = ['Siti Rahayu', 'Budi Santoso', 'Dewi Lestari', 'Agus Wijaya', 'Rina Kartika'];
const COURIERS = ['JNE', 'J&T Express', 'SiCepat', 'AnterAja'];
const METHODS = ['BCA Virtual Account', 'GoPay', 'OVO', 'QRIS'];

const orderCode = (i: number): string => `ORD-20261125-${String(i % 10_000).padStart(4, '0')}`;

/** The `i`-th notification of a run whose ids start with `prefix`. */
export function notificationInput(prefix: string, i: number, title?: string): PublishInput {
  const code = orderCode(i);
  const amount = 50_000 + (i % 40) * 12_500;
  const base = { id: `${prefix}-${i}`, ...(title === undefined ? {} : { title }) };
  switch (i % 4) {
    case 0:
      return { ...base, event: 'order.created', data: { orderCode: code, customerName: PEOPLE[i % PEOPLE.length], totalAmount: amount } };
    case 1:
      return {
        ...base,
        event: 'payment.received',
        data: { orderCode: code, paymentMethod: METHODS[i % METHODS.length], totalAmount: amount },
      };
    case 2:
      return { ...base, event: 'order.shipped', data: { orderCode: code, courier: COURIERS[i % COURIERS.length] } };
    default:
      return { ...base, event: 'order.delivered', data: { orderCode: code } };
  }
}

/** `count` notifications from the `from`-th on. */
export const notificationInputs = (prefix: string, from: number, count: number, title?: (i: number) => string): PublishInput[] =>
  Array.from({ length: count }, (_, k) => notificationInput(prefix, from + k, title?.(from + k)));
