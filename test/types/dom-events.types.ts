// Type-checked by `npm run typecheck` (tsc includes test/), never run: each `@ts-expect-error`
// line must stay an error, so loosening a type fails the build.
import type { LoncengEventDetail, LoncengNotification } from '../../src/lonceng.js';
import { emit } from '../../src/components/shared/emit.js';
import '../../src/lonceng.js';

type IsExact<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const exact = <T extends true>(): T => true as T;

declare const el: HTMLElementTagNameMap['lonceng-notifications'];

// Listeners are typed on the element, the document and the window alike.
el.addEventListener('lonceng-open', (e) => {
  exact<IsExact<typeof e.detail, { notification: LoncengNotification }>>();
  e.preventDefault();
});
document.addEventListener('lonceng-refresh', (e) => {
  exact<IsExact<typeof e.detail.events, string[]>>();
});
window.addEventListener('lonceng-status', (e) => {
  exact<IsExact<typeof e.detail.state, 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed'>>();
});
document.addEventListener('lonceng-toast-dismiss', (e) => {
  exact<IsExact<typeof e.detail.reason, 'timeout' | 'user' | 'overflow'>>();
});
exact<IsExact<LoncengEventDetail<'lonceng-auth-error'>, { code: number; reason: string }>>();

// @ts-expect-error: no such detail member
el.addEventListener('lonceng-open', (e) => e.detail.notifications);
// @ts-expect-error: lonceng-status carries a state, not a notification
window.addEventListener('lonceng-status', (e) => e.detail.notification);

// emit() knows the names and their details.
emit(el, 'lonceng-resync', { reason: 'epoch' });
// @ts-expect-error: misspelt event name
emit(el, 'lonceng-notificaton', {});
// @ts-expect-error: wrong detail for the event
emit(el, 'lonceng-resync', { reason: 'later' });
// @ts-expect-error: detail missing a member
emit(el, 'lonceng-auth-error', { code: 4401 });
