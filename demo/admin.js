// The demo admin pages' own script (not part of lonceng): dashboard figures, recent orders,
// the seed checklist's QA controls and the fault controls. Shared by the script-tag page, the
// SPA page and the remote control.

const EVENTS = [
  [
    'Customer',
    [
      ['order.created', 'Checkout'],
      ['refund.requested', 'Request a refund'],
      ['dispute.created', 'Open a dispute'],
      ['user.registered', 'Register'],
    ],
  ],
  [
    'Midtrans',
    [
      ['payment.received', 'Settle a payment'],
      ['payment.expired', 'Expire a payment (24 h)'],
    ],
  ],
  [
    'Admin',
    [
      ['order.cancelled', 'Cancel an order'],
      ['order.shipped', 'Ship an order'],
      ['order.delivered', 'Mark delivered'],
      ['stock.low', 'Sell stock below 5'],
    ],
  ],
  [
    'Background jobs',
    [
      ['shipment.updated', 'Run the tracking job'],
      ['payment.recovered', 'Run the payment recovery job'],
    ],
  ],
];
const FAULTS = [
  ['drop', 'Drop connections', 'POST', '/api/fault/drop'],
  ['restart', 'Restart server (new epoch)', 'POST', '/api/fault/restart'],
  ['silence', 'Go silent (half-open)', 'POST', '/api/fault/silence?on=1'],
  ['burst', 'Flash sale: 2,000 orders', 'POST', '/api/fault/burst?count=2000'],
  ['garbage', 'Send garbage frames', 'POST', '/api/fault/garbage'],
];

const rupiah = (n) => `Rp ${new Intl.NumberFormat('id-ID').format(n)}`;
const post = (path) => fetch(path, { method: 'POST' }).then((r) => r.json());
function make(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Fills the figures and the orders table from the shop's API. */
async function refreshDashboard(root) {
  const shop = await fetch('/api/shop').then((r) => r.json());
  const figures = root.querySelector('[data-qa=dashboard]');
  if (figures) {
    figures.querySelector('[data-figure=orders]').textContent = String(shop.dashboard.ordersToday);
    figures.querySelector('[data-figure=revenue]').textContent = rupiah(shop.dashboard.revenue);
    figures.querySelector('[data-figure=pending]').textContent = String(shop.dashboard.pendingPayments);
  }
  const tbody = root.querySelector('[data-orders] tbody');
  if (tbody) {
    tbody.replaceChildren(
      ...shop.orders.map((o) =>
        make(
          'tr',
          { id: `order-${o.code}` },
          make('td', {}, o.code),
          make('td', {}, o.customer),
          make('td', {}, o.product),
          make('td', { className: 'num' }, rupiah(o.total)),
          make('td', {}, make('span', { className: `status ${o.status}` }, o.status)),
        ),
      ),
    );
  }
  const silence = root.querySelector('[data-qa=silence]');
  if (silence) {
    silence.setAttribute('aria-pressed', String(shop.silent));
    silence.textContent = shop.silent ? 'End silence' : 'Go silent (half-open)';
  }
  const live = root.querySelector('[data-live-traffic]');
  if (live) live.checked = shop.autoplay;
}

/** Renders the QA and fault controls into `container`. */
function renderControls(container, onDone) {
  for (const [group, actions] of EVENTS) {
    container.append(
      make(
        'fieldset',
        {},
        make('legend', {}, group),
        ...actions.map(([event, label]) => {
          const button = make('button', { type: 'button', title: event }, make('span', {}, label), make('code', {}, event));
          button.dataset.qa = event;
          button.addEventListener('click', () => post(`/api/qa/${event}`).then(onDone));
          return button;
        }),
      ),
    );
  }
  const faults = make('fieldset', { className: 'faults' }, make('legend', {}, 'Faults'));
  for (const [qa, label, , path] of FAULTS) {
    const button = make('button', { type: 'button' }, label);
    button.dataset.qa = qa;
    button.addEventListener('click', async () => {
      const on = button.getAttribute('aria-pressed') === 'true';
      await post(qa === 'silence' ? `/api/fault/silence?on=${on ? 0 : 1}` : path);
      onDone();
    });
    faults.append(button);
  }
  const live = make('input', { type: 'checkbox' });
  live.dataset.liveTraffic = '';
  live.addEventListener('change', () => post(`/api/autoplay?on=${live.checked ? 1 : 0}`));
  faults.append(make('label', { className: 'live' }, live, ' Live traffic (a random shop action every 6 s)'));
  container.append(faults);
}

/**
 * Wires one admin page: the controls, the figures, and the dashboard's auto-refresh on
 * `lonceng-refresh` (order.created, payment.received), as the seed asks.
 */
export function mountAdmin(root = document) {
  let refreshes = 0;
  const counter = root.querySelector('[data-qa=refresh-count]');
  const refresh = () => refreshDashboard(root);
  const controls = root.querySelector('[data-controls]');
  if (controls) renderControls(controls, refresh);
  root.addEventListener('lonceng-refresh', () => {
    refreshes++;
    if (counter) counter.textContent = String(refreshes);
    void refresh();
  });
  root.addEventListener('lonceng-resync', () => void refresh());
  // An order notification jumps to its row in the table instead of leaving the page.
  root.addEventListener('lonceng-open', (event) => {
    const code = event.detail.notification.data.orderCode;
    const row = code && document.getElementById(`order-${code}`);
    if (!row) return;
    event.preventDefault();
    row.scrollIntoView({ block: 'center' });
    row.classList.remove('flash');
    void row.offsetWidth;
    row.classList.add('flash');
  });
  const language = root.querySelector('[data-language]');
  language?.addEventListener('change', () => {
    document.documentElement.lang = language.value;
    for (const widget of document.querySelectorAll('lonceng-notifications')) widget.setAttribute('locale', language.value);
  });
  void refresh();
}
