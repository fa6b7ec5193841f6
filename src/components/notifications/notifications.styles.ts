import { css } from 'lit';

// The light palette is the default of every `var(--lonceng-x, default)`. The dark theme sets the
// public properties on the host, and the elements inside inherit them.
const dark = css`
  --lonceng-surface: #222;
  --lonceng-text: #eee;
  --lonceng-muted: #9aa0a6;
  --lonceng-border: #444;
  --lonceng-accent: #8bf;
  --lonceng-unread-bg: #263143;
  --lonceng-critical: #f88;
  --lonceng-shadow: 0 12px 32px #0008;
  color-scheme: dark;
`;

export const notificationsStyles = css`
  :host {
    display: inline-block;
    position: relative;
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  .popover {
    position: absolute;
    top: calc(100% + 0.5rem);
    right: 0;
    z-index: var(--lonceng-z, 1000);
    width: var(--lonceng-panel-width, 24rem);
    max-width: calc(100vw - 1rem);
    overflow: hidden;
    border: 1px solid var(--lonceng-border, #e3e5e8);
    border-radius: var(--lonceng-radius, 12px);
    background: var(--lonceng-surface, #fff);
    box-shadow: var(--lonceng-shadow, 0 12px 32px #1018282e, 0 2px 6px #10182814);
    text-align: left;
  }
  footer {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 1rem;
    border-top: 1px solid var(--lonceng-border, #e3e5e8);
    font-size: 0.75rem;
    color: var(--lonceng-muted, #5f6368);
  }
  footer button {
    padding: 0.25rem 0.5rem;
    border: 1px solid var(--lonceng-border, #e3e5e8);
    border-radius: 0.375rem;
  }
  footer :last-child {
    margin-left: auto;
  }
`;
