import { asList, readMessage, toNotificationFrame, toServerFrame, type FrameDecoder } from './protocol.js';

/** What a host's `parse` function returns for one message of its own format. */
export interface ParsedNotification {
  event: string;
  data?: Record<string, unknown>;
  /** Give a stable id when the backend has one; without it, repeats cannot be recognised. */
  id?: string;
  at?: string;
  title?: string;
  body?: string;
  read?: boolean;
}

/** Maps one message of a backend's own format (parsed JSON, or the raw text) to notifications. */
export type ParseFunction = (message: unknown) => ParsedNotification | ParsedNotification[] | null | undefined;

let counter = 0;
const localId = (): string => `local-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * A decoder for backends that do not speak protocol v1: protocol frames still pass (so a
 * server can grow into v1), everything else goes through the host's `parse`.
 */
export function decoderFromParse(parse: ParseFunction): FrameDecoder {
  return (data) => {
    // A message that is not JSON reaches the host's parse as its text.
    const message = readMessage(data);
    if (message === undefined) return [];
    const frame = toServerFrame(message);
    if (frame) return [frame];
    // Whatever the host's function does or returns (throws, getters that throw, proxies), the message is just dropped.
    try {
      return [parse(message) ?? []]
        .flat()
        .flatMap((item) =>
          typeof item === 'object' && item !== null
            ? asList(toNotificationFrame({ at: new Date().toISOString(), ...item, id: item.id ?? localId() }))
            : [],
        );
    } catch {
      return [];
    }
  };
}
