import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createDesktopNotifier, type DesktopMode, type DesktopNotifier } from '../../adapters/desktop.js';
import { createSoundPlayer, type SoundPlayer } from '../../adapters/sound.js';
import type { Described, Messages } from '../../catalog/index.js';
import type { LoncengNotification } from '../../core/types.js';
import type { ToastActivateDetail, ToastDismissDetail } from '../dom-events.js';
import type { LoncengToaster, ToastInput } from '../toaster/toaster.component.js';
import { ArrivalBatcher } from './batching.js';

/** More arrivals than this in one batch collapse into one summary toast. */
const MAX_SINGLE_TOASTS = 3;
const BURST_KEY = 'lonceng-burst';

/** A toast the announcer shows: a notification's own, with the notification as `ref`, or a summary (no `ref`). */
interface AnnouncedToast extends ToastInput {
  ref?: LoncengNotification;
}

/** A new notification's toast: what the catalog made of it, keyed by the notification's id. */
interface Arrival extends AnnouncedToast {
  ref: LoncengNotification;
}

export interface AnnouncerSettings {
  toaster(): LoncengToaster | null;
  messages(): Messages;
  muted(): boolean;
  desktop(): DesktopMode;
  /** OS notifications with the same tag replace each other. */
  tag(): string;
  /** A toast or OS notification of one notification was activated. */
  activate(notification: LoncengNotification): void;
  /** A summary toast or OS notification was activated. */
  openPanel(): void;
}

export interface AnnouncerAdapters {
  desktop?: DesktopNotifier;
  sound?: (url: string | undefined) => SoundPlayer;
}

/**
 * Announces arrivals: gathers those that come close together into one batch, then shows a
 * toast for each (or one summary for a burst, which later arrivals grow while it is up), and
 * per batch plays the sound once and raises at most one OS notification.
 */
export class Announcer implements ReactiveController {
  readonly desktop: DesktopNotifier;
  readonly #settings: AnnouncerSettings;
  readonly #makeSound: (url: string | undefined) => SoundPlayer;
  readonly #batcher = new ArrivalBatcher<Arrival>((batch) => this.#announce(batch));
  #soundUrl: string | undefined;
  #sound: SoundPlayer | undefined;
  #burstCount = 0;

  constructor(host: ReactiveControllerHost, settings: AnnouncerSettings, adapters: AnnouncerAdapters = {}) {
    this.#settings = settings;
    this.desktop = adapters.desktop ?? createDesktopNotifier();
    this.#makeSound = adapters.sound ?? ((url) => createSoundPlayer({ url }));
    host.addController(this);
  }

  /** The sound player in use; made on first use. */
  get sound(): SoundPlayer {
    return (this.#sound ??= this.#makeSound(this.#soundUrl));
  }

  /** Plays this sound file from now on instead of the built-in chime (undefined: the chime). */
  set soundUrl(url: string | undefined) {
    if (url === this.#soundUrl) return;
    this.#soundUrl = url;
    this.#sound?.dispose();
    this.#sound = undefined;
  }

  add(notification: LoncengNotification, described: Described): void {
    this.#batcher.add({ ...described, key: notification.id, ref: notification });
  }

  /** Forgets arrivals not yet announced (the notifier they came from is gone). */
  cancel(): void {
    this.#batcher.cancel();
    this.#burstCount = 0;
  }

  /** The toaster's `lonceng-toast-activate` handler. */
  readonly onToastActivate = (event: CustomEvent<ToastActivateDetail>): void => {
    event.stopPropagation();
    this.#open(event.detail.ref as LoncengNotification | undefined);
  };

  /** The toaster's `lonceng-toast-dismiss` handler. */
  readonly onToastDismiss = (event: CustomEvent<ToastDismissDetail>): void => {
    event.stopPropagation();
    if (event.detail.key === BURST_KEY) this.#burstCount = 0;
  };

  hostDisconnected(): void {
    this.cancel();
    this.#sound?.dispose();
    this.#sound = undefined;
  }

  /** Activates the notification a toast or OS notification stands for; a summary (no notification) opens the panel. */
  #open(notification: LoncengNotification | undefined): void {
    if (notification?.id) this.#settings.activate(notification);
    else this.#settings.openPanel();
  }

  #announce(batch: Arrival[]): void {
    const settings = this.#settings;
    const messages = settings.messages();
    const summary = (count: number) => ({
      title: messages.burstTitle(count),
      body: messages.burstBody(batch.map((a) => a.title)),
    });
    // While a summary toast is up, later arrivals grow it instead of stacking new toasts.
    const burst = batch.length > MAX_SINGLE_TOASTS || this.#burstCount > 0;
    if (burst) this.#burstCount += batch.length;
    const toasts: AnnouncedToast[] = burst
      ? [{ key: BURST_KEY, ...summary(this.#burstCount), sticky: batch.some((a) => a.sticky) }]
      : batch;
    const toaster = settings.toaster();
    for (const toast of toasts) toaster?.show(toast);
    // One OS notification per batch: the toast's when there is one, else a summary of the batch.
    const desktop: AnnouncedToast = toasts.length === 1 ? toasts[0] : summary(batch.length);
    if (!settings.muted()) this.sound.play();
    this.desktop.show({
      title: desktop.title,
      body: desktop.body,
      tag: settings.tag(),
      mode: settings.desktop(),
      onClick: () => this.#open(desktop.ref),
    });
  }
}
