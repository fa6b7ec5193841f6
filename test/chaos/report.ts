/**
 * The figures of a chaos run: outages per reconnect worked out from the widget's connection
 * states and the faults struck, percentiles, and the one summary block a run prints.
 */
import type { Cursor } from '../../src/core/types.js';
import type { Direction, FaultKind } from './fault-proxy.js';

/** A connection state the widget entered, at wall-clock time `at`. */
export interface StatusSample {
  state: string;
  at: number;
}

/** A fault or restart as it was struck. */
export interface StruckFault {
  kind: FaultKind | 'restart';
  at: number;
  /** When it stopped acting (null: still acting, or never recorded). */
  end: number | null;
  /** Whether it takes the connection down for sure (a cut, black hole, restart, or stall ending in a cut). */
  kills: boolean;
}

/** How long after a fault stopped acting a reconnect is still put down to it, in ms. */
const CAUSE_SLACK_MS = 500;

export interface Outages {
  /** Per reconnect: from the moment the connection stopped working to the widget being welcomed again, ms. */
  ms: number[];
  /** Reconnects no fault explains (e.g. a heartbeat judged a slow link dead); timed from the widget noticing. */
  unexplained: number;
}

/**
 * Outage per reconnect. A reconnect runs from the widget leaving `open` to its next `open` (the
 * welcome); it started when the earliest fault struck since the previous welcome that was still
 * acting when the widget noticed (a black hole is noticed seconds after it struck), else when
 * the widget noticed.
 */
export function outagesOf(statuses: readonly StatusSample[], faults: readonly StruckFault[]): Outages {
  const out: Outages = { ms: [], unexplained: 0 };
  let welcomedAt: number | null = null;
  let noticedAt: number | null = null;
  for (const { state, at } of statuses) {
    if (state !== 'open') {
      if (welcomedAt !== null) noticedAt ??= at;
      continue;
    }
    if (welcomedAt !== null && noticedAt !== null) {
      const since = welcomedAt;
      const noticed = noticedAt;
      const causes = faults.filter(
        (f) => f.kind !== 'latency' && f.at > since && f.at <= noticed && (f.kills || (f.end ?? Infinity) >= noticed - CAUSE_SLACK_MS),
      );
      if (causes.length === 0) out.unexplained++;
      out.ms.push(at - Math.min(noticed, ...causes.map((f) => f.at)));
    }
    welcomedAt = at;
    noticedAt = null;
  }
  return out;
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface ChaosReport {
  seed: number;
  /** The sizes asked for. */
  size: { notifications: number; faults: number; restarts: number; rate: number };
  sent: number;
  faults: Record<FaultKind, number>;
  stalls: Record<Direction, number>;
  restarts: number;
  /** Published ids missing from the widget's notifier or its IndexedDB at the end. */
  lost: string[];
  /** Ids announced (`lonceng-notification`) more than once. */
  duplicated: string[];
  /** Ids the widget holds but never announced. */
  unannounced: string[];
  cursor: { expected: Cursor; widget: Cursor | null; stored: Cursor | null };
  pageErrors: string[];
  outages: Outages;
  /** Per black hole: ms until the widget gave the socket up; null when it did not in time. */
  halfOpen: (number | null)[];
  /** Connections the proxy accepted, and refused while the hub was down. */
  connections: { accepted: number; refused: number };
  /** Whether the widget held everything before the deadline. */
  converged: boolean;
  durationMs: number;
}

const sameCursor = (a: Cursor | null, b: Cursor): boolean => a?.epoch === b.epoch && a.seq === b.seq;

/** Whether the run found nothing wrong. */
export const passed = (r: ChaosReport): boolean =>
  r.converged &&
  r.lost.length === 0 &&
  r.duplicated.length === 0 &&
  r.unannounced.length === 0 &&
  r.pageErrors.length === 0 &&
  sameCursor(r.cursor.widget, r.cursor.expected) &&
  sameCursor(r.cursor.stored, r.cursor.expected);

const seconds = (ms: number): string => (Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`);
const spread = (values: readonly number[], ps: readonly number[]): string =>
  ps.map((p) => `${p === 100 ? 'max' : `p${p}`} ${seconds(percentile(values, p))}`).join(' · ');
const listed = (ids: readonly string[]): string =>
  ids.length === 0 ? '0' : `${ids.length} (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`;
const cursorText = (c: Cursor | null): string => (c ? `seq ${c.seq}` : 'none');

/** The summary block a run prints. */
export function formatReport(r: ChaosReport): string {
  const f = r.faults;
  const detected = r.halfOpen.filter((ms): ms is number => ms !== null);
  const cursorOk = sameCursor(r.cursor.widget, r.cursor.expected) && sameCursor(r.cursor.stored, r.cursor.expected);
  const rows: [string, string][] = [
    ['seed', String(r.seed)],
    ['sent', `${r.sent} notifications at ${r.size.rate}/s`],
    [
      'faults',
      `${f.cut + f['black-hole'] + f.stall + f.latency}: cut ${f.cut} · black-hole ${f['black-hole']} · ` +
        `stall ${f.stall} (server→client ${r.stalls['server-to-client']}, client→server ${r.stalls['client-to-server']}) · latency ${f.latency}`,
    ],
    ['restarts', String(r.restarts)],
    ['lost', listed(r.lost)],
    ['duplicated', listed(r.duplicated)],
    ['unannounced', listed(r.unannounced)],
    [
      'cursor',
      `${cursorOk ? 'exact' : 'WRONG'}: expected ${cursorText(r.cursor.expected)}, widget ${cursorText(r.cursor.widget)}, stored ${cursorText(r.cursor.stored)}`,
    ],
    [
      'outage',
      `${r.outages.ms.length} reconnects: ${spread(r.outages.ms, [50, 95, 100])}` +
        (r.outages.unexplained ? ` (${r.outages.unexplained} with no cut, black hole, stall or restart behind them)` : ''),
    ],
    ['half-open', `detected ${detected.length} of ${r.halfOpen.length}: ${spread(detected, [50, 100])}`],
    ['connections', `${r.connections.accepted} accepted, ${r.connections.refused} refused while the hub was down`],
    ['page errors', listed(r.pageErrors)],
    ['converged', r.converged ? 'yes' : 'NO: the widget did not hold everything before the deadline'],
    ['duration', seconds(r.durationMs)],
    [
      'replay',
      `npm run chaos -- --seed ${r.seed} --notifications ${r.size.notifications} --faults ${r.size.faults} --restarts ${r.size.restarts} --rate ${r.size.rate}`,
    ],
  ];
  const title = `lonceng chaos: ${passed(r) ? 'PASS' : 'FAIL'}`;
  return [
    `── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`,
    ...rows.map(([k, v]) => `${k.padEnd(12)} ${v}`),
    '─'.repeat(64),
  ].join('\n');
}
