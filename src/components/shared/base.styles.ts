import { css } from 'lit';

/** Shared by every element: box sizing, font, and a visible focus ring. */
export const baseStyles = css`
  :host {
    box-sizing: border-box;
    font-family: var(--lonceng-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--lonceng-text, #1c1e21);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--lonceng-focus, var(--lonceng-accent, #0b57d0));
    outline-offset: 2px;
  }
`;
