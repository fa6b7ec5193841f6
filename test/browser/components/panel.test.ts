import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/panel/panel.js';
import type { LoncengPanel } from '../../../src/components/panel/panel.component.js';
import type { Notifier } from '../../../src/core/notifier.js';
import { axeViolations } from '../support/axe.js';
import { fakeNotifier, historyFrames, type FakeServerOptions, type FakeTransport } from '../support/fake-transport.js';
import { waitFor } from '../support/wait.js';

type Setup = FakeServerOptions & Parameters<typeof fakeNotifier>[1];

const panels: LoncengPanel[] = [];
const notifiers: Notifier[] = [];

afterEach(async () => {
  for (const el of panels.splice(0)) el.remove();
  for (const n of notifiers.splice(0)) await n.close();
});

async function setup(options: Setup = {}, locale?: string): Promise<{ el: LoncengPanel; notifier: Notifier; transport: FakeTransport }> {
  const { notifier, transport } = await fakeNotifier(`panel-${Math.random().toString(36).slice(2, 8)}`, options);
  notifiers.push(notifier);
  if (options.history) await waitFor(() => notifier.items.length > 0 || !notifier.hasMore, 'the newest page');
  const el = document.createElement('lonceng-panel');
  if (locale) el.locale = locale;
  el.notifier = notifier;
  panels.push(el);
  document.body.append(el);
  await el.updateComplete;
  return { el, notifier, transport };
}

const root = (el: LoncengPanel) => el.shadowRoot!;
const rows = (el: LoncengPanel) => [...root(el).querySelectorAll('li')];
const all = (el: LoncengPanel, selector: string) => [...root(el).querySelectorAll<HTMLElement>(selector)];
const one = (el: LoncengPanel, selector: string) => root(el).querySelector<HTMLElement>(selector);
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const said = (el: LoncengPanel) => text(one(el, '[role=status]'));
const endLine = (el: LoncengPanel) => text(one(el, '.end'));
const buttonNamed = (el: LoncengPanel, name: string) => all(el, 'button').find((b) => text(b) === name);
/** Buttons of the list a Tab can land on. */
const tabStops = (el: LoncengPanel) => all(el, 'ul button').filter((b) => b.tabIndex >= 0);
const focused = (el: LoncengPanel) => root(el).activeElement as HTMLElement | null;
/** The order code shown by the focused row (unique per notification). */
const focusedOrder = (el: LoncengPanel) => /ORD-\d+/.exec(text(focused(el)?.closest('li')?.querySelector('.body')))?.[0];
/** Index among the rendered rows of the row that has focus; -1 when none has. */
const focusedRow = (el: LoncengPanel) => rows(el).indexOf(focused(el)?.closest('li') as HTMLLIElement);
/**
 * Where focus is in the list: the focused notification's place in the inbox (newest 0) and
 * which of its buttons (item 0, toggle 1, archive 2); null when focus is elsewhere.
 */
function focusAt(el: LoncengPanel): [number, number] | null {
  const button = focused(el);
  const row = button?.closest('li');
  if (!button || !row) return null;
  const order = focusedOrder(el);
  const at = el.notifier!.items.findIndex((n) => n.data.orderCode === order);
  return [at, [...row.querySelectorAll('button')].indexOf(button as HTMLButtonElement)];
}

async function press(el: LoncengPanel, key: string, expected: [number, number]): Promise<void> {
  await sendKeys({ press: key });
  await waitFor(
    () => String(focusAt(el)) === String(expected),
    `${key} to focus row ${expected[0]}, button ${expected[1]} (at ${String(focusAt(el))})`,
  );
  expect(tabStops(el), 'one Tab stop in the list').to.deep.equal([focused(el)]);
}

