/**
 * A simulated shop backend that follows the seed's triggers: checkout, the Midtrans webhook,
 * expiry, admin actions, refunds, disputes, stock, registration and the background jobs. Every
 * action changes the shop and fires exactly one notification through `notify`.
 */

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'expired' | 'stuck';

export interface Order {
  code: string;
  customer: string;
  product: string;
  total: number;
  status: OrderStatus;
  method?: string;
  courier?: string;
  tracking?: string;
  createdAt: string;
}

export interface Product {
  name: string;
  price: number;
  stock: number;
}

export type Notify = (event: string, data: Record<string, unknown>) => void;

/** Stock below this raises stock.low (the seed's rule). */
export const LOW_STOCK = 5;

const CUSTOMERS = [
  'Budi Santoso',
  'Siti Rahmawati',
  'Agus Pratama',
  'Dewi Lestari',
  'Rina Wulandari',
  'Andi Saputra',
  'Putri Anggraini',
  'Wayan Sudarsana',
  'Fitri Handayani',
  'Yusuf Hidayat',
];
const METHODS = ['BCA Virtual Account', 'GoPay', 'QRIS', 'ShopeePay', 'Mandiri Virtual Account', 'Kartu Kredit'];
const COURIERS = ['JNE REG', 'J&T Express', 'SiCepat HALU', 'AnterAja', 'Pos Indonesia'];
const TRACKING = [
  'Paket diterima di gudang sortir',
  'Paket dalam perjalanan ke kota tujuan',
  'Paket sedang diantar kurir',
  'Gagal antar, dijadwalkan ulang besok',
];
const CATALOG: Product[] = [
  { name: 'Kopi Gayo Arabika 250 g', price: 95_000, stock: 240 },
  { name: 'Batik Tulis Solo', price: 450_000, stock: 60 },
  { name: 'Sambal Bawang Bu Rudy', price: 38_000, stock: 500 },
  { name: 'Keripik Tempe Malang', price: 22_000, stock: 350 },
  { name: 'Teh Tarik Sachet isi 10', price: 27_500, stock: 12 },
  { name: 'Tas Anyaman Rotan', price: 185_000, stock: 9 },
  { name: 'Madu Hutan Sumbawa 500 ml', price: 125_000, stock: 7 },
];

export class Shop {
  readonly orders: Order[] = [];
  readonly products: Product[] = CATALOG.map((p) => ({ ...p }));
  readonly users: { name: string; email: string }[] = [];
  #orderNo = 0;
  #disputeNo = 0;
  #turn = 0;

  constructor(private readonly notify: Notify) {
    // The shop opens with orders in every state, so every action has something to act on.
    const seed: OrderStatus[] = [
      'pending',
      'pending',
      'pending',
      'paid',
      'paid',
      'paid',
      'shipped',
      'shipped',
      'delivered',
      'delivered',
      'stuck',
      'stuck',
      'cancelled',
      'expired',
    ];
    for (const status of seed) this.#newOrder(status);
  }

  /** Checkout: a customer places an order, waiting for payment. */
  checkout(): Order {
    const order = this.#newOrder('pending');
    this.notify('order.created', { orderCode: order.code, customerName: order.customer, totalAmount: order.total });
    return order;
  }

  /** Midtrans webhook: a pending payment settles. */
  settlePayment(): Order {
    const order = this.#oldest('pending');
    order.status = 'paid';
    order.method = this.#pick(METHODS);
    this.notify('payment.received', { orderCode: order.code, paymentMethod: order.method, totalAmount: order.total });
    return order;
  }

  /** A pending payment passes its 24-hour limit. */
  expirePayment(): Order {
    const order = this.#oldest('pending');
    order.status = 'expired';
    this.notify('payment.expired', { orderCode: order.code });
    return order;
  }

  /** The admin cancels an order that has not shipped. */
  cancelOrder(): Order {
    const order = this.#oldest('paid', 'pending');
    order.status = 'cancelled';
    this.notify('order.cancelled', { orderCode: order.code });
    return order;
  }

  /** The admin ships a paid order. */
  shipOrder(): Order {
    const order = this.#oldest('paid');
    order.status = 'shipped';
    order.courier = this.#pick(COURIERS);
    order.tracking = 'Paket diserahkan ke kurir';
    this.notify('order.shipped', { orderCode: order.code, courier: order.courier });
    return order;
  }

  /** The admin marks a shipped order delivered. */
  deliverOrder(): Order {
    const order = this.#oldest('shipped');
    order.status = 'delivered';
    order.tracking = 'Paket diterima pembeli';
    this.notify('order.delivered', { orderCode: order.code });
    return order;
  }

  /** A customer asks for a refund on a delivered order. */
  requestRefund(): Order {
    const order = this.#oldest('delivered');
    const amount = Math.round(order.total / 2 / 500) * 500;
    this.notify('refund.requested', { orderCode: order.code, amount });
    return order;
  }

