// A raw protocol client over `ws`: every frame it received, and ways to wait for the ones a test needs.
import { once } from 'node:events';
import WebSocket from 'ws';

export type Frame = Record<string, unknown> & { type: string };

export class Peer {
  readonly frames: Frame[] = [];
  /** The close code once the socket closed. */
  closeCode: number | null = null;
  readonly #waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.#wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.#wake();
    });
    socket.on('error', () => undefined);
  }

  /** Opens a socket to `url` (the Hub's URL with `?user=…`, or any) and waits until it is open. */
  static async open(url: string, options?: WebSocket.ClientOptions): Promise<Peer> {
    const peer = new Peer(new WebSocket(url, options));
    await once(peer.socket, 'open');
    return peer;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first `count` frames matching `match`, once that many have arrived. */
  wait(match: (frame: Frame) => boolean, count = 1, what = 'frames', timeoutMs = 5000): Promise<Frame[]> {
    return this.#until(
      () => {
        const found = this.frames.filter(match);
        return found.length >= count ? found.slice(0, count) : undefined;
      },
      () => `${count} ${what} (have ${this.frames.filter(match).length})`,
      timeoutMs,
    );
  }

  /** Resolves with the close code once the socket has closed. */
  closed(timeoutMs = 5000): Promise<number> {
    return this.#until(
      () => this.closeCode ?? undefined,
      () => 'the close',
      timeoutMs,
    );
  }

  async hello(epoch: string | null = null, after: number | null = null): Promise<Frame> {
    this.send({ type: 'hello', v: 1, epoch, after });
    const [welcome] = await this.wait((f) => f.type === 'welcome', 1, 'welcome');
    return welcome;
  }

  /** Asks for one history page and waits for its answer. */
  async page(id: string, before: unknown, limit?: unknown): Promise<Frame & { items: Frame[]; more: boolean }> {
    this.send({ type: 'history', id, before, limit });
    const [answer] = await this.wait((f) => f.type === 'history' && f.id === id, 1, `history ${id}`);
    return answer as Frame & { items: Frame[]; more: boolean };
  }

  /** Frames after the welcome, in arrival order. */
  get afterWelcome(): Frame[] {
    return this.frames.slice(this.frames.findIndex((f) => f.type === 'welcome') + 1);
  }

  #until<T>(value: () => T | undefined, what: () => string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = value();
        if (found === undefined) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`timed out waiting for ${what()}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}

export const seqs = (frames: readonly object[]): unknown[] => frames.map((f) => (f as { seq?: unknown }).seq);
export const range = (from: number, to: number, step = 1): number[] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
