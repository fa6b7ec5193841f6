/**
 * A TCP proxy on 127.0.0.1 that sits between a client (the browser) and the hub and breaks the
 * connection on command, the ways real networks do: cut (both sides closed at once), black hole
 * (sockets stay open, nothing gets through: a half-open connection only a heartbeat can detect),
 * one-way stall (bytes of one direction held, then released or the connection cut) and latency
 * spikes (every byte late by N ms for a while). It knows nothing of WebSocket: it moves bytes.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export type FaultKind = 'cut' | 'black-hole' | 'stall' | 'latency';
export type Direction = 'server-to-client' | 'client-to-server';
export type StallOutcome = 'release' | 'cut';

export const FAULT_KINDS: readonly FaultKind[] = ['cut', 'black-hole', 'stall', 'latency'];

type FlowMode = 'pass' | 'hold' | 'drop';

/**
 * One direction of a link. Bytes go out in the order they came in, each no earlier than the
 * current latency allows; while held they wait, while dropped they vanish. When the source has
 * ended, the destination is ended after the last byte before it went out.
 */
class Flow {
  mode: FlowMode = 'pass';
  readonly #to: Socket;
  readonly #delay: () => number;
  readonly #queue: { due: number; chunk: Buffer }[] = [];
  readonly #held: Buffer[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ended = false;

  constructor(to: Socket, delay: () => number) {
    this.#to = to;
    this.#delay = delay;
  }

  push(chunk: Buffer): void {
    if (this.mode === 'drop') return;
    if (this.mode === 'hold') this.#held.push(chunk);
    else this.#enqueue(chunk);
  }

  /** Lets held bytes go, in order, and passes everything from now on. */
  release(): void {
    this.mode = 'pass';
    for (const chunk of this.#held.splice(0)) this.#enqueue(chunk);
    this.#pump();
  }

  /** The source sent its last byte. */
  end(): void {
    this.#ended = true;
    this.#pump();
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#queue.length = 0;
    this.#held.length = 0;
  }

  #enqueue(chunk: Buffer): void {
    const due = Date.now() + this.#delay();
    // Never ahead of the chunk before it: a spike that ends does not reorder bytes.
    this.#queue.push({ due: Math.max(due, this.#queue.at(-1)?.due ?? 0), chunk });
    this.#pump();
  }

  #pump(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const now = Date.now();
    while (this.#queue.length > 0 && this.#queue[0].due <= now) {
      const { chunk } = this.#queue.shift()!;
      if (!this.#to.destroyed) this.#to.write(chunk);
    }
    if (this.#queue.length > 0) {
      this.#timer = setTimeout(() => this.#pump(), this.#queue[0].due - now);
    } else if (this.#ended && this.mode === 'pass' && !this.#to.destroyed) {
      this.#to.end();
    }
  }
}

/** One proxied connection: the client's socket, the socket to the hub, and the two flows between them. */
class Link {
  readonly acceptedAt = Date.now();
  /** The fault holding this link, if any; a link without one carries traffic normally. */
  fault: 'black-hole' | 'stall' | null = null;
  connected = false;
  closed = false;
  readonly client: Socket;
  readonly upstream: Socket;
  readonly toServer: Flow;
  readonly toClient: Flow;
  readonly #onClientGone = new Set<() => void>();
  readonly #onClosed: () => void;

  constructor(client: Socket, upstream: Socket, delay: () => number, onClosed: () => void) {
    this.client = client;
    this.upstream = upstream;
    this.#onClosed = onClosed;
    this.toServer = new Flow(upstream, delay);
    this.toClient = new Flow(client, delay);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    upstream.on('connect', () => (this.connected = true));
    client.on('data', (chunk: Buffer) => this.toServer.push(chunk));
    upstream.on('data', (chunk: Buffer) => this.toClient.push(chunk));
    client.on('end', () => {
      this.#clientGone();
      this.toServer.end();
    });
    client.on('close', () => {
      this.#clientGone();
      this.destroy();
    });
    // In a black hole the client must not learn that the hub let go: it has to find out by itself.
    const serverGone = () => {
      if (this.fault !== 'black-hole') this.toClient.end();
    };
    upstream.on('end', serverGone);
    upstream.on('close', serverGone);
    // Every error is followed by `close`, which does the rest.
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  }

  flow(direction: Direction): Flow {
    return direction === 'server-to-client' ? this.toClient : this.toServer;
  }

  /** Calls `listener` once the client closes or ends its socket. */
  whenClientGone(listener: () => void): void {
    this.#onClientGone.add(listener);
  }

  /** Drops both sides at once, as a broken network does (RST, no goodbye). */
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.toServer.dispose();
    this.toClient.dispose();
    for (const socket of [this.client, this.upstream]) if (!socket.destroyed) socket.resetAndDestroy();
    this.#onClosed();
  }

  /** The client let go of its socket (not the proxy dropping it). */
  #clientGone(): void {
    if (this.closed) return;
    for (const listener of this.#onClientGone) listener();
    this.#onClientGone.clear();
  }
}

