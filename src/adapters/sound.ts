/** Plays the arrival sound once the browser lets the page make noise. */
export interface SoundPlayer {
  /** Plays the sound once; does nothing while the browser does not allow sound yet. */
  play(): void;
  /** Allows sound from now on; call it from a user gesture. The player already does on the first key or pointer press. */
  unlock(): void;
  /** Removes the gesture listeners and releases the audio resources; `play()` does nothing afterwards. */
  dispose(): void;
  /** How many times a sound actually started. */
  readonly played: number;
}

export interface SoundOptions {
  /** A sound file to play instead of the built-in chime. */
  url?: string;
  win?: Window;
}

const GESTURES = ['pointerdown', 'keydown'];
const noop = (): void => {};

/** Two short sine tones, 880 Hz then 1320 Hz, about 220 ms in all. */
const chime = (c: AudioContext): void =>
  [880, 1320].forEach((hz, i) => {
    const at = c.currentTime + i * 0.09;
    const osc = c.createOscillator();
    const amp = c.createGain();
    const { gain } = amp;
    osc.frequency.value = hz;
    // Ramping from near silence and back avoids the click of a hard start or stop.
    gain.setValueAtTime(1e-4, at);
    gain.exponentialRampToValueAtTime(0.15, at + 0.01);
    gain.exponentialRampToValueAtTime(1e-4, at + 0.12);
    osc.connect(amp).connect(c.destination);
    osc.start(at);
    osc.stop(at + 0.13);
  });

/**
 * Creates the player. Browsers keep audio suspended until the user interacts with the page
 * (autoplay policy), so the player listens for the first trusted key or pointer press itself.
 */
export function createSoundPlayer({ url, win = window }: SoundOptions = {}): SoundPlayer {
  const AC = (win as typeof window).AudioContext;
  let ctx: AudioContext | undefined;
  let audio: HTMLAudioElement | undefined;
  let live = true;
  // Synthetic events never count as user activation, so they could not unlock anything.
  const onGesture = (e: Event): void => void (e.isTrusted && player.unlock());
  const off = (): void => GESTURES.forEach((type) => win.removeEventListener(type, onGesture, true));
  const media = (): HTMLAudioElement => (audio ??= Object.assign(win.document.createElement('audio'), { src: url }));

  const player = {
    played: 0,
    play(): void {
      if (!live) return;
      if (url) {
        const a = media();
        a.muted = false;
        a.currentTime = 0;
        a.play().then(() => player.played++, noop);
      } else if (AC) {
        // After an earlier interaction (e.g. before a client-side navigation) no new gesture is needed.
        if (!ctx && win.navigator.userActivation?.hasBeenActive) ctx = new AC();
        if (ctx?.state !== 'running') return;
        chime(ctx);
        player.played++;
      }
    },
    unlock(): void {
      if (!live) return;
      if (url) {
        off();
        const a = media();
        // Safari lets a media element play outside a gesture only after it has played inside one.
        if (a.paused) {
          a.muted = true;
          a.play().then(() => a.muted && a.pause(), noop);
        }
      } else if (AC) {
        ctx ??= new AC();
        ctx.resume().then(() => ctx?.state === 'running' && off(), noop);
      } else off();
    },
    dispose(): void {
      live = false;
      off();
      ctx?.close().catch(noop);
      ctx = undefined;
      audio?.pause();
      audio = undefined;
    },
  };
  GESTURES.forEach((type) => win.addEventListener(type, onGesture, { capture: true, passive: true }));
  return player;
}
