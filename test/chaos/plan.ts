/**
 * The seeded plan of a chaos run: which faults and hub restarts happen, with which parameters,
 * and after how many published notifications each one strikes. The same seed and sizes give
 * the same plan.
 */
import type { Direction, StallOutcome } from './fault-proxy.js';
import type { Random } from './random.js';

export type ChaosEvent =
  | { kind: 'cut' }
  | { kind: 'black-hole' }
  | { kind: 'stall'; direction: Direction; holdMs: number; outcome: StallOutcome }
  | { kind: 'latency'; ms: number; forMs: number }
  | { kind: 'restart'; downMs: number };

export interface PlannedEvent {
  /** Struck once this many notifications have been published (and no more before it). */
  after: number;
  event: ChaosEvent;
}

export interface PlanSize {
  notifications: number;
  faults: number;
  restarts: number;
}

/** Ranges the parameters are drawn from, in ms. */
export const PLAN_RANGES = {
  stallHold: [300, 3000],
  latency: [100, 1500],
  latencyFor: [1000, 4000],
  downtime: [200, 2000],
} as const;

type FaultTemplate = 'cut' | 'black-hole' | 'stall-down' | 'stall-up' | 'latency';
/** The fault mix: every kind equally often, the two stall directions sharing the stall's share. */
const MIX: readonly FaultTemplate[] = ['cut', 'black-hole', 'stall-down', 'latency', 'cut', 'black-hole', 'stall-up', 'latency'];

function draw(template: FaultTemplate, random: Random): ChaosEvent {
  const within = ([min, max]: readonly [number, number]) => random.int(min, max);
  switch (template) {
    case 'cut':
    case 'black-hole':
      return { kind: template };
    case 'stall-down':
    case 'stall-up':
      return {
        kind: 'stall',
        direction: template === 'stall-down' ? 'server-to-client' : 'client-to-server',
        holdMs: within(PLAN_RANGES.stallHold),
        outcome: random.chance(0.5) ? 'release' : 'cut',
      };
    case 'latency':
      return { kind: 'latency', ms: within(PLAN_RANGES.latency), forMs: within(PLAN_RANGES.latencyFor) };
  }
}

/** Faults and restarts in the order they strike, spread over the run (not in its first or last 3 %). */
export function planChaos(random: Random, { notifications, faults, restarts }: PlanSize): PlannedEvent[] {
  const templates = Array.from({ length: faults }, (_, i) => MIX[i % MIX.length]);
  const events: ChaosEvent[] = [
    ...templates.map((template) => draw(template, random)),
    ...Array.from({ length: restarts }, () => ({ kind: 'restart' as const, downMs: random.int(...PLAN_RANGES.downtime) })),
  ];
  const lo = Math.floor(notifications * 0.03);
  const hi = Math.max(lo, Math.ceil(notifications * 0.97));
  const positions = events.map(() => random.int(lo, hi)).sort((a, b) => a - b);
  return random.shuffle(events).map((event, i) => ({ after: positions[i], event }));
}
