/**
 * `lonceng/server`: the reference Hub as a library for Node backends.
 *
 * ```ts
 * import { createServer } from 'node:http';
 * import { createHub } from 'lonceng/server';
 *
 * const hub = createHub({ authenticate: (request) => sessionUser(request) ?? null });
 * const http = createServer(app);
 * hub.attach(http);
 * http.listen(3000);
 * await hub.publish('admin', 'order.created', { orderCode: 'ORD-1', customerName: 'Budi', totalAmount: 150000 });
 * ```
 *
 * With Redis (`@redis/client` installed), any number of Hub processes share the users' streams:
 * `createHub({ history: await createRedisHistory({ url: 'redis://127.0.0.1:6379' }) })`.
 */
import { Hub, type HubOptions } from './hub.js';

export * from './hub.js';
export { FORBIDDEN, UNAUTHORIZED, userFromQuery } from './auth.js';
export type { AllowedOrigins, Authenticate, AuthResult, Refusal } from './auth.js';
export { createRedisHistory, RedisHistoryStore, type RedisHistoryOptions } from './redis-history.js';

/** A Hub with these options: attach it to an HTTP server (`attach`) or let it listen on its own (`listen`). */
export const createHub = (options?: HubOptions): Hub => new Hub(options);
