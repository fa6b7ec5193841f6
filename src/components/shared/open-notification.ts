import type { Describer } from '../../catalog/index.js';
import type { Notifier } from '../../core/notifier.js';
import type { LoncengNotification } from '../../core/types.js';
import { emit } from './emit.js';

/**
 * What activating a notification does, wherever it is activated (panel item, toast, OS
 * notification): mark it read, fire the cancelable `lonceng-open`, and unless a listener
 * cancelled it, follow the host's link for its event, if any.
 */
export function openNotification(
  host: EventTarget,
  notifier: Notifier | undefined,
  describer: Describer,
  notification: LoncengNotification,
): void {
  notifier?.markRead([notification.id]);
  const { href } = describer.describe(notification);
  if (emit(host, 'lonceng-open', { notification }, true) && href) location.assign(href);
}
