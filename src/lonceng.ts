/**
 * lonceng: the notification bell for admin dashboards. Importing this module registers
 * `<lonceng-notifications>`, `<lonceng-bell>`, `<lonceng-panel>` and `<lonceng-toaster>`.
 */
export * from './core/index.js';
export * from './catalog/index.js';
export { LoncengBell } from './components/bell/bell.js';
export { LoncengPanel } from './components/panel/panel.js';
export {
  LoncengToaster,
  type ToastInput,
  type ToastActivateDetail,
  type ToastDismissDetail,
  type ToastDismissReason,
} from './components/toaster/toaster.js';
export { LoncengNotifications } from './components/notifications/notifications.js';
export type { LoncengEventMap, LoncengEventDetail } from './components/dom-events.js';
