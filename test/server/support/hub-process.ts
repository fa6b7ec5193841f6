// One hub instance as its own process, for the scale-out test: a Hub on Redis history, attached
// to an HTTP server that also takes `POST /publish` ({ user, id, event, data } as JSON).
// Environment: PORT, REDIS_URL, PREFIX. Prints `ready` once it listens.
// Run with `node --import tsx test/server/support/hub-process.ts`.
import { createServer, type IncomingMessage } from 'node:http';
import { Hub, type PublishInput } from '../../../server/hub.js';
import { createRedisHistory } from '../../../server/redis-history.js';

const port = Number(process.env.PORT);
const quiet = () => undefined;
const history = await createRedisHistory({ url: process.env.REDIS_URL, prefix: process.env.PREFIX, onError: quiet });
const hub = new Hub({ heartbeatMs: 10_000, history, onError: quiet });

async function body(request: IncomingMessage): Promise<PublishInput & { user: string }> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return JSON.parse(text) as PublishInput & { user: string };
}

const http = createServer((request, response) => {
  if (request.method !== 'POST' || request.url !== '/publish') return void response.writeHead(404).end();
  body(request)
    .then(({ user, ...input }) => hub.publish(user, input))
    .then((n) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ seq: n.seq, id: n.id })))
    .catch((error: unknown) => response.writeHead(503).end(String(error)));
});
hub.attach(http);
http.listen(port, '127.0.0.1', () => console.log('ready'));
