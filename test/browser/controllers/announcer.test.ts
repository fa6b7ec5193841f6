import { expect } from 'chai';
import { html, LitElement } from 'lit';
import type { DesktopMode, DesktopNotificationInput, DesktopNotifier } from '../../../src/adapters/desktop.js';
import type { SoundPlayer } from '../../../src/adapters/sound.js';
import { createCatalog, createDescriber, messagesFor } from '../../../src/catalog/index.js';
import type { LoncengNotification } from '../../../src/core/types.js';
import { Announcer } from '../../../src/components/notifications/announcer.controller.js';
import type { LoncengToaster } from '../../../src/components/toaster/toaster.js';
import '../../../src/components/toaster/toaster.js';
import { orderNotification } from '../support/fake-transport.js';
import { sleep, waitFor } from '../support/wait.js';

const describer = createDescriber(createCatalog(), 'en');

/** Renders a real toaster; the OS notifications and sounds go to recording fakes. */
class AnnouncerHost extends LitElement {
  muted = false;
  desktopMode: DesktopMode = 'auto';
  readonly shown: DesktopNotificationInput[] = [];
  readonly activated: LoncengNotification[] = [];
  plays = 0;
  panelOpens = 0;
  readonly desktopFake: DesktopNotifier = {
    supported: true,
    permission: 'granted',
    request: async () => 'granted',
    show: (input) => (this.shown.push(input), true),
  };
  readonly soundFake: SoundPlayer = { played: 0, play: () => void this.plays++, unlock() {}, dispose() {} };
  readonly announcer = new Announcer(
    this,
    {
      toaster: () => this.renderRoot.querySelector<LoncengToaster>('lonceng-toaster'),
      messages: () => messagesFor('en'),
      muted: () => this.muted,
      desktop: () => this.desktopMode,
      tag: () => 'lonceng-test',
      activate: (n) => this.activated.push(n),
      openPanel: () => void this.panelOpens++,
    },
    { desktop: this.desktopFake, sound: () => this.soundFake },
  );

  add(...notifications: LoncengNotification[]): void {
    for (const n of notifications) this.announcer.add(n, describer.describe(n));
  }

  protected override render() {
    return html`<lonceng-toaster
      @lonceng-toast-activate=${this.announcer.onToastActivate}
      @lonceng-toast-dismiss=${this.announcer.onToastDismiss}
    ></lonceng-toaster>`;
  }
}
customElements.define('test-announcer-host', AnnouncerHost);

const orders = (from: number, count: number) => Array.from({ length: count }, (_, i) => orderNotification(from + i));

