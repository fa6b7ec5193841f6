/** The figures the bench reports, their aims, and what was recorded for each. */

export type Unit = 'ms' | 'MB' | 'rows';

export interface MetricSpec {
  label: string;
  unit: Unit;
  /** The figure aimed for: at most this (at least, for `lowerIsWorse`). */
  aim?: number;
  /** More is better (rows rendered): the worst run is the lowest. */
  lowerIsWorse?: boolean;
}

export const COUNT = 10_000;
const TASK_AIM = 50;

export const METRICS = {
  open: { label: 'Panel open (10,000 held): click → first item painted', unit: 'ms', aim: 50 },
  scrollFrame: { label: 'Scroll through 10,000: longest frame', unit: 'ms', aim: TASK_AIM },
  scrollTask: { label: 'Scroll through 10,000: longest long task', unit: 'ms', aim: TASK_AIM },
  scrollTotal: { label: 'Scroll through 10,000: total time', unit: 'ms' },
  scrollRows: { label: 'Scroll through 10,000: rows rendered at the end', unit: 'rows', aim: COUNT, lowerIsWorse: true },
  coldReady: { label: 'Cold start (10,000 stored): navigation → stored state loaded', unit: 'ms' },
  cold: { label: 'Cold start (10,000 stored): navigation → badge 99+', unit: 'ms', aim: 100 },
  burst: { label: 'Burst of 10,000: publish → all held', unit: 'ms' },
  publish: { label: 'Burst of 10,000: of which Hub.publishMany (server side)', unit: 'ms' },
  burstTask: { label: 'Burst of 10,000: longest long task', unit: 'ms', aim: TASK_AIM },
  heapEmpty: { label: 'JS heap after GC, empty widget (connected)', unit: 'MB' },
  heapHeld: { label: 'JS heap after GC, 10,000 held (after the burst)', unit: 'MB', aim: 15 },
} satisfies Record<string, MetricSpec>;

export type MetricKey = keyof typeof METRICS;

/** What the runs recorded: values per figure, notes to print under the table (with how many runs made each), and failures. */
export class Results {
  readonly values = new Map<MetricKey, number[]>();
  readonly notes = new Map<string, number>();
  /** Failed steps: `step: reason` → the runs it happened in. */
  readonly failures = new Map<string, number[]>();

  record(key: MetricKey, value: number): void {
    const list = this.values.get(key) ?? [];
    list.push(value);
    this.values.set(key, list);
  }

  note(text: string): void {
    this.notes.set(text, (this.notes.get(text) ?? 0) + 1);
  }

  fail(run: number, step: string, error: unknown): void {
    // Errors thrown in the page come back as `page.evaluate: Error: …`.
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/^page\.\w+: (Error: )?/, '');
    const key = `${step}: ${reason}`;
    this.failures.set(key, [...(this.failures.get(key) ?? []), run]);
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function worst(spec: MetricSpec, values: readonly number[]): number {
  return spec.lowerIsWorse ? Math.min(...values) : Math.max(...values);
}

export function meetsAim(spec: MetricSpec, value: number): boolean | null {
  if (spec.aim === undefined) return null;
  return spec.lowerIsWorse ? value >= spec.aim : value <= spec.aim;
}
