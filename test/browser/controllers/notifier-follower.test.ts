import { expect } from 'chai';
import { html, LitElement } from 'lit';
import type { Notifier } from '../../../src/core/notifier.js';
import { NotifierFollower } from '../../../src/components/shared/notifier-follower.js';
import { fakeNotifier, type FakeTransport } from '../support/fake-transport.js';
import { waitFor } from '../support/wait.js';

/** Renders the followed notifier's state and item count (re-rendering is the default `change`); records arrivals. */
class FollowerHost extends LitElement {
  readonly arrivals: string[] = [];
  readonly follower = new NotifierFollower(this, { arrival: (n) => this.arrivals.push(n.id) });

  protected override render() {
    const n = this.follower.notifier;
    return html`${n ? `${n.state}:${n.items.length}` : 'none'}`;
  }
}
customElements.define('test-follower-host', FollowerHost);

describe('NotifierFollower', () => {
  const hosts: FollowerHost[] = [];
  const notifiers: Notifier[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) host.remove();
    for (const n of notifiers.splice(0)) await n.close();
  });

  function mount(): FollowerHost {
    const host = document.createElement('test-follower-host') as FollowerHost;
    hosts.push(host);
    document.body.append(host);
    return host;
  }

  async function feed(): Promise<{ notifier: Notifier; transport: FakeTransport }> {
    const made = await fakeNotifier();
    notifiers.push(made.notifier);
    return made;
  }

  const text = (host: FollowerHost) => host.shadowRoot!.textContent.trim();

  /** Resolves after the notifier's next (coalesced) `change` event, i.e. once followers were told. */
  const nextChange = (n: Notifier) => new Promise<void>((resolve) => n.on('change', () => resolve(), { once: true }));
  /** Resolves once the next change is out and its arrivals, announced when stored, too. */
  const settled = async (n: Notifier) => {
    await nextChange(n);
    await n.flush();
    await new Promise((resolve) => setTimeout(resolve));
  };

  it('re-renders the host when items or the connection state change', async () => {
    const host = mount();
    const { notifier, transport } = await feed();
    host.follower.follow(notifier);
    await waitFor(() => text(host) === 'open:0', 'a render of the followed notifier');
    transport.push();
    transport.push();
    await waitFor(() => text(host) === 'open:2', 'a render with two items');
    transport.stop();
    await waitFor(() => text(host) === 'closed:2', 'a render with the closed state');
  });

  it('hands each new notification to the arrival callback, in order', async () => {
    const host = mount();
    const { notifier, transport } = await feed();
    host.follower.follow(notifier);
    const ids = [transport.push(), transport.push(), transport.push()];
    await settled(notifier);
    expect(host.arrivals).to.deep.equal(ids);
  });

  it('subscribes a notifier named before the host connects once it connects', async () => {
    const host = document.createElement('test-follower-host') as FollowerHost;
    hosts.push(host);
    const { notifier, transport } = await feed();
    host.follower.follow(notifier);
    transport.push(); // before the host connects: no arrival callback
    await settled(notifier);
    document.body.append(host);
    const late = transport.push();
    await waitFor(() => text(host) === 'open:2', 'a render with two items');
    await settled(notifier);
    expect(host.arrivals).to.deep.equal([late]);
  });

  it('calls back no more after the host disconnects, and again once it is appended again', async () => {
    const host = mount();
    const { notifier, transport } = await feed();
    host.follower.follow(notifier);
    const first = transport.push();
    await waitFor(() => text(host) === 'open:1', 'a render with one item');
    await settled(notifier);

    host.remove();
    transport.push();
    await settled(notifier);
    await host.updateComplete;
    expect(host.arrivals).to.deep.equal([first]);
    expect(text(host)).to.equal('open:1');

    document.body.append(host);
    const third = transport.push();
    await waitFor(() => host.arrivals.length === 2, 'the third arrival');
    expect(text(host)).to.equal('open:3');
    expect(host.arrivals).to.deep.equal([first, third]);
  });

  it('switches to the notifier named by follow() and ignores the previous one', async () => {
    const host = mount();
    const a = await feed();
    const b = await feed();
    host.follower.follow(a.notifier);
    a.transport.push();
    await waitFor(() => text(host) === 'open:1', 'a render of the first notifier');
    await settled(a.notifier);

    host.follower.follow(b.notifier);
    await waitFor(() => text(host) === 'open:0', 'a render of the second notifier');
    a.transport.push();
    const fromB = b.transport.push();
    await Promise.all([settled(a.notifier), settled(b.notifier)]);
    await host.updateComplete;
    expect(text(host)).to.equal('open:1');
    expect(host.arrivals.slice(1)).to.deep.equal([fromB]);
  });

  it('re-renders the host when it stops following any notifier', async () => {
    const host = mount();
    const { notifier, transport } = await feed();
    host.follower.follow(notifier);
    transport.push();
    await waitFor(() => text(host) === 'open:1', 'a render with one item');
    host.follower.follow(undefined);
    await waitFor(() => text(host) === 'none', 'a render without a notifier');
  });
});
