import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { Notifier } from '../../core/notifier.js';
import type { LoncengContext } from './context.js';

/**
 * Base of the bell and the panel. Inside `<lonceng-notifications>` it follows the shared
 * notifier; on its own, the one set as `notifier`. It re-renders whenever that notifier's items,
 * read state or connection state change.
 */
export class NotifierElement extends LitElement {
  static override properties: PropertyDeclarations = {
    context: { attribute: false },
    notifier: { attribute: false },
  };

  /** Set by the enclosing `<lonceng-notifications>`: its notifier, catalog and language. */
  context?: LoncengContext;

  /** The notifier to follow when not inside `<lonceng-notifications>`. */
  notifier?: Notifier;

  #followed?: Notifier;
  #off: (() => void)[] = [];

  /** The notifier shown: `notifier` when set, else the shared one. */
  protected get followed(): Notifier | undefined {
    return this.#followed;
  }

  /** Called for each new notification of the followed notifier. */
  protected onArrival(): void {}

  override connectedCallback(): void {
    super.connectedCallback();
    this.#subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('notifier') && !changed.has('context')) return;
    const notifier = this.notifier ?? this.context?.notifier;
    if (notifier === this.#followed) return;
    this.#unsubscribe();
    this.#followed = notifier;
    if (this.isConnected) this.#subscribe();
  }

  #subscribe(): void {
    const notifier = this.#followed;
    if (!notifier) return;
    const update = () => this.requestUpdate();
    this.#off = [notifier.on('change', update), notifier.on('state', update), notifier.on('notification', () => this.onArrival())];
    update();
  }

  #unsubscribe(): void {
    for (const off of this.#off.splice(0)) off();
  }
}
