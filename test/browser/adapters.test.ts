import { expect } from 'chai';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { createDesktopNotifier } from '../../src/adapters/desktop.js';
import { createSoundPlayer, type SoundPlayer } from '../../src/adapters/sound.js';

import { sleep, waitFor } from './support/wait.js';

/** Runs `body` and returns whatever it logged to console.error/warn or left as an uncaught error or rejection. */
async function problemsDuring(body: () => Promise<void>): Promise<unknown[]> {
  const problems: unknown[] = [];
  const { error, warn } = console;
  const onError = (e: ErrorEvent | PromiseRejectionEvent) => problems.push('reason' in e ? e.reason : e.message);
  console.error = console.warn = (...args: unknown[]) => void problems.push(args);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onError);
  try {
    await body();
  } finally {
    Object.assign(console, { error, warn });
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
  }
  return problems;
}

/** A 50 ms silent mono WAV as a data: URL: a sound file that certainly loads. */
function silentWav(): string {
  const samples = 400;
  const view = new DataView(new ArrayBuffer(44 + samples));
  const text = (offset: number, s: string) => [...s].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, 8000, true);
  view.setUint32(28, 8000, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  text(36, 'data');
  view.setUint32(40, samples, true);
  for (let i = 0; i < samples; i++) view.setUint8(44 + i, 128);
  let binary = '';
  new Uint8Array(view.buffer).forEach((b) => (binary += String.fromCharCode(b)));
  return `data:audio/wav;base64,${btoa(binary)}`;
}

// The page's user activation is sticky, so the tests before the first real key press come first.
describe('sound player', () => {
  const players: SoundPlayer[] = [];
  const player = (options?: Parameters<typeof createSoundPlayer>[0]) => {
    const p = createSoundPlayer(options);
    players.push(p);
    return p;
  };
  after(() => players.forEach((p) => p.dispose()));

  it('does nothing before any user gesture, and synthetic events do not unlock it', async () => {
    expect(navigator.userActivation.hasBeenActive, 'precondition: no gesture yet').to.equal(false);
    const p = player();
    const problems = await problemsDuring(async () => {
      p.play();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
      window.dispatchEvent(new PointerEvent('pointerdown'));
      await sleep(100);
      p.play();
    });
    expect(p.played).to.equal(0);
    expect(problems).to.deep.equal([]);
  });

  it('plays the chime once a real key press unlocked it', async () => {
    const p = player();
    await sendKeys({ press: 'a' });
    expect(navigator.userActivation.hasBeenActive).to.equal(true);
    // unlock() resumes the AudioContext asynchronously
    await waitFor(() => (p.play(), p.played === 1), 'the first chime');
    p.play();
    expect(p.played).to.equal(2);
    p.dispose();
    p.play();
    expect(p.played).to.equal(2);
  });

  it('plays without a new gesture when the page was interacted with before it was created', () => {
    const p = player();
    p.play();
    expect(p.played).to.equal(1);
  });

  it('plays a sound file from url', async () => {
    const p = player({ url: silentWav() });
    p.play();
    await waitFor(() => p.played === 1, 'the sound file to start');
  });

  it('stays quiet with an unreachable url', async () => {
    const problems = await problemsDuring(async () => {
      const p = player({ url: 'http://127.0.0.1:9/nothing.mp3' });
      await sendKeys({ press: 'b' }); // unlock() plays the element muted once
      p.play();
      await sleep(500);
      p.play();
      await sleep(200);
      expect(p.played).to.equal(0);
    });
    expect(problems).to.deep.equal([]);
  });

  it('is a no-op without Web Audio', async () => {
    const win = {
      navigator,
      document,
      addEventListener: window.addEventListener.bind(window),
      removeEventListener: window.removeEventListener.bind(window),
    } as unknown as typeof window;
    const p = player({ win });
    p.unlock();
    p.play();
    expect(p.played).to.equal(0);
    p.dispose();
  });
});

describe('desktop notifier', () => {
  const visible = { visibilityState: 'visible' as const, hasFocus: () => true };
  const hidden = { visibilityState: 'hidden' as const, hasFocus: () => false };
  const unfocused = { visibilityState: 'visible' as const, hasFocus: () => false };
  const input = { title: 'T', body: 'B', tag: 'lonceng-test' };

  it('reports support and the permission Chromium gives a fresh test page', () => {
    const desktop = createDesktopNotifier();
    expect(desktop.supported).to.equal(true);
    expect(desktop.permission).to.equal(Notification.permission);
    expect(['default', 'denied']).to.include(desktop.permission);
  });

  it('shows nothing without permission, whatever the mode and page state', () => {
    for (const doc of [visible, hidden, unfocused, document]) {
      const desktop = createDesktopNotifier({ doc });
      for (const mode of ['off', 'auto', 'always'] as const) expect(desktop.show({ ...input, mode }), `${mode}`).to.equal(false);
    }
  });

  it('resolves request() without throwing (headless Chromium denies at once)', async () => {
    const result = await createDesktopNotifier().request();
    expect(result).to.equal(Notification.permission);
    expect(['default', 'denied', 'granted']).to.include(result);
  });

  it('reports unsupported without the Notification API', async () => {
    const desktop = createDesktopNotifier({ win: { document, focus() {} } as unknown as Window });
    expect(desktop.supported).to.equal(false);
    expect(desktop.permission).to.equal('unsupported');
    expect(await desktop.request()).to.equal('unsupported');
    expect(desktop.show({ ...input, mode: 'always' })).to.equal(false);
  });

  // Needs a real grant, which only the browser's automation can give: the test runner's
  // `grant-permissions` / `clear-permissions` commands (web-test-runner.config.mjs).
  describe('with notification permission granted', () => {
    before(async () => {
      try {
        await executeServerCommand('grant-permissions', { permissions: ['notifications'] });
      } catch (error) {
        throw new Error(`the test runner cannot grant permissions: ${String(error)}`, { cause: error });
      }
      expect(Notification.permission).to.equal('granted');
    });
    after(async () => {
      await executeServerCommand('clear-permissions').catch(() => undefined);
    });

    it('shows in always mode, never in off mode', () => {
      const desktop = createDesktopNotifier({ doc: visible });
      expect(desktop.permission).to.equal('granted');
      expect(desktop.show({ ...input, mode: 'always' })).to.equal(true);
      expect(desktop.show({ ...input, mode: 'off' })).to.equal(false);
    });

    it('shows in auto mode only while the page is hidden or unfocused', () => {
      expect(createDesktopNotifier({ doc: visible }).show({ ...input, mode: 'auto' })).to.equal(false);
      expect(createDesktopNotifier({ doc: hidden }).show({ ...input, mode: 'auto' })).to.equal(true);
      expect(createDesktopNotifier({ doc: unfocused }).show({ ...input, mode: 'auto' })).to.equal(true);
      // This page itself is visible and focused.
      expect(document.visibilityState).to.equal('visible');
      expect(document.hasFocus()).to.equal(true);
      expect(createDesktopNotifier().show({ ...input, mode: 'auto' })).to.equal(false);
    });
  });
});
