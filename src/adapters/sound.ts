/** Plays the arrival sound once the browser lets the page make noise. */
export interface SoundPlayer {
  /** Plays the sound once; does nothing while the browser does not allow sound yet. */
  play(): void;
  /** Allows sound from now on; call it from a user gesture. */
  unlock(): void;
  /** Releases the audio resources; `play()` does nothing afterwards. */
  dispose(): void;
  /** How many times a sound actually started. */
  readonly played: number;
}

export interface SoundOptions {
  /** A sound file to play instead of the built-in chime. */
  url?: string;
  win?: typeof window;
}

const noop = (): void => {};

/** Two short sine tones, 880 Hz then 1320 Hz, about 220 ms in all. */
const chime = (c: AudioContext): void =>
  [880, 1320].forEach((frequency, i) => {
    const at = c.currentTime + i * 0.09;
    const osc = new OscillatorNode(c, { frequency });
    const amp = new GainNode(c);
    // Ramping from near silence and back avoids the click of a hard start or stop.
    amp.gain
      .setValueAtTime(1e-4, at)
      .exponentialRampToValueAtTime(0.15, at + 0.01)
      .exponentialRampToValueAtTime(1e-4, at + 0.12);
    osc.connect(amp).connect(c.destination);
    osc.start(at);
    osc.stop(at + 0.13);
  });

/**
 * Creates the player. Browsers keep audio suspended until the user has interacted with the
 * page (autoplay policy); the player asks `navigator.userActivation` instead of listening for
 * gestures itself, so a sound before the first click or key press is skipped, not queued.
 */
export function createSoundPlayer({ url, win = window }: SoundOptions = {}): SoundPlayer {
  const AC = win.AudioContext;
  let ctx: AudioContext | undefined;
  let audio: HTMLAudioElement | undefined;
  let live = true;
  const player = {
    played: 0,
    play(): void {
      if (!live || !win.navigator.userActivation?.hasBeenActive) return;
      if (url) {
        const media = (audio ??= new win.Audio(url));
        media.currentTime = 0;
        media.play().then(() => player.played++, noop);
      } else {
        player.unlock();
        // Without Web Audio there is no context, and so no chime.
        if (ctx?.state !== 'running') return;
        chime(ctx);
        player.played++;
      }
    },
    unlock(): void {
      if (live && AC && !url) (ctx ??= new AC()).resume().catch(noop);
    },
    dispose(): void {
      live = false;
      ctx?.close().catch(noop);
      audio?.pause();
    },
  };
  return player;
}
