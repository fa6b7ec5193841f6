/** Sample shop data for the demo: Indonesian names, couriers and products, Rupiah amounts. */

const customers = ['Budi Santoso', 'Siti Rahmawati', 'Agus Pratama', 'Dewi Lestari', 'Rina Wulandari', 'Andi Saputra', 'Putri Anggraini', 'Joko Widodo'];
const methods = ['BCA Virtual Account', 'GoPay', 'QRIS', 'ShopeePay', 'Mandiri Virtual Account', 'BNI Virtual Account'];
const couriers = ['JNE REG', 'J&T Express', 'SiCepat HALU', 'AnterAja', 'Pos Indonesia'];
const products = ['Kopi Gayo 250 g', 'Batik Tulis Solo', 'Sambal Bawang Bu Rudy', 'Keripik Tempe Malang', 'Teh Tarik Sachet'];
const statuses = ['Paket diterima di gudang sortir', 'Paket sedang diantar kurir', 'Paket tiba di kota tujuan', 'Gagal antar, dijadwalkan ulang'];

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
let orderNumber = 41;
const orderCode = () => `ORD-20261125-${String(++orderNumber).padStart(4, '0')}`;
const amount = () => (Math.floor(Math.random() * 90) + 5) * 5000;

/** Builds the data of one seed event, by event name. */
export const SAMPLE_EVENTS: Record<string, () => Record<string, unknown>> = {
  'order.created': () => ({ orderCode: orderCode(), customerName: pick(customers), totalAmount: amount() }),
  'payment.received': () => ({ orderCode: orderCode(), paymentMethod: pick(methods), totalAmount: amount() }),
  'payment.expired': () => ({ orderCode: orderCode() }),
  'order.cancelled': () => ({ orderCode: orderCode() }),
  'order.shipped': () => ({ orderCode: orderCode(), courier: pick(couriers) }),
  'order.delivered': () => ({ orderCode: orderCode() }),
  'refund.requested': () => ({ orderCode: orderCode(), amount: amount() }),
  'dispute.created': () => ({ disputeCode: `DSP-${1000 + Math.floor(Math.random() * 9000)}`, orderCode: orderCode() }),
  'stock.low': () => ({ productName: pick(products), stock: 1 + Math.floor(Math.random() * 4) }),
  'user.registered': () => {
    const name = pick(customers);
    return { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.id` };
  },
  'shipment.updated': () => ({ orderCode: orderCode(), status: pick(statuses), courier: pick(couriers) }),
  'payment.recovered': () => ({ orderCode: orderCode() }),
};

export const EVENT_NAMES = Object.keys(SAMPLE_EVENTS);
export const randomEvent = () => pick(EVENT_NAMES);
