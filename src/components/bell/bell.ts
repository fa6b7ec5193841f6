import { LoncengBell } from './bell.component.js';

export { LoncengBell };
if (!customElements.get('lonceng-bell')) customElements.define('lonceng-bell', LoncengBell);

declare global {
  interface HTMLElementTagNameMap {
    'lonceng-bell': LoncengBell;
  }
}
