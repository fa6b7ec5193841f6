#!/usr/bin/env node
// npm test: type-check, lint, format check, build, unit tests, browser tests, end-to-end tests and
// the Go reference code of the protocol document, in that order.
// Stops at the first failing step. The last line is the total over all test runners:
// `N passed, N failed` (`, N skipped` when some were skipped).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const resultsDir = join(root, 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const wtr = join(root, 'node_modules/@web/test-runner/dist/bin.js');

/** Test files under `dir` whose names end in `.test.ts`. */
function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts') && !f.split(/[\\/]/).includes('node_modules'));
}

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
    child.on('error', (err) => {
      console.error(err);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);

/** Counts from vitest's JSON reporter; a file that failed outside any test counts as one failure. */
function vitestCounts(file) {
  const r = readJson(file);
  if (!r) return undefined;
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  return {
    passed: r.numPassedTests ?? 0,
    failed: (r.numFailedTests ?? 0) + brokenFiles,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
  };
}

const vitestStep = (project, dir) => ({
  name: `vitest (${project})`,
  files: () => testFiles(dir),
  cmd: process.execPath,
  args: [
    vitest,
    'run',
    '--project',
    project,
    '--passWithNoTests',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(resultsDir, `${project}.json`)}`,
  ],
  counts: () => vitestCounts(join(resultsDir, `${project}.json`)),
});

const steps = [
  // Type-checks test/types/ as well: lines marked @ts-expect-error must stay errors.
  { name: 'typecheck', cmd: npm, args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', cmd: npm, args: ['run', '--silent', 'lint'] },
  { name: 'format check', cmd: npm, args: ['run', '--silent', 'format:check'] },
  { name: 'build', cmd: npm, args: ['run', '--silent', 'build'] },
  // The demo's SPA page imports the npm build; the end-to-end tests open it.
  { name: 'build demo', cmd: npm, args: ['run', '--silent', 'build:demo'] },
  vitestStep('unit', 'test/unit'),
  // The Node server library (lonceng/server): Redis history, scale-out, the built package.
  vitestStep('server', 'test/server'),
  {
    name: 'web-test-runner (browser)',
    files: () => testFiles('test/browser'),
    cmd: process.execPath,
    args: ['--import', 'tsx', wtr],
    env: { WTR_SUMMARY_FILE: join(resultsDir, 'browser.json') },
    counts: () => readJson(join(resultsDir, 'browser.json')),
  },
  vitestStep('e2e', 'test/e2e'),
  {
    name: 'Go reference hub (examples/go-hub)',
    // gofmt, build, vet and `go test` of docs/PROTOCOL.md §11's hub. Needs Debian's golang-go and
    // golang-nhooyr-websocket-dev (.ci/run installs them).
    skip: () => (goAvailable() ? null : 'no Go toolchain with nhooyr.io/websocket (apt-get install golang-go golang-nhooyr-websocket-dev)'),
    cmd: 'sh',
    args: ['scripts/check-protocol-go.sh'],
  },
];

function goAvailable() {
  const probe = spawnSync('go', ['version'], { stdio: 'ignore' });
  return probe.status === 0 && existsSync('/usr/share/gocode/src/nhooyr.io/websocket');
}

const total = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
let exitCode = 0;

for (const step of steps) {
  const skipped = step.skip?.();
  if (skipped) {
    // CI must run every step: a missing toolchain there is a failure, not a skip.
    if (process.env.CI) {
      console.error(`\n✖ ${step.name}: ${skipped}`);
      total.failed++;
      exitCode = 1;
      break;
    }
    console.log(`\n■ ${step.name}: skipped, ${skipped}`);
    timings.push([step.name, 'skipped']);
    continue;
  }
  if (step.files && step.files().length === 0) {
    console.log(`\n■ ${step.name}: no test files, skipped`);
    timings.push([step.name, 'skipped (no test files)']);
    continue;
  }
  console.log(`\n▶ ${step.name}`);
  const t0 = performance.now();
  const code = await run(step.cmd, step.args, step.env);
  const ms = performance.now() - t0;
  timings.push([step.name, `${seconds(ms)}${code === 0 ? '' : ` (exit ${code})`}`]);

  if (step.counts) {
    const c = step.counts();
    if (c) {
      total.passed += c.passed;
      total.failed += c.failed;
      total.skipped += c.skipped;
    }
    // A runner that failed without reporting a failed test (crash, bad config) still counts.
    if (code !== 0 && (!c || c.failed === 0)) total.failed++;
  } else if (code !== 0) {
    total.failed++;
  }
  console.log(`${code === 0 ? '✔' : '✖'} ${step.name} (${seconds(ms)})`);
  if (code !== 0) {
    exitCode = code;
    console.error(`\n✖ ${step.name} failed; later steps were not run.`);
    break;
  }
}

console.log('\nTimings:');
for (const [name, t] of timings) console.log(`  ${name.padEnd(28)} ${t}`);
const summary = `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`;
writeFileSync(join(resultsDir, 'summary.txt'), `${summary}\n`);
console.log(summary);
process.exit(exitCode);
