import { css } from 'lit';

const light = css`
  --lonceng-surface: #fff;
  --lonceng-text: #1c1e21;
  --lonceng-muted: #5f6368;
  --lonceng-border: #e3e5e8;
  --lonceng-accent: #0b57d0;
  --lonceng-on-accent: #fff;
  --lonceng-unread-bg: #eef3fd;
  --lonceng-critical: #c5221f;
  --lonceng-shadow: 0 12px 32px rgba(16, 24, 40, 0.18), 0 2px 6px rgba(16, 24, 40, 0.08);
`;
const dark = css`
  --lonceng-surface: #202124;
  --lonceng-text: #e8eaed;
  --lonceng-muted: #9aa0a6;
  --lonceng-border: #3c4043;
  --lonceng-accent: #8ab4f8;
  --lonceng-on-accent: #202124;
  --lonceng-unread-bg: #263143;
  --lonceng-critical: #f28b82;
  --lonceng-shadow: 0 12px 32px rgba(0, 0, 0, 0.5);
`;

export const notificationsStyles = css`
  :host {
    ${light}
    display: inline-block;
    position: relative;
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${dark}
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
      color-scheme: dark;
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
    border: 1px solid var(--lonceng-border);
    border-radius: var(--lonceng-radius, 12px);
    background: var(--lonceng-surface);
    box-shadow: var(--lonceng-shadow);
    text-align: left;
  }
  footer {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 1rem;
    border-top: 1px solid var(--lonceng-border);
    font-size: 0.75rem;
    color: var(--lonceng-muted);
  }
  footer button {
    padding: 0.25rem 0.5rem;
    border: 1px solid var(--lonceng-border);
    border-radius: 0.375rem;
    background: none;
    font-size: 0.75rem;
  }
  footer :last-child {
    margin-left: auto;
  }
`;
