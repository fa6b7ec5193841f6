/** Full-jitter exponential backoff: spreads reconnects of many clients after a server restart. */

export interface BackoffOptions {
  /** Upper bound of the first retry's delay, in ms. */
  baseMs: number;
  /** Upper bound of any delay, in ms. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/**
 * Delay before retry number `attempt` (1 = first retry): uniformly random in
 * [0, min(cap, base × 2^(attempt−1))]. Attempt 0 (the first connection) waits nothing.
 */
export function fullJitterDelay(
  attempt: number,
  { baseMs, capMs }: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (attempt <= 0) return 0;
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.floor(random() * ceiling);
}
