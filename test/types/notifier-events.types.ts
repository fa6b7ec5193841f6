// Type-level tests of the notifier's events. Only type-checked (`npm run typecheck`), never run:
// the name ends in `.types.ts`, so neither vitest nor web-test-runner (both take `*.test.ts`)
// picks it up. Every `@ts-expect-error` below must stay an error; if a type were loosened
// (e.g. an index signature letting any event name through), tsc would report the directive unused.
import type { ConnectionState, LoncengNotification, Notifier, NotifierEventMap, ResyncReason } from '../../src/core/index.js';

/** True exactly when A and B are the same type (not merely assignable both ways). */
type IsExact<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only with `true`. */
const assertType = <T extends true>(): T | void => undefined;

/** The event type a listener of `K` receives. */
type ListenerEvent<K extends keyof NotifierEventMap> = Parameters<Parameters<typeof notifier.on<K>>[1]>[0];

declare const notifier: Notifier;
declare const someName: string;

// Names the map knows compile, with each listener typed from the map.
notifier.on('notification', (e) => e.detail.notification.id);
notifier.on('state', (e) => e.detail.state satisfies ConnectionState);
notifier.on('resync', (e) => e.detail.reason satisfies ResyncReason);
notifier.on('auth-error', (e) => `${e.detail.code} ${e.detail.reason}`);
notifier.on('change', () => undefined);
notifier.on('notification', ({ detail }) => detail.notification satisfies LoncengNotification, { once: true });
const off: () => void = notifier.on('change', () => undefined);
off();

// The listener's event is exactly the map's event.
assertType<IsExact<ListenerEvent<'notification'>, CustomEvent<{ notification: LoncengNotification }>>>();
assertType<IsExact<ListenerEvent<'resync'>, NotifierEventMap['resync']>>();
assertType<IsExact<ListenerEvent<'auth-error'>, CustomEvent<{ code: number; reason: string }>>>();
// @ts-expect-error -- not a loose Event or CustomEvent<any>
assertType<IsExact<ListenerEvent<'state'>, CustomEvent>>();
notifier.on('state', (e) => assertType<IsExact<typeof e, CustomEvent<{ state: ConnectionState }>>>());

// Wrong names do not compile.
// @ts-expect-error -- misspelt event name
notifier.on('notificaton', () => undefined);
// @ts-expect-error -- the element's DOM event name, not the notifier's
notifier.on('lonceng-notification', () => undefined);
// @ts-expect-error -- an arbitrary string is not an event name
notifier.on(someName, () => undefined);

// Wrong detail access does not compile.
// @ts-expect-error -- a state event has no notification
notifier.on('state', (e) => e.detail.notification);
// @ts-expect-error -- a notification event has no state
notifier.on('notification', (e) => e.detail.state);
// @ts-expect-error -- the notification is under detail, not on the event
notifier.on('notification', (e) => e.notification.id);
// @ts-expect-error -- a resync reason is 'epoch' or 'reset'
notifier.on('resync', (e) => e.detail.reason === 'gap');
// @ts-expect-error -- a change event carries no fields
notifier.on('change', (e) => e.detail.count);

// A listener annotated with another event's type does not compile.
// @ts-expect-error -- a resync listener cannot take a state event
notifier.on('resync', (e: NotifierEventMap['state']) => e.detail.state);
