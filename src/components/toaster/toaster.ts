import { LoncengToaster } from './toaster.component.js';

export { LoncengToaster };
export type { ToastInput } from './toaster.component.js';
export type { ToastActivateDetail, ToastDismissDetail, ToastDismissReason } from '../dom-events.js';
if (!customElements.get('lonceng-toaster')) customElements.define('lonceng-toaster', LoncengToaster);

declare global {
  interface HTMLElementTagNameMap {
    'lonceng-toaster': LoncengToaster;
  }
}
