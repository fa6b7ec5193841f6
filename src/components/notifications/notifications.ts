import { LoncengNotifications } from './notifications.component.js';

export { LoncengNotifications };
if (!customElements.get('lonceng-notifications')) customElements.define('lonceng-notifications', LoncengNotifications);

declare global {
  interface HTMLElementTagNameMap {
    'lonceng-notifications': LoncengNotifications;
  }
}
