import { html, LitElement, render, type PropertyDeclarations, type TemplateResult } from 'lit';
import { baseStyles } from '../shared/base.styles.js';
import type { ToastDismissReason } from '../dom-events.js';
import { emit } from '../shared/emit.js';
import { toasterStyles } from './toaster.styles.js';

/** What `show()` takes. */
export interface ToastInput {
  /** Identifies the toast; showing a key that is still visible updates that toast. */
  key?: string;
  title: string;
  body: string;
  /** Never leaves by itself (high-severity events). */
  sticky?: boolean;
  /** opaque, handed back on activation */
  ref?: unknown;
}

interface Toast extends ToastInput {
  key: string;
  /** Internal id for the aria references; keys may contain any character. */
  id: number;
  /** ms left before it leaves */
  left: number;
  since: number;
  timer?: ReturnType<typeof setTimeout>;
  /** Why it is paused: 1 hovered, 2 focused. */
  hold: number;
  out?: boolean;
  /** The toast's own element in the stack, kept for its whole life (see `updated`). */
  holder?: HTMLElement;
}

/** How long the leave animation runs, in ms (see toaster.styles.ts). */
const LEAVE_MS = 180;

/**
 * @summary Stacked toasts, newest on top, in a polite live region. Toasts leave after
 * `duration` (paused while hovered or focused) unless sticky; clicking a toast, or Enter or
 * Space on it, activates it.
 *
 * @fires lonceng-toast-activate - `{ key, ref }`: a toast was clicked or activated from the keyboard; it then leaves.
 * @fires lonceng-toast-dismiss - `{ key, ref, reason }`: a toast leaves; `reason` is `timeout`, `user` or `overflow`.
 *
 * @csspart toast - One per visible toast.
 * @csspart toast-dismiss - The ✕ button of a toast.
 *
 * @cssprop --lonceng-toast-inset - Position of the stack (`auto 1rem 1rem auto`: bottom right).
 * @cssprop --lonceng-toast-width - Width of a toast (22rem, at most the viewport width less 2rem).
 * @cssprop --lonceng-surface - Toast background.
 * @cssprop --lonceng-text - Title colour.
 * @cssprop --lonceng-muted - Body and ✕ colour.
 * @cssprop --lonceng-border - Toast border colour.
 * @cssprop --lonceng-accent - Left edge of a toast; focus ring unless `--lonceng-focus` is set.
 * @cssprop --lonceng-critical - Left edge of a sticky toast (#c22).
 * @cssprop --lonceng-radius - Corner radius.
 * @cssprop --lonceng-shadow - Toast shadow.
 * @cssprop --lonceng-font - Font family.
 * @cssprop --lonceng-focus - Focus ring colour.
 * @cssprop --lonceng-z - z-index of the stack (1000).
 */
export class LoncengToaster extends LitElement {
  static override styles = [baseStyles, toasterStyles];

  static override properties: PropertyDeclarations = {
    duration: { type: Number },
    max: { type: Number },
    dismissLabel: { attribute: 'dismiss-label' },
  };

  /** How long a toast stays, in ms. */
  duration = 6000;

  /** At most this many toasts are visible; older ones leave. */
  max = 3;

  /** Accessible name of each toast's ✕ button. */
  dismissLabel = 'Dismiss';

  /** Newest first; includes toasts still playing their leave animation. */
  #toasts: Toast[] = [];
  /** Last number handed out for a key or an id. */
  #lastId = 0;

