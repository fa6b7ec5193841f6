// The hostile corpus (support/hostile-payloads.ts) through the real drop-in and the test Hub: in
// server titles and bodies, as the event name, in data fields filled into host and built-in
// templates, as the id, and in host link templates and their data. Nothing may run, every text
// must show literally (after the display caps and bidi stripping of docs/PROTOCOL.md §7), rows and
// toasts must keep their place and size, and a link may only lead where its template says.
import { expect } from 'chai';
import '../../src/lonceng.js';
import { createCatalog, MAX_BODY_CHARS, MAX_TITLE_CHARS, type TemplateOverride } from '../../src/catalog/index.js';
import type { LoncengNotification } from '../../src/core/types.js';
import type { LoncengNotifications } from '../../src/lonceng.js';
import { publish, userUrl, type PublishInput } from './support/hub.js';
import {
  HOSTILE_LINK_DATA,
  HOSTILE_PAYLOADS,
  PWNED_FLAG,
  SAFE_LINKS,
  UNENCODABLE_LINK_DATA,
  UNSAFE_LINKS,
} from './support/hostile-payloads.js';
import { openPanel, part, parts, sleep, uniqueUser, waitFor } from './support/widget.js';

/** Elements that data must never bring into a shadow root. */
const MARKUP = [
  'script',
  'img',
  'svg',
  'iframe',
  'object',
  'embed',
  'a',
  'math',
  'style',
  'template',
  'details',
  'input',
  'body',
  'video',
  'audio',
  'link',
  'meta',
  'base',
  'form',
  'image',
  'use',
];
/** The bidi controls docs/PROTOCOL.md §7 drops from data values filled into texts. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
/** A row or a toast is a few lines at most. */
const MAX_HEIGHT_PX = 200;

const pwned = () => (window as unknown as Record<string, unknown>)[PWNED_FLAG];
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const fromData = (value: string) => value.replace(BIDI_CONTROLS, '');

interface Shown {
  title: string;
  body: string;
}

async function mount(templates: Record<string, TemplateOverride> = {}): Promise<{ el: LoncengNotifications; user: string }> {
  const user = uniqueUser('hostile');
  const el = document.createElement('lonceng-notifications');
  el.templates = templates;
  el.setAttribute('user', user);
  el.setAttribute('locale', 'en');
  el.setAttribute('toast-duration', '60000');
  el.setAttribute('desktop', 'off');
  el.setAttribute('muted', '');
  el.setAttribute('url', await userUrl(user));
  // Where a dashboard puts its bell: at the right end of its header.
  const header = document.createElement('header');
  header.style.cssText = 'display: flex; justify-content: flex-end;';
  header.append(el);
  document.body.append(header);
  await waitFor(() => el.notifier?.state === 'open', 'the widget to connect');
  return { el, user };
}

/** Every element in the widget's shadow trees. */
function shadowElements(el: Element): Element[] {
  const found: Element[] = [];
  const walk = (root: ShadowRoot | null) => {
    for (const node of root?.querySelectorAll('*') ?? []) {
      found.push(node);
      walk(node.shadowRoot);
    }
  };
  walk(el.shadowRoot);
  return found;
}

const markupCounts = (el: Element) =>
  Object.fromEntries(MARKUP.map((tag) => [tag, shadowElements(el).filter((node) => node.localName === tag).length]));

/** No element, handler or URL came from data: only what the widget itself renders is there. */
function expectNoMarkupFromData(el: Element, before: Record<string, number>): void {
  expect(markupCounts(el), 'elements in the shadow roots').to.deep.equal(before);
  for (const node of shadowElements(el)) {
    for (const { name, value } of node.attributes) {
      expect(name, `an attribute of <${node.localName}>`).not.to.match(/^on/i);
      expect(value, `the ${name} of <${node.localName}>`).not.to.match(/^\s*(javascript|data|vbscript):/i);
    }
  }
}

