import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Notifier } from '../../core/notifier.js';
import { badgeText } from '../shared/badge-text.js';
import { NotifierFollower } from '../shared/notifier-follower.js';

const TITLE_COUNT = /^\(\d+\+?\) /;

/**
 * Shows a notifier's unread count in front of the document title, `(3) Orders`, as the badge
 * reads it; takes it away at 0, when switched off, and when the host disconnects.
 */
export class TitleCount implements ReactiveController {
  readonly #follower: NotifierFollower;
  readonly #enabled: () => boolean;
  readonly #doc: Pick<Document, 'title'>;
  /** Whether the title may carry a count of ours; while switched off the title is left alone. */
  #owned = false;
  #connected = false;

  constructor(host: ReactiveControllerHost, enabled: () => boolean, doc: Pick<Document, 'title'> = document) {
    this.#enabled = enabled;
    this.#doc = doc;
    this.#follower = new NotifierFollower(host, { change: () => this.#sync() });
    host.addController(this);
  }

  /** Shows this notifier's count from now on (undefined: none); the follower's `change` brings the title up to date. */
  follow(notifier: Notifier | undefined): void {
    this.#follower.follow(notifier);
  }

  hostUpdate(): void {
    this.#sync();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#sync();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#sync();
  }

  #sync(): void {
    // A removed host may still update (a property set on it), but its count is gone from the title.
    const enabled = this.#connected && this.#enabled();
    if (!enabled && !this.#owned) return;
    this.#owned = enabled;
    this.#write(enabled ? (this.#follower.notifier?.unreadCount ?? 0) : 0);
  }

  #write(count: number): void {
    const base = this.#doc.title.replace(TITLE_COUNT, '');
    const title = count > 0 ? `(${badgeText(count)}) ${base}` : base;
    if (this.#doc.title !== title) this.#doc.title = title;
  }
}
