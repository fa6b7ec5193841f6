import { css } from 'lit';

/**
 * Shared by every element: font, wrapping, bare buttons, a visible focus ring, and no animation
 * under reduced motion. Colours are read as `var(--lonceng-x, default)` with the light palette as
 * the default, so values set by the page, or by `<lonceng-notifications>` for its dark theme, are
 * inherited by every element inside and win over the defaults.
 */
export const baseStyles = css`
  :host {
    overflow-wrap: anywhere;
    font-family: var(--lonceng-font, system-ui, sans-serif);
  }
  button {
    all: unset;
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--lonceng-focus, var(--lonceng-accent, #15c));
    outline-offset: 2px;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
    }
  }
`;