  /** Shows a toast, or updates the visible one with the same key; returns the key. */
  show(input: ToastInput): string {
    const key = input.key ?? `lonceng-toast-${++this.#lastId}`;
    let t = this.#toasts.find((x) => x.key === key);
    if (t?.out) {
      this.#toasts = this.#toasts.filter((x) => x !== t);
      t = undefined;
    }
    if (t) {
      Object.assign(t, input);
      clearTimeout(t.timer);
    } else {
      t = { ...input, key, id: ++this.#lastId, left: 0, since: 0, hold: 0 };
      this.#toasts.unshift(t);
      this.#trim();
    }
    t.left = this.duration;
    if (!t.hold) this.#run(t);
    this.requestUpdate();
    return key;
  }

  /** Removes a toast (reason `user`). */
  dismiss(key: string): void {
    const t = this.#toasts.find((x) => x.key === key);
    if (t) this.#leave(t, 'user');
  }

  /** Removes every toast (reason `user`). */
  clear(): void {
    for (const t of this.#toasts) this.#leave(t, 'user');
  }

  // show() trims as it adds; this catches a lowered `max` (with nothing to trim it does nothing).
  protected override willUpdate(): void {
    this.#trim();
  }

  #trim(): void {
    this.#toasts
      .filter((t) => !t.out)
      .slice(Math.max(this.max, 0))
      .forEach((t) => this.#leave(t, 'overflow'));
  }

  #run(t: Toast): void {
    if (t.sticky || t.out) return;
    t.since = Date.now();
    t.timer = setTimeout(() => this.#leave(t, 'timeout'), t.left);
  }

  // Focus moving inside a toast (to its ✕ and back) resumes it on focusout and pauses it again on
  // the focusin that follows at once, with no time lost.
  #hold(t: Toast, bit: number, on: boolean): void {
    const was = t.hold;
    t.hold = on ? was | bit : was & ~bit;
    if (!was && t.hold) {
      clearTimeout(t.timer);
      t.left -= Date.now() - t.since;
    } else if (was && !t.hold) this.#run(t);
  }

  #leave(t: Toast, reason: ToastDismissReason): void {
    if (t.out) return;
    t.out = true;
    clearTimeout(t.timer);
    // Keep keyboard users in the stack instead of dropping focus to <body>.
    const holder = t.holder;
    if (holder?.contains(this.shadowRoot!.activeElement)) {
      ((holder.nextElementSibling ?? holder.previousElementSibling)?.firstElementChild as HTMLElement | null)?.focus();
    }
    this.requestUpdate();
    setTimeout(() => {
      this.#toasts = this.#toasts.filter((x) => x !== t);
      this.requestUpdate();
    }, LEAVE_MS);
    emit(this, 'lonceng-toast-dismiss', { key: t.key, ref: t.ref, reason });
  }

  #activate(t: Toast): void {
    emit(this, 'lonceng-toast-activate', { key: t.key, ref: t.ref });
    this.#leave(t, 'user');
  }

  protected override render(): TemplateResult {
    return html`<div class="stack" aria-live="polite" aria-relevant="additions"></div>`;
  }

  // Each toast renders into a holder element of its own, newest on top. A holder stays where it
  // is while other toasts come and go, so a toast's animation and focus are never disturbed (what
  // a keyed list does, without the weight of the repeat directive in the script-tag build).
  protected override updated(): void {
    const stack = this.renderRoot.querySelector('.stack')!;
    for (const t of [...this.#toasts].reverse()) {
      if (!t.holder) stack.prepend((t.holder = document.createElement('div')));
      render(this.#toastTemplate(t), t.holder);
    }
    for (const holder of [...stack.children]) if (!this.#toasts.some((t) => t.holder === holder)) holder.remove();
  }

  // A click on the ✕ bubbles up to the toast's click handler, which dismisses; a click anywhere else activates.
  #toastTemplate(t: Toast): TemplateResult {
    return html`<div
      part="toast"
      class="${t.sticky ? 'sticky' : ''} ${t.out ? 'out' : ''}"
      role="article"
      tabindex="0"
      aria-labelledby="h${t.id}"
      aria-describedby="b${t.id}"
      @click=${(e: Event) => ((e.target as Element).localName === 'button' ? this.#leave(t, 'user') : this.#activate(t))}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') this.#leave(t, 'user');
        else if ((e.key === 'Enter' || e.key === ' ') && e.target === e.currentTarget) {
          e.preventDefault();
          this.#activate(t);
        }
      }}
      @pointerenter=${() => this.#hold(t, 1, true)}
      @pointerleave=${() => this.#hold(t, 1, false)}
      @focusin=${() => this.#hold(t, 2, true)}
      @focusout=${() => this.#hold(t, 2, false)}
    >
      <div class="text"><strong id="h${t.id}">${t.title}</strong><span id="b${t.id}">${t.body}</span></div>
      <button part="toast-dismiss" aria-label=${this.dismissLabel}>✕</button>
    </div>`;
  }
}
