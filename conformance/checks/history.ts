/**
 * History pages (§13.3, §13.6), when the welcome advertises `history`: pages are asked for on
 * `main`, which has received every entry of the user's stream since its welcome, so each page can
 * be compared with what the server must hold.
 */
import type { CheckName } from '../catalog.js';
import { isFrame, type Frame } from '../client.js';
import { historyShape, notificationShape, show } from '../frames.js';
import type { HistoryRequest } from '../../src/core/protocol.js';
import type { Connection, Session } from '../session.js';
import { held, sameJson, type Held } from '../stream.js';
import type { StateLeft } from './state.js';

/** The most items a page holds: servers clamp `limit` to 1–100. */
const MAX_PAGE = 100;

interface Page {
  items: Frame[];
  more: unknown;
}

const seqs = (items: readonly (Frame | Held)[]): string => items.map((item) => show(item.seq)).join(', ');

export async function checkHistory(session: Session, main: Connection, ids: StateLeft): Promise<void> {
  const { recorder } = session;
  const features = session.server?.features ?? [];
  if (!features.includes('history')) {
    for (const name of ['history-answer', 'history-newest', 'history-before', 'history-more', 'history-limit', 'history-state'] as const) {
      recorder.skip(name, 'the welcome does not advertise "history"');
    }
    return;
  }
  const live = new Map(held(main).map((notification) => [notification.seq, notification]));
  // The user's unarchived notifications main knows of, newest first.
  const known = [...live.values()].filter((notification) => !notification.archived).sort((a, b) => b.seq - a.seq);
  let asked = 0;

  /** Asks for one page; checks what any page must be (`history-answer`) and what this one must hold. */
  const ask = async (check: CheckName, before: number | null, limit: number): Promise<Page | null> => {
    const id = `conformance-${session.run}-${++asked}`;
    const from = main.probe.received.length;
    main.probe.send({ type: 'history', id, before, limit } satisfies HistoryRequest);
    const index = await main.probe.waitFor(
      (message) => message.frame?.type === 'history' && message.frame.id === id,
      session.options.timeoutMs,
      from,
    );
    const request = `{"type":"history","id":"${id}","before":${before},"limit":${limit}}`;
    if (index < 0) {
      recorder.fail('history-answer', `no answer to ${request} within ${session.options.timeoutMs} ms`);
      return null;
    }
    const frame = main.probe.received[index].frame as Frame;
    const shape = historyShape(frame);
    for (const error of shape.errors) recorder.fail('history-answer', `answer to ${request}: ${error}`);
    if (!Array.isArray(frame.items)) return null;
    const items = frame.items.filter(isFrame);
    if (items.length !== frame.items.length)
      recorder.fail('history-answer', `answer to ${request}: items that are not notification frames`);
    for (const item of items) checkItem(session, item, live.get(item.seq as number));
    const expectedAtMost = Math.min(MAX_PAGE, Math.max(1, limit));
    if (items.length > expectedAtMost) recorder.fail(check, `${items.length} items for limit ${limit}`);
    const order = items.map((item) => item.seq as number);
    if (order.some((seq, i) => i > 0 && !(seq < order[i - 1]))) recorder.fail(check, `items are not newest first: seq ${seqs(items)}`);
    if (shape.errors.length === 0) recorder.pass('history-answer');
    return { items, more: frame.more };
  };

  /** The page must start at the newest known notification below `before` and continue in order. */
  const expectPage = (check: CheckName, page: Page, before: number | null): void => {
    const below = known.filter((notification) => before === null || notification.seq < before);
    const above = before === null ? [] : page.items.filter((item) => typeof item.seq !== 'number' || item.seq >= before);
    if (above.length > 0) recorder.fail('history-before', `before ${before} gave seq ${seqs(above)}, not below ${before}`);
    const compared = Math.min(page.items.length, below.length);
    const wrong = page.items.slice(0, compared).some((item, i) => item.seq !== below[i].seq);
    if (wrong && above.length === 0)
      recorder.fail(
        check,
        `before ${show(before)} gave seq ${seqs(page.items)}; the server holds ${seqs(below.slice(0, page.items.length))} there`,
      );
    if (page.items.length === 0 && below[0] && below[0].seq === known[0]?.seq) {
      recorder.fail(check, `before ${show(before)} gave no items, though the newest notification (seq ${below[0].seq}) is below it`);
    }
    if (above.length === 0 && !wrong) recorder.pass(check);
  };

  const newest = await ask('history-newest', null, 3);
  if (newest) expectPage('history-newest', newest, null);

  const before = newest?.items.at(-1)?.seq ?? known[2]?.seq;
  if (typeof before === 'number') {
    const next = await ask('history-before', before, 3);
    if (next) expectPage('history-before', next, before);
    if (newest && next) checkMore(session, newest, next, before, known);
  }

  await checkPageState(session, known, live, ids, ask);

  const empty = await ask('history-more', 1, 5);
  if (empty) {
    if (empty.items.length !== 0 || empty.more !== false) {
      recorder.fail(
        'history-more',
        `before 1 gave ${empty.items.length} items and "more": ${show(empty.more)}; nothing is below seq 1: {"items":[],"more":false}`,
      );
    } else {
      recorder.pass('history-more');
    }
  }

  const large = await ask('history-limit', null, 1000);
  if (large && large.items.length <= MAX_PAGE) recorder.pass('history-limit', `${large.items.length} items for limit 1000`);

  const answers = new Map<unknown, number>();
  for (const frame of main.probe.frames()) if (frame.type === 'history') answers.set(frame.id, (answers.get(frame.id) ?? 0) + 1);
  for (const [id, count] of answers) if (count > 1) recorder.fail('history-answer', `request ${show(id)} was answered ${count} times`);
}

