import { css } from 'lit';

export const toasterStyles = css`
  .stack {
    position: fixed;
    inset: var(--lonceng-toast-inset, auto 1rem 1rem auto);
    z-index: var(--lonceng-z, 1000);
    display: grid;
    gap: 0.5rem;
    width: var(--lonceng-toast-width, 22rem);
    max-width: calc(100vw - 2rem);
    /* the empty parts of the stack must not swallow clicks meant for the page */
    pointer-events: none;
  }
  /* one holder per toast (see toaster.component.ts); the toasts inside lay out as if it were not there */
  .stack > div {
    display: contents;
  }
  [part='toast'] {
    display: flex;
    align-items: flex-start;
    gap: 0.625rem;
    padding: 0.75rem 0.625rem 0.75rem 0.875rem;
    border: 1px solid var(--lonceng-border, #e3e5e8);
    border-left: 4px solid var(--lonceng-accent, #15c);
    border-radius: var(--lonceng-radius, 0.5rem);
    background: var(--lonceng-surface, #fff);
    box-shadow: var(--lonceng-shadow, 0 12px 32px #1018282e, 0 2px 6px #10182814);
    color: var(--lonceng-text, #222);
    font-size: 0.875rem;
    line-height: 1.4;
    cursor: pointer;
    pointer-events: auto;
    animation: in 0.2s ease-out;
  }
  .sticky {
    border-left-color: var(--lonceng-critical, #c22);
  }
  .out {
    animation: out 0.18s ease-in forwards;
  }
  .text {
    flex: 1;
    display: grid;
  }
  /* However long the text, a toast stays a few lines tall. */
  .text > * {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    overflow: hidden;
  }
  .text span,
  button {
    color: var(--lonceng-muted, #5f6368);
  }
  button {
    min-width: 1.5rem;
    min-height: 1.5rem;
    margin: -0.25rem 0 0;
    border-radius: 0.25rem;
    line-height: 1;
    text-align: center;
  }
  button:hover {
    color: var(--lonceng-text, #222);
  }
  @keyframes in {
    from {
      opacity: 0;
      translate: 0 0.75rem;
    }
  }
  @keyframes out {
    to {
      opacity: 0;
      translate: 1.5rem;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .out {
      display: none;
    }
  }
`;
