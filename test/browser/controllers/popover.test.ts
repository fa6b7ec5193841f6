import { expect } from 'chai';
import { html, LitElement } from 'lit';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { Popover } from '../../../src/components/notifications/popover.controller.js';
import { waitFor } from '../support/wait.js';

/** A trigger button and a popover with one focusable control, as the drop-in has bell and panel. (`popover` itself is an HTMLElement property.) */
class PopoverHost extends LitElement {
  readonly dropdown = new Popover(this, {
    focusInside: () => this.renderRoot.querySelector<HTMLElement>('#inside')?.focus(),
    trigger: () => this.renderRoot.querySelector<HTMLElement>('#trigger'),
  });

  protected override render() {
    const open = this.dropdown.open;
    return html`<button id="trigger" aria-expanded=${open} @click=${() => void this.dropdown.toggle()}>Bell</button>
      <div id="popover" ?hidden=${!open} @keydown=${this.dropdown.onKeydown}><button id="inside">Mark all read</button></div>`;
  }
}
customElements.define('test-popover-host', PopoverHost);

describe('Popover', () => {
  const mounted: Element[] = [];
  afterEach(async () => {
    for (const el of mounted.splice(0)) el.remove();
    await resetMouse();
  });

  async function mount(): Promise<{ host: PopoverHost; outside: HTMLButtonElement }> {
    const host = document.createElement('test-popover-host') as PopoverHost;
    const outside = Object.assign(document.createElement('button'), { textContent: 'Elsewhere on the page' });
    mounted.push(host, outside);
    document.body.append(host, outside);
    await host.updateComplete;
    return { host, outside };
  }

  const $ = (host: PopoverHost, selector: string) => host.shadowRoot!.querySelector<HTMLElement>(selector)!;
  const focused = (host: PopoverHost) => (document.activeElement === host ? host.shadowRoot!.activeElement?.id : undefined);
  const shown = (host: PopoverHost) => !$(host, '#popover').hidden;

  /** A real mouse click in the middle of `el`. */
  async function click(el: Element): Promise<void> {
    const r = el.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
  }

  it('opens with set(true), renders the popover and moves focus inside', async () => {
    const { host } = await mount();
    await host.dropdown.set(true);
    expect(host.dropdown.open).to.equal(true);
    expect(shown(host)).to.equal(true);
    expect($(host, '#trigger').getAttribute('aria-expanded')).to.equal('true');
    expect(focused(host)).to.equal('inside');
  });

  it('closes on Escape and returns focus to the trigger', async () => {
    const { host } = await mount();
    await host.dropdown.set(true);
    await sendKeys({ press: 'Escape' });
    await waitFor(() => focused(host) === 'trigger', 'focus on the trigger');
    expect(host.dropdown.open).to.equal(false);
    expect(shown(host)).to.equal(false);
  });

  it('toggles with clicks on the trigger', async () => {
    const { host } = await mount();
    await click($(host, '#trigger'));
    await waitFor(() => focused(host) === 'inside', 'the popover to open with focus inside');
    await click($(host, '#trigger'));
    await waitFor(() => !shown(host), 'the popover to close');
    expect(host.dropdown.open).to.equal(false);
  });

  it('closes on a pointer press outside the host', async () => {
    const { host, outside } = await mount();
    await host.dropdown.set(true);
    await click(outside);
    await waitFor(() => !shown(host), 'the popover to close');
    expect(host.dropdown.open).to.equal(false);
  });

  it('stays open on a pointer press inside the popover', async () => {
    const { host } = await mount();
    await host.dropdown.set(true);
    await click($(host, '#inside'));
    await host.updateComplete;
    expect(host.dropdown.open).to.equal(true);
    expect(shown(host)).to.equal(true);
  });
});
