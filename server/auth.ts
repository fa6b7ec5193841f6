/**
 * Who a WebSocket connection belongs to, decided once per upgrade. A refused connection is
 * still upgraded and then closed with 4401 or 4403: a plain HTTP error before the upgrade
 * reaches a browser only as a failed connection, which the client retries forever, while
 * these close codes tell it to stop.
 */
import type { IncomingMessage } from 'node:http';

/** Close code for a connection without valid credentials. */
export const UNAUTHORIZED = 4401;
/** Close code for a connection from a forbidden Origin, or a user who may not connect. */
export const FORBIDDEN = 4403;
/** Close code when the authentication itself failed (threw): the client retries later. */
export const AUTH_UNAVAILABLE = 1011;

/** A refusal with its close code and reason. */
export interface Refusal {
  refuse: typeof UNAUTHORIZED | typeof FORBIDDEN;
  reason?: string;
}

/**
 * What an `authenticate` hook returns: the user's name; null, undefined, false or '' to refuse
 * with 4401; or a `Refusal` (e.g. `{ refuse: 4403, reason: 'account disabled' }`).
 */
export type AuthResult = string | null | undefined | false | Refusal;

/** Decides a request's user; may be async (a session lookup, a token check). */
export type Authenticate = (request: IncomingMessage) => AuthResult | Promise<AuthResult>;

/** The Origins allowed to connect, or a test of one. Requests without an Origin (not from a browser) pass. */
export type AllowedOrigins = readonly string[] | ((origin: string, request: IncomingMessage) => boolean);

/** The outcome for one request. */
export type Admission = { user: string } | { code: number; reason: string };

/** The `user` query parameter, or `default`: for demos and tests, never for production. */
export const userFromQuery = (request: IncomingMessage): string =>
  new URL(request.url ?? '/', 'http://localhost').searchParams.get('user') || 'default';

const originAllowed = (allowed: AllowedOrigins | undefined, request: IncomingMessage): boolean => {
  const origin = request.headers.origin;
  if (allowed === undefined || origin === undefined) return true;
  return typeof allowed === 'function' ? allowed(origin, request) : allowed.includes(origin);
};

/** Checks the Origin, then asks `authenticate`. */
export async function admit(request: IncomingMessage, authenticate: Authenticate, origins?: AllowedOrigins): Promise<Admission> {
  if (!originAllowed(origins, request)) return { code: FORBIDDEN, reason: 'origin not allowed' };
  let result: AuthResult;
  try {
    result = await authenticate(request);
  } catch {
    return { code: AUTH_UNAVAILABLE, reason: 'authentication unavailable' };
  }
  if (typeof result === 'string' && result !== '') return { user: result };
  if (result && typeof result === 'object') {
    const code = result.refuse === FORBIDDEN ? FORBIDDEN : UNAUTHORIZED;
    return { code, reason: result.reason ?? (code === FORBIDDEN ? 'forbidden' : 'unauthorized') };
  }
  return { code: UNAUTHORIZED, reason: 'unauthorized' };
}
