import { expect } from 'chai';
import { emulateMedia, resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/components/toaster/toaster.js';
import type { LoncengToaster, ToastActivateDetail, ToastDismissDetail } from '../../src/components/toaster/toaster.js';
import { axeViolations } from './support/axe.js';

import { sleep, waitFor } from './support/wait.js';

const mounted: Element[] = [];

async function fixture(props: Partial<Pick<LoncengToaster, 'duration' | 'max' | 'dismissLabel'>> = {}): Promise<LoncengToaster> {
  const el = Object.assign(document.createElement('lonceng-toaster'), props);
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  return el;
}

/** Every toast element in the DOM, newest first (including ones playing their leave animation). */
const toastEls = (el: LoncengToaster) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=toast]')];
const titles = (el: LoncengToaster) => toastEls(el).map((t) => t.querySelector('strong')!.textContent);
const toastEl = (el: LoncengToaster, title: string) => toastEls(el).find((t) => t.querySelector('strong')!.textContent === title);

function record<T>(el: EventTarget, type: string): T[] {
  const details: T[] = [];
  el.addEventListener(type, (e) => details.push((e as CustomEvent<T>).detail));
  return details;
}

async function hover(target: Element): Promise<void> {
  const r = target.getBoundingClientRect();
  await sendMouse({ type: 'move', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

describe('<lonceng-toaster>', () => {
  afterEach(async () => {
    for (const el of mounted.splice(0)) el.remove();
    await resetMouse();
  });

  it('has the live region in the DOM before the first toast', async () => {
    const el = await fixture();
    const region = el.shadowRoot!.querySelector('[aria-live]');
    expect(region?.getAttribute('aria-live')).to.equal('polite');
    expect(region?.getAttribute('aria-relevant')).to.equal('additions');
    el.show({ title: 'A', body: 'a' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[aria-live]')).to.equal(region);
    expect(region!.contains(toastEls(el)[0])).to.equal(true);
  });

  it('puts the newest toast on top and returns keys', async () => {
    const el = await fixture();
    const first = el.show({ title: 'First', body: '1' });
    const second = el.show({ key: 'mine', title: 'Second', body: '2' });
    await el.updateComplete;
    expect(titles(el)).to.deep.equal(['Second', 'First']);
    expect(second).to.equal('mine');
    expect(first).to.be.a('string').and.not.equal(second);
  });

  it('caps the visible toasts at max and dismisses the oldest as overflow', async () => {
    const el = await fixture({ max: 2 });
    const dismissed = record<ToastDismissDetail>(el, 'lonceng-toast-dismiss');
    for (const t of ['1', '2', '3', '4']) el.show({ key: t, title: t, body: '', ref: t });
    await waitFor(() => toastEls(el).length === 2, 'two toasts');
    expect(titles(el)).to.deep.equal(['4', '3']);
    expect(dismissed).to.deep.equal([
      { key: '1', ref: '1', reason: 'overflow' },
      { key: '2', ref: '2', reason: 'overflow' },
    ]);
  });

  it('removes a toast after duration', async () => {
    const el = await fixture({ duration: 300 });
    const dismissed = record<ToastDismissDetail>(el, 'lonceng-toast-dismiss');
    el.show({ key: 'k', title: 'Bye', body: '', ref: 7 });
    await el.updateComplete;
    expect(toastEls(el)).to.have.length(1);
    await waitFor(() => toastEls(el).length === 0, 'the toast to leave', 1500);
    expect(dismissed).to.deep.equal([{ key: 'k', ref: 7, reason: 'timeout' }]);
  });

  it('pauses while hovered and resumes with the remaining time on leave', async () => {
    const el = await fixture({ duration: 300 });
    el.show({ title: 'Hover me', body: '' });
    await el.updateComplete;
    await hover(toastEls(el)[0]);
    await sleep(700);
    expect(titles(el)).to.deep.equal(['Hover me']);
    await resetMouse();
    await waitFor(() => toastEls(el).length === 0, 'the toast to leave after the pointer left', 1500);
  });

  it('stays paused when a hovered toast is updated in place', async () => {
    const el = await fixture({ duration: 300 });
    el.show({ key: 'h', title: 'Hovered', body: '' });
    await el.updateComplete;
    await hover(toastEls(el)[0]);
    el.show({ key: 'h', title: 'Hovered, updated', body: '' });
    await sleep(700);
    expect(titles(el)).to.deep.equal(['Hovered, updated']);
    await resetMouse();
    await waitFor(() => toastEls(el).length === 0, 'the toast to leave after the pointer left', 1500);
  });

  it('pauses while focused and resumes on blur', async () => {
    const el = await fixture({ duration: 300 });
    el.show({ title: 'Focus me', body: '' });
    await el.updateComplete;
    toastEls(el)[0].focus();
    expect(el.shadowRoot!.activeElement).to.equal(toastEls(el)[0]);
    await sleep(700);
    expect(titles(el)).to.deep.equal(['Focus me']);
    // Moving focus to its own button keeps it paused.
    toastEls(el)[0].querySelector('button')!.focus();
    await sleep(400);
    expect(titles(el)).to.deep.equal(['Focus me']);
    (el.shadowRoot!.activeElement as HTMLElement).blur();
    await waitFor(() => toastEls(el).length === 0, 'the toast to leave after blur', 1500);
  });

  it('keeps sticky toasts', async () => {
    const el = await fixture({ duration: 200 });
    el.show({ title: 'Sticky', body: '', sticky: true });
    el.show({ title: 'Plain', body: '' });
    await el.updateComplete;
    expect(toastEl(el, 'Sticky')!.classList.contains('sticky')).to.equal(true);
    await waitFor(() => titles(el).join() === 'Sticky', 'the plain toast to leave', 1500);
    await sleep(300);
    expect(titles(el)).to.deep.equal(['Sticky']);
  });

  it('removes a toast from its dismiss button, with reason user and no activation', async () => {
    const el = await fixture({ dismissLabel: 'Tutup' });
    const dismissed = record<ToastDismissDetail>(el, 'lonceng-toast-dismiss');
    const activated = record<ToastActivateDetail>(el, 'lonceng-toast-activate');
    el.show({ key: 'x', title: 'Close me', body: '', ref: { id: 'n1' } });
    await el.updateComplete;
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=toast-dismiss]')!;
    expect(button.getAttribute('aria-label')).to.equal('Tutup');
    button.click();
    await waitFor(() => toastEls(el).length === 0, 'the toast to leave');
    expect(dismissed).to.deep.equal([{ key: 'x', ref: { id: 'n1' }, reason: 'user' }]);
    expect(activated).to.deep.equal([]);
  });

  it('fires lonceng-toast-activate (bubbling, composed) with the ref on click', async () => {
    const el = await fixture();
    const ref = { id: 'n2' };
    const events: CustomEvent<ToastActivateDetail>[] = [];
    document.addEventListener('lonceng-toast-activate', (e) => events.push(e), { once: true });
    const dismissed = record<ToastDismissDetail>(el, 'lonceng-toast-dismiss');
    el.show({ key: 'a', title: 'Open me', body: 'body', ref });
    await el.updateComplete;
    toastEls(el)[0].querySelector('span')!.click();
    expect(events).to.have.length(1);
    expect(events[0].detail.key).to.equal('a');
    expect(events[0].detail.ref).to.equal(ref);
    expect(dismissed.map((d) => d.reason)).to.deep.equal(['user']);
    await waitFor(() => toastEls(el).length === 0, 'the toast to leave');
  });

  it('activates the focused toast with Enter and with Space', async () => {
    const el = await fixture();
    const activated = record<ToastActivateDetail>(el, 'lonceng-toast-activate');
    el.show({ key: 'one', title: 'One', body: '', ref: 1 });
    el.show({ key: 'two', title: 'Two', body: '', ref: 2 });
    await el.updateComplete;
    toastEl(el, 'Two')!.focus();
    await sendKeys({ press: 'Enter' });
    expect(activated).to.deep.equal([{ key: 'two', ref: 2 }]);
    // Focus stays in the stack, on the next toast.
    expect(el.shadowRoot!.activeElement).to.equal(toastEl(el, 'One'));
    await sendKeys({ press: 'Space' });
    expect(activated).to.deep.equal([
      { key: 'two', ref: 2 },
      { key: 'one', ref: 1 },
    ]);
    await waitFor(() => toastEls(el).length === 0, 'both toasts to leave');
  });

  it('does not activate when Enter is pressed on the dismiss button', async () => {
    const el = await fixture();
    const activated = record<ToastActivateDetail>(el, 'lonceng-toast-activate');
    const dismissed = record<ToastDismissDetail>(el, 'lonceng-toast-dismiss');
    el.show({ key: 'b', title: 'B', body: '' });
    await el.updateComplete;
    toastEls(el)[0].querySelector('button')!.focus();
    await sendKeys({ press: 'Enter' });
    expect(activated).to.deep.equal([]);
    expect(dismissed.map((d) => d.reason)).to.deep.equal(['user']);
  });

  it('dismisses with Escape, dismiss() and clear()', async () => {
    const el = await fixture();
    const dismissed = record<ToastDismissDetail>(el, 'lonceng-toast-dismiss');
    for (const k of ['1', '2', '3']) el.show({ key: k, title: k, body: '' });
    await el.updateComplete;
    toastEl(el, '3')!.focus();
    await sendKeys({ press: 'Escape' });
    el.dismiss('1');
    el.dismiss('nope');
    await waitFor(() => titles(el).join() === '2', 'two toasts to leave');
    el.clear();
    await waitFor(() => toastEls(el).length === 0, 'all toasts to leave');
    expect(dismissed.map((d) => `${d.key}:${d.reason}`)).to.deep.equal(['3:user', '1:user', '2:user']);
  });

  it('updates a visible toast in place when shown again with its key, and restarts its timer', async () => {
    const el = await fixture({ duration: 400 });
    el.show({ key: 'burst', title: '2 new notifications', body: 'A, B' });
    el.show({ key: 'other', title: 'Other', body: '' });
    await el.updateComplete;
    const node = toastEl(el, '2 new notifications')!;
    await sleep(250);
    expect(el.show({ key: 'burst', title: '3 new notifications', body: 'A, B, C' })).to.equal('burst');
    await el.updateComplete;
    expect(titles(el)).to.deep.equal(['Other', '3 new notifications']);
    expect(toastEl(el, '3 new notifications')).to.equal(node);
    expect(node.querySelector('span')!.textContent).to.equal('A, B, C');
    // 'other' was shown at the same time and leaves first; the updated one got a new 400 ms.
    await waitFor(() => titles(el).join() === '3 new notifications', 'the other toast to leave', 1500);
    await waitFor(() => toastEls(el).length === 0, 'the updated toast to leave', 1500);
  });

  it('renders markup in payload fields as text', async () => {
    const el = await fixture();
    const evil = '<img src=x onerror=alert(1)>';
    el.show({ title: evil, body: `<b>${evil}</b>` });
    await el.updateComplete;
    const toast = toastEls(el)[0];
    expect(toast.querySelector('strong')!.textContent).to.equal(evil);
    expect(toast.textContent).to.contain(`<b>${evil}</b>`);
    expect(el.shadowRoot!.querySelector('img, b')).to.equal(null);
  });

  it('stays a few lines tall and inside the viewport, however long its text', async () => {
    const el = await fixture();
    const word = 'x'.repeat(10_000);
    el.show({ title: word, body: `${word} ${word}`, sticky: true });
    el.show({ title: 'Next', body: 'An ordinary toast' });
    await el.updateComplete;
    const [next, long] = toastEls(el);
    const box = long.getBoundingClientRect();
    const lineHeight = parseFloat(getComputedStyle(long.querySelector('span')!).lineHeight) || 20;
    expect(box.height, 'toast height in px').to.be.below(8 * lineHeight);
    expect(box.right).to.be.at.most(innerWidth);
    expect(box.left).to.be.at.least(0);
    // The ✕ is still on screen and the toast below it is not covered.
    const dismiss = long.querySelector('button')!.getBoundingClientRect();
    expect(dismiss.right).to.be.at.most(innerWidth);
    expect(dismiss.width).to.be.greaterThan(0);
    const nextBox = next.getBoundingClientRect();
    expect(nextBox.bottom <= box.top || nextBox.top >= box.bottom, 'toasts do not overlap').to.equal(true);
  });

  it('slides in and out, but not under prefers-reduced-motion', async () => {
    const el = await fixture();
    el.show({ key: 'm', title: 'Motion', body: '' });
    await el.updateComplete;
    const toast = toastEls(el)[0];
    expect(getComputedStyle(toast).animationName).to.equal('in');
    el.dismiss('m');
    await el.updateComplete;
    expect(getComputedStyle(toast).animationName).to.equal('out');
    try {
      await emulateMedia({ reducedMotion: 'reduce' });
      el.show({ key: 'r', title: 'Reduced', body: '' });
      await el.updateComplete;
      const reduced = toastEl(el, 'Reduced')!;
      expect(getComputedStyle(reduced).animationName).to.equal('none');
      el.dismiss('r');
      await el.updateComplete;
      expect(getComputedStyle(reduced).display).to.equal('none');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('has no axe violations with two toasts shown', async () => {
    const el = await fixture();
    el.show({ title: '🛍️ New Order', body: 'Budi placed an order #A1 (Rp 150.000)' });
    el.show({ title: '⚠️ New Dispute', body: 'Dispute #D1 created for order #A1', sticky: true });
    await el.updateComplete;
    await sleep(250); // let the enter animation finish so colours are final
    expect(await axeViolations(el)).to.deep.equal([]);
  });
});
