import { css } from 'lit';

export const panelStyles = css`
  :host {
    display: block;
  }
  [part='panel'] {
    display: flex;
    flex-direction: column;
    max-height: var(--lonceng-panel-max-height, min(34rem, 75vh));
    background: var(--lonceng-surface, #fff);
    color: var(--lonceng-text, #222);
    font-size: 0.8125rem;
  }
  header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.75rem 1rem 0.5rem;
  }
  h2 {
    margin: 0;
    font-size: 1rem;
  }
  .status {
    display: flex;
    align-items: center;
    gap: 0.25rem;
    font-size: 0.75rem;
    color: var(--lonceng-muted, #5f6368);
  }
  .status::before,
  .dot {
    content: '';
    flex: none;
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
  }
  .status::before {
    background: #e70;
  }
  .open::before {
    background: #183;
  }
  .closed::before,
  .offline::before {
    background: var(--lonceng-muted, #5f6368);
  }
  .link {
    margin-left: auto;
    padding: 0.25rem 0.5rem;
    border-radius: 0.375rem;
    color: var(--lonceng-accent, #15c);
    font-weight: 600;
  }
  .link:disabled {
    color: var(--lonceng-muted, #5f6368);
    cursor: default;
    opacity: 0.6;
  }
  .filters {
    display: flex;
    gap: 0.375rem;
    padding: 0 1rem 0.5rem;
    overflow-x: auto;
    scrollbar-width: none;
  }
  .filters button {
    flex: none;
    padding: 0.25rem 0.625rem;
    border: 1px solid var(--lonceng-border, #e3e5e8);
    border-radius: 1rem;
    font-size: 0.75rem;
  }
  .filters [aria-pressed='true'] {
    border-color: var(--lonceng-accent, #15c);
    background: var(--lonceng-accent, #15c);
    color: var(--lonceng-surface, #fff);
  }
  ul,
  .empty {
    margin: 0;
    border-top: 1px solid var(--lonceng-border, #e3e5e8);
  }
  ul {
    flex: 1;
    padding: 0;
    list-style: none;
    overflow-y: auto;
  }
  li {
    display: grid;
  }
  [part~='item'] {
    display: flex;
    gap: 0.625rem;
    padding: 0.75rem 1rem;
    border-bottom: 1px solid var(--lonceng-border, #e3e5e8);
    text-align: left;
  }
  [part~='item']:hover {
    background: #8881;
  }
  .unread {
    background: var(--lonceng-unread-bg, #eef3fd);
  }
  .dot {
    margin-top: 0.375rem;
  }
  .unread .dot {
    background: var(--lonceng-accent, #15c);
  }
  .text {
    display: grid;
    gap: 0.125rem;
  }
  /* However long the text, a row stays a few lines tall. */
  strong,
  .body {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    overflow: hidden;
  }
  strong {
    font-size: 0.875rem;
    font-weight: 600;
  }
  time {
    font-size: 0.75rem;
    color: var(--lonceng-muted, #5f6368);
  }
  .critical strong {
    color: var(--lonceng-critical, #c22);
  }
  .empty {
    padding: 2rem 1rem;
    text-align: center;
    color: var(--lonceng-muted, #5f6368);
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