  /** A customer opens a dispute on a delivered order. */
  openDispute(): Order {
    const order = this.#oldest('delivered');
    const disputeCode = `DSP-${String(++this.#disputeNo).padStart(4, '0')}`;
    this.notify('dispute.created', { disputeCode, orderCode: order.code });
    return order;
  }

  /** Sells `quantity` units; stock.low fires only when this sale takes the stock below 5. */
  sell(productName: string, quantity = 1): Product {
    const product = this.products.find((p) => p.name === productName);
    if (!product || quantity < 1 || product.stock < quantity) throw new Error(`cannot sell ${quantity} of ${productName}`);
    const before = product.stock;
    product.stock -= quantity;
    if (before >= LOW_STOCK && product.stock < LOW_STOCK) {
      this.notify('stock.low', { productName: product.name, stock: product.stock });
    }
    return product;
  }

  /** Sells a product that still has 5 or more down to below 5: exactly one stock.low. */
  sellDownToLow(): Product {
    let product = this.products.filter((p) => p.stock >= LOW_STOCK).sort((a, b) => a.stock - b.stock)[0];
    if (!product) {
      product = this.products[0]!;
      product.stock = 60; // a restock, so the QA action always has stock to sell
    }
    return this.sell(product.name, product.stock - (LOW_STOCK - 2));
  }

  /** A new customer registers. */
  register(): { name: string; email: string } {
    const name = this.#pick(CUSTOMERS);
    const user = { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}${this.users.length + 1}@example.id` };
    this.users.push(user);
    this.notify('user.registered', user);
    return user;
  }

  /** The tracking job reports progress on a shipped order. */
  trackShipment(): Order {
    const order = this.#oldest('shipped');
    order.tracking = this.#pick(TRACKING);
    this.notify('shipment.updated', { orderCode: order.code, status: order.tracking, courier: order.courier });
    return order;
  }

  /** The recovery job finds a payment stuck between Midtrans and the shop, and fixes it. */
  recoverPayment(): Order {
    const order = this.#oldest('stuck');
    order.status = 'paid';
    order.method ??= this.#pick(METHODS);
    this.notify('payment.recovered', { orderCode: order.code });
    return order;
  }

  /** The figures of the admin dashboard. */
  dashboard(): { ordersToday: number; revenue: number; pendingPayments: number } {
    const today = new Date().toISOString().slice(0, 10);
    const todays = this.orders.filter((o) => o.createdAt.startsWith(today));
    const paid: OrderStatus[] = ['paid', 'shipped', 'delivered'];
    return {
      ordersToday: todays.length,
      revenue: todays.filter((o) => paid.includes(o.status)).reduce((sum, o) => sum + o.total, 0),
      pendingPayments: this.orders.filter((o) => o.status === 'pending').length,
    };
  }

  #newOrder(status: OrderStatus): Order {
    const product = this.#pick(this.products.slice(0, 4));
    const quantity = 1 + (this.#turn % 3);
    const order: Order = {
      code: `ORD-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${String(++this.#orderNo).padStart(4, '0')}`,
      customer: this.#pick(CUSTOMERS),
      product: product.name,
      total: product.price * quantity,
      status,
      createdAt: new Date().toISOString(),
    };
    if (status !== 'pending' && status !== 'expired') order.method = this.#pick(METHODS);
    if (status === 'shipped' || status === 'delivered') order.courier = this.#pick(COURIERS);
    this.orders.unshift(order);
    return order;
  }

  /** The oldest order in one of these states; one is made quietly when there is none left. */
  #oldest(...statuses: OrderStatus[]): Order {
    for (let i = this.orders.length - 1; i >= 0; i--) if (statuses.includes(this.orders[i].status)) return this.orders[i];
    return this.#newOrder(statuses[0]);
  }

  #pick<T>(list: readonly T[]): T {
    return list[this.#turn++ % list.length];
  }
}

/** The QA controls: event name → the shop action that causes it. */
export const QA_ACTIONS: Record<string, (shop: Shop) => unknown> = {
  'order.created': (s) => s.checkout(),
  'payment.received': (s) => s.settlePayment(),
  'payment.expired': (s) => s.expirePayment(),
  'order.cancelled': (s) => s.cancelOrder(),
  'order.shipped': (s) => s.shipOrder(),
  'order.delivered': (s) => s.deliverOrder(),
  'refund.requested': (s) => s.requestRefund(),
  'dispute.created': (s) => s.openDispute(),
  'stock.low': (s) => s.sellDownToLow(),
  'user.registered': (s) => s.register(),
  'shipment.updated': (s) => s.trackShipment(),
  'payment.recovered': (s) => s.recoverPayment(),
};

export const EVENT_NAMES = Object.keys(QA_ACTIONS);
