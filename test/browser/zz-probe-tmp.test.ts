import { sendKeys, sendMouse } from '@web/test-runner-commands';
describe('probe', () => {
  it('reports', async () => {
    const out: Record<string, unknown> = {};
    const c1 = new AudioContext();
    let trusted = 'none';
    window.addEventListener('keydown', (e) => (trusted = String(e.isTrusted) + e.key), true);
    const input = document.createElement('input'); document.body.append(input); input.focus();
    await sendKeys({ press: 'a' });
    out.trusted = trusted;
    out.hasBeenActiveAfterA = navigator.userActivation.hasBeenActive;
    out.isActive = navigator.userActivation.isActive;
    c1.resume().then(() => (out.resumed = c1.state));
    const c2 = new AudioContext();
    out.c2Initial = c2.state;
    await new Promise((r) => setTimeout(r, 200));
    out.c2After200 = c2.state;
    out.c1 = c1.state;
    const c3 = new AudioContext(); out.c3 = c3.state;
    await sendMouse({ type: 'click', position: [5, 5] });
    out.afterClick = navigator.userActivation.hasBeenActive;
    console.log(JSON.stringify(out));
  });
});
