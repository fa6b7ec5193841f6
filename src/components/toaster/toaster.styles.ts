import { css } from 'lit';

export const toasterStyles = css`
  .stack {
    position: fixed;
    inset: var(--lonceng-toast-inset, auto 1rem 1rem auto);
    z-index: var(--lonceng-z, 1000);
    display: flex;
    flex-direction: column;
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
    border: 1px solid var(--lonceng-border, #d0d7de);
    border-left: 4px solid var(--lonceng-accent, #0b57d0);
    border-radius: var(--lonceng-radius, 0.5rem);
    background: var(--lonceng-surface, #fff);
    color: var(--lonceng-text, #1c1e21);
    box-shadow: var(--lonceng-shadow, 0 4px 16px rgba(0, 0, 0, 0.16));
    font-size: 0.875rem;
    line-height: 1.4;
    overflow-wrap: anywhere;
    cursor: pointer;
    pointer-events: auto;
    animation: in 0.2s ease-out;
  }
  .sticky {
    border-left-color: var(--lonceng-critical, #d93025);
  }
  .out {
    animation: out 0.18s ease-in forwards;
  }
  .text {
    flex: 1;
  }
  strong {
    display: block;
  }
  .text span {
    color: var(--lonceng-muted, #57606a);
  }
  button {
    min-width: 1.5rem;
    min-height: 1.5rem;
    margin: -0.25rem 0 0;
    padding: 0;
    border: 0;
    border-radius: 0.25rem;
    background: none;
    color: var(--lonceng-muted, #57606a);
    line-height: 1;
  }
  button:hover {
    color: var(--lonceng-text, #1c1e21);
  }
  @keyframes in {
    from {
      opacity: 0;
      transform: translateY(0.75rem);
    }
  }
  @keyframes out {
    to {
      opacity: 0;
      transform: translateX(1.5rem);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [part='toast'] {
      animation: none;
    }
    .out {
      display: none;
    }
  }
`;
