/**
 * One client connection of the checker: it records every message the server sends, with when it
 * arrived, answers pings like the widget does (unless told to stay silent), and lets a check wait
 * for the frame it expects with a deadline.
 */
import WebSocket from 'ws';
import type { HelloFrame } from '../src/core/protocol.js';

/** A JSON object with a string `type`: the shape of every protocol frame. */
export type Frame = Record<string, unknown> & { type: string };

/** One message as received. */
export interface Received {
  /** Milliseconds since the connection was opened. */
  at: number;
  binary: boolean;
  /** The message's size in bytes. */
  bytes: number;
  /** The parsed JSON value, or undefined when the message is not JSON. */
  value: unknown;
  /** The value when it is a frame (an object with a string type), else null. */
  frame: Frame | null;
}

/** How an attempt to open a connection ended. */
export type OpenOutcome =
  | { kind: 'open'; ms: number }
  | { kind: 'http'; status: number; ms: number }
  | { kind: 'closed'; code: number; reason: string; ms: number }
  | { kind: 'error'; message: string; ms: number }
  | { kind: 'timeout'; ms: number };

export interface ProbeOptions {
  /** How long the upgrade may take. */
  timeoutMs: number;
  /** Answer every ping with pong (default true), as the widget does. */
  answerPings?: boolean;
  /** Headers of the upgrade request, e.g. `Origin` or `Cookie` for a server that authenticates with them. */
  headers?: Record<string, string>;
}

export const isFrame = (value: unknown): value is Frame =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Frame).type === 'string';

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

export class Probe {
  readonly received: Received[] = [];
  /** Set once the connection is closed, by either side. */
  closed: { code: number; reason: string; at: number; byClient: boolean } | null = null;
  /** When hello was sent, in the connection's clock. */
  helloAt = -1;
  /** The hello sent on this connection. */
  hello: HelloFrame | null = null;

  readonly #socket: WebSocket;
  readonly #opened: number;
  readonly #wake = new Set<() => void>();
  #closing = false;
  #pongsOwed = 0;

  private constructor(socket: WebSocket, opened: number, answerPings: boolean) {
    this.#socket = socket;
    this.#opened = opened;
    socket.on('message', (data: Buffer, binary: boolean) => {
      const value = binary ? undefined : parse(data.toString('utf8'));
      const frame = isFrame(value) ? value : null;
      this.received.push({ at: this.now(), binary, bytes: data.length, value, frame });
      if (answerPings && frame?.type === 'ping') {
        // hello is the first frame of a connection: a ping before it is answered right after it.
        if (this.hello) this.send('{"type":"pong"}');
        else this.#pongsOwed++;
      }
      this.#notify();
    });
    socket.on('close', (code: number, reason: Buffer) => {
      this.closed = { code, reason: reason.toString('utf8'), at: this.now(), byClient: this.#closing };
      this.#notify();
    });
    socket.on('error', () => undefined);
  }

  /** Opens a connection; the probe is there only when the upgrade completed. */
  static connect(url: string, options: ProbeOptions): Promise<{ outcome: OpenOutcome; probe?: Probe }> {
    const started = Date.now();
    const ms = () => Date.now() - started;
    return new Promise((resolve) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(url, { handshakeTimeout: options.timeoutMs, followRedirects: false, headers: options.headers ?? {} });
      } catch (error) {
        resolve({ outcome: { kind: 'error', message: (error as Error).message, ms: 0 } });
        return;
      }
      let settled = false;
      const settle = (result: { outcome: OpenOutcome; probe?: Probe }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        settle({ outcome: { kind: 'timeout', ms: ms() } });
        socket.terminate();
      }, options.timeoutMs);
      socket.once('unexpected-response', (_request, response) => {
        settle({ outcome: { kind: 'http', status: response.statusCode ?? 0, ms: ms() } });
        response.resume();
        socket.terminate();
      });
      socket.once('error', (error) => settle({ outcome: { kind: 'error', message: error.message, ms: ms() } }));
      socket.once('close', (code, reason) => settle({ outcome: { kind: 'closed', code, reason: reason.toString('utf8'), ms: ms() } }));
      socket.once('open', () => {
        const probe = new Probe(socket, Date.now(), options.answerPings ?? true);
        settle({ outcome: { kind: 'open', ms: ms() }, probe });
      });
    });
  }

  /** Milliseconds since the connection opened. */
  now(): number {
    return Date.now() - this.#opened;
  }

  get open(): boolean {
    return this.closed === null && this.#socket.readyState === WebSocket.OPEN;
  }

  /** The frames received (messages that are JSON objects with a string type), in order. */
  frames(): Frame[] {
    return this.received.flatMap((message) => (message.frame ? [message.frame] : []));
  }

  /** Sends a frame, or raw text as it is. */
  send(frame: object | string): void {
    if (!this.open) return;
    this.#socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  sendHello(epoch: string | null, after: number | null): void {
    this.hello = { type: 'hello', v: 1, epoch, after };
    this.helloAt = this.now();
    this.send(this.hello);
    for (; this.#pongsOwed > 0; this.#pongsOwed--) this.send('{"type":"pong"}');
  }

  /**
   * Resolves with the index in `received` of the first message from `from` on that matches, or
   * -1 when none did within `timeoutMs` or the connection closed first.
   */
  waitFor(match: (message: Received) => boolean, timeoutMs: number, from = 0): Promise<number> {
    return new Promise((resolve) => {
      let next = from;
      const done = (index: number) => {
        clearTimeout(timer);
        this.#wake.delete(check);
        resolve(index);
      };
      const check = (): void => {
        for (; next < this.received.length; next++) {
          if (match(this.received[next])) {
            done(next);
            return;
          }
        }
        if (this.closed) done(-1);
      };
      const timer = setTimeout(() => done(-1), timeoutMs);
      this.#wake.add(check);
      check();
    });
  }

  /** Resolves when the server closes the connection, or after `timeoutMs` (false). */
  async waitClosed(timeoutMs: number): Promise<boolean> {
    await this.waitFor(() => false, timeoutMs);
    return this.closed !== null;
  }

  /** Closes the connection from this side and waits (briefly) for the close to complete. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.#closing = true;
    this.#socket.close(1000);
    if (!(await this.waitClosed(1000))) this.#socket.terminate();
  }

  #notify(): void {
    for (const wake of [...this.#wake]) wake();
  }
}