/**
 * `more` of the first page against the page below it: true with nothing below, or false with
 * something below, contradicts itself. False while this run published older ones may be
 * retention, so it only warns.
 */
function checkMore(session: Session, page: Page, below: Page, last: number, known: readonly Held[]): void {
  const { recorder } = session;
  if (page.more === true && below.items.length === 0) {
    recorder.fail('history-more', `"more": true on the page ending at seq ${last}, but the page below it is empty`);
  } else if (page.more !== true && below.items.length > 0) {
    recorder.fail(
      'history-more',
      `"more": ${show(page.more)} on the page ending at seq ${last}, but the page below it holds seq ${seqs(below.items)}`,
    );
  } else if (page.more !== true) {
    const older = known.filter((notification) => notification.seq < last);
    if (older.length > 0) {
      recorder.warn(
        'history-more',
        `"more": ${show(page.more)} below seq ${last}, though seq ${seqs(older.slice(0, 3))} were published a moment ago`,
        'keep a user’s notifications for history longer than the replay buffer (§13.9)',
      );
    }
  }
}

/** A page item is a full notification frame, as first sent. */
function checkItem(session: Session, item: Frame, first: Held | undefined): void {
  const { recorder } = session;
  const shape = notificationShape(item);
  const where = `page item seq ${show(item.seq)}`;
  if (item.type !== 'notification') recorder.fail('history-answer', `${where}: "type" must be "notification", got ${show(item.type)}`);
  if (typeof item.seq !== 'number') recorder.fail('history-answer', `${where}: items need their "seq"`);
  for (const error of shape.errors) recorder.fail('history-answer', `${where}: ${error}`);
  for (const warning of shape.warnings) recorder.warn('history-answer', `page item ${warning}`, 'omit optional members that have no value');
  if (item.archived === true) recorder.fail('history-state', `${where} is "archived": true; pages leave archived notifications out`);
  if (!first) return;
  for (const member of ['id', 'event', 'at', 'data'] as const) {
    if (!sameJson(item[member], first.frame[member])) {
      recorder.fail('history-answer', `${where} has ${member} ${show(item[member])}, first sent as ${show(first.frame[member])}`);
    }
  }
}

/** `history-state`: a page around the notifications the state checks changed. */
async function checkPageState(
  session: Session,
  known: readonly Held[],
  live: ReadonlyMap<number, Held>,
  ids: StateLeft,
  ask: (check: CheckName, before: number | null, limit: number) => Promise<Page | null>,
): Promise<void> {
  const { recorder } = session;
  if (!session.server?.features.includes('state')) {
    recorder.skip('history-state', 'the welcome does not advertise "state"');
    return;
  }
  const byId = new Map([...live.values()].map((notification) => [notification.id, notification]));
  const archived = ids.archived && byId.get(ids.archived);
  const read = ids.read && byId.get(ids.read);
  const unread = ids.unread && byId.get(ids.unread);
  if (!archived || !read || !unread || !archived.archived || !read.read || unread.read) {
    recorder.skip('history-state', 'the state checks did not leave a read, an unread and an archived notification');
    return;
  }
  const before = Math.max(archived.seq, read.seq, unread.seq) + 1;
  const page = await ask('history-state', before, known.filter((notification) => notification.seq < before).length + 1);
  if (!page) return;
  const problems: string[] = [];
  const find = (id: string) => page.items.find((item) => item.id === id);
  if (find(archived.id)) problems.push(`archived ${archived.id} is listed`);
  const readItem = find(read.id);
  if (readItem && readItem.read !== true) problems.push(`read ${read.id} is listed without "read": true`);
  const unreadItem = find(unread.id);
  if (unreadItem?.read === true) problems.push(`${unread.id} is listed "read": true although it was marked unread again`);
  for (const problem of problems) recorder.fail('history-state', `before ${before}: ${problem}`);
  const missing = [readItem ? [] : [read.id], unreadItem ? [] : [unread.id]].flat();
  if (missing.length > 0) {
    recorder.warn(
      'history-state',
      `before ${before}: ${missing.join(', ')} not listed, though published a moment ago and not archived`,
      'list every unarchived notification the server holds; keep them longer than the replay buffer (§13.9)',
    );
  }
  if (problems.length === 0) recorder.pass('history-state');
}
