/**
 * npm run bench: how the script-tag widget copes with 10,000 notifications, in the system
 * Chromium (headless) against a Hub on 127.0.0.1. Prints figures; exits non-zero only when a
 * measurement could not be taken.
 *
 * BENCH_RUNS (default 5): runs per measurement, each on a fresh browser context.
 * BENCH_SCROLL_STEP (default 1200): pixels scrolled per animation frame.
 * BENCH_SCROLL_MS (default 15000): how long one scroll through the list may take.
 * BENCH_WIDGET (default dist/lonceng.iife.js): the script-tag build to serve.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';
import { measureAll, type Bench, type BenchConfig } from './measure.js';
import { METRICS, Results, type MetricKey } from './metrics.js';
import { table } from './report.js';
import { startBenchServer } from './server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_WIDGET = join(root, 'dist/lonceng.iife.js');

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${raw}`);
  return value;
}

function readConfig(): BenchConfig & { widget: string } {
  return {
    runs: positiveInt('BENCH_RUNS', 5),
    scrollStep: positiveInt('BENCH_SCROLL_STEP', 1200),
    scrollMs: positiveInt('BENCH_SCROLL_MS', 15_000),
    widget: process.env.BENCH_WIDGET ? resolve(process.env.BENCH_WIDGET) : DEFAULT_WIDGET,
  };
}

/** Builds when the default widget build is missing. */
function ensureBuild(widget: string): void {
  if (existsSync(widget)) return;
  if (widget !== DEFAULT_WIDGET) throw new Error(`BENCH_WIDGET ${widget} does not exist`);
  console.log('dist/lonceng.iife.js is missing: npm run build');
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0 || !existsSync(widget)) throw new Error('npm run build failed');
}

function newestUnder(dir: string): { file: string; mtime: number } {
  let newest = { file: dir, mtime: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const found = entry.isDirectory() ? newestUnder(path) : { file: path, mtime: statSync(path).mtimeMs };
    if (found.mtime > newest.mtime) newest = found;
  }
  return newest;
}

/** A warning when src/ changed after the widget was built: the figures would be an older widget's. */
function staleness(widget: string): string | null {
  const source = newestUnder(join(root, 'src'));
  if (source.mtime <= statSync(widget).mtimeMs) return null;
  return `warning: ${relative(root, source.file)} is newer than ${relative(root, widget)}; run npm run build to measure the current source`;
}

/** Everything started, closed in reverse order (also on error or Ctrl-C). */
class Cleanup {
  readonly #steps: (() => Promise<void>)[] = [];

  add(step: () => Promise<void>): void {
    this.#steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.#steps.splice(0).reverse()) await step().catch((error: unknown) => console.error('cleanup:', error));
  }
}

function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
}

function printReport(bench: Bench, results: Results, seconds: number): void {
  console.log(`\n${table(results)}\n`);
  for (const [note, runs] of results.notes) console.log(`${note} (${runs} of ${bench.config.runs} runs).`);
  console.log(
    'Times are page time (performance.now()); long tasks from PerformanceObserver "longtask" (0 = none); heap = CDP Runtime.getHeapUsage usedSize after HeapProfiler.collectGarbage, 1 MB = 10^6 bytes.',
  );
  console.log(`Scroll: ${bench.config.scrollStep} px per animation frame, cut short after ${bench.config.scrollMs / 1000} s.`);
  if (bench.pageErrors.length > 0)
    console.log(`Page errors (${bench.pageErrors.length}): ${[...new Set(bench.pageErrors)].slice(0, 5).join(' | ')}`);
  for (const [failure, runs] of results.failures) console.log(`NOT MEASURED in run ${runs.join(', ')}: ${failure}`);
  console.log(`Bench took ${seconds.toFixed(0)} s.`);
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const config = readConfig();
  ensureBuild(config.widget);
  const stale = staleness(config.widget);
  const cleanup = new Cleanup();
  let stopping = false;
  const interrupted = () => {
    stopping = true;
    console.log('\ninterrupted: closing the browser and the server');
    void cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const server = await startBenchServer(config.widget);
    cleanup.add(() => server.close());
    const browser = await launch();
    cleanup.add(() => browser.close());
    console.log(
      `lonceng bench: ${relative(root, config.widget)} in Chromium ${browser.version()} (headless), ${config.runs} runs per measurement`,
    );
    if (stale) console.log(stale);
    const results = new Results();
    const bench: Bench = { browser, server, config, results, pageErrors: [] };
    await measureAll(bench, (line) => stopping || console.log(`  ${line}`));
    if (stopping) return 130;
    printReport(bench, results, (performance.now() - t0) / 1000);
    const missing = (Object.keys(METRICS) as MetricKey[]).filter((key) => !results.values.get(key)?.length);
    return results.failures.size > 0 || missing.length > 0 ? 1 : 0;
  } finally {
    await cleanup.run();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
