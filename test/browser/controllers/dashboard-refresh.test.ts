import { expect } from 'chai';
import { LitElement } from 'lit';
import type { LoncengNotification } from '../../../src/core/types.js';
import { DashboardRefresh } from '../../../src/components/notifications/dashboard-refresh.controller.js';
import { orderNotification } from '../support/fake-transport.js';
import { sleep, waitFor } from '../support/wait.js';

/** Fires lonceng-refresh for what it is given; records every refresh it fires, with the time. */
class RefreshHost extends LitElement {
  readonly refresh = new DashboardRefresh(this);
  readonly fired: { at: number; events: string[]; ids: string[] }[] = [];

  constructor() {
    super();
    this.addEventListener('lonceng-refresh', (e) =>
      this.fired.push({ at: performance.now(), events: e.detail.events, ids: e.detail.notifications.map((n) => n.id) }),
    );
  }
}
customElements.define('test-refresh-host', RefreshHost);

describe('DashboardRefresh', () => {
  const hosts: RefreshHost[] = [];
  afterEach(() => {
    for (const host of hosts.splice(0)) host.remove();
  });

  async function mount(): Promise<RefreshHost> {
    const host = document.createElement('test-refresh-host') as RefreshHost;
    hosts.push(host);
    document.body.append(host);
    await host.updateComplete;
    return host;
  }

  const ids = (notifications: LoncengNotification[]) => notifications.map((n) => n.id);

  it('coalesces 20 arrivals in quick succession into at most two refreshes, a second apart, listing all 20', async () => {
    const host = await mount();
    const arrivals = Array.from({ length: 20 }, (_, i) => orderNotification(i + 1, i % 2 ? 'payment.received' : 'order.created'));
    for (const n of arrivals) {
      host.refresh.add(n);
      await sleep(10);
    }
    await waitFor(() => host.fired.flatMap((f) => f.ids).length === 20, 'all 20 listed', 3000);
    expect(host.fired.length).to.be.within(1, 2);
    expect(host.fired.flatMap((f) => f.ids)).to.deep.equal(ids(arrivals));
    expect(host.fired.flatMap((f) => f.events)).to.deep.equal(arrivals.map((n) => n.event));
    if (host.fired.length === 2) expect(host.fired[1].at - host.fired[0].at).to.be.at.least(950);
  });

  it('bubbles out of the host and composes, for listeners on the document', async () => {
    const host = await mount();
    const heard: string[][] = [];
    const listener = (e: CustomEvent<{ events: string[] }>) => heard.push(e.detail.events);
    document.addEventListener('lonceng-refresh', listener);
    try {
      host.refresh.add(orderNotification(1));
      await waitFor(() => heard.length === 1, 'the refresh on the document');
      expect(heard).to.deep.equal([['order.created']]);
    } finally {
      document.removeEventListener('lonceng-refresh', listener);
    }
  });

  it('waits a second after one refresh before the next', async () => {
    const host = await mount();
    host.refresh.add(orderNotification(1));
    await waitFor(() => host.fired.length === 1, 'the first refresh');
    host.refresh.add(orderNotification(2));
    await waitFor(() => host.fired.length === 2, 'the second refresh', 3000);
    expect(host.fired[1].at - host.fired[0].at).to.be.at.least(950);
    expect(host.fired.map((f) => f.ids)).to.deep.equal([['order-1'], ['order-2']]);
  });

  it('cancel() drops what is pending', async () => {
    const host = await mount();
    host.refresh.add(orderNotification(1));
    host.refresh.add(orderNotification(2));
    host.refresh.cancel();
    host.refresh.add(orderNotification(3));
    await waitFor(() => host.fired.length === 1, 'a refresh');
    await sleep(300);
    expect(host.fired.map((f) => f.ids)).to.deep.equal([['order-3']]);
  });

  it('fires nothing pending once the host disconnects', async () => {
    const host = await mount();
    host.refresh.add(orderNotification(1));
    host.remove();
    await sleep(300); // well past the 50 ms lead of a quiet spell
    expect(host.fired).to.deep.equal([]);
  });
});