describe('Announcer', () => {
  const hosts: AnnouncerHost[] = [];
  afterEach(() => {
    for (const host of hosts.splice(0)) host.remove();
  });

  async function mount(): Promise<AnnouncerHost> {
    const host = document.createElement('test-announcer-host') as AnnouncerHost;
    hosts.push(host);
    document.body.append(host);
    await host.updateComplete;
    return host;
  }

  /** The visible toasts (not those leaving), newest first, as `title | body`. */
  const toasts = (host: AnnouncerHost) => [
    ...host.shadowRoot!.querySelector('lonceng-toaster')!.shadowRoot!.querySelectorAll<HTMLElement>('[part=toast]:not(.out)'),
  ];
  const toastTexts = (host: AnnouncerHost) =>
    toasts(host).map((t) => `${t.querySelector('strong')!.textContent} | ${t.querySelector('span')!.textContent}`);

  it('announces one arrival with a toast, a sound and an OS notification of its own', async () => {
    const host = await mount();
    const order = orderNotification(1);
    const { title, body } = describer.describe(order);
    host.add(order);
    await waitFor(() => host.shown.length === 1, 'the OS notification');
    await waitFor(() => toasts(host).length === 1, 'the toast');
    expect(toastTexts(host)).to.deep.equal([`${title} | ${body}`]);
    expect(host.plays).to.equal(1);
    const [shown] = host.shown;
    expect(shown).to.include({ title, body, tag: 'lonceng-test', mode: 'auto' });
    shown.onClick!();
    expect(host.activated).to.deep.equal([order]);
  });

  it('announces three arrivals close together with three toasts, one sound and one summary OS notification', async () => {
    const host = await mount();
    host.add(...orders(1, 3));
    await waitFor(() => host.shown.length === 1, 'the OS notification');
    await waitFor(() => toasts(host).length === 3, 'three toasts');
    await sleep(300);
    expect(host.plays).to.equal(1);
    expect(host.shown).to.have.length(1);
    expect(host.shown[0].title).to.equal('3 new notifications');
    host.shown[0].onClick!();
    expect(host.panelOpens).to.equal(1);
  });

  it('collapses ten arrivals into one summary toast, with one sound', async () => {
    const host = await mount();
    host.add(...orders(1, 10));
    await waitFor(() => toasts(host).length === 1, 'the summary toast');
    await sleep(300);
    expect(toastTexts(host)).to.have.length(1);
    expect(toastTexts(host)[0]).to.match(/^10 new notifications \| /);
    expect(host.plays).to.equal(1);
    expect(host.shown.map((s) => s.title)).to.deep.equal(['10 new notifications']);
  });

  it('grows the summary toast with later arrivals while it is up', async () => {
    const host = await mount();
    host.add(...orders(1, 10));
    await waitFor(() => toasts(host).length === 1, 'the summary toast');
    host.add(orderNotification(11));
    await waitFor(() => host.plays === 2, 'the second batch');
    expect(toastTexts(host)).to.have.length(1);
    expect(toastTexts(host)[0]).to.match(/^11 new notifications \| /);
  });

  it('plays a sound per batch, and none while muted', async () => {
    const host = await mount();
    host.add(orderNotification(1));
    await waitFor(() => host.plays === 1, 'the first sound');
    host.add(orderNotification(2));
    await waitFor(() => host.plays === 2, 'a sound for a later batch');
    host.muted = true;
    host.add(orderNotification(3));
    await waitFor(() => host.shown.length === 3, 'the third batch');
    expect(toastTexts(host)).to.have.length(3);
    expect(host.plays).to.equal(2);
  });

  it('passes the host desktop mode to every OS notification', async () => {
    const host = await mount();
    host.desktopMode = 'off';
    host.add(orderNotification(1));
    await waitFor(() => host.shown.length === 1, 'the OS notification');
    host.desktopMode = 'always';
    host.add(orderNotification(2));
    await waitFor(() => host.shown.length === 2, 'the second OS notification');
    expect(host.shown.map((s) => s.mode)).to.deep.equal(['off', 'always']);
  });

  it('activating a toast activates its notification; activating the summary opens the panel', async () => {
    const host = await mount();
    const order = orderNotification(1);
    host.add(order);
    await waitFor(() => toasts(host).length === 1, 'the toast');
    toasts(host)[0].click();
    expect(host.activated).to.deep.equal([order]);
    expect(host.panelOpens).to.equal(0);

    host.add(...orders(2, 10));
    await waitFor(() => toasts(host).length === 1 && /new notifications/.test(toastTexts(host)[0]), 'the summary toast');
    toasts(host)[0].click();
    expect(host.panelOpens).to.equal(1);
    expect(host.activated).to.deep.equal([order]);
  });

  it('announces nothing of what was pending when the host disconnects', async () => {
    const host = await mount();
    host.add(...orders(1, 2));
    host.remove();
    await sleep(1200); // past the batch's idle and longest wait
    expect(host.plays).to.equal(0);
    expect(host.shown).to.deep.equal([]);
    expect(toastTexts(host)).to.deep.equal([]);
  });

  it('cancel() drops arrivals not yet announced', async () => {
    const host = await mount();
    host.add(...orders(1, 2));
    host.announcer.cancel();
    host.add(orderNotification(3));
    await waitFor(() => host.shown.length === 1, 'the OS notification');
    await sleep(200);
    expect(host.plays).to.equal(1);
    expect(toastTexts(host)).to.have.length(1);
    expect(host.shown[0].body).to.equal(describer.describe(orderNotification(3)).body);
  });

  it('starts afresh after cancel(): a summary of the old notifier does not grow with the next one', async () => {
    const host = await mount();
    host.add(...orders(1, 10));
    await waitFor(() => host.shown.length === 1, 'the summary OS notification');
    host.announcer.cancel();
    host.add(orderNotification(11));
    await waitFor(() => host.shown.length === 2, 'the next OS notification');
    expect(host.shown[1].title).to.equal(describer.describe(orderNotification(11)).title);
  });
});
