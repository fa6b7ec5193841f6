import { css } from 'lit';

export const bellStyles = css`
  :host {
    display: inline-block;
    position: relative;
  }
  button {
    position: relative;
    display: grid;
    place-items: center;
    width: var(--lonceng-bell-size, 2.5rem);
    height: var(--lonceng-bell-size, 2.5rem);
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--lonceng-bell-bg, transparent);
    color: var(--lonceng-bell-color, currentColor);
  }
  button:hover,
  :host([expanded]) button {
    background: var(--lonceng-bell-hover-bg, rgba(127, 127, 127, 0.15));
  }
  svg {
    width: 60%;
    height: 60%;
  }
  [part='badge'] {
    position: absolute;
    top: 0;
    right: 0;
    min-width: 1.25rem;
    height: 1.25rem;
    padding: 0 0.3rem;
    border-radius: 0.625rem;
    background: var(--lonceng-badge-bg, #d93025);
    color: var(--lonceng-badge-text, #fff);
    font-size: 0.7rem;
    font-weight: 700;
    line-height: 1.25rem;
    text-align: center;
  }
  .ring svg {
    animation: ring 0.9s ease-in-out;
    transform-origin: 50% 10%;
  }
  @keyframes ring {
    0%, 100% { transform: rotate(0); }
    15%, 45%, 75% { transform: rotate(14deg); }
    30%, 60%, 90% { transform: rotate(-14deg); }
  }
  @media (prefers-reduced-motion: reduce) {
    .ring svg {
      animation: none;
    }
  }
`;
