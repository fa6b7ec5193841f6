// Typed access, from browser tests, to the Hub that web-test-runner.config.mjs runs in the
// test server. Every call is a round trip to Node through a WTR server command. The Hub is
// shared by all test files (they run one at a time): give each test its own user.
import { executeServerCommand } from '@web/test-runner-commands';
import type { HubNotification, PublishInput } from '../../../server/hub.js';

export type { HubNotification, PublishInput };

/** WebSocket URL of the Hub, without user: `ws://127.0.0.1:PORT/ws`. */
export async function hubUrl(): Promise<string> {
  const { url } = await executeServerCommand<{ url: string }, undefined>('hub-url');
  return url;
}

/** WebSocket URL for one user: `ws://127.0.0.1:PORT/ws?user=alice`. */
export async function userUrl(user: string): Promise<string> {
  const url = new URL(await hubUrl());
  url.searchParams.set('user', user);
  return url.toString();
}

/** Publishes a notification to `user` and returns the frame the Hub sent (and buffered). */
export function publish(user: string, input: PublishInput): Promise<HubNotification> {
  return executeServerCommand<HubNotification, { user: string; input: PublishInput }>('hub-publish', {
    user,
    input,
  });
}

/** Cuts every open socket without a close handshake. */
export async function drop(): Promise<void> {
  await executeServerCommand('hub-drop');
}

/**
 * Restarts the Hub on the same port, refusing connections for `downMs`. Without `keepBuffer`
 * it forgets everything and starts a new epoch. Resolves to the Hub's URL.
 */
export async function restart(keepBuffer: boolean, downMs = 0): Promise<string> {
  const { url } = await executeServerCommand<{ url: string }, { keepBuffer: boolean; downMs: number }>('hub-restart', {
    keepBuffer,
    downMs,
  });
  return url;
}

/** While on, sockets stay open but the Hub sends nothing (a half-open connection). */
export async function silence(on: boolean): Promise<void> {
  await executeServerCommand<unknown, { on: boolean }>('hub-silence', { on });
}

/** Sends a raw text frame to every socket of `user` (for malformed-frame tests). */
export async function sendRaw(user: string, text: string): Promise<void> {
  await executeServerCommand<unknown, { user: string; text: string }>('hub-send-raw', { user, text });
}

/** Closes every socket of `user` with a code, e.g. 4401; with `deny`, refuses new ones too. */
export async function closeUser(user: string, code: number, reason = '', deny = false): Promise<void> {
  await executeServerCommand<unknown, { user: string; code: number; reason: string; deny: boolean }>('hub-close-user', {
    user,
    code,
    reason,
    deny,
  });
}

/** Lets a user denied by `closeUser(…, deny = true)` connect again. */
export async function allow(user: string): Promise<void> {
  await executeServerCommand<unknown, { user: string }>('hub-allow', { user });
}

/** Number of open sockets, for one user or all. */
export async function openSockets(user?: string): Promise<number> {
  const { count } = await executeServerCommand<{ count: number }, { user?: string }>('hub-open-sockets', { user });
  return count;
}
