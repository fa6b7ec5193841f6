import { css } from 'lit';

export const bellStyles = css`
  :host {
    display: inline-block;
  }
  /* without --lonceng-bell-color, the icon takes the text colour of the page around the bell */
  button {
    position: relative;
    display: grid;
    place-items: center;
    width: var(--lonceng-bell-size, 2.5rem);
    height: var(--lonceng-bell-size, 2.5rem);
    border-radius: 50%;
    color: var(--lonceng-bell-color);
  }
  button:hover,
  :host([expanded]) button {
    background: #8882;
  }
  svg {
    width: 60%;
    fill: currentColor;
  }
  [part='badge'] {
    position: absolute;
    top: 0;
    right: 0;
    min-width: 0.75rem;
    padding: 0 0.25rem;
    border-radius: 1rem;
    background: var(--lonceng-badge-bg, #d93025);
    color: var(--lonceng-badge-text, #fff);
    font-size: 0.7rem;
    font-weight: 700;
    line-height: 1.25rem;
    text-align: center;
  }
  .ring svg {
    animation: ring 0.9s;
    transform-origin: top;
  }
  @keyframes ring {
    15%,
    45%,
    75% {
      rotate: 14deg;
    }
    30%,
    60%,
    90% {
      rotate: -14deg;
    }
  }
`;