describe('<lonceng-panel>', () => {
  it('holds 10,000 notifications but renders 50 rows, 50 more as the end scrolls near, and only those around a far jump', async () => {
    const { notifier, transport } = await fakeNotifier('panel-scale', { maxItems: 20_000, maxUnreadItems: 20_000 });
    notifiers.push(notifier);
    for (let i = 0; i < 10_000; i++) transport.push();
    await waitFor(() => notifier.items.length === 10_000, '10,000 held');
    const t0 = performance.now();
    const el = document.createElement('lonceng-panel');
    el.notifier = notifier;
    panels.push(el);
    document.body.append(el);
    await el.updateComplete;
    const firstRender = performance.now() - t0;
    expect(rows(el)).to.have.length(50);
    expect(firstRender, 'first render in ms').to.be.below(1000);
    const scroller = one(el, '.scroll')!;
    expect(scroller.scrollHeight).to.be.greaterThan(scroller.clientHeight);
    scroller.scrollTop = scroller.scrollHeight;
    await waitFor(() => rows(el).length >= 100, '50 more rows after scrolling to the end');
    expect(rows(el).length).to.be.at.most(200);
    expect(getComputedStyle(rows(el)[0]).contentVisibility).to.equal('auto');
    all(el, '[part=item]')[3].focus();
    const order = focusedOrder(el);
    transport.push();
    await waitFor(() => focusedRow(el) === 4 && focusedOrder(el) === order, 'focus to follow its notification');
    // End: the oldest of 10,001, with a few rows around it rendered, not all on the way.
    let t = performance.now();
    await sendKeys({ press: 'End' });
    await waitFor(() => focusedOrder(el) === 'ORD-1', 'focus on the oldest');
    expect(performance.now() - t, 'End in ms').to.be.below(1000);
    expect(rows(el).length).to.be.at.most(150);
    expect(tabStops(el)).to.deep.equal([focused(el)]);
    // Scrolling up from there renders the rows above, 50 at a time.
    const before = rows(el).length;
    scroller.scrollTop = 0;
    await waitFor(() => rows(el).length > before, 'rows above rendered');
    t = performance.now();
    await sendKeys({ press: 'Home' });
    await waitFor(() => focusedOrder(el) === 'ORD-10001', 'focus on the newest');
    expect(performance.now() - t, 'Home in ms').to.be.below(1000);
    expect(rows(el).length).to.be.at.most(150);
  });

  it('is one Tab stop; arrows, Home/End and Page Up/Down move focus between rows and buttons', async () => {
    const { el } = await setup({ history: historyFrames(300) });
    expect(rows(el)).to.have.length(50);
    expect(tabStops(el)).to.have.length(1);
    expect(tabStops(el)[0].part.contains('item')).to.equal(true);
    el.focusFirst();
    await waitFor(() => String(focusAt(el)) === '0,0', 'focus on the first item');
    await press(el, 'ArrowDown', [1, 0]);
    await press(el, 'ArrowRight', [1, 1]);
    expect(focused(el)!.part.contains('item-toggle-read')).to.equal(true);
    await press(el, 'ArrowRight', [1, 2]);
    expect(focused(el)!.part.contains('item-archive')).to.equal(true);
    await press(el, 'ArrowRight', [1, 2]);
    await press(el, 'ArrowDown', [2, 2]);
    await press(el, 'ArrowLeft', [2, 1]);
    await press(el, 'ArrowUp', [1, 1]);
    await press(el, 'ArrowLeft', [1, 0]);
    await press(el, 'PageDown', [11, 0]);
    await press(el, 'PageUp', [1, 0]);
    await press(el, 'PageUp', [0, 0]);
    await press(el, 'ArrowUp', [0, 0]);
    // End: the last row held (49 of the 50 held); near the end of the list, the next page loads.
    await press(el, 'End', [49, 0]);
    await press(el, 'Home', [0, 0]);
    // Tab leaves the list.
    await sendKeys({ press: 'Tab' });
    await waitFor(() => focusAt(el) === null, 'focus out of the list');
    expect(text(focused(el))).to.equal('Load older');
    await sendKeys({ press: 'Shift+Tab' });
    await waitFor(() => String(focusAt(el)) === '0,0', 'back on the Tab stop it left');
  });

  it('reaches the 1,000th of 1,500 notifications by keyboard alone, loading pages on the way, and archives it', async () => {
    const { el, notifier, transport } = await setup({ history: historyFrames(1500) });
    expect(notifier.unreadCount).to.equal(1500);
    el.focusFirst();
    await waitFor(() => String(focusAt(el)) === '0,0', 'focus on the first item');
    for (let i = 1; i <= 100; i++) await press(el, 'PageDown', [i * 10, 0]);
    await press(el, 'ArrowUp', [999, 0]);
    expect(focusedOrder(el)).to.equal('ORD-501'); // the 1,000th newest of seq 1…1500
    expect(transport.historyRequests.length).to.be.greaterThan(19);
    // The rows around the focused one are rendered, not every row on the way.
    expect(rows(el).length).to.be.at.most(150);
    await press(el, 'ArrowRight', [999, 1]);
    await press(el, 'ArrowRight', [999, 2]);
    expect(focused(el)!.getAttribute('aria-label')).to.equal('Archive');
    const opened: unknown[] = [];
    el.addEventListener('lonceng-open', (e) => opened.push(e));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => !notifier.items.some((n) => n.id === 'h501'), 'h501 archived');
    expect(notifier.unreadCount).to.equal(1499);
    await waitFor(() => said(el) === 'Archived', 'the announcement');
    // It left the list; the one that took its place has focus, in the same column.
    await waitFor(() => focusedOrder(el) === 'ORD-500', 'focus on the next one');
    expect(focusAt(el)).to.deep.equal([999, 2]);
    expect(all(el, '.body').some((b) => text(b).includes('ORD-501 '))).to.equal(false);
    expect(opened).to.have.length(0);
    expect(transport.sent.some((f) => f.type === 'archive' && f.ids.includes('h501'))).to.equal(true);
    await waitFor(() => transport.serverUnread === 1499 && notifier.unreadCount === 1499, "the server's count");
  });

  it('toggles read and unread by click and by keyboard, announcing it, without opening the item', async () => {
    const { el, notifier } = await setup({ history: historyFrames(5) });
    const opened: unknown[] = [];
    el.addEventListener('lonceng-open', (e) => opened.push(e));
    expect(notifier.unreadCount).to.equal(5);
    const toggle = () => all(el, '[part=item-toggle-read]')[0];
    expect(toggle().getAttribute('aria-label')).to.equal('Mark as read');
    toggle().click();
    await waitFor(() => notifier.unreadCount === 4, 'one read');
    await waitFor(() => toggle().getAttribute('aria-label') === 'Mark as unread', 'the label to flip');
    expect(said(el)).to.equal('Marked as read');
    expect(rows(el)[0].classList.contains('unread')).to.equal(false);
    toggle().click();
    await waitFor(() => notifier.unreadCount === 5, 'unread again');
    await waitFor(() => said(el) === 'Marked as unread', 'the announcement');

    all(el, '[part=item]')[1].focus();
    await press(el, 'ArrowRight', [1, 1]);
    await sendKeys({ press: 'Enter' });
    await waitFor(() => notifier.unreadCount === 4, 'read by Enter');
    await waitFor(() => focused(el)?.getAttribute('aria-label') === 'Mark as unread', 'the focused label to flip');
    await sendKeys({ press: 'Space' });
    await waitFor(() => notifier.unreadCount === 5, 'unread by Space');
    await waitFor(() => said(el) === 'Marked as unread', 'announced');
    expect(String(focusAt(el))).to.equal('1,1');
    expect(opened).to.have.length(0);

    // The item itself still opens: marked read, `lonceng-open` fired.
    all(el, '[part=item]')[2].click();
    await waitFor(() => notifier.unreadCount === 4, 'opened one read');
    expect(opened).to.have.length(1);
  });

  it('speaks Indonesian in the per-item buttons and announcements', async () => {
    const { el, notifier } = await setup({ history: historyFrames(3) }, 'id');
    expect(all(el, '[part=item-archive]')[0].getAttribute('aria-label')).to.equal('Arsipkan');
    expect(all(el, '[part=item-toggle-read]')[0].getAttribute('aria-label')).to.equal('Tandai sudah dibaca');
    all(el, '[part=item-archive]')[0].click();
    await waitFor(() => notifier.items.length === 2, 'archived');
    await waitFor(() => said(el) === 'Diarsipkan', 'announced in Indonesian');
    expect(buttonNamed(el, 'Belum dibaca saja')).to.not.equal(undefined);
  });

  it('loads the next page with "Load older", shows "Loading…" meanwhile, and says where history ends', async () => {
    const { el, notifier, transport } = await setup({ history: historyFrames(120) });
    expect(notifier.items).to.have.length(50);
    expect(notifier.hasMore).to.equal(true);
    expect(endLine(el)).to.equal('Load older');
    transport.holdHistory = true;
    buttonNamed(el, 'Load older')!.click();
    await waitFor(() => endLine(el) === 'Loading…', '"Loading…"');
    expect(await axeViolations(el), 'while loading').to.deep.equal([]);
    transport.releaseHistory();
    await waitFor(() => rows(el).length === 100, 'the next page shown');
    expect(notifier.items).to.have.length(100);
    expect(endLine(el)).to.equal('Load older');
    buttonNamed(el, 'Load older')!.click();
    await waitFor(() => rows(el).length === 120, 'the last page shown');
    await waitFor(() => endLine(el) === 'No older notifications', 'the end of history');
    expect(notifier.hasMore).to.equal(false);
    expect(buttonNamed(el, 'Load older')).to.equal(undefined);
    expect(transport.historyRequests.map((r) => r.before)).to.deep.equal([null, 71, 21]);
    expect(await axeViolations(el), 'with the end line').to.deep.equal([]);
  });

  it('keeps focus on the same notification when new ones arrive at the top', async () => {
    const { el, transport } = await setup({ history: historyFrames(60) });
    all(el, '[part=item-toggle-read]')[2].focus();
    await waitFor(() => String(focusAt(el)) === '2,1', 'focus on row 2');
    const order = focusedOrder(el);
    transport.push();
    transport.push();
    await waitFor(() => focusedRow(el) === 4 && focusedOrder(el) === order, 'focus to follow its notification');
    expect(String(focusAt(el))).to.equal('4,1');
    expect(tabStops(el)).to.deep.equal([focused(el)]);
    // Scrolled away from the focused row, an arrival does not scroll the list back to it.
    const scroller = one(el, '.scroll')!;
    scroller.scrollTop = 1500;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    transport.push();
    await waitFor(() => focusedRow(el) === 5 && focusedOrder(el) === order, 'focus to follow its notification again');
    expect(scroller.scrollTop).to.be.closeTo(1500, 100);
    await press(el, 'ArrowUp', [4, 1]);
  });

  it('filters to unread only and loads older pages until 50 rows show', async () => {
    // Every fifth is unread: the newest page holds 10 of them.
    const { el, notifier, transport } = await setup({ history: historyFrames(600, (seq) => seq % 5 !== 0) });
    expect(notifier.items).to.have.length(50);
    const toggle = buttonNamed(el, 'Unread only')!;
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    toggle.click();
    await waitFor(() => toggle.getAttribute('aria-pressed') === 'true', 'the toggle pressed');
    const allUnread = () => rows(el).every((row) => row.classList.contains('unread'));
    await waitFor(() => allUnread() && rows(el).length === 50 && !notifier.loading, '50 unread rows', 10_000);
    expect(notifier.items.length).to.be.within(250, 300);
    expect(notifier.hasMore).to.equal(true);
    const requests = transport.historyRequests.length;
    expect(requests).to.be.within(5, 6);
    // Reading one takes it out of this view.
    all(el, '[part=item-toggle-read]')[0].click();
    await waitFor(() => !rows(el)[0].textContent.includes('ORD-600 '), 'the read one to leave');
    expect(allUnread()).to.equal(true);
    toggle.click();
    await waitFor(() => rows(el).some((row) => !row.classList.contains('unread')), 'read ones back');
  });

  it('says how many older unread notifications are not kept on this device', async () => {
    const { el, notifier, transport } = await setup({ maxItems: 10, maxUnreadItems: 10 });
    expect(one(el, '.note')).to.equal(null);
    for (let i = 0; i < 1010; i++) transport.push();
    await waitFor(() => notifier.notKept === 1000, '1,000 not kept');
    await waitFor(() => text(one(el, '.note')) === '1,000 older unread notifications are not kept on this device', 'the notice');
    expect(notifier.items).to.have.length(10);
    expect(notifier.history).to.equal(false);
    expect(endLine(el)).to.equal('');
    expect(await axeViolations(el), 'with the notice').to.deep.equal([]);
    el.locale = 'id';
    await waitFor(
      () => text(one(el, '.note')) === '1.000 notifikasi belum dibaca yang lebih lama tidak disimpan di perangkat ini',
      'the notice in Indonesian',
    );
  });

  it('has no accessibility violations with items', async () => {
    const { el } = await setup({ history: historyFrames(60, (seq) => seq % 2 === 0) });
    all(el, '[part=item-archive]')[1].focus();
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('does no work while inactive', async () => {
    const { notifier, transport } = await fakeNotifier('panel-inactive', { history: historyFrames(300, () => true) });
    notifiers.push(notifier);
    await waitFor(() => notifier.items.length === 50, 'the newest page');
    const el = document.createElement('lonceng-panel');
    el.active = false;
    el.notifier = notifier;
    panels.push(el);
    document.body.append(el);
    await el.updateComplete;
    expect(one(el, '[part=panel]')).to.equal(null);
    transport.push();
    await waitFor(() => notifier.items.length === 51, 'an arrival');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(one(el, '[part=panel]')).to.equal(null);
    expect(transport.historyRequests).to.have.length(1);
    el.active = true;
    await waitFor(() => rows(el).length === 50, 'rows once active');
  });
});
