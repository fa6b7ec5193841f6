import { LoncengPanel } from './panel.component.js';

export { LoncengPanel };
if (!customElements.get('lonceng-panel')) customElements.define('lonceng-panel', LoncengPanel);

declare global {
  interface HTMLElementTagNameMap {
    'lonceng-panel': LoncengPanel;
  }
}
