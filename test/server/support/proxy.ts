// A round-robin TCP proxy on 127.0.0.1, as a load balancer in front of several hub instances:
// each new connection goes to the next backend, skipping backends that refuse; when either end
// of a pair closes, so does the other.
import { connect, createServer, type Socket } from 'node:net';

export interface Proxy {
  readonly port: number;
  /** The backend (index into the ports given) of the newest open connection, or null when none is open. */
  servingBackend(): number | null;
  /** Connections handed to each backend so far. */
  readonly handed: number[];
  close(): Promise<void>;
}

export async function startProxy(backends: readonly number[]): Promise<Proxy> {
  let next = 0;
  const handed = backends.map(() => 0);
  const pairs = new Map<Socket, number>();
  const order: Socket[] = [];

  const server = createServer((client) => {
    client.pause();
    client.on('error', () => client.destroy());
    const attempt = (tries: number) => {
      if (tries === backends.length || client.destroyed) return void client.destroy();
      const index = next;
      next = (next + 1) % backends.length;
      const upstream = connect(backends[index], '127.0.0.1');
      // Before the connection is up, an error means this backend refused: try the next one.
      upstream.once('error', () => {
        upstream.destroy();
        attempt(tries + 1);
      });
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        upstream.on('error', () => upstream.destroy());
        if (client.destroyed) return void upstream.destroy();
        handed[index]++;
        pairs.set(client, index);
        order.push(client);
        const unpair = () => {
          pairs.delete(client);
          client.destroy();
          upstream.destroy();
        };
        client.on('close', unpair);
        upstream.on('close', unpair);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');

  return {
    port: address.port,
    handed,
    servingBackend() {
      for (let i = order.length - 1; i >= 0; i--) {
        const index = pairs.get(order[i]);
        if (index !== undefined) return index;
      }
      return null;
    },
    async close() {
      for (const client of pairs.keys()) client.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