/** A row or toast box: a few lines tall, inside its bounds, its texts (`texts`, a selector) not spilling sideways. */
function expectBox(
  box: HTMLElement,
  texts: string,
  bounds: { left: number; right: number; top?: number; bottom?: number },
  what: string,
): void {
  const rect = box.getBoundingClientRect();
  expect(rect.height, `${what}: height in px`).to.be.above(0).and.below(MAX_HEIGHT_PX);
  expect(rect.left, `${what}: left`).to.be.at.least(bounds.left - 1);
  expect(rect.right, `${what}: right`).to.be.at.most(bounds.right + 1);
  if (bounds.top !== undefined) expect(rect.top, `${what}: top`).to.be.at.least(bounds.top - 1);
  if (bounds.bottom !== undefined) expect(rect.bottom, `${what}: bottom`).to.be.at.most(bounds.bottom + 1);
  for (const text of box.querySelectorAll<HTMLElement>(texts)) {
    expect(text.scrollWidth, `${what}: width of its text`).to.be.at.most(text.clientWidth + 1);
  }
}

const ROW_TEXTS = 'strong, .body';
const TOAST_TEXTS = 'strong, strong + span';
const viewport = () => ({ left: 0, right: innerWidth, top: 0, bottom: innerHeight });
const visibleToasts = (el: Element) => parts(el, 'toast').filter((toast) => !toast.classList.contains('out'));

/** Publishes in order, a few at a time; returns the ids the Hub gave. */
async function publishAll(user: string, inputs: PublishInput[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < inputs.length; i += 8) {
    const sent = await Promise.all(inputs.slice(i, i + 8).map((input) => publish(user, input)));
    ids.push(...sent.map((n) => n.id));
  }
  return ids;
}

/** Each panel row (one per held notification, newest first) shows exactly what was expected for its id. */
function expectRows(el: LoncengNotifications, expected: Map<string, Shown>): void {
  const items = el.notifier!.items;
  const rows = parts(el, 'item');
  expect(rows.length, 'rows').to.equal(expected.size);
  // The list scrolls: rows are bound sideways by the panel, not vertically; the panel by the viewport.
  const { left, right } = part(el, 'panel')!.getBoundingClientRect();
  expect(left, 'panel left').to.be.at.least(0);
  expect(right, 'panel right').to.be.at.most(innerWidth);
  rows.forEach((row, i) => {
    const shown = expected.get(items[i].id);
    expect(shown, `row ${i} is one of ours`).not.to.equal(undefined);
    const what = `row ${i} (${JSON.stringify(shown!.title.slice(0, 40))})`;
    expect(row.querySelector('strong')!.textContent, `${what}: title`).to.equal(shown!.title);
    expect(row.querySelector('.body')!.textContent, `${what}: body`).to.equal(shown!.body);
    expectBox(row, ROW_TEXTS, { left, right }, what);
  });
}

/** Mounts, opens the panel and shows one plain notification: what the widget renders by itself. */
async function prepared(templates?: Record<string, TemplateOverride>) {
  const { el, user } = await mount(templates);
  await openPanel(el);
  await publish(user, { event: 'order.created', data: { orderCode: 'ORD-1', customerName: 'Budi', totalAmount: 1000 } });
  await waitFor(() => parts(el, 'item').length === 1 && visibleToasts(el).length === 1, 'the first row and toast');
  const panelWidth = part(el, 'panel')!.getBoundingClientRect().width;
  return { el, user, before: markupCounts(el), panelWidth };
}

