#!/usr/bin/env node
// npm run build: ESM library build, IIFE build, .d.ts, size report, custom elements manifest.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { report } from './size-report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

async function step(name, fn) {
  const t0 = performance.now();
  console.log(`\n▶ ${name}`);
  await fn();
  console.log(`✔ ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

const bin = (pkg, file) => fileURLToPath(new URL(`../node_modules/${pkg}/${file}`, import.meta.url));

try {
  await step('vite: ESM library (dist/lonceng.js, dist/core.js)', () => build({ configFile: 'vite.config.ts', mode: 'production' }));
  await step('vite: IIFE (dist/lonceng.iife.js)', () => build({ configFile: 'vite.iife.config.ts', mode: 'production' }));
  await step('tsc: declarations (dist/types)', () => run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.build.json']));
  await step('size report', async () => {
    if (!(await report('dist'))) throw new Error('size budget exceeded');
  });
  await step('custom elements manifest (dist/custom-elements.json)', () => {
    const cem = bin('@custom-elements-manifest/analyzer', 'cem.js');
    if (!existsSync(cem)) throw new Error('@custom-elements-manifest/analyzer is not installed (npm ci)');
    run(process.execPath, [cem, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
  });
} catch (err) {
  console.error(`\n✖ build failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
