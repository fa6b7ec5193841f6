import { expect } from 'chai';
import { LitElement, type PropertyDeclarations } from 'lit';
import type { Notifier } from '../../../src/core/notifier.js';
import { TitleCount } from '../../../src/components/notifications/title-count.controller.js';
import { fakeNotifier, type FakeTransport } from '../support/fake-transport.js';
import { waitFor } from '../support/wait.js';

/** Shows its notifier's unread count in document.title while `enabled`. */
class TitleHost extends LitElement {
  static override properties: PropertyDeclarations = { enabled: { type: Boolean } };
  enabled = true;
  readonly titleCount = new TitleCount(this, () => this.enabled);
}
customElements.define('test-title-host', TitleHost);

describe('TitleCount', () => {
  const pageTitle = document.title;
  const hosts: TitleHost[] = [];
  const notifiers: Notifier[] = [];
  beforeEach(() => {
    document.title = 'Orders';
  });
  afterEach(async () => {
    for (const host of hosts.splice(0)) host.remove();
    for (const n of notifiers.splice(0)) await n.close();
    document.title = pageTitle;
  });

  async function mount(enabled = true): Promise<{ host: TitleHost; notifier: Notifier; transport: FakeTransport }> {
    const host = Object.assign(document.createElement('test-title-host') as TitleHost, { enabled });
    hosts.push(host);
    document.body.append(host);
    const { notifier, transport } = await fakeNotifier();
    notifiers.push(notifier);
    host.titleCount.follow(notifier);
    return { host, notifier, transport };
  }

  const push = (transport: FakeTransport, count: number) => Array.from({ length: count }, () => transport.push());

  /** Resolves after the notifier's next (coalesced) `change` event, i.e. once its followers were told. */
  const nextChange = (n: Notifier) => new Promise<void>((resolve) => n.on('change', () => resolve(), { once: true }));

  it('puts the unread count in front of the title and takes it away at 0', async () => {
    const { notifier, transport } = await mount();
    const [first] = push(transport, 2);
    await waitFor(() => document.title === '(2) Orders', 'the title "(2) Orders"');
    notifier.markRead([first]);
    await waitFor(() => document.title === '(1) Orders', 'the title "(1) Orders"');
    notifier.markAllRead();
    await waitFor(() => document.title === 'Orders', 'the title without a count');
  });

  it('shows 99+ above 99 unread', async () => {
    const { notifier, transport } = await mount();
    push(transport, 99);
    await waitFor(() => document.title === '(99) Orders', 'the title "(99) Orders"');
    push(transport, 1);
    await waitFor(() => document.title === '(99+) Orders', 'the title "(99+) Orders"');
    push(transport, 1);
    await nextChange(notifier);
    expect(document.title).to.equal('(99+) Orders');
    notifier.markAllRead();
    await waitFor(() => document.title === 'Orders', 'the title without a count');
  });

  it('keeps the count in front of a title the page changes', async () => {
    const { host, transport } = await mount();
    push(transport, 3);
    await waitFor(() => document.title === '(3) Orders', 'the title "(3) Orders"');
    document.title = 'Payments';
    push(transport, 1);
    await waitFor(() => document.title === '(4) Payments', 'the title "(4) Payments"');
    host.requestUpdate();
    await host.updateComplete;
    expect(document.title).to.equal('(4) Payments');
  });

  it('leaves the title alone while disabled, even one that looks like a count', async () => {
    document.title = '(5) Inbox';
    const { host, notifier, transport } = await mount(false);
    push(transport, 2);
    await nextChange(notifier);
    host.requestUpdate();
    await host.updateComplete;
    expect(document.title).to.equal('(5) Inbox');
  });

  it('takes its count away when switched off, and then leaves the title alone', async () => {
    const { host, notifier, transport } = await mount();
    push(transport, 2);
    await waitFor(() => document.title === '(2) Orders', 'the title "(2) Orders"');
    host.enabled = false;
    await host.updateComplete;
    expect(document.title).to.equal('Orders');
    document.title = '(5) Inbox';
    push(transport, 1);
    await nextChange(notifier);
    expect(document.title).to.equal('(5) Inbox');
    host.enabled = true;
    await host.updateComplete;
    expect(document.title).to.equal('(3) Inbox');
  });

  it('takes its count away when the host disconnects and puts it back when appended again', async () => {
    const { host, notifier, transport } = await mount();
    push(transport, 2);
    await waitFor(() => document.title === '(2) Orders', 'the title "(2) Orders"');
    host.remove();
    expect(document.title).to.equal('Orders');
    push(transport, 1);
    await nextChange(notifier);
    expect(document.title).to.equal('Orders');
    document.body.append(host);
    await waitFor(() => document.title === '(3) Orders', 'the title "(3) Orders"');
  });

  it('leaves the title alone when a removed host updates again', async () => {
    const { host, transport } = await mount();
    push(transport, 2);
    await waitFor(() => document.title === '(2) Orders', 'the title "(2) Orders"');
    host.remove();
    host.enabled = false;
    await host.updateComplete;
    host.enabled = true;
    await host.updateComplete;
    expect(document.title).to.equal('Orders');
  });
});
