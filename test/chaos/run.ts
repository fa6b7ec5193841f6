/**
 * `npm run chaos`: one seeded chaos run of the nightly size (or as the options say), its summary
 * printed; exits 1 when anything was lost or duplicated, the cursor is off, or the page failed.
 *
 *   npm run chaos -- [--seed N] [--notifications N] [--faults N] [--restarts N] [--rate N] [--heartbeat MS] [--verbose]
 */
import { parseArgs } from 'node:util';
import { NIGHTLY, runChaos } from './driver.js';
import { formatReport, passed } from './report.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    notifications: { type: 'string' },
    faults: { type: 'string' },
    restarts: { type: 'string' },
    rate: { type: 'string' },
    heartbeat: { type: 'string' },
    verbose: { type: 'boolean' },
  },
});

/** The option as a non-negative integer, or `fallback` when absent. */
function count(name: Exclude<keyof typeof values, 'verbose'>, fallback?: number): number | undefined {
  const text = values[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, not ${text}`);
  return n;
}

const report = await runChaos({
  seed: count('seed'),
  notifications: count('notifications', NIGHTLY.notifications)!,
  faults: count('faults', NIGHTLY.faults)!,
  restarts: count('restarts', NIGHTLY.restarts)!,
  rate: count('rate', NIGHTLY.rate)!,
  heartbeatMs: count('heartbeat'),
  log: (line) => console.log(line),
  verbose: values.verbose,
});
console.log(formatReport(report));
process.exitCode = passed(report) ? 0 : 1;
