#!/usr/bin/env node
// npm run build: ESM library build, IIFE build, .d.ts, size report, custom elements manifest,
// and the Node build (lonceng/server and the conformance CLI in dist/node).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
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

/** The conformance CLI, one of tsconfig.node.json's entries: its build keeps the `#!` line and gets the execute bit. */
const NODE_CLI = 'conformance/cli.ts';

/** Compiles tsconfig.node.json's entries that exist into dist/node (a missing one is skipped, and said so). */
async function buildNode() {
  const { default: ts } = await import('typescript');
  const config = ts.getParsedCommandLineOfConfigFile(
    'tsconfig.node.json',
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error('tsconfig.node.json cannot be read');
  const present = config.fileNames.filter((file) => existsSync(file));
  for (const file of config.fileNames.filter((f) => !present.includes(f))) {
    console.log(`  skipped ${file.slice(root.length)}: it does not exist (yet)`);
  }
  rmSync(config.options.outDir, { recursive: true, force: true });
  const program = ts.createProgram({ rootNames: present, options: config.options });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
    console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
    throw new Error('the Node build has type errors');
  }
  const cli = `${config.options.outDir}/${NODE_CLI.replace(/\.ts$/, '.js')}`;
  if (existsSync(cli)) {
    if (!readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node')) throw new Error(`${cli} lost its #! line`);
    chmodSync(cli, 0o755);
  }
}

try {
  await step('vite: ESM library (dist/lonceng.js, dist/core.js)', () => build({ configFile: 'vite.config.ts', mode: 'production' }));
  await step('vite: IIFE (dist/lonceng.iife.js)', () => build({ configFile: 'vite.iife.config.ts', mode: 'production' }));
  await step('tsc: declarations (dist/types)', () => run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.build.json']));
  await step('size report', async () => {
    if (!(await report('dist'))) throw new Error('size budget exceeded');
  });
  // After the size report: it measures every .js in dist/, and the budget is the browser builds'.
  await step('tsc: Node library and CLI (dist/node: lonceng/server, lonceng-conformance)', buildNode);
  await step('custom elements manifest (dist/custom-elements.json)', () => {
    const cem = bin('@custom-elements-manifest/analyzer', 'cem.js');
    if (!existsSync(cem)) throw new Error('@custom-elements-manifest/analyzer is not installed (npm ci)');
    run(process.execPath, [cem, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
  });
} catch (err) {
  console.error(`\n✖ build failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