describe('the hostile corpus', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('lonceng-notifications')) el.parentElement!.remove();
    delete (window as unknown as Record<string, unknown>)[PWNED_FLAG];
  });

  it(`has at least 40 payloads, all different`, () => {
    expect(HOSTILE_PAYLOADS.length).to.be.at.least(40);
    expect(new Set(HOSTILE_PAYLOADS.map((p) => p.text)).size).to.equal(HOSTILE_PAYLOADS.length);
  });

  it('shows every payload literally as a server title and body, and as the event name, and runs none of it', async () => {
    const { el, user, before, panelWidth } = await prepared();
    const inputs = HOSTILE_PAYLOADS.flatMap(({ text }): PublishInput[] => [
      { event: 'hostile.server', title: text, body: text },
      { event: text, data: {} },
    ]);
    const ids = await publishAll(user, inputs);
    await waitFor(() => parts(el, 'item').length === inputs.length + 1, 'every row');
    // Handlers of injected elements (an image failing to load) would have run by now.
    await sleep(300);

    const catalog = createCatalog();
    const expected = new Map<string, Shown>([
      [el.notifier!.items.at(-1)!.id, { title: '🛍️ New Order', body: 'Budi placed an order #ORD-1 (Rp 1.000)' }],
    ]);
    inputs.forEach((input, i) => {
      const held = el.notifier!.items.find((n) => n.id === ids[i]) as LoncengNotification;
      expect(held.event, 'the event name as sent').to.equal(input.event);
      // A server's text is shown as sent, cut for display; an unknown event without one gets a title from its name.
      expected.set(
        ids[i],
        input.title === undefined
          ? catalog.describe(held, 'en')
          : { title: clip(input.title, MAX_TITLE_CHARS), body: clip(input.body!, MAX_BODY_CHARS) },
      );
    });
    expectRows(el, expected);
    expect(part(el, 'panel')!.getBoundingClientRect().width, 'panel width').to.be.closeTo(panelWidth, 1);
    // The burst collapsed into one summary toast, which lists hostile titles.
    for (const toast of visibleToasts(el)) expectBox(toast, TOAST_TEXTS, viewport(), 'a toast');
    expectNoMarkupFromData(el, before);
    expect(pwned(), 'a payload ran').to.equal(undefined);
  });

  it('shows every payload literally in data fields, through a host template and a built-in one, and takes it as the id', async () => {
    const templates = { 'hostile.templated': { title: 'T {v}', body: 'B {v} ({v})' } };
    const { el, user, before, panelWidth } = await prepared(templates);
    const inputs = HOSTILE_PAYLOADS.flatMap(({ text }, i): PublishInput[] => [
      { event: 'hostile.templated', data: { v: text } },
      { event: 'order.created', data: { orderCode: text, customerName: text, totalAmount: 1000 } },
      { event: 'hostile.id', id: text, title: `id ${i}`, body: 'B' },
    ]);
    const ids = await publishAll(user, inputs);
    await waitFor(() => parts(el, 'item').length === inputs.length + 1, 'every row');
    await sleep(300);

    const expected = new Map<string, Shown>([
      [el.notifier!.items.at(-1)!.id, { title: '🛍️ New Order', body: 'Budi placed an order #ORD-1 (Rp 1.000)' }],
    ]);
    inputs.forEach((input, i) => {
      const v = fromData(String(input.data?.v ?? input.data?.orderCode ?? ''));
      if (input.event === 'hostile.id') {
        expect(ids[i], 'the id as sent').to.equal(input.id);
        expected.set(ids[i], { title: input.title!, body: 'B' });
      } else if (input.event === 'hostile.templated') {
        expected.set(ids[i], { title: clip(`T ${v}`, MAX_TITLE_CHARS), body: clip(`B ${v} (${v})`, MAX_BODY_CHARS) });
      } else {
        expected.set(ids[i], { title: '🛍️ New Order', body: clip(`${v} placed an order #${v} (Rp 1.000)`, MAX_BODY_CHARS) });
      }
    });
    expect(new Set(el.notifier!.items.map((n) => n.id)), 'every hostile id held').to.include.all.keys(HOSTILE_PAYLOADS.map((p) => p.text));
    expectRows(el, expected);
    expect(part(el, 'panel')!.getBoundingClientRect().width, 'panel width').to.be.closeTo(panelWidth, 1);
    expectNoMarkupFromData(el, before);
    expect(pwned(), 'a payload ran').to.equal(undefined);
  });

  it('shows every payload literally in toasts that stay inside the viewport', async () => {
    const { el, user, before } = await prepared();
    // Up to three arrivals at once get a toast each (more would collapse into a summary).
    for (let i = 0; i < HOSTILE_PAYLOADS.length; i += 3) {
      const group = HOSTILE_PAYLOADS.slice(i, i + 3);
      await Promise.all(group.map(({ text }) => publish(user, { event: 'hostile.server', title: text, body: text })));
      const titles = group.map(({ text }) => clip(text, MAX_TITLE_CHARS));
      const showing = () => visibleToasts(el).map((toast) => toast.querySelector('strong')!.textContent);
      await waitFor(() => titles.every((title) => showing().includes(title)), `the toasts of payloads ${i + 1}–${i + group.length}`);
      // The toasts they pushed out finish leaving first: the stack is measured as it settles.
      await waitFor(() => parts(el, 'toast').length === visibleToasts(el).length, 'the older toasts to leave');
      for (const { text, name } of group) {
        const toast = visibleToasts(el).find((t) => t.querySelector('strong')!.textContent === clip(text, MAX_TITLE_CHARS))!;
        expect(toast.querySelector('strong + span')!.textContent, `${name}: toast body`).to.equal(clip(text, MAX_BODY_CHARS));
        expectBox(toast, TOAST_TEXTS, viewport(), `${name}: toast`);
      }
    }
    await sleep(300);
    expectNoMarkupFromData(el, before);
    expect(pwned(), 'a payload ran').to.equal(undefined);
  });

  it("follows a host link only to its template's origin, whatever the data, and never an unsafe one", async () => {
    const templates: Record<string, TemplateOverride> = {};
    const cases: { event: string; v: string; origin: string | null | undefined; name: string }[] = [];
    SAFE_LINKS.forEach(({ name, template, origin }, k) => {
      templates[`link.safe.${k}`] = { link: template };
      for (const v of HOSTILE_LINK_DATA) cases.push({ event: `link.safe.${k}`, v, origin, name: `${name} with ${JSON.stringify(v)}` });
      // A value that cannot be encoded makes no link, even in a safe template.
      cases.push({ event: `link.safe.${k}`, v: UNENCODABLE_LINK_DATA, origin: undefined, name: `${name} with a lone surrogate` });
    });
    UNSAFE_LINKS.forEach(({ name, template }, k) => {
      templates[`link.unsafe.${k}`] = { link: template };
      for (const v of ['ORD-1', HOSTILE_LINK_DATA[0]])
        cases.push({ event: `link.unsafe.${k}`, v, origin: undefined, name: `${name} with ${v}` });
    });
    const { el, user } = await mount(templates);
    await openPanel(el);
    const ids = await publishAll(
      user,
      cases.map(({ event, v }, i) => ({ event, data: { v }, title: `link ${i}`, body: '' })),
    );
    await waitFor(() => parts(el, 'item').length === cases.length, 'every row');

    // Navigations are recorded and cancelled, so that the test page stays.
    const navigations: string[] = [];
    const navigation = (window as unknown as { navigation: EventTarget }).navigation;
    const onNavigate = (event: Event) => {
      navigations.push((event as Event & { destination: { url: string } }).destination.url);
      event.preventDefault();
    };
    navigation.addEventListener('navigate', onNavigate);
    try {
      for (const [i, { origin, name }] of cases.entries()) {
        const at = el.notifier!.items.findIndex((n) => n.id === ids[i]);
        const row = parts(el, 'item')[at];
        expect(row.querySelector('strong')!.textContent).to.equal(`link ${i}`);
        const count = navigations.length;
        row.click();
        await sleep(0);
        if (origin === undefined) {
          expect(navigations.length, `${name}: no navigation`).to.equal(count);
          continue;
        }
        expect(navigations.length, `${name}: one navigation`).to.equal(count + 1);
        const url = new URL(navigations.at(-1)!);
        expect(url.protocol, `${name}: scheme`).to.match(/^https?:$/);
        expect(url.origin, `${name}: origin`).to.equal(origin ?? location.origin);
      }
    } finally {
      navigation.removeEventListener('navigate', onNavigate);
    }
    await sleep(300);
    expect(pwned(), 'a link ran script').to.equal(undefined);
  });
});
