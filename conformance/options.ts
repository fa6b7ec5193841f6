/** The command line of `lonceng-conformance`. */
import { parseArgs } from 'node:util';
import { DEFAULTS } from './run.js';
import type { ConformanceOptions } from './session.js';

export const USAGE = `Usage: lonceng-conformance <ws-url> --publish-url <http-url> [options]

Checks a live lonceng server against wire protocol v1 (docs/PROTOCOL.md) and the inbox
extension features its welcome advertises. <ws-url> must authenticate as the --user; to make
the server publish, the checker POSTs {"user","event","data"} as JSON to --publish-url and
expects a 2xx answer.

Options:
  --publish-url <http-url>   the server's publish hook (required)
  --user <name>              the user <ws-url> authenticates as (default ${DEFAULTS.user})
  --refused-url <ws-url>     a URL the server must refuse with close 4401 or 4403
  --json                     print a machine-readable report instead of one line per check
  --timeout <ms>             how long to wait for each expected frame (default ${DEFAULTS.timeoutMs})
  --heartbeat-wait <ms>      how long at most to watch the heartbeat (default ${DEFAULTS.heartbeatWaitMs})
  --origin <origin>          send this Origin header when connecting to <ws-url>
  --header "<name>: <value>" send this header when connecting to <ws-url>, e.g. a session
                             cookie (repeatable)
  -h, --help                 show this help

Exit status: 0 when every check passes (warnings allowed), 1 when one fails, 2 on a usage error.`;

export type Parsed = { help: true } | { help: false; json: boolean; options: ConformanceOptions } | { error: string };

const isWebSocketUrl = (value: string): boolean => /^wss?:\/\//i.test(value) && URL.canParse(value);
const isHttpUrl = (value: string): boolean => /^https?:\/\//i.test(value) && URL.canParse(value);

function milliseconds(value: string | undefined, name: string): number | string | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  return Number.isSafeInteger(ms) && ms > 0 ? ms : `--${name} must be a positive number of milliseconds, got "${value}"`;
}

/** Reads the arguments after the program name. */
export function parseOptions(argv: readonly string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'publish-url': { type: 'string' },
        user: { type: 'string' },
        'refused-url': { type: 'string' },
        json: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        'heartbeat-wait': { type: 'string' },
        origin: { type: 'string' },
        header: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const [url, ...extra] = positionals;
  if (!url) return { error: 'the WebSocket URL to check is missing' };
  if (extra.length > 0) return { error: `unexpected arguments: ${extra.join(' ')}` };
  if (!isWebSocketUrl(url)) return { error: `"${url}" is not a ws:// or wss:// URL` };
  const publishUrl = values['publish-url'];
  if (!publishUrl) return { error: '--publish-url is required: the checker needs it to make the server publish' };
  if (!isHttpUrl(publishUrl)) return { error: `--publish-url "${publishUrl}" is not an http:// or https:// URL` };
  const refusedUrl = values['refused-url'];
  if (refusedUrl !== undefined && !isWebSocketUrl(refusedUrl))
    return { error: `--refused-url "${refusedUrl}" is not a ws:// or wss:// URL` };
  if (values.user === '') return { error: '--user must not be empty' };
  const timeoutMs = milliseconds(values.timeout, 'timeout');
  const heartbeatWaitMs = milliseconds(values['heartbeat-wait'], 'heartbeat-wait');
  for (const value of [timeoutMs, heartbeatWaitMs]) if (typeof value === 'string') return { error: value };
  const headers: Record<string, string> = {};
  for (const header of values.header ?? []) {
    const colon = header.indexOf(':');
    if (colon <= 0) return { error: `--header "${header}" is not "<name>: <value>"` };
    headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  if (values.origin !== undefined) headers.Origin = values.origin;
  const options: ConformanceOptions = { url, publishUrl };
  if (Object.keys(headers).length > 0) options.headers = headers;
  if (values.user !== undefined) options.user = values.user;
  if (refusedUrl !== undefined) options.refusedUrl = refusedUrl;
  if (typeof timeoutMs === 'number') options.timeoutMs = timeoutMs;
  if (typeof heartbeatWaitMs === 'number') options.heartbeatWaitMs = heartbeatWaitMs;
  return { help: false, json: values.json, options };
}
