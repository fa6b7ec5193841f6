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
    color: var(--lonceng-text, #1c1e21);
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
    font-weight: 650;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    font-size: 0.75rem;
    color: var(--lonceng-muted, #5f6368);
  }
  .status::before {
    content: '';
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: var(--lonceng-warning, #e37400);
  }
  .status.open::before {
    background: var(--lonceng-success, #188038);
  }
  .status.closed::before,
  .status.offline::before {
    background: var(--lonceng-muted, #5f6368);
  }
  .link {
    margin-left: auto;
    padding: 0.25rem 0.4rem;
    border: 0;
    border-radius: 0.375rem;
    background: none;
    color: var(--lonceng-accent, #0b57d0);
    font-size: 0.8rem;
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
    padding: 0.2rem 0.65rem;
    border: 1px solid var(--lonceng-border, #dadce0);
    border-radius: 1rem;
    background: none;
    font-size: 0.75rem;
  }
  .filters button[aria-pressed='true'] {
    border-color: var(--lonceng-accent, #0b57d0);
    background: var(--lonceng-accent, #0b57d0);
    color: var(--lonceng-on-accent, #fff);
  }
  ul {
    flex: 1;
    margin: 0;
    padding: 0;
    list-style: none;
    overflow-y: auto;
    border-top: 1px solid var(--lonceng-border, #dadce0);
  }
  [part~='item'] {
    display: flex;
    gap: 0.625rem;
    width: 100%;
    padding: 0.7rem 1rem;
    border: 0;
    border-bottom: 1px solid var(--lonceng-border, #dadce0);
    background: none;
    text-align: left;
  }
  [part~='item']:hover {
    background: var(--lonceng-hover, rgba(127, 127, 127, 0.08));
  }
  .unread {
    background: var(--lonceng-unread-bg, #eef3fd);
  }
  .dot {
    flex: none;
    width: 0.5rem;
    height: 0.5rem;
    margin-top: 0.4rem;
    border-radius: 50%;
  }
  .unread .dot {
    background: var(--lonceng-accent, #0b57d0);
  }
  .text {
    display: grid;
    gap: 0.15rem;
    min-width: 0;
  }
  strong {
    font-size: 0.875rem;
    font-weight: 600;
  }
  .body {
    font-size: 0.8125rem;
    overflow-wrap: anywhere;
  }
  time {
    font-size: 0.75rem;
    color: var(--lonceng-muted, #5f6368);
  }
  .critical strong {
    color: var(--lonceng-critical, #c5221f);
  }
  .empty {
    margin: 0;
    padding: 2rem 1rem;
    text-align: center;
    color: var(--lonceng-muted, #5f6368);
    border-top: 1px solid var(--lonceng-border, #dadce0);
  }
  .alert {
    margin: 0 1rem 0.5rem;
    font-size: 0.8rem;
    color: var(--lonceng-critical, #c5221f);
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
