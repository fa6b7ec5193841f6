import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface PopoverParts {
  /** Moves focus into the popover once it is shown. */
  focusInside(): Promise<void> | void;
  /** Where focus returns when the popover is closed from the keyboard. */
  trigger(): HTMLElement | null | undefined;
}

/**
 * Open/closed state of the host's popover and its focus handling: focus moves in on open and
 * back to the trigger when Escape closes it; a pointer press outside the host closes it.
 */
export class Popover implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #parts: PopoverParts;
  #open = false;

  constructor(host: ReactiveControllerHost & HTMLElement, parts: PopoverParts) {
    this.#host = host;
    this.#parts = parts;
    host.addController(this);
  }

  get open(): boolean {
    return this.#open;
  }

  toggle(): Promise<void> {
    return this.set(!this.#open);
  }

  /** Opens or closes the popover; with `returnFocus`, closing puts focus back on the trigger. */
  async set(open: boolean, returnFocus?: boolean): Promise<void> {
    if (this.#open === open) return;
    this.#open = open;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    if (open) await this.#parts.focusInside();
    else if (returnFocus) this.#parts.trigger()?.focus();
  }

  /** The popover's keydown handler: Escape closes it and returns focus to the trigger. */
  readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this.#open) return;
    event.stopPropagation();
    void this.set(false, true);
  };

  hostConnected(): void {
    document.addEventListener('pointerdown', this.#onPointerDown, true);
  }

  hostDisconnected(): void {
    document.removeEventListener('pointerdown', this.#onPointerDown, true);
  }

  readonly #onPointerDown = (event: Event): void => {
    if (this.#open && !event.composedPath().includes(this.#host)) void this.set(false);
  };
}
