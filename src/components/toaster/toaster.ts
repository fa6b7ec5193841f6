import { LoncengToaster, type ToastActivateDetail, type ToastDismissDetail } from './toaster.component.js';

export { LoncengToaster };
export type { ToastActivateDetail, ToastDismissDetail, ToastDismissReason, ToastInput } from './toaster.component.js';
if (!customElements.get('lonceng-toaster')) customElements.define('lonceng-toaster', LoncengToaster);

declare global {
  interface HTMLElementTagNameMap {
    'lonceng-toaster': LoncengToaster;
  }
  interface HTMLElementEventMap {
    'lonceng-toast-activate': CustomEvent<ToastActivateDetail>;
    'lonceng-toast-dismiss': CustomEvent<ToastDismissDetail>;
  }
}
