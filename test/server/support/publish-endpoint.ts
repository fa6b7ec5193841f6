/**
 * The publish hook the conformance checker needs, around the reference Hub: an HTTP endpoint on
 * 127.0.0.1 that takes `POST {"user":U,"event":S,"data":{...},"title"?:S,"body"?:S}` as JSON,
 * publishes it to user U and answers 204.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hub, PublishInput } from '../../../server/hub.js';

export interface PublishEndpoint {
  /** The URL to POST to. */
  url: string;
  close(): Promise<void>;
}

/** Reads a request body as JSON; undefined when it is not JSON. */
async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

/** The publish input in a request body, or null when the body is not one. */
export function publishInput(body: unknown): { user: string; input: PublishInput } | null {
  if (!isObject(body) || typeof body.user !== 'string' || typeof body.event !== 'string' || body.event === '') return null;
  if (body.data !== undefined && !isObject(body.data)) return null;
  if (!optionalString(body.title) || !optionalString(body.body)) return null;
  const input: PublishInput = { event: body.event, data: body.data ?? {} };
  if (typeof body.title === 'string') input.title = body.title;
  if (typeof body.body === 'string') input.body = body.body;
  return { user: body.user, input };
}

/** Starts the endpoint on a free 127.0.0.1 port. */
export async function startPublishEndpoint(hub: Hub, path = '/publish'): Promise<PublishEndpoint> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || new URL(request.url ?? '/', 'http://localhost').pathname !== path) {
        response.writeHead(404).end();
        return;
      }
      const publish = publishInput(await readJson(request));
      if (!publish) {
        response.writeHead(400, { 'content-type': 'text/plain' }).end('expected {"user":S,"event":S,"data":{...}}');
        return;
      }
      // `publish` may return a promise (a persistent store) or the notification itself.
      await hub.publish(publish.user, publish.input);
      response.writeHead(204).end();
    })().catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