/** What the proxy did, for the summary. */
export interface ProxyCounts {
  /** Faults injected, by kind. */
  faults: Record<FaultKind, number>;
  stalls: Record<Direction, number>;
  /** Client connections accepted. */
  accepted: number;
  /** Client connections refused because the hub was down. */
  refused: number;
}

/** The proxy; see the module's comment. `target` names the hub's port now, or null while it is down. */
export class FaultProxy {
  readonly counts: ProxyCounts = {
    faults: { cut: 0, 'black-hole': 0, stall: 0, latency: 0 },
    stalls: { 'server-to-client': 0, 'client-to-server': 0 },
    accepted: 0,
    refused: 0,
  };

  readonly #target: () => number | null;
  readonly #links = new Set<Link>();
  readonly #spikes = new Set<{ ms: number }>();
  readonly #onAccept = new Set<() => void>();
  readonly #server: Server;

  constructor(target: () => number | null) {
    this.#target = target;
    this.#server = createServer({ allowHalfOpen: true }, (client) => this.#accept(client));
  }

  /** Starts listening on 127.0.0.1; port 0 picks a free one. */
  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => resolve());
    });
    return this.port;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** Open links connected to the hub and held by no fault. */
  get healthyLinks(): number {
    return this.#healthy().length;
  }

  /** Extra delay every byte gets now, in ms. */
  get latencyMs(): number {
    let ms = 0;
    for (const spike of this.#spikes) ms = Math.max(ms, spike.ms);
    return ms;
  }

  /** Cuts every open link; returns how many. */
  cut(): number {
    this.counts.faults.cut++;
    const links = [...this.#links];
    for (const link of links) link.destroy();
    return links.length;
  }

  /**
   * Black-holes every healthy link: its sockets stay open and every byte, both ways, is dropped.
   * The fault ends when the client gives the socket up (closes it, or opens a new connection)
   * or after `maxMs`; then the black-holed links are dropped. Resolves the ms the client took
   * to notice, or null when it did not within `maxMs`.
   */
  blackHole(maxMs: number): Promise<number | null> {
    this.counts.faults['black-hole']++;
    const start = Date.now();
    const links = this.#healthy();
    for (const link of links) {
      link.fault = 'black-hole';
      link.toServer.mode = 'drop';
      link.toClient.mode = 'drop';
    }
    return new Promise((resolve) => {
      let settled = false;
      const end = (noticed: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#onAccept.delete(onAccept);
        for (const link of links) link.destroy();
        resolve(noticed ? Date.now() - start : null);
      };
      const onAccept = () => end(true);
      const timer = setTimeout(() => end(false), maxMs);
      this.#onAccept.add(onAccept);
      for (const link of links) link.whenClientGone(() => end(true));
      if (links.length === 0) end(false);
    });
  }

  /** Holds the bytes of one direction on every healthy link for `holdMs`, then releases them or cuts the links. */
  async stall(direction: Direction, holdMs: number, outcome: StallOutcome): Promise<void> {
    this.counts.faults.stall++;
    this.counts.stalls[direction]++;
    const links = this.#healthy();
    for (const link of links) {
      link.fault = 'stall';
      link.flow(direction).mode = 'hold';
    }
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    for (const link of links) {
      if (outcome === 'cut') {
        link.destroy();
      } else {
        link.fault = null;
        link.flow(direction).release();
      }
    }
  }

  /** Delays every byte, both ways and on new links too, by `ms` for `forMs`. */
  async latency(ms: number, forMs: number): Promise<void> {
    this.counts.faults.latency++;
    // Overlapping spikes: the largest wins while it lasts.
    const spike = { ms };
    this.#spikes.add(spike);
    await new Promise((resolve) => setTimeout(resolve, forMs));
    this.#spikes.delete(spike);
  }

  async close(): Promise<void> {
    for (const link of [...this.#links]) link.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Links a fault may take: open, connected to the hub, and held by no other fault. */
  #healthy(): Link[] {
    return [...this.#links].filter((link) => link.connected && link.fault === null && !link.closed);
  }

  #accept(client: Socket): void {
    const port = this.#target();
    if (port === null) {
      // The hub is down: its port would refuse the connection.
      this.counts.refused++;
      client.on('error', () => undefined);
      client.resetAndDestroy();
    } else {
      this.counts.accepted++;
      const upstream = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
      const link: Link = new Link(
        client,
        upstream,
        () => this.latencyMs,
        () => this.#links.delete(link),
      );
      this.#links.add(link);
    }
    for (const listener of [...this.#onAccept]) listener();
  }
}
